"""Every string the CLI shows people, in English and Chinese, and which of the two to speak.

The language has to be known when typer builds the commands' help, which happens while
``agent.cli.main`` is imported, before any ``Settings`` exists; and importing pydantic-settings costs
about 0.2 s, most of the half second ``fazhi --help`` may take. So ``ui_language`` reads the
environment itself (the one reader of ``os.environ`` outside ``agent/settings.py``, for this
reason) and ``Settings.lang`` uses it as its default; the root command then calls
``use_language(settings.lang)`` so that a ``FAZHI_LANG`` from a ``.env`` file also reaches tables
and statuses. Only words people read are here: JSON keys and values never change with the language.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

LANGUAGES = ("en", "zh")
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set decides


def language_tag(value: str | None) -> str | None:
    """'zh' for zh, zh_CN.UTF-8, zh-Hans…; 'en' for en, en_US…; None for anything else."""
    head = (value or "").strip().lower()[:2]
    return head if head in LANGUAGES else None


def ui_language(environ: Mapping[str, str] | None = None) -> str:
    """``FAZHI_LANG`` (zh or en) when set, else Chinese where the locale is Chinese, else English."""
    env = os.environ if environ is None else environ
    forced = language_tag(env.get("FAZHI_LANG"))
    if forced:
        return forced
    locale = next((env[name] for name in _LOCALE_VARIABLES if env.get(name)), "")
    return "zh" if language_tag(locale) == "zh" else "en"


_chosen: str | None = None  # set by the root command; until then, the environment decides


def use_language(language: str) -> None:
    """Speak ``language`` from now on (the root command sets the one its settings name)."""
    global _chosen
    _chosen = language


def current_language() -> str:
    return _chosen or ui_language()


def t(key: str, **values: object) -> str:
    """The text of ``key`` in the current language, with ``values`` filled in."""
    english, chinese = TEXT[key]
    text = chinese if current_language() == "zh" else english
    return text.format(**values) if values else text


@dataclass(frozen=True)
class Said:
    """Words for people kept as their ``TEXT`` key and values, so that each reader gets its own
    language: ``str()`` speaks the interface's (an error line on stderr), ``english`` English (the
    message of a ``--json`` error object: JSON values never change with the language). A value
    that is itself ``Said`` (or an exception raised with it) is spoken in the same language."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return t(self.key, **{k: str(v) for k, v in self.values.items()})

    @property
    def english(self) -> str:
        return TEXT[self.key][0].format(**{k: english(v) for k, v in self.values.items()})


def said(key: str, **values: object) -> Said:
    return Said(key, values)


def english(message: object) -> str:
    """``message`` in English when it is ``Said`` or an exception raised with ``Said`` words, else
    as it is (text made below the CLI, a store or loader problem, is English)."""
    if isinstance(message, BaseException) and len(message.args) == 1:
        message = message.args[0]
    return message.english if isinstance(message, Said) else str(message)


# key: (English, Chinese). Help texts use rich markup: a literal '[' is written '\['.
TEXT: dict[str, tuple[str, str]] = {
    # --- the root command and options shared by many commands ---
    "app": ("fazhi (法治): ingest, search and question township rule-of-law annual reports.",
            "fazhi（法治）：导入、检索、询问乡镇（街道）法治政府建设年度报告。"),
    "app.epilog": ("Start here: fazhi ingest REPORTS/ then fazhi scan 执法记录仪. "
                   "FAZHI_LANG=zh or en picks the language.",
                   "从这里开始：fazhi ingest 报告文件夹/，再 fazhi scan 执法记录仪。FAZHI_LANG=zh 或 en 选择界面语言。"),
    "opt.home": ("Store and model directory (overrides FAZHI_HOME).", "存放报告库和模型的目录（优先于 FAZHI_HOME）。"),
    "opt.chroma_url": ("Use the store on this Chroma server (overrides FAZHI_CHROMA_URL).",
                       "使用该 Chroma 服务器上的报告库（优先于 FAZHI_CHROMA_URL）。"),
    "opt.debug": ("Show stack traces on errors.", "出错时显示完整的调用栈。"),
    "opt.quiet": ("No progress or informational lines on stderr (FAZHI_QUIET); errors and warnings still show.",
                  "不在 stderr 显示进度和提示信息（FAZHI_QUIET）；错误和警告照常显示。"),
    "opt.version": ("Print the version and exit.", "显示版本号后退出。"),
    "opt.json": ("Print machine-readable JSON (always English keys and values).", "输出供程序读取的 JSON（键和值始终为英文）。"),
    "opt.help": ("Show this message and exit.", "显示本帮助后退出。"),
    "opt.install_completion": ("Install completion for the current shell.", "为当前 shell 安装命令补全。"),
    "opt.show_completion": ("Show completion for the current shell, to copy it or customize the installation.",
                            "显示当前 shell 的命令补全脚本，以便复制或自定义安装。"),
    "panel.options": ("Options", "选项"),
    "panel.arguments": ("Arguments", "参数"),
    "panel.commands": ("Commands", "命令"),
    "opt.county": ("Only reports of this county.", "只看这个县（区、市）的报告。"),
    "opt.year": ("Only reports on this year.", "只看这一年度的报告。"),
    "opt.no_llm": ("Patterns only, no model.", "只用规则，不调用模型。"),
    "opt.output": ("Write to this file.", "写入这个文件。"),
    # --- ingest, reports, search, remove ---
    "ingest": ("Add reports (.txt in any Chinese encoding, .docx, .doc, .pdf, .html) to the store.",
               "把报告（任意中文编码的 .txt、.docx、.doc、.pdf、.html）导入报告库。"),
    "ingest.example": ("Example: fazhi ingest reports/ 附件2.docx", "示例：fazhi ingest 报告/ 附件2.docx"),
    "ingest.paths": ("Report files or folders of reports.", "报告文件，或存放报告的文件夹。"),
    "ingest.list": ("After ingesting, list each file with the town, county and year read from it.",
                    "导入后逐个列出文件，以及从中读出的乡镇、县（区）和年度。"),
    "ingest.empty_folder": ("{folder} holds no report file ({suffixes}); nothing ingested from it",
                            "{folder} 中没有报告文件（{suffixes}），未从中导入任何内容"),
    "ingest.status.added": ("added", "新增"),
    "ingest.status.replaced": ("replaced", "替换"),
    "ingest.status.unchanged": ("unchanged", "未变"),
    "ingest.status.duplicate": ("duplicate", "重复"),
    "ingest.status.repaired": ("repaired", "已修复"),
    "ingest.status.skipped": ("skipped", "跳过"),
    "ingest.status.failed": ("failed", "失败"),
    "ingest.vectors_later": ("Return once the reports are searchable by their words; their vectors are "
                             "embedded by a `fazhi repair` started in the background.",
                             "报告可按字词检索后即返回；向量由后台启动的 `fazhi repair` 计算。"),
    "facts": ("Show a report's fact sheet: every topic's status, the indicators and the labelled sentences every command reads.",
              "显示报告的事实表：各事项的结论、指标和带标签的句子（所有命令都读它）。"),
    "facts.example": ("Example: fazhi facts 西大沟镇 --year 2024 --json", "示例：fazhi facts 西大沟镇 --year 2024 --json"),
    "facts.town": ("Town name, report id (or prefix) or file name.", "乡镇名、报告 id（或前缀）或文件名。"),
    "facts.statements": ("Also list every sentence with its label.", "同时列出每个句子及其标签。"),
    "facts.none": ("no report of {town} {year} in the store; see `fazhi reports`", "报告库中没有 {town} {year} 的报告；请用 `fazhi reports` 查看"),
    "reports": ("List the reports in the store with what was read from each.", "列出报告库中的报告，以及从每份报告读出的信息。"),
    "reports.example": ("Example: fazhi reports --json", "示例：fazhi reports --json"),
    "search": ("Hybrid (dense + BM25) search over report chunks, with filters.", "在报告片段中混合检索（向量 + BM25），可按条件筛选。"),
    "search.example": ("Example: fazhi search 矛盾纠纷调处 --town 西大沟镇 -k 5", "示例：fazhi search 矛盾纠纷调处 --town 西大沟镇 -k 5"),
    "search.query": ("What to look for, in Chinese or English.", "要找的内容，中文或英文均可。"),
    "search.k": ("How many chunks to return.", "返回多少个片段。"),
    "search.town": ("Only this town (a part of its name works).", "只看这个乡镇（街道），名称的一部分即可。"),
    "search.part": ("One of: {parts}.", "以下之一：{parts}。"),
    "remove": ("Delete one report and its chunks from the store.", "从报告库删除一份报告及其片段。"),
    "remove.example": ("Example: fazhi remove 69080daa", "示例：fazhi remove 69080daa"),
    "remove.id": ("Report id (or unique prefix, or file name).", "报告 id（或唯一的 id 前缀，或文件名）。"),
    # --- store, repair, doctor ---
    "store": ("Operate the store: move it onto a Chroma server.", "维护报告库：迁移到 Chroma 服务器。"),
    "migrate": ("Copy the embedded store under FAZHI_HOME onto a Chroma server: reports, original texts, chunks "
                "and vectors as they are (no source files, no re-embedding). Reports already there are skipped.",
                "把 FAZHI_HOME 下的内置报告库原样复制到 Chroma 服务器：报告、原文、片段和向量"
                "（不需要源文件，不重新计算向量）。服务器上已有的报告跳过。"),
    "migrate.example": ("Example: fazhi store migrate --to http://10.0.0.5:8000",
                        "示例：fazhi store migrate --to http://10.0.0.5:8000"),
    "migrate.to": ("The Chroma server (default: --chroma-url / FAZHI_CHROMA_URL).",
                   "目标 Chroma 服务器（默认：--chroma-url / FAZHI_CHROMA_URL）。"),
    "repair": ("Rebuild what can be rebuilt from the catalog: missing vectors, orphan vectors, search cache.",
               "根据目录重建可重建的部分：缺失的向量、多余的向量、检索缓存。"),
    "repair.example": ("Example: fazhi repair", "示例：fazhi repair"),
    "repair.rebuild": ("Re-embed every chunk into a fresh vector index (slow).", "把所有片段重新计算向量，建一个新索引（较慢）。"),
    "doctor": ("Check the configuration: endpoint, tool calls, embedder, store, local model.",
               "检查配置：模型接口、工具调用、向量模型、报告库、本地模型。"),
    "doctor.example": ("Example: fazhi doctor --json", "示例：fazhi doctor --json"),
    "config": ("Show and edit the settings and the config file (config.toml).", "查看和修改设置及配置文件（config.toml）。"),
    "config.path": ("Print the config file's path (FAZHI_CONFIG, else the platform's config dir); it may not exist yet.",
                    "显示配置文件的路径（FAZHI_CONFIG，否则为系统的配置目录）；文件可能尚未创建。"),
    "config.path.example": ("Example: fazhi config path", "示例：fazhi config path"),
    "config.show": ("Every setting, its value (keys masked) and where it came from: flag, env, .env, config file or default.",
                    "列出每项设置、取值（密钥已遮盖）及来源：命令行、环境变量、.env、配置文件或默认值。"),
    "config.show.example": ("Example: fazhi config show --json", "示例：fazhi config show --json"),
    "config.set": ("Write KEY = VALUE into the config file, keeping its other keys and comments.",
                   "把 KEY = VALUE 写入配置文件，保留其他设置和注释。"),
    "config.set.example": ("Example: fazhi config set base_url https://api.deepseek.com/v1",
                           "示例：fazhi config set base_url https://api.deepseek.com/v1"),
    "config.unset": ("Remove KEY from the config file, so it falls back to the environment or its default.",
                     "从配置文件中删除 KEY，改用环境变量或默认值。"),
    "config.unset.example": ("Example: fazhi config unset model", "示例：fazhi config unset model"),
    "config.key": ("A setting's name, as `fazhi config show` lists it (e.g. model).",
                   "设置项名称，与 `fazhi config show` 所列一致（如 model）。"),
    "config.value": ("Its value; checked against the setting's type.", "取值；按该设置项的类型检查。"),
    # --- ask, chat, scan ---
    "scan": ("Check EVERY report for a topic: has / lacks / not mentioned / unclear, with the quote.",
             "逐份核对每一份报告是否涉及某事项：有 / 缺 / 未提及 / 不明，并给出原文。"),
    "scan.example": ("Example: fazhi scan 执法记录仪 --county 岚峪县", "示例：fazhi scan 执法记录仪 --county 岚峪县"),
    "scan.topic": ("What to check every report for, e.g. 执法记录仪.", "要核对的事项，例如 执法记录仪。"),
    "scan.no_llm": ("Evidence only; status null where a judge is needed.", "只给证据；需要模型判断的报告结论留空。"),
    "ask": ("Answer a question from the reports, with verified citations.", "根据报告回答问题，附经过核实的出处。"),
    "ask.example": ("Example: fazhi ask 哪些乡镇没有配备执法记录仪？", "示例：fazhi ask 哪些乡镇没有配备执法记录仪？"),
    "ask.question": ("A question in Chinese or English.", "问题，中文或英文均可。"),
    "ask.explain": ("Show the plan the question became (intent, towns, topic…).", "显示问题被解析成的计划（意图、乡镇、事项……）。"),
    "chat": ("Talk to the reports: follow-ups, /sources, /reset, /save FILE, Ctrl-C stops an answer.",
             "与报告对话：可追问，/sources 出处，/reset 清空，/save 文件 保存，Ctrl-C 中止当前回答。"),
    "chat.example": ("Example: fazhi chat --county 岚峪县", "示例：fazhi chat --county 岚峪县"),
    # --- table, check, compare, digest ---
    "table": ("One row per report with the standard indicators, each cell quoting the report verbatim.",
              "每份报告一行、列出标准指标，每个数字都引自报告原文。"),
    "table.example": ("Example: fazhi table --county 岚峪县 -o table.xlsx\n"
                      "In a terminal, with no --format and no -o, it shows the filled cells one per line.",
                      "示例：fazhi table --county 岚峪县 -o 指标.xlsx\n"
                      "在终端中不加 --format 和 -o 时，逐行显示已填写的指标。"),
    "table.format": ("One of: {formats} (default: from -o's extension, else md).", "以下之一：{formats}（默认按 -o 的扩展名，否则 md）。"),
    "table.no_llm": ("Patterns only; unsettled cells end in '?'.", "只用规则；无法确定的数字以「?」结尾。"),
    "check": ("Each report against the five mandated parts, plus whether year, issuer and date are stated.",
              "对照规定的五个部分核对每份报告，并核对是否写明年度、发文单位和日期。"),
    "check.example": ("Example: fazhi check --json", "示例：fazhi check --json"),
    # heads of check's mark columns: one head per two-cell slot, so each stands over its mark
    "check.part_heads": ("1 2 3 4 5", "一二三四五"),
    "check.stated_heads": ("Y I D", "年文日"),
    "compare": ("Towns side by side: every indicator and mandated part (or one --topic), each cell quoted.",
                "乡镇并列对比：每个指标和规定部分（或一个 --topic），每格都有原文。"),
    "compare.example": ("Example: fazhi compare 陶家镇 田镇街道 --topic 执法记录仪",
                        "示例：fazhi compare 陶家镇 田镇街道 --topic 执法记录仪"),
    "compare.towns": ("Two or more towns, e.g. 陶家镇 田镇街道.", "两个或更多乡镇，例如 陶家镇 田镇街道。"),
    "compare.topic": ("Compare on one topic (e.g. 执法记录仪) instead of every indicator and part.",
                      "只比较一个事项（例如 执法记录仪），而不是全部指标和部分。"),
    "compare.output": ("Write the Markdown table here.", "把 Markdown 表格写入这个文件。"),
    "compare.no_llm": ("Patterns only; no model judge or picker.", "只用规则；不调用模型判断或挑选。"),
    "compare.json": ("Print JSON.", "输出 JSON。"),
    "compare.item": ("item", "项目"),
    "compare.unstated": ("Stated by none of these reports: {items}.", "这几份报告都没有写明：{items}。"),
    "compare.status.not_mentioned": ("not mentioned", "未提及"),
    "compare.status.not_stated": ("not stated", "未写明"),
    "compare.status.lacks": ("says it lacks", "明确缺乏"),
    "compare.status.has": ("has", "已有"),
    "compare.status.unclear": ("mentioned, unclear", "提及但不明确"),
    "compare.status.plans": ("plans only", "仅有计划"),
    "compare.status.present": ("own section", "单独成章"),
    "compare.status.merged": ("merged", "合并写"),
    "compare.status.missing": ("missing", "缺少"),
    "digest": ("Draft the county memo: basics, measures, indicator table, shared problems, outline, next steps.",
               "起草县级汇总材料：基本情况、主要举措、指标表、共性问题、提纲核对、下一步建议。"),
    "digest.example": ("Example: fazhi digest --county 岚峪县 -o memo.docx", "示例：fazhi digest --county 岚峪县 -o 汇总.docx"),
    "digest.year": ("The year reported on (default: the latest in scope).", "报告所属年度（默认：范围内最新的年度）。"),
    "digest.output": ("memo.md or memo.docx", "memo.md 或 memo.docx"),
    "digest.roster": ("Every town of the county, comma-separated, to name those that filed no report.",
                      "全县所有乡镇，用逗号分隔，用来列出没有报送报告的乡镇。"),
    "digest.no_llm": ("Patterns only for the indicator figures.", "指标数字只用规则提取。"),
    "digest.json": ("Print the memo as JSON (with -o, also write the file).", "以 JSON 输出材料（加 -o 时同时写文件）。"),
    # --- model, eval ---
    "model": ("Install and run the embedded local model.", "安装并运行内置的本地模型。"),
    "model.install": ("Assemble the default GGUF (or copy --from FILE) and build llama-server; skips finished steps.",
                      "组装默认的 GGUF 模型（或复制 --from 文件）并编译 llama-server；已完成的步骤跳过。"),
    "model.install.example": ("Example: fazhi model install -j 4", "示例：fazhi model install -j 4"),
    "model.install.from": ("Use this GGUF instead of the default model.", "使用这个 GGUF 文件代替默认模型。"),
    "model.install.jobs": ("Parallel compile jobs for llama-server.", "编译 llama-server 的并行任务数。"),
    "model.serve": ("Run the local model in the foreground; other commands use it via FAZHI_BASE_URL.",
                    "在前台运行本地模型；其他命令通过 FAZHI_BASE_URL 使用它。"),
    "model.serve.example": ("Example: fazhi model serve --port 8080", "示例：fazhi model serve --port 8080"),
    "model.serve.port": ("Port (default: FAZHI_LOCAL_PORT or a free one).", "端口（默认：FAZHI_LOCAL_PORT 或一个空闲端口）。"),
    "eval": ("Evaluate answer quality on eval/cases (recorded, replayed offline).", "用 eval/cases 评估回答质量（录制后离线重放）。"),
    "eval.run": ("Run every case through fazhi and the baseline; print the scorecard.", "用 fazhi 和基线回答每个用例，输出评分。"),
    "eval.run.example": ("Example: fazhi eval run --only 'lacks-*'", "示例：fazhi eval run --only 'lacks-*'"),
    "eval.suite": ("main (eval/cases over samples + eval/corpus), blind (eval/blind, written without reading the code) "
                   "or holdout (fresh questions over the blind reports).",
                   "main（eval/cases，基于样例和 eval/corpus）、blind（eval/blind，未看代码编写）"
                   "或 holdout（基于盲测报告的新问题）。"),
    "eval.cases": ("Glob of case files, e.g. 'eval/cases/lacks*.yaml'.", "用例文件的通配符，例如 'eval/cases/lacks*.yaml'。"),
    "eval.only": ("Case ids (fnmatch globs, comma-separated), e.g. 'lacks-*'.", "用例 id（fnmatch 通配符，逗号分隔），例如 'lacks-*'。"),
    "eval.record": ("Call the configured endpoint and (re)write cassettes.", "调用配置的模型接口并（重新）录制。"),
    "eval.replay": ("Offline from cassettes (the default).", "离线重放录制内容（默认）。"),
    "eval.missing": ("With --record: only cases that have no cassette yet.", "与 --record 同用：只录制还没有录制内容的用例。"),
    "eval.baseline_only": ("With --record: re-record only the naive baseline; replay fazhi.",
                           "与 --record 同用：只重新录制基线，fazhi 部分重放。"),
    "eval.no_baseline": ("Skip the naive baseline.", "跳过基线。"),
    "eval.json": ("Print the scorecard as one JSON object.", "以一个 JSON 对象输出评分。"),
    "eval.report": ("Write a Markdown report (failures side by side).", "写一份 Markdown 报告（失败用例并列对照）。"),
    "eval.out": ("Write the full scorecard JSON (with per-case results) here.", "把完整评分 JSON（含每个用例的结果）写到这里。"),
    "eval.details": ("With --json: include per-case results.", "与 --json 同用：包含每个用例的结果。"),
    # --- table headers and values ---
    "col.id_file": ("id · file", "id · 文件"),
    "col.town": ("town", "镇（街道）"),
    "col.county": ("county", "县（区）"),
    "col.year": ("year", "年度"),
    "col.parts": ("parts", "部分"),
    "col.five_parts": ("parts", "五个部分"),
    "col.chunks": ("chunks", "片段"),
    "col.status": ("status", "结论"),
    "col.quote_where": ("quote · where", "原文 · 出处"),
    "col.file": ("file", "文件"),
    "col.indicator": ("indicator", "指标"),
    "col.topic": ("topic", "事项"),
    "col.line": ("line", "行"),
    "col.value": ("value", "数值"),
    "col.quote": ("quote", "原文"),
    "col.stated": ("states", "写明"),
    "col.check": ("check", "检查项"),
    "col.ok": ("ok", "通过"),
    "col.detail": ("detail", "详情"),
    "col.fix": ("fix", "处理办法"),
    "word.list_sep": (", ", "、"),
    "word.yes": ("yes", "是"),
    "word.no": ("no", "否"),
    "part.measures": ("measures", "举措"),
    "part.shortcomings": ("shortcomings", "不足"),
    "part.first_responsible": ("leaders", "一把手"),
    "part.plans": ("plans", "安排"),
    "part.other": ("other", "其他"),
    "status.has": ("has", "有"),
    "status.lacks": ("lacks", "缺"),
    "status.not_mentioned": ("not mentioned", "未提及"),
    "status.unclear": ("unclear", "不明"),
    "status.none": ("(needs judge)", "（待模型判断）"),
    # --- legends under tables ---
    "legend.check": ("Parts: {parts}.\n✓ present · 并 merged into a section that also covers another part · "
                     "✗ missing. States Y I D: the report states its year, issuing body, signature date (✓ yes, ✗ no).",
                     "五个部分：{parts}。\n✓ 有 · 并 与其他部分合在同一节 · ✗ 缺。「写明 年文日」：报告是否写明年度、发文单位、"
                     "成文日期（✓ 写明 · ✗ 未写明）。"),
    "legend.table": ("≈ approximate (约/余/近/多/以上) · ? the patterns could not settle it · (+n) change since the "
                     "town's previous report · 未配备 the report says there is none · an indicator a report does not "
                     "state is not listed (never zero).",
                     "≈ 约数（余/近/约/多/以上）· ? 仅凭规则无法确定 · 括号内为较上一年度报告的变化 · "
                     "未配备 = 报告写明没有 · 报告未写明的指标不列出（不表示为零）。"),
    "legend.scan": ("has / lacks: the quote decides · not mentioned: no sentence on the topic · unclear: the "
                    "sentences do not settle it.",
                    "有 / 缺：以所引原文为据 · 未提及：报告中没有相关语句 · 不明：相关语句无法判断。"),
    "legend.compare": ("not mentioned = no sentence on it (not the same as lacking); not stated = the report gives "
                       "no figure; says it lacks = the report says there is none.",
                       "未提及 = 报告没有相关表述（不等于缺乏）；未写明 = 报告没有写出这个数字；明确缺乏 = 报告写明没有或未配备。"),
    "legend.compare_refs": ("A:12 = line 12 of report A:", "A:12 = 报告 A 的第 12 行："),
    # --- errors (one line on stderr; a --json error object carries the English) ---
    "word.error": ("error:", "错误："),
    "word.warning": ("warning:", "警告："),
    "warn.overridden": ("{origin} overrides the config file's {setting}", "{origin} 优先于配置文件中的 {setting}"),
    "err.internal": ("{error} ({hint})", "{error}（{hint}）"),
    "err.hint_debug": ("run with --debug for the traceback", "加 --debug 可查看调用栈"),
    "err.hint_debug_no_llm": ("run with --debug for the traceback; --no-llm answers without the model",
                              "加 --debug 可查看调用栈；加 --no-llm 可不用模型回答"),
    "err.no_store": ("no store at {path}: run `fazhi ingest FOLDER` first, or check FAZHI_HOME / --home",
                     "{path} 下没有报告库：请先运行 `fazhi ingest 文件夹`，或检查 FAZHI_HOME / --home"),
    "err.busy": ("{error} (FAZHI_LOCK_TIMEOUT sets how long to wait)", "{error}（等待多久由 FAZHI_LOCK_TIMEOUT 设定）"),
    "err.part": ("--part must be one of {parts}", "--part 只能是以下之一：{parts}"),
    "err.migrate_to": ("name the server: fazhi store migrate --to http://host:8000",
                       "请指定服务器：fazhi store migrate --to http://host:8000"),
    "err.no_embedded_store": ("no embedded store at {path}", "{path} 下没有内置报告库"),
    "err.output_md_docx": ("{path}: -o takes a .md or .docx file", "{path}：-o 只接受 .md 或 .docx 文件"),
    "err.no_folder": ("{path}: no such folder {folder}", "{path}：文件夹 {folder} 不存在"),
    "err.unknown_towns": ("no report of {towns}", "报告库中没有{towns}的报告"),
    "err.two_towns": ("name at least two towns", "请至少指定两个乡镇"),
    "err.format": ("--format must be one of {formats}", "--format 只能是以下之一：{formats}"),
    "err.output_ext": ("{path}: -o takes a file ending in {suffixes}", "{path}：-o 只接受以 {suffixes} 结尾的文件"),
    "err.ext_mismatch": ("{path}: the extension says {named}, --format says {fmt}; make them agree",
                         "{path}：扩展名是 {named}，--format 却是 {fmt}；请使两者一致"),
    "err.xlsx_needs_o": ("--format xlsx needs -o FILE.xlsx", "--format xlsx 需要同时给出 -o 文件.xlsx"),
    "err.or_no_llm": ("{error} (or use --no-llm)", "{error}（或加 --no-llm 不用模型）"),
    "err.record_replay": ("--record and --replay exclude each other", "--record 和 --replay 不能同时使用"),
    "err.suite": ("--suite must be one of {suites}", "--suite 只能是以下之一：{suites}"),
    "err.no_cases": ("no cases match", "没有匹配的用例"),
    "llm.timeout": ("The model at {url} did not answer in time; raise FAZHI_TIMEOUT or use a faster endpoint.",
                    "{url} 的模型没有按时回答；请调大 FAZHI_TIMEOUT，或换用更快的接口。"),
    "llm.unreachable": ("Cannot reach {url}; check FAZHI_BASE_URL (or unset it to use the local model) "
                        "and that the server is running.",
                        "无法连接 {url}；请检查 FAZHI_BASE_URL（或删除它以使用本地模型），并确认服务器正在运行。"),
    "llm.key": ("The endpoint {url} rejected the API key; set a valid FAZHI_API_KEY.",
                "接口 {url} 拒绝了 API 密钥；请设置有效的 FAZHI_API_KEY。"),
    "llm.no_model": ("Model {model} (or the chat API path) is not available at {url}; "
                     "set FAZHI_MODEL to a model the endpoint serves and check the URL ends in /v1.",
                     "接口 {url} 上没有模型 {model}（或对话接口路径不对）；请把 FAZHI_MODEL 设为该接口提供的模型，"
                     "并确认地址以 /v1 结尾。"),
    "llm.rate": ("The endpoint {url} is rate limiting us; wait and retry.", "接口 {url} 正在限流；请稍候重试。"),
    "llm.context": ("The prompt is longer than the model's context window; ask a narrower question "
                    "or raise FAZHI_CONTEXT_TOKENS.",
                    "提示超出了模型的上下文长度；请缩小问题范围，或调大 FAZHI_CONTEXT_TOKENS。"),
    "llm.refused": ("The endpoint refused the request: {detail}", "接口拒绝了请求：{detail}"),
    "llm.http": ("The endpoint {url} failed with HTTP {status} after retries; try again later.",
                 "接口 {url} 重试后仍返回 HTTP {status}；请稍后再试。"),
    "llm.failed": ("Chat model call failed: {error}", "调用对话模型失败：{error}"),
    "llm.bad_answer": ("The endpoint {url} {what}; check that it speaks the OpenAI chat API, or try again.",
                       "接口 {url} {what}；请确认它支持 OpenAI 对话接口，或重试。"),
    "llm.sent.not_json_stream": ("sent a stream that is not JSON", "返回的流不是 JSON"),
    "llm.sent.cut_stream": ("stopped the answer stream before it finished", "在回答结束前中断了流"),
    "llm.sent.no_answer": ("sent no answer (empty or malformed stream)", "没有返回回答（流为空或格式错误）"),
    "llm.sent.empty": ("sent an empty answer", "返回了空回答"),
    "llm.sent.not_json": ("sent a response that is not JSON", "返回的响应不是 JSON"),
    "llm.sent.bad_utf8_stream": ("sent a stream that is not valid UTF-8 (a character cut in half)",
                                 "返回的流不是有效的 UTF-8（有字符被截断）"),
    "llm.sent.broken_stream": ("broke off the answer stream", "回答的流中途断开"),
    "llm.sent.bad_utf8": ("sent a response that is not valid UTF-8", "返回的响应不是有效的 UTF-8"),
    "llm.deadline": ("No answer within {seconds} s (FAZHI_DEADLINE): the model at {url} is too slow or not "
                     "answering; try again, use a faster endpoint, or raise FAZHI_DEADLINE.",
                     "{seconds} 秒内没有回答（FAZHI_DEADLINE）：{url} 的模型太慢或没有响应；请重试、换用更快的接口，"
                     "或调大 FAZHI_DEADLINE。"),
    "llm.not_installed": ("Local model not installed (missing {missing}); run `fazhi model install` "
                          "or set FAZHI_BASE_URL to an OpenAI-compatible endpoint.",
                          "本地模型尚未安装（缺少 {missing}）；请运行 `fazhi model install`，"
                          "或把 FAZHI_BASE_URL 设为兼容 OpenAI 的接口。"),
    "llm.server_exit": ("llama-server exited with code {code}: {log}", "llama-server 已退出（返回码 {code}）：{log}"),
    "llm.server_unhealthy": ("llama-server did not become healthy within {seconds}s; see {log}",
                             "llama-server 在 {seconds} 秒内未就绪；见 {log}"),
    # --- summaries on stderr ---
    "sum.reports": ("{n} reports", "共 {n} 份报告"),
    "sum.facts": ("{n} fact sheets", "共 {n} 份事实表"),
    "sum.no_hits": ("no matching chunks", "没有匹配的片段"),
    "sum.scan": ("{n} reports checked, {calls} model calls", "核对了 {n} 份报告，调用模型 {calls} 次"),
    "sum.check": ("{n} reports, {incomplete} not following the five-part outline", "共 {n} 份报告，{incomplete} 份未按五部分提纲"),
    "sum.table": ("{n} reports, {filled} cells filled, {calls} model calls", "共 {n} 份报告，填写 {filled} 格，调用模型 {calls} 次"),
    "sum.written": ("; written to {path}", "；已写入 {path}"),
    "sum.ingest": ("{reports} reports ingested ({added} new, {replaced} replaced), {chunks} chunks, {unchanged} "
                   "unchanged{repaired}, {failed} failed, {seconds:.1f} s; store: {store}",
                   "导入 {reports} 份报告（新增 {added}，替换 {replaced}），{chunks} 个片段，{unchanged} 份未变{repaired}，"
                   "{failed} 份失败，用时 {seconds:.1f} 秒；报告库：{store}"),
    "sum.ingest.repaired": (", {n} repaired ({vectors} vectors re-embedded)", "，修复 {n} 份（重算 {vectors} 个向量）"),
    "sum.removed": ("removed {id} ({town} {year}, {file})", "已删除 {id}（{town} {year}，{file}）"),
    "sum.migrated": ("{copied} reports copied from {source} to {target}; it holds {n}",
                     "从 {source} 复制了 {copied} 份报告到 {target}；目标库现有 {n} 份"),
    "sum.repaired": ("re-embedded {vectors} missing vectors of {reports} reports, deleted {orphans} orphan vectors, "
                     "rebuilt the search cache, {seconds:.1f} s; store: {store_reports} reports, {chunks} chunks, "
                     "{store_vectors} vectors",
                     "为 {reports} 份报告重算了 {vectors} 个缺失的向量，删除 {orphans} 个多余向量，重建了检索缓存，"
                     "用时 {seconds:.1f} 秒；报告库：{store_reports} 份报告，{chunks} 个片段，{store_vectors} 个向量"),
    "word.waiting": ("waiting:", "等待中："),
    "word.skipped": ("skipped:", "已跳过："),
    # --- progress lines ---
    "progress.ingesting": ("ingesting", "导入中"),
    "progress.starting_model": ("starting the model…", "正在启动模型…"),
    "progress.scan_topic": ("checking every report for 「{topic}」…", "正在核对各报告中的「{topic}」…"),
    "progress.scan_judging": ("judging report {done}/{total}…", "正在核对第{done}/{total}份需要判断的报告…"),
    "progress.answering": ("answering…", "正在回答…"),
    "progress.checking": ("checking report {done}/{total}…", "正在核对第{done}/{total}份报告…"),
    "progress.table_judging": ("checking figures the patterns could not settle in {n} reports…",
                               "正在核对{n}份报告中规则无法确定的数字…"),
    "progress.copying": ("copying…", "正在复制…"),
    "progress.copied": ("copied {file}", "已复制 {file}"),
    "progress.drafting": ("drafting…", "正在起草…"),
    "progress.vectors_later": ("embedding {n} chunks in the background (fazhi repair, pid {pid}; log {log}); "
                               "`fazhi doctor` counts what is still pending",
                               "正在后台计算{n}个片段的向量（fazhi repair，进程 {pid}；日志 {log}）；"
                               "`fazhi doctor` 显示尚待计算的数量"),
    "progress.searchable": ("{n} reports committed: searchable by their words now; embedding their vectors",
                            "已提交{n}份报告：现在即可按字词检索；正在计算向量"),
    "note.pending": ("note: reports without vectors yet: {n} (an ingest is embedding them, or was stopped: "
                     "`fazhi repair`); they are found by their words only",
                     "注意：{n}份报告尚无向量（导入仍在计算，或曾被中断：`fazhi repair`），目前只能按字词检索到"),
    # --- answers and chat ---
    "answer.removed": ("Not verified and removed: {problems}", "未通过核实、已删除的内容：{problems}"),
    "answer.removed_n": ("{n} part(s) not verified and removed; `--json` lists why.",
                         "有 {n} 处内容未通过核实，已删除；`--json` 的 problems 列出原因。"),
    "chat.help": ("/sources the last answer's sources · /reset clear the conversation · /save FILE save it · "
                  "/quit leave · Ctrl-C stops an answer",
                  "/sources 上一个回答的出处 · /reset 清空对话 · /save FILE 保存对话 · /quit 退出 · Ctrl-C 中止当前回答"),
    "chat.cleared": ("conversation cleared", "对话已清空"),
    "chat.no_answer": ("(no answer yet)", "（还没有回答）"),
    "chat.saved": ("saved to {path}", "已保存到 {path}"),
    "chat.prompt": ("ask> ", "问> "),
    "chat.draft": ("draft (being checked): ", "草稿（核实中）："),
    "chat.stopped": ("(stopped; the conversation is kept)", "（已中止，对话保留）"),
}
