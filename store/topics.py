"""The registry of things county staff ask "which towns have / lack X" about, and one report's status
on each: has, lacks, plans, mentioned or not_mentioned.

A topic is named many ways (执法记录仪, 执法摄录设备, 单兵执法终端, "每次执法全程录像"), so each
topic carries its Chinese wordings and paraphrase patterns, plus the words a question may use, in
Chinese and English. The status is read from labelled statements (``store.statements``), clause by
clause, so polarity comes from what the sentence is: a plan means the town does not have it yet, an
explicit zero or 推迟到明年 means it lacks it, and a requirement or a note to a program is not
evidence at all. Defined once; the fact sheet, the planner and every command use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.statements import Statement

STATUSES = ("has", "lacks", "plans", "mentioned", "not_mentioned")


@dataclass(frozen=True)
class Topic:
    """One thing a which-towns question asks about. ``evidence`` finds it in report text (any
    wording, including paraphrase); ``asked`` finds it in a question, Chinese or English;
    ``excluded`` drops a mention that is about something else sharing its words (a village's
    adviser is not the town government's)."""

    key: str  # part of the CLI contract
    label: str  # Chinese name, as answers write it
    en: str
    evidence: re.Pattern[str]
    asked: re.Pattern[str]
    excluded: re.Pattern[str] | None = None  # matched against the text just before a mention
    # Something a town holds in some amount (equipment, staff, money, coverage): a shortfall of it
    # (人手不足, 力量薄弱, understaffed) is a lack. An activity (publicity, legality review) is not held:
    # 形式单一 or 不够深入 is about how it is done, a question for the scan, not the registry.
    held: bool = True
    # The topic is full coverage (every village has an adviser): a share short of all (覆盖率约六成,
    # 部分村) is a lack, however it is worded.
    complete: bool = False
    # What the topic is a kind of (执法装备 for body cameras): a town's plan for that (补齐执法装备短板)
    # is its plan for the topic when it states none naming the topic itself. Never a status.
    kind_of: re.Pattern[str] | None = None
    # How a town says it does without the thing, naming what it uses instead (取证靠手机拍照, 案卷纸质
    # 登记): a lack, though no word of absence is written.
    makeshift: re.Pattern[str] | None = None

    def says_absent(self, text: str) -> bool:
        """Whether a sentence says the town has none of it (尚未配备, 为零, 案卷仍以纸质登记), not
        some short of enough (暂未配齐, 配备不足): only then does a table write 未配备."""
        if self.complete and partial_coverage(text):
            return False  # 4个村尚未签约: some villages, not none
        clauses = [c for match in self.mentions(text) if len(c := _clauses_of(text, match)) >= 6]
        if clauses and not any(states_absence(c) for c in clauses) and not (self.makeshift and self.makeshift.search(text)):
            return False  # 司法所人员短缺，…，原因是编制出缺后一直未能补充: the absence is of another thing
        if states_absence(text):  # 已全部录入…平台，但数据尚未打通 / …未能取得证书，仍是1名: in use, not absent
            return not (_ACHIEVED.search(text) or self.held and states_holding(text))
        return bool(self.makeshift and self.makeshift.search(text)) and not states_holding(text) and not _ENDED.search(text)

    def mentions(self, text: str) -> list[re.Match[str]]:
        """Every place ``text`` names the topic (a sentence may name it twice, in different clauses)."""
        found = [*self.evidence.finditer(text), *(self.makeshift.finditer(text) if self.makeshift else ())]
        return sorted((match for match in found
                       if self.excluded is None or not self.excluded.search(text[max(0, match.start() - 12) : match.start()])),
                      key=lambda match: match.start())

    def mentioned_in(self, text: str) -> bool:
        return bool(self.mentions(text))


def _topic(key: str, label: str, en: str, evidence: str, asked: str, excluded: str | None = None, held: bool = True,
           complete: bool = False, kind_of: str | None = None, makeshift: str | None = None) -> Topic:
    return Topic(key, label, en, re.compile(evidence), re.compile(asked, re.IGNORECASE),
                 re.compile(excluded) if excluded else None, held, complete, re.compile(kind_of) if kind_of else None,
                 re.compile(makeshift) if makeshift else None)


TOPICS: tuple[Topic, ...] = (
    _topic("body_cameras", "执法记录仪", "body cameras",
           r"执法记录仪|记录仪|执法记录设备|执法摄录|摄录设备|(?:音视频|视音频|音像|影音|录音录像)[^。；，]{0,4}(?:记录|采集|取证)?(?:设备|装备|终端)"
           r"|视音频记录|单兵(?:执法)?终端|执法终端|执法记录终端"
           r"|执法仪|(?:全程|同步)[^。；，]{0,4}(?:录音)?录像|随身摄像|佩戴式摄像|执法摄像|执法全过程记录[^。；，]{0,8}(?:装备|设备)"
           r"|(?<!监控)(?<!视频)(?:录像|摄像)(?:设备|装备|终端)|取证[^。；]{0,12}(?:手机|拍照)"
           r"|(?:穿戴|佩戴|随身|便携)[式的]?[^。；，]{0,4}(?:取证|摄录|录像|记录)(?:设备|终端)",
           r"执法记录仪|记录仪|执法记录设备|执法全过程记录|摄录|录像设备|执法终端|执法仪|执法录像|现场[^，。？?]{0,4}录像|录像的?装备|取证设备"
           r"|body[- ]?(?:worn[- ])?cam(?:era)?s?|bodycams?"
           r"|(?:video|recording|camera|filming)[- ](?:equipment|devices?|recorders?|gear|kit)|law[- ]enforcement recorders?"
           r"|\b(?:to film|film(?:ing)? with)\b",
           kind_of=r"执法装备|执法设备|装备短板|执法条件",
           makeshift=r"取证[^。；，]{0,6}(?:依靠|靠|以|用)[^。；，]{0,8}(?:手机|拍照|笔录|纸笔|照片)"
                     r"|(?:依靠|靠|以|采取|采用)[^。；，]{0,8}(?:拍照|笔录|纸笔|文字|照片)[^。；，]{0,6}(?:取证|为主|方式)"),
    _topic("legal_adviser", "法律顾问", "legal adviser",
           r"法律顾问|常年法律服务|(?:聘请|聘用|聘任|签约)[^。，；]{0,10}(?:律师|律所|律师事务所)|律师事务所[^。；]{0,16}(?:签约|法律服务)"
           r"|(?:长期|固定|常年)[^。，；]{0,4}请律师"  # 没有长期固定请律师为政府把关: a standing adviser by description
           r"|(?:长期|固定|常年)[^。，；]{0,4}(?:为|给|替)[^。，；]{0,6}(?:政府|镇|乡|街道|办事处)[^。，；]{0,4}(?:服务|把关)的?律师"  # 常年为政府服务的律师
           r"|(?:政府|镇|乡|街道)?法务团队|律师[^。，；]{0,6}组成的[^。，；]{0,6}(?:法务|顾问|法律服务)团队"  # 3名执业律师组成的政府法务团队
           r"|法律服务合同",
           r"(?<!村)(?<!社区)(?<!村居)法律顾问|律师事务所|常年律师|(?<!public )(?<!government )legal advis[eo]rs?|retained (?:lawyer|counsel)|(?:lawyers?|counsel) on retainer|standing (?:lawyer|counsel)|(?<!public[- ]sector )counsel",
           excluded=r"(?:村|社区|村居|嘎查)[^，。；：]*$|一村一$"),
    _topic("village_adviser_coverage", "村（社区）法律顾问", "village legal advisers",
           r"(?:村|社区|村居|嘎查)[^。；]{0,12}(?:法律顾问|法律参谋|律师)|一村(?:（社区）|\(社区\))?一(?:法律)?顾问|驻村律师",
           r"村[^，。？?]{0,6}法律顾问|一村一|villages?[^?]{0,20}(?:advis[eo]rs?|lawyers?)|(?:advis[eo]rs?|lawyers?)[^?]{0,40}villages?"
           r"|社区法律顾问|村居法律顾问|every village|communit(?:y|ies)[^?]{0,30}advis|advis\w*[^?]{0,30}communit",
           complete=True),
    _topic("public_lawyers", "公职律师", "public-sector lawyers",
           r"公职律师|内部律师|机关律师|政府律师|(?:在编|编制内|自己|本单位)的?(?:专职)?律师"
           r"|(?:取得|持有)(?:律师|法律职业)[^。；，]{0,6}(?:证|资格)[^。；]{0,24}(?:干部|工作人员)",  # 取得律师执业证、专职为本单位…的干部
           r"公职律师|内部律师|public[- ](?:sector )?lawyers?|government lawyers?|in[- ]house lawyers?"),
    _topic("justice_office_staff", "司法所人员配备", "justice office staffing",
           r"司法所[^。；、]{0,16}(?:人员|工作人员|干部|编制|在编|专职|力量|仅有|只有|配备|所长|人手|空编|缺编|定编)|一人所",
           r"司法所[^，。？?]{0,8}(?:人员|人手|编制|力量|配备|工作人员|缺人|缺编|一个人|专职)|司法所\s*(?:staff\w*|personnel|headcount)"
           r"|(?:justice|judicial)[- ](?:office|station)s?[^?]{0,20}staff|(?:under)?staff(?:ing|ed)?[^?]{0,30}(?:justice|judicial)[- ](?:office|station)"),
    _topic("enforcement_staffing", "执法力量", "enforcement staffing",
           r"执法力量|执法(?:队伍|人员|队员|力量)[^。；，]{0,6}(?:不足|偏少|紧张|短缺|紧缺|薄弱|不够|缺乏|较少|只有|仅有|仅)"
           r"|(?:执法队|执法中队|执法大队)[^。；，]{0,8}(?:仅有|只有|仅|人手|人员)[^。；，]{0,6}(?:不足|偏少|紧张|短缺|紧缺|\d+\s*(?:人|名))"
           r"|执法人手|(?:一线|专职)执法人员[^。；，]{0,6}(?:不足|偏少|紧张|短缺|紧缺)",
           r"执法力量|执法人手|执法人员[^，。？?]{0,6}(?:不足|短缺|偏少|紧张|缺)|执法队伍[^，。？?]{0,6}(?:不足|薄弱|人手)"
           r"|enforcement (?:staff\w*|personnel|manpower|capacity|teams? (?:is |are )?(?:short|small|thin|understaffed))"
           r"|(?:shortage|lack|shortfall)s? of (?:law[- ])?enforcement (?:staff|officers|personnel)|understaffed enforcement"),
    _topic("funding", "法治建设经费", "rule-of-law funding",
           r"(?:法治|普法|依法治理|法律顾问)[^。；，]{0,12}(?:经费|资金|预算)|(?:经费|资金|预算)[^。；，]{0,6}(?:法治|普法)|法治[^。；，]{0,8}专项经费|经费保障",
           r"经费|资金|预算|没钱|\b(?:funding|funds?|budget(?:s|ed)?|money|spent|spend|spending)\b"),
    _topic("enforcement_platform", "执法信息化平台", "enforcement information platform",
           r"执法[^。；]{0,6}(?:信息)?(?:平台|(?<![不够较更很])系统(?!性|地|化)|APP|app)|(?:信息化|数字化|智慧)[^。；]{0,6}(?:平台|系统)|网上执法|掌上执法|一网统管"
           r"|执法信息化|执法数字化|办案(?:系统|平台|软件)|执法[^。；，]{0,6}软件|(?:数据)?共享平台|数字城管"
           r"|执法[^。；，]{0,4}数据[^。；，]{0,4}(?:对接|共享|互通|推送)|(?:与|和)[^。；，]{0,8}平台[^。；，]{0,6}(?:对接|互通|共享)"
           r"|(?:案件|案卷|办案)[^。；]{0,24}(?:在|通过)[^。；，]{0,8}(?:平台|系统)[^。；，]{0,4}(?:网上)?(?:流转|办理|运行|登记)|网上(?:流转|办案)"
           r"|(?:案卷|案件|办案|登记)[^。；，]{0,8}(?:纸质|手工)|(?:纸质|手工)[^。；，]{0,8}(?:案卷|办案|办理|登记)",
           r"平台|系统|信息化|数字化|网上运行|网上办案|\b(?:apps?|platforms?|information systems?|digital|online)\b",
           makeshift=r"(?:案卷|案件|办案|登记|台账|统计)[^。；，]{0,10}(?:以|靠|依靠|仍是|仍为|采用)[^。；，]{0,6}(?:纸质|手工|人工)"
                     r"|(?:纸质|手工)(?:方式)?(?:办理|登记|办案|流转)|(?:打印|纸质|手工)[^。；，]{0,10}(?:签字|签批|流转|报送)"),
    _topic("mediation_body", "人民调解组织", "mediation committees",
           r"人民调解委员会|调解委员会|调委会|调解室|调解工作室|调解中心|矛调中心|调处中心|化解中心|调解组织|调解站|调解小组|调解员队伍",
           r"调解委员会|调委会|调解组织|调解中心|调处中心|矛调中心|调解机构|调解坊|调解驿站|调解站|调解品牌|调解(?:工作)?平台"
           r"|mediation (?:committees?|rooms?|cent(?:re|er)s?|bod(?:y|ies)|organi[sz]ations?|workshops?|stations?|brands?)"),
    _topic("legality_review", "合法性审查", "legality review",
           r"合法性审[查核]|法制审[查核]|合规性审查|法律审核|审[查核][^。；，]{0,6}合同|合同[^。；，]{0,6}审[查核]",
           r"合法性审[查核]|法制审[查核]|合审|legality[- ]reviews?|legal[- ]reviews?", held=False),
    _topic("publicity", "法治宣传", "legal publicity",
           r"普法|法治宣传|法制宣传|以案释法|送法(?:下乡|进)|法律宣讲",
           r"普法|法治宣传|法制宣传|法律宣传|publicity|legal education|law education|law[- ]populari[sz]ation|legal awareness",
           held=False),
    _topic("leaders_law_study", "领导干部学法", "leaders' law study",
           r"(?<![小中大普])学法|学习法律|法律法规[^。；，]{0,4}学习|法治(?:专题)?讲座",
           r"领导(?:班子|干部)?[^，。？?]{0,4}学法|学法|学习法律|\b(?:stud(?:y|ied|ying) (?:the )?laws?|law[- ]study|study sessions?)\b",
           held=False),
    _topic("case_file_review", "执法案卷评查", "enforcement case-file review",
           r"案卷评查|评查[^。；，]{0,6}(?:案卷|卷宗)|卷宗评查|案卷[^。；，]{0,4}(?:检查|抽查)|(?:抽查|检查)[^。；，]{0,4}(?:执法)?(?:卷宗|案卷)",
           r"案卷评查|评查|卷宗|\bcase[- ]files?\b|\b(?:file|dossier) reviews?\b", held=False),
    _topic("democracy_villages", "民主法治示范村", "democracy and rule-of-law model villages",
           r"民主法治示范村|法治示范村|示范村（社区）",
           r"示范村|示范社区|民主法治村|(?:model|demonstration)[^?]{0,30}villages?"),
    _topic("law_culture_sites", "法治文化阵地", "rule-of-law culture sites",
           r"法治(?:文化)?(?:广场|公园|长廊|阵地|书屋|墙|走廊|驿站)",
           r"法治文化|法治广场|法治公园|法治长廊|culture (?:sites?|parks?|squares?)|law[- ]themed|rule[- ]of[- ]law (?:parks?|squares?|corridors?)"),
)
BY_KEY = {topic.key: topic for topic in TOPICS}

# Absence of the thing itself, now: strong enough to say "lacks" even beside a plan.
_ABSENT = re.compile(
    r"尚未|仍未|还未|还没|没有(?!出现|发生)|暂无|尚无|并无|均无|缺乏|缺少|欠缺|空白|无从|(?<![并从])未(?!来|成年|出现|发生|必|曾|经)"
    r"|空缺|缺位|暂缺(?![\d一二两三四五六七八九十])|推迟|延期|延后|搁置|落空|没着落|没有着落|(?<![\d.])0\s*(?:台|部|个|套|名|人|家|件)|为零|零(?:台|配备)"
    r"|无一[台部个套名人家件处间]|至今无|[台部个套名人家件处](?:都|也)(?:没|无)"
)
# Not all of it (暂未配齐, 未能全覆盖, 不能满足需要): some, short of enough. Never an absence.
# Short of all of it, not without it: 暂未配齐, 没有达到10台的目标, 未能及时补充到位, 数据尚未打通 (in use, one part missing).
_NOT_ALL = re.compile(r"(?:尚未|仍未|还未|还没有?|暂未|没有|未能|未|不能|难以)(?:全部|完全|全面|及时)?"
                      r"(?:配齐|配全|全覆盖|覆盖到位|满足|补齐|补充到位|到位|打通|共享|对接|互通|联通"
                      r"|达到[^，。；]{0,12}(?:目标|要求|标准))")


# Posts, then the people holding them (核定编制5名，实有3名; 定编4人、在岗3人).
_POSTS_THEN_HELD = re.compile(r"(?:编制|定编|定员|核定|核编|应有|应配)[^，。；\d]{0,4}(?P<posts>\d+)\s*[名人个][^。；]{0,12}?"
                              r"(?:(?:实有|现有|在岗|到岗|实际)[^，。；\d]{0,4}(?P<held>\d+)\s*[名人]|(?P<held_then>\d+)\s*[名人](?:在岗|到岗))")


def _posts_and_held(text: str) -> list[tuple[int, int]]:
    """Each (posts, people in post) a sentence gives (核定编制5名，实有3名)."""
    return [(int(m["posts"]), int(m["held"] or m["held_then"])) for m in _POSTS_THEN_HELD.finditer(text)]


def _below_posts(text: str) -> bool:
    """Whether a sentence gives fewer people in post than the posts it names (编制2个，只有所长1人在岗)."""
    return any(held < posts for posts, held in _posts_and_held(text))


def _posts_filled(text: str) -> bool:
    """Whether a sentence gives as many people in post as posts (编制5名、在岗5名): the firmest
    sign of having the staff, above a sentence that only names them doing something."""
    return any(held >= posts for posts, held in _posts_and_held(text))


def states_absence(text: str) -> bool:
    """Whether a sentence says the thing is absent (尚未配备, 为零, 无一台), not merely short of
    enough (配备不足, 暂未配齐): a table writes 未配备 only for an absence. (未经审查不上会 is a
    rule, not one.)"""
    return bool(_ABSENT.search(_NOT_ALL.sub("", text))) and not _DENIED.search(text)


# A count of the thing held now (现有…5台, 共配备…12部): some of it, stated as a number.
# 仍是1名, 依然保持2台: what is still held after a step that failed, a number above zero.
_HELD_COUNT = re.compile(r"(?:现有|共有|现配|配有|拥有|共配备|已配备)[^，。；]{0,12}?[0-9０-９一二三四五六七八九十两]+\s*(?:台|部|套|个|名|人)"
                         r"|(?:仍然?|依然|依旧)(?:是|为|有|保持)\s*[1-9一二三四五六七八九十两]\d*\s*(?:台|部|套|个|名|人)")


def states_holding(text: str) -> bool:
    """Whether a sentence counts the thing held now (现有…5台) or says it is in use (已接入…平台), so it
    shows having it, whatever else the sentence goes on to regret."""
    return bool(_HELD_COUNT.search(text) or _ACHIEVED.search(text))


# Short of the thing: some, not enough.
_SHORT = re.compile(r"不足|短缺|偏少|较少|紧缺|缺口|不够|不到位|不全|不匹配|跟不上|捉襟见肘|有限|仅有?|只有|一人所|身兼数职")
# Plainly short of the amount of a thing held, in any part of the report (配备不足, 暂未配齐, 人手偏少):
# outweighs a count of what there is, which the same sentence often gives (仅有3台，配备不足). How
# well it works (考核监督不够到位) is no shortfall of it.
_HOW_MUCH = r"(?:明显|仍然?|仍显|还|严重|相对)?"  # 配备明显不足, 人手仍显偏少
_AMOUNT_SHORT = (rf"(?:配备|配置|数量|人员|人手|力量|编制|人数){_HOW_MUCH}(?:不足|不够|偏少|较少|紧缺|短缺|紧张|薄弱|单薄)"
                 r"|偏少|紧缺|短缺|缺口|空编|缺编|缺员|捉襟见肘|不敷使用|不够用")
_SHORTFALL = re.compile(_AMOUNT_SHORT + "|" + _NOT_ALL.pattern)
# The same said of the holding itself, anywhere in the sentence (单兵执法仪仅有3台，与…相比配备不足).
# 现有音视频记录仪5台，执法人员分组外出时经常不够用: what is held does not go round.
_SHORT_OF_HOLDING = re.compile(rf"(?:配备|配置|数量){_HOW_MUCH}(?:不足|不够|偏少|紧缺|短缺)|不敷使用|不够(?:用|分配|轮换)|{_NOT_ALL.pattern}"
                               r"|(?:合用|共用)(?:一|1)(?:台|部|套|个)"  # 两个小组合用一台: fewer than the people (轮流使用 alone is only how they are used)
                               r"|(?:不能|未能|没能|做不到|达不到|还没有?)人手一(?:台|部|套|个)"  # 仍然不能人手一台
                               r"|(?:只|仅)(?:完成|实现|做到|办成|打通|接通|联通|互通|对接|共享|通)了?(?:一)?部分"  # 这项工作只完成了一部分: in use, in part
                               r"|(?:尚未|仍未|还未|还没有?|暂未|暂时还?不能|不能|未能|无法)[^，。；]{0,10}(?:互通|共享|打通|联通|贯通)")  # 平台数据暂时还不能与县直部门互通
# An achievement in the mention's own clause: the thing is in use (已接入…平台, 已建成, 已聘请).
_ACHIEVED = re.compile(r"已(?:经)?(?:全部|全面)?(?:接入|录入|纳入|建成|上线|开通|投入使用|配备|配齐|聘请|设立|成立"
                       r"|在[^，。；]{0,12}(?:流转|办理|运行))")  # 已全部在县执法监督平台流转: in use
# A denied or ended lack is not a lack (并非没有…, 结束了…没有公职律师的历史, 填补了…空白).
_DENIED = re.compile(r"(?:并非|不是|并不是|不再|绝非)\S{0,2}(?:没有|未|无|缺)"
                     r"|(?:结束|告别|改变|扭转)了?[^，。；]{0,16}(?:没有|无|空白)|填补了?[^，。；]{0,12}空白")
# The thing named as the target of what a sentence says (对…, 针对…): the words around it are about
# something done to it, never whether the town has it.
_AS_TARGET = re.compile(r"(?:对|针对|对于)$")
# A makeshift that has ended (纸质办案成为历史, 告别了手工台账): the thing is in use now.
_ENDED = re.compile(r"成为(?:了)?(?:历史|过去)|告别|不再|取代|替代|退出|(?:已经?|全部|全面)?(?:取消|废止|停用)")
_DONE = re.compile(r"已|现有|现配|配有|配备了|共有|购置了|添置|建成|建立了|实现了|完成了|聘请了|达到|投入使用|全部|均|\d")
_CONCRETE_PLAN = re.compile(
    r"计划|力争|争取|将|拟|明年|来年|20\d\d年|下一步|实现|推动|完成|采购|购置|配备|配齐|聘请|建立|建成|开通|接入|纳入|单列|设立"
)
_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+")


@dataclass(frozen=True)
class TopicStatus:
    """One report's status on one topic, with the statement that decides it (None: not mentioned)."""

    topic: str
    status: str
    statement: Statement | None = None
    plan: Statement | None = None  # the town's own plan about the topic, beside whatever it has now


def _clauses_of(text: str, match: re.Match[str]) -> str:
    """The clauses a mention spans: from the start of the clause it begins in to the end of the
    clause it ends in (a mention may run across a comma: 司法所工作任务繁重，人员…)."""
    first = last = None
    for clause in _CLAUSE.finditer(text):
        if first is None and clause.end() > match.start():
            first = clause.start()
        if clause.start() < match.end():
            last = clause.end()
    return text[first or 0 : last or len(text)]


# A share short of all: 覆盖率约六成, 覆盖率85%, 部分村, 大部分社区, 4个村尚未签约, 9个村中已有6个村
# (not 100%, 全部, 均). How well the covered villages are served (部分村法律顾问服务流于形式) is no gap.
_PARTIAL = re.compile(r"覆盖率(?:约|达到?|为|仅)?(?:[一二三四五六七八九]成|[1-9]?\d(?:\.\d+)?\s*[%％])"
                      r"|(?:部分|大部分|多数|大多数|少数|个别|剩余|其余|偏远|空缺(?:的)?)[^，。；]{0,3}(?:村|社区|嘎查)")  # not 新增部分（资金）
# Counted villages: some of them without (4个村尚未签约), or fewer than all (11个行政村中已有8个村).
_VILLAGES = r"(?:行政)?(?:村|社区)(?:[（(](?:社区|居)[）)])?"  # 村（社区）, 村(居): one count of both
_SOME_WITHOUT = re.compile(rf"[0-9一二三四五六七八九十两]+个{_VILLAGES}[^，。；]{{0,8}}(?:尚未|仍未|还没|没有|未)")
_PART_OF = re.compile(rf"(\d+)个{_VILLAGES}[^，。；\d]{{0,3}}[中，,][^，。；\d]{{0,4}}(\d+)个")
_ALL_OF = re.compile(rf"(\d+)个{_VILLAGES}[^，。；\d]{{0,6}}?(?:全部|均已?|都已?|全都|实现[^，。；]{{0,12}}全覆盖|一村[^，。；]{{0,6}}一)")
_NONE_OF = re.compile(r"均未|都未|全部未|都没有?|均没有|没有一个|一个(?:村|社区)?(?:都|也)(?:没|未)|无一")
_HOW_WELL = re.compile(r"流于形式|作用发挥|发挥不|质量|知晓率|不高|不强|形式单一|不够(?:深入|规范|便捷)")


def partial_coverage(clause: str, sentence: str = "") -> bool:
    """Whether a clause says only some of the villages are covered (a coverage topic's lack, and
    some, not none); counted villages are read from the whole ``sentence`` (…11个行政村中已有8个村
    签订服务协议，另外3个村仍在洽谈), unless it says none of them is (7个行政村均未聘请)."""
    counted = sentence or clause
    if (counts := coverage_counts(counted)) is not None and counts[0] == counts[1]:
        return False  # 虽然11个村都有了法律顾问，但部分律师…: every village has one, however well served
    part_of = _PART_OF.search(counted)
    counts = bool(_SOME_WITHOUT.search(counted)) or bool(part_of and int(part_of.group(2)) < int(part_of.group(1)))
    short = bool(_PARTIAL.search(clause)) or counts and not _NONE_OF.search(counted)
    return short and not _HOW_WELL.search(clause)


def coverage_counts(text: str) -> tuple[int, int] | None:
    """(all, covered) where a sentence counts both (11个行政村中已有8个, 共15个村（社区），已有14个), or
    counts all and says every one is covered (14个村全部聘请, 所辖6个村均已明确), so code can say
    how many are still without and add coverage up over towns."""
    match = _PART_OF.search(text)
    if match and int(match.group(2)) <= int(match.group(1)):
        return int(match.group(1)), int(match.group(2))
    every = _ALL_OF.search(text)
    return (int(every.group(1)),) * 2 if every and not _NONE_OF.search(text) else None


def _clause_at(text: str, at: int) -> str:
    """The clause of ``text`` holding position ``at``."""
    return next((c.group() for c in _CLAUSE.finditer(text) if c.start() <= at < c.end()), "")


# A turn to what still falls short (但…仍需, 不过还是): what follows qualifies what the sentence says it has.
_BUT_STILL = re.compile(r"但|不过|然而|可是|仍需|仍要|仍然|还需|依然")


def _reading(topic: Topic, statement: Statement) -> tuple[str, int] | None:
    """What one statement says about ``topic`` and how firmly (higher wins), or None if it says nothing."""
    if not statement.states_own_situation:
        return None
    if topic.complete and statement.kind != "plan" and any(partial_coverage(_clause_at(statement.text, m.end() - 1), statement.text)
                                                           for m in topic.mentions(statement.text)):
        return ("lacks", 5)  # not every village: short of the coverage the topic is
    readings = [_reading_at(topic, statement, match) for match in topic.mentions(statement.text)]
    if ("has", 4) in readings and ("lacks", 6) in readings and topic.held:
        return ("lacks", 5)  # 执法案件已全部录入县综合执法平台，但平台与…数据尚未打通: in use, short of a part of it
    if readings and max(readings, key=lambda r: r[1])[0] == "has" and topic.held and topic.makeshift \
            and (but := _BUT_STILL.search(statement.text)) and topic.makeshift.search(statement.text, but.start()) \
            and not _ENDED.search(statement.text, but.start()):
        return ("lacks", 5)  # 已接入省平台…，但审批环节仍需打印纸质材料逐级签字: in use, with the makeshift beside it
    return max(readings, key=lambda reading: reading[1]) if readings else None


def _reading_at(topic: Topic, statement: Statement, match: re.Match[str]) -> tuple[str, int]:
    """What the clauses around one mention say: absent, planned, short, done, or only named."""
    clause = _clauses_of(statement.text, match)
    scope = clause if len(clause) >= 6 else statement.text
    if _AS_TARGET.search(statement.text[max(0, match.start() - 3) : match.start()]):
        return ("mentioned", 0)  # 对村法律顾问缺乏考核约束: what is lacking is the check on them, not them
    if statement.only_names and statement.kind == "problem" and topic.held and _SHORTFALL.search(scope):
        return ("lacks", 5)  # a problem headed by the shortfall itself (3.司法所人手紧张。)
    if statement.only_names and statement.kind == "problem" and states_absence(scope):
        return ("lacks", 6)  # a problem headed by the absence itself (5、公职律师尚未配备。)
    if statement.only_names and statement.kind != "plan":
        return ("mentioned", 0)  # a short heading (一是充实执法力量。) names a subject; its sentences say what was done
    if topic.complete and statement.kind == "plan" and partial_coverage(scope, statement.text):
        return ("plans", 2)  # 尽快完成空缺社区的签约: a plan for the villages still without, no absence
    if states_absence(scope) and not _DENIED.search(statement.text) \
            and not (topic.held and _HELD_COUNT.search(statement.text, match.start())):
        return ("lacks", 6)  # (未能取得…证书，…仍是1名: a second one failed; the one held remains)
    if statement.kind == "plan":
        return ("plans", 2)
    if topic.held and _posts_filled(statement.text):
        return ("has", 5)
    if topic.makeshift and topic.makeshift.search(scope) and not _ENDED.search(scope):
        return ("lacks", 5)  # 取证主要依靠手机拍照: making do without it
    if topic.held and (_SHORTFALL.search(scope) or _SHORT_OF_HOLDING.search(statement.text) or _below_posts(statement.text)):
        return ("lacks", 5)  # shown as "has some, not enough" (编制5名，实有3名: fewer in post than posts)
    if _SHORT.search(scope) and statement.kind in ("problem", "cause"):
        return ("lacks", 3)
    if _ACHIEVED.search(scope):
        return ("has", 4)  # 已接入县综合执法指挥平台，但数据尚未共享: held, whatever the sentence goes on to regret
    if _HELD_COUNT.search(scope):
        return ("has", 3)  # 现有执法记录仪5台，尚有部分人员未能配备: a count held, whatever the sentence goes on to regret
    if statement.kind in ("measure", "figure"):
        return ("has", 4 if _DONE.search(statement.text) else 3)
    return ("mentioned", 0)


def _concrete_plan(topic: Topic, statement: Statement) -> bool:
    """A plan about the topic itself, with an intent or a deed named in the topic's own clauses
    (计划2025年实现…全覆盖, 将推动…), not a vague 逐步提高 or a plan heading."""
    return not statement.heading and any(_CONCRETE_PLAN.search(_clauses_of(statement.text, match))
                                         or _CONCRETE_PLAN.search(statement.text[: match.start()])  # 拟通过购买服务的方式，请1名律师…
                                         for match in topic.mentions(statement.text))


def topic_status(topic: Topic, statements: list[Statement]) -> TopicStatus:
    """The report's status on ``topic``: the firmest reading among its statements. An explicit
    absence outranks a stated achievement, which outranks a shortage, a plan or a bare mention."""
    best: tuple[int, str, Statement] | None = None
    plan: Statement | None = None
    for statement in statements:
        reading = _reading(topic, statement)
        if reading is not None and (best is None or reading[1] > best[0]):
            best = (reading[1], reading[0], statement)
        if reading is not None and plan is None and statement.kind == "plan" and _concrete_plan(topic, statement):
            plan = statement
    if best is None:
        return TopicStatus(topic.key, "not_mentioned")
    decided = best[2]
    if plan is None and decided.kind == "plan" and best[1] == "lacks" and _CONCRETE_PLAN.search(decided.text):
        plan = decided  # 暂未配置执法记录仪，计划明年申请专项资金购置: the lack and its remedy in one sentence
    return TopicStatus(topic.key, best[1], decided, plan or _remedy_after(topic, decided, statements)
                       or _plan_for_its_kind(topic, statements))


def _plan_for_its_kind(topic: Topic, statements: list[Statement]) -> Statement | None:
    """A plan the town states for what the topic is a kind of (补齐执法装备短板 for body cameras)."""
    if topic.kind_of is None:
        return None
    return next((s for s in statements if s.kind == "plan" and not s.heading and s.states_own_situation
                 and topic.kind_of.search(s.text)), None)


def _remedy_after(topic: Topic, decided: Statement, statements: list[Statement]) -> Statement | None:
    """The plan a report writes right after a stated lack, in the same paragraph, about nothing
    else (没有执法记录仪，…。下一步争取县级资金购置。): that town's plan about the topic, though
    it does not repeat the topic's name."""
    if decided.kind not in ("problem", "cause") and not _ABSENT.search(decided.text):
        return None
    following = next((s for s in statements if s.start >= decided.end), None)
    if following is None or following.kind != "plan" or following.heading or following.line != decided.line:
        return None
    if any(other.key != topic.key and any(other.mentions(following.text)) for other in TOPICS):
        return None
    return following


def topics_asked(question: str) -> list[Topic]:
    """The registry topics a question names, in Chinese or English, most specific first (a village
    adviser question is not also a town adviser question)."""
    found = [topic for topic in TOPICS if topic.asked.search(question)]
    if any(t.key == "village_adviser_coverage" for t in found):
        found = [t for t in found if t.key != "legal_adviser"]
    if any(t.key == "public_lawyers" for t in found) and not re.search(r"法律顾问|advis[eo]r", question, re.I):
        found = [t for t in found if t.key != "legal_adviser"]
    return [t for t in found if not _inside_another(t, found, question)]


def _inside_another(topic: Topic, found: list[Topic], question: str) -> bool:
    """Whether every place a question names ``topic`` lies inside another topic's name (调解平台 is a
    mediation body, not an enforcement platform)."""
    spans = [m.span() for other in found if other is not topic for m in other.asked.finditer(question)]
    own = list(topic.asked.finditer(question))
    return bool(own) and all(any(a <= m.start() and m.end() <= b for a, b in spans) for m in own)
