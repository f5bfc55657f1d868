"""The themes a county memo sorts towns' work under (法治宣传教育, 行政执法, …), defined once for the
practices of 二 and the recommendations of 六.

A statement's theme is the theme whose words it uses most (ties go to the earlier theme, so a
sentence about 执法 and 培训 is about enforcement); a statement that uses none has no theme and is
left out of 二 rather than filed under a wrong heading. Each theme carries what the county itself
recommends when several towns report a problem of that theme: a recommendation is the county's
(「建议县级层面……」), never a town's plan repeated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    name: str
    words: re.Pattern[str]
    advice: str  # the county's recommendation, completing 「建议……」


THEMES: tuple[Theme, ...] = (
    Theme("法治工作力量和保障", re.compile(r"力量|人手|人员不足|编制|兼职|专职|人员配备|经费|流动|调整频繁|专业人才|法律专业"),
          "县级层面统筹充实乡镇（街道）法治工作力量，落实必要的人员和经费保障，保持队伍相对稳定"),
    Theme("行政执法", re.compile(r"执法|处罚|检查|案卷|执法证|记录仪|取证|赋权|下放|文书|违法|违规|占道|整治"),
          "由县司法局牵头开展乡镇（街道）执法人员分类培训和案卷评查，推动执法装备配备到位、执法程序规范统一"),
    Theme("依法决策与合法性审查", re.compile(r"合法性审查|合法性审核|法制审核|重大行政决策|规范性文件|决策|合同|集体讨论"),
          "加强对乡镇（街道）合法性审查工作的业务指导，推动重大决策、规范性文件和合同审查全覆盖"),
    Theme("矛盾纠纷化解", re.compile(r"调解|纠纷|矛盾|信访|调处|化解|枫桥|诉源|排查|研判|诉调"),
          "健全县、乡、村三级矛盾纠纷多元化解机制，加强专业性、行业性调解力量"),
    Theme("法律顾问与公共法律服务", re.compile(r"法律顾问|公共法律服务|法律援助|律师|法律咨询|法律服务|公证"),
          "完善法律顾问选聘和考核管理，推动法律顾问深度参与乡镇（街道）重大决策、合同审查和矛盾化解"),
    Theme("法治宣传教育", re.compile(r"普法|法治宣传|法律宣传|宣传|法治文化|法律明白人|以案释法|宪法|民法典|宣讲|学法|讲座|法治教育|说法|讲法|法治提示|法律知识"),
          "由县普法办加强分类指导，推广群众喜闻乐见的普法形式，建立普法效果评估机制"),
    Theme("政务公开", re.compile(r"政务公开|信息公开|公示|公开"),
          "加强政务公开的督促指导，推动主动公开及时、规范、全面"),
    Theme("基层依法治理", re.compile(r"基层(?:依法)?治理|民主法治|村规民约|居民公约|自治|议事|法治乡村|网格|村务|村（居）|村级"),
          "深化民主法治示范村（社区）创建，加强村规民约、居民公约的合法性把关和规范管理"),
)
BY_NAME = {theme.name: theme for theme in THEMES}


def theme_of(text: str) -> Theme | None:
    """The theme whose words ``text`` uses most, or None when it uses none."""
    counts = [len(theme.words.findall(text)) for theme in THEMES]
    best = max(counts)
    return THEMES[counts.index(best)] if best else None
