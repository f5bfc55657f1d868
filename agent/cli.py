"""The ``fazhi`` command line: thin commands over the store and the agent library."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli_digest import compare as compare_command
from agent.cli_digest import digest as digest_command
from agent.cli_errors import FazhiGroup, fail
from agent.cli_eval import eval_app
from agent.cli_model import doctor, model_app
from agent.cli_tables import register as register_tables
from agent.stores import open_store
from store.lock import StoreBusyError
from store.structure import PARTS

# Commands import what only they need (the OpenAI SDK, progress bars, pydantic's settings) inside
# their bodies, so that `fazhi --help` and the store-only commands start fast; tests/test_startup.py
# guards the module list.
if TYPE_CHECKING:
    from agent.settings import Settings
    from store.store import IngestOutcome, ReportStore

app = typer.Typer(
    cls=FazhiGroup,
    help="fazhi (法治): ingest, search and question township rule-of-law annual reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(model_app, name="model")
app.add_typer(eval_app, name="eval")
store_app = typer.Typer(help="Operate the store: move it onto a Chroma server.", no_args_is_help=True)
app.add_typer(store_app, name="store")
register_tables(app)
app.command("digest")(digest_command)
app.command("compare")(compare_command)
err = Console(stderr=True, soft_wrap=True)

HomeOption = Annotated[
    Path | None, typer.Option("--home", help="Store and model directory (overrides FAZHI_HOME).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"fazhi {version('fazhi')}\n")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    home: HomeOption = None,
    chroma_url: Annotated[
        str | None,
        typer.Option("--chroma-url", metavar="URL", help="Use the store on this Chroma server (overrides FAZHI_CHROMA_URL)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show stack traces on errors.")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_print_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    from agent.settings import Settings

    ctx.obj = Settings().overriding(home=home, chroma_url=chroma_url)


def _settings(ctx: typer.Context, home: Path | None) -> Settings:
    from agent.settings import Settings

    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return settings.with_home(home)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


EXIT_BUSY = 75  # sysexits' EX_TEMPFAIL: another process is writing; try again later


def _say_waiting(line: str) -> None:
    err.print(f"[yellow]waiting:[/] {escape(line)}")


def _writer(ctx: typer.Context, home: Path | None) -> ReportStore:
    """The store for a command that writes: it says so on stderr when it waits for another writer."""
    return open_store(_settings(ctx, home), on_wait=_say_waiting, create=True)


@contextlib.contextmanager
def _store_busy(ctx: typer.Context) -> Iterator[None]:
    """A write that gave up waiting for another writer: one line and exit 75 (try again later)."""
    try:
        yield
    except StoreBusyError as exc:
        fail(f"{exc} (FAZHI_LOCK_TIMEOUT sets how long to wait)", EXIT_BUSY, "store")


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Report files or folders of reports.")],
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add reports (.txt in any Chinese encoding, .docx, .pdf, .html) to the store."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    store = _writer(ctx, home)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True, disable=as_json) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_file(outcome: IngestOutcome) -> None:
            if outcome.status == "failed":
                progress.console.print(f"[red]error:[/] {escape(outcome.file)}: {escape(outcome.problem or '')}")
            progress.advance(task)

        with _store_busy(ctx):
            summary = store.ingest(paths, on_file=on_file, on_found=lambda total: progress.update(task, total=total))
    result = summary.as_dict()
    if as_json:
        _print_json(result)
    else:
        vectors = sum(outcome.chunks for outcome in summary.outcomes if outcome.status == "repaired")
        repaired = f", {result['repaired']} repaired ({vectors} vectors re-embedded)" if result["repaired"] else ""
        err.print(
            f"{result['reports']} reports ingested ({result['added']} new, {result['replaced']} replaced), "
            f"{result['chunks']} chunks, {result['unchanged']} unchanged{repaired}, {result['failed']} failed, "
            f"{result['seconds']:.1f} s; store: {escape(store.location)}"
        )
        for outcome in summary.outcomes:
            if outcome.status in ("duplicate", "skipped"):
                err.print(f"[yellow]skipped:[/] {escape(outcome.file)}: {escape(outcome.problem or '')}")
    if result["failed"]:
        raise typer.Exit(1)


def _report_dict(row) -> dict:
    meta = row.meta
    return {
        "id": row.id,
        "file": row.file,
        "town": meta.get("town"),
        "county": meta.get("county"),
        "province": meta.get("province"),
        "year": meta.get("year"),
        "parts": row.parts,
        "chunks": row.chunks,
        "chars": row.chars,
        "title": meta.get("title"),
        "city": meta.get("city"),
        "issuers": meta.get("issuers", []),
        "addressee": meta.get("addressee"),
        "signature_date": meta.get("signature_date"),
        "path": row.path,
    }


@app.command()
def reports(ctx: typer.Context, home: HomeOption = None, as_json: JsonOption = False) -> None:
    """List the reports in the store with what was read from each."""
    rows = [_report_dict(r) for r in open_store(_settings(ctx, home)).reports()]
    if as_json:
        _print_json(rows)
        return
    table = Table("id", "town", "county", "year", "parts", "chunks", "file")
    for r in rows:
        parts = " ".join(p for p in PARTS if p in r["parts"])
        table.add_row(r["id"], r["town"] or "?", r["county"] or "-", str(r["year"] or "?"), parts, str(r["chunks"]), r["file"])
    Console().print(table)
    err.print(f"{len(rows)} reports")


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="What to look for, in Chinese or English.")],
    k: Annotated[int, typer.Option("-k", help="How many chunks to return.")] = 8,
    town: Annotated[str | None, typer.Option("--town", help="Only this town (a part of its name works).")] = None,
    county: Annotated[str | None, typer.Option("--county")] = None,
    year: Annotated[int | None, typer.Option("--year")] = None,
    part: Annotated[
        str | None, typer.Option("--part", help=f"One of: {', '.join(PARTS)}.")
    ] = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Hybrid (dense + BM25) search over report chunks, with filters."""
    if part and part not in PARTS:
        fail(f"--part must be one of {', '.join(PARTS)}")
    hits = open_store(_settings(ctx, home)).search(query, k=k, town=town, county=county, year=year, part=part)
    keys = ("report_id", "file", "town", "year", "part", "section", "text", "start", "end", "line", "score")
    if as_json:
        _print_json([{key: hit.as_dict()[key] for key in keys} | {"county": hit.county} for hit in hits])
        return
    console = Console()
    for rank, hit in enumerate(hits, 1):
        console.print(
            f"[bold]{rank}. {hit.town or '?'} {hit.year or ''}[/] [dim]{hit.file}:{hit.line} "
            f"[{hit.start}:{hit.end}] {hit.part or '-'} · {hit.section}[/]"
        )
        console.print(hit.text, markup=False, highlight=False)
        console.print()
    if not hits:
        err.print("no matching chunks")


@app.command()
def remove(
    ctx: typer.Context,
    report_id: Annotated[str, typer.Argument(help="Report id (or unique prefix, or file name).")],
    home: HomeOption = None,
) -> None:
    """Delete one report and its chunks from the store."""
    store = _writer(ctx, home)
    try:
        with _store_busy(ctx):
            row = store.remove(report_id)
    except KeyError as exc:
        fail(exc.args[0], 1, "input")
    err.print(f"removed {row.id} ({row.meta.get('town') or '?'} {row.meta.get('year') or ''}, {escape(row.file)})")


@store_app.command("migrate")
def migrate(
    ctx: typer.Context,
    to: Annotated[
        str | None, typer.Option("--to", metavar="URL", help="The Chroma server (default: --chroma-url / FAZHI_CHROMA_URL).")
    ] = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Copy the embedded store under FAZHI_HOME onto a Chroma server: reports, original texts, chunks
    and vectors as they are (no source files, no re-embedding). Reports already there are skipped."""
    settings = _settings(ctx, home)
    url = to or settings.chroma_url
    if not url:
        fail("name the server: fazhi store migrate --to http://host:8000")
    embedded = settings.model_copy(update={"chroma_url": None})
    if not (embedded.store_dir / "catalog.sqlite").exists():
        fail(f"no embedded store at {embedded.store_dir}", 1, "store")
    source = open_store(embedded)
    target = open_store(settings.overriding(chroma_url=url), on_wait=_say_waiting, create=True)
    with err.status("copying…") as status, _store_busy(ctx):
        copied = source.copy_to(target, on_report=lambda row: status.update(f"copied {escape(row.file)}"))
    result = {"copied": copied, "reports": len(target.reports()), "from": source.location, "to": target.location}
    if as_json:
        _print_json(result)
    else:
        err.print(
            f"{copied} reports copied from {escape(source.location)} to {escape(target.location)}; "
            f"it holds {result['reports']}"
        )


def _judge_model(settings: Settings, endpoint, **overrides: object):
    from agent.llm.client import chat_model

    return chat_model(settings, endpoint, stream_usage=True, **overrides)


@app.command()
def scan(
    ctx: typer.Context,
    topic: Annotated[str, typer.Argument(help="What to check every report for, e.g. 执法记录仪.")],
    county: Annotated[str | None, typer.Option("--county")] = None,
    year: Annotated[int | None, typer.Option("--year")] = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Evidence only; status null where a judge is needed.")] = False,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check EVERY report for a topic: has / lacks / not_mentioned / unclear, with the quote."""
    from agent.llm.client import open_endpoint
    from agent.scan import scan as run_scan

    settings = _settings(ctx, home)
    store = open_store(settings)
    if no_llm:
        result = run_scan(store, topic, None, county=county, year=year)
    else:
        with err.status("正在启动模型…") as status, open_endpoint(settings) as endpoint:
            status.update(f"正在核对各报告中的「{topic}」…")
            result = run_scan(
                store, topic, _judge_model(settings, endpoint), county=county, year=year,
                batch_size=settings.scan_batch_size(endpoint.local),
                progress=lambda done, total: status.update(f"正在核对第{done}/{total}份需要判断的报告…"),
            )
    if as_json:
        _print_json([row.as_dict() for row in result.rows])
        return
    from agent.answer.types import ReportRef
    from agent.set_aside import notice, set_aside_in

    table = Table("town", "year", "status", "quote", "where")
    for row in result.rows:
        where = f"{row.file}:{row.line}" if row.line else ""
        table.add_row(row.town or "?", str(row.year or "?"), row.status or "(needs judge)", row.quote or "", where)
    Console().print(table)
    for line in notice(set_aside_in(store, [ReportRef.of_row(row) for row in result.rows])):
        err.print(line, markup=False, highlight=False)
    err.print(f"{len(result.rows)} reports checked, {result.usage.llm_calls} model calls")


@app.command()
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="A question in Chinese or English.")],
    county: Annotated[str | None, typer.Option("--county")] = None,
    year: Annotated[int | None, typer.Option("--year")] = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
    explain: Annotated[bool, typer.Option("--explain", help="Show the plan the question became (intent, towns, topic…).")] = False,
) -> None:
    """Answer a question from the reports, with verified citations."""
    from agent.answer.pipeline import answer_question
    from agent.llm.client import open_endpoint

    settings = _settings(ctx, home)
    store = open_store(settings)
    with open_endpoint(settings) as endpoint, err.status("正在回答…") as status:
        result = answer_question(
            store, question, _judge_model(settings, endpoint), county=county, year=year,
            progress=lambda done, total: status.update(f"正在核对第{done}/{total}份报告…"),
            scan_batch=settings.scan_batch_size(endpoint.local),
            agent_tools=settings.agent_tools_enabled(endpoint.local),
        )
    if as_json:
        _print_json(result.as_dict())
        return
    if explain and result.plan is not None:
        print_plan(Console(), result.plan)
    print_answer(Console(), result)


def print_plan(console: Console, plan) -> None:
    """``--explain``: the fields the planner set, one per line."""
    shown = {k: v for k, v in plan.as_dict().items() if v not in (None, [], False, "") and k not in ("question",)}
    for key, value in shown.items():
        console.print(f"[dim]plan.{key}: {value}[/]", highlight=False)
    console.print()


@app.command()
def chat(
    ctx: typer.Context,
    county: Annotated[str | None, typer.Option("--county")] = None,
    year: Annotated[int | None, typer.Option("--year")] = None,
    home: HomeOption = None,
) -> None:
    """Talk to the reports: follow-ups, /sources, /reset, /save FILE, Ctrl-C stops an answer."""
    from agent.chat import ChatSession, line_reader, run_chat
    from agent.llm.client import open_endpoint

    settings = _settings(ctx, home)
    console = Console(soft_wrap=True)
    with open_endpoint(settings) as endpoint:
        def new_model():  # noqa: ANN202 - its own connection, so an interrupt can close it
            import httpx

            return _judge_model(settings, endpoint, http_client=httpx.Client(timeout=settings.timeout_s))

        session = ChatSession(
            open_store(settings), new_model(), county, year,
            scan_batch=settings.scan_batch_size(endpoint.local),
            agent_tools=settings.agent_tools_enabled(endpoint.local), new_model=new_model,
        )
        run_chat(session, console, line_reader(settings.home / "chat_history"), print_answer)


def print_answer(console: Console, result) -> None:
    from agent.set_aside import notice

    console.print(result.answer, markup=False, highlight=False, soft_wrap=True)
    if not result.verified:
        console.print(f"[yellow]未通过核实、已删除的内容：{'; '.join(result.problems)}[/]", highlight=False)
    if result.citations:
        console.print()
    for number, citation in enumerate(result.citations, 1):
        console.print(
            f"[dim][{number}] {citation.town or '?'} {citation.year or ''} {citation.file}:{citation.line} "
            f"[{citation.start}:{citation.end}][/]"
        )
    set_aside = notice(result.set_aside, result.language)
    if set_aside:
        console.print()
    for line in set_aside:
        console.print(line, style="yellow", markup=False, highlight=False)


@app.command()
def repair(
    ctx: typer.Context,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-embed every chunk into a fresh vector index (slow).")
    ] = False,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Rebuild what can be rebuilt from the catalog: missing vectors, orphan vectors, search cache."""
    store = _writer(ctx, home)
    with _store_busy(ctx):
        result = store.repair(rebuild=rebuild)
    if as_json:
        _print_json(asdict(result))
        return
    health = result.health
    err.print(
        f"re-embedded {result.restored_vectors} missing vectors of {result.restored_reports} reports, "
        f"deleted {result.deleted_orphans} orphan vectors, rebuilt the search cache, {result.seconds:.1f} s; "
        f"store: {health.reports} reports, {health.chunks} chunks, {health.vectors} vectors"
    )


@app.command("doctor")
def doctor_cmd(ctx: typer.Context, home: HomeOption = None, as_json: JsonOption = False) -> None:
    """Check the configuration: endpoint, tool calls, embedder, store, local model."""
    raise typer.Exit(doctor(_settings(ctx, home), as_json))
