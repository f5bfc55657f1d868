"""The ``fazhi`` command line: thin commands over the store and the agent library."""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from agent.cli.config import config_app, settings_for_command
from agent.cli.digest import compare as compare_command
from agent.cli.digest import digest as digest_command
from agent.cli.errors import FazhiGroup, fail
from agent.cli.evals import eval_app
from agent.cli.facts import register as register_facts
from agent.cli.model import doctor, model_app
from agent.cli.progress import alert, err, progress_bars, spinner, warn_fallbacks
from agent.cli.render import Shortened, keep_whole, out_console, print_legend, shorten, wrapped
from agent.cli.tables import register as register_tables
from agent.stores import command_settings, list_reports, open_for_reading, open_store, require_store
from agent.ui_text import current_language, said, t, use_language
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
    help=t("app"),
    epilog=t("app.epilog"),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(model_app, name="model")
app.add_typer(eval_app, name="eval")
app.add_typer(config_app, name="config")
store_app = typer.Typer(help=t("store"), no_args_is_help=True)
app.add_typer(store_app, name="store")
register_tables(app)
register_facts(app)
app.command("digest", help=t("digest"), epilog=t("digest.example"))(digest_command)
app.command("compare", help=t("compare"), epilog=t("compare.example"))(compare_command)

HomeOption = Annotated[
    Path | None, typer.Option("--home", help=t("opt.home"))
]
JsonOption = Annotated[bool, typer.Option("--json", help=t("opt.json"))]
CountyOption = Annotated[str | None, typer.Option("--county", help=t("opt.county"))]
YearOption = Annotated[int | None, typer.Option("--year", help=t("opt.year"))]


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
        typer.Option("--chroma-url", metavar="URL", help=t("opt.chroma_url")),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=t("opt.debug"))] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=t("opt.quiet"))] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_print_version, is_eager=True,
                                          help=t("opt.version"))] = False,
) -> None:
    ctx.obj = settings_for_command(home=home, chroma_url=chroma_url, quiet=quiet or None)
    use_language(ctx.obj.lang)


def _settings(ctx: typer.Context, home: Path | None) -> Settings:
    return command_settings(ctx.obj, home)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


EXIT_BUSY = 75  # sysexits' EX_TEMPFAIL: another process is writing; try again later
EXIT_NO_INPUT = 66  # sysexits' EX_NOINPUT: the paths named hold no report file, so nothing was ingested


def _say_waiting(line: str) -> None:
    alert(f"[yellow]{t('word.waiting')}[/] {escape(line)}")


def _writer(ctx: typer.Context, home: Path | None) -> ReportStore:
    """The store for a command that writes: it says so on stderr when it waits for another writer."""
    return open_store(_settings(ctx, home), on_wait=_say_waiting, create=True)


@contextlib.contextmanager
def _store_busy(ctx: typer.Context) -> Iterator[None]:
    """A write that gave up waiting for another writer: one line and exit 75 (try again later)."""
    try:
        yield
    except StoreBusyError as exc:
        fail(said("err.busy", error=exc), EXIT_BUSY, "store")


@app.command(help=t("ingest"), epilog=t("ingest.example"))
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=t("ingest.paths"), metavar="PATH...")],
    vectors_later: Annotated[bool, typer.Option("--vectors-later", help=t("ingest.vectors_later"))] = False,
    listed: Annotated[bool, typer.Option("--list", "-l", help=t("ingest.list"))] = False,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Exit 1 when a file failed; 66 (EX_NOINPUT) when the paths hold no report file at all, so
    a script never takes "nothing there" for a done ingest; each named folder without a report
    file is one warning line either way."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

    from store.loaders import SUPPORTED_SUFFIXES

    store = _writer(ctx, home)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with progress_bars(*columns, disable=as_json) as progress:
        task = progress.add_task(t("progress.ingesting"), total=None)
        chunks = progress.add_task("", total=None, visible=False)  # the embedding of one large file

        def on_file(outcome: IngestOutcome) -> None:
            if outcome.status == "failed":
                alert(f"[red]{t('word.error')}[/] {escape(outcome.file)}: {escape(outcome.problem or '')}")
            progress.advance(task)

        def on_chunks(file: str, done: int, total: int) -> None:
            progress.update(chunks, description=f"  {escape(file)}", completed=done, total=total, visible=done < total)

        def on_searchable(count: int) -> None:
            if not as_json:  # with --json, stderr carries errors only
                progress.console.print(t("progress.searchable", n=count), markup=False, highlight=False)

        with _store_busy(ctx):
            summary = store.ingest(
                paths,
                on_file=on_file,
                on_found=lambda total: progress.update(task, total=total),
                on_chunks=on_chunks,
                on_searchable=on_searchable,
                vectors_later=vectors_later,
            )
    result = summary.as_dict()
    if summary.vectors_pending:
        settings = _settings(ctx, home)
        log = settings.runtime_dir / "embed.log"
        result["embedding_pid"] = _embed_in_background(settings, log)
        if not as_json:
            err.print(t("progress.vectors_later", n=summary.vectors_pending, pid=result["embedding_pid"], log=log),
                      markup=False, highlight=False)
    if as_json:
        _print_json(result)
    else:
        vectors = sum(outcome.chunks for outcome in summary.outcomes if outcome.status == "repaired")
        repaired = t("sum.ingest.repaired", n=result["repaired"], vectors=vectors) if result["repaired"] else ""
        counts = {key: result[key] for key in ("reports", "added", "replaced", "chunks", "unchanged", "failed", "seconds")}
        err.print(t("sum.ingest", **counts, repaired=repaired, store=store.location), markup=False, highlight=False)
        for outcome in summary.outcomes:
            if outcome.status in ("duplicate", "skipped"):
                alert(f"[yellow]{t('word.skipped')}[/] {escape(outcome.file)}: {escape(outcome.problem or '')}")
        if listed:
            print_ingested(out_console(), summary.outcomes, store)
    for folder in summary.empty_folders:
        alert(f"[yellow]{t('word.warning')}[/] {escape(t('ingest.empty_folder', folder=folder, suffixes=' '.join(SUPPORTED_SUFFIXES)))}")
    if result["failed"]:
        raise typer.Exit(1)
    if all(outcome.status == "skipped" for outcome in summary.outcomes):
        raise typer.Exit(EXIT_NO_INPUT)


def print_ingested(console: Console, outcomes: list[IngestOutcome], store: ReportStore) -> None:
    """``ingest --list``: what each file became (town, county, year as read from its text, never
    from its name), so a file read as the wrong town is seen at once."""
    meta = {row.id: row.meta for row in store.reports()}
    grid = Table(t("col.file"), t("col.status"), t("col.town"), t("col.county"), t("col.year"), header_style="bold")
    for column in grid.columns[1:]:
        column.no_wrap = True
    for outcome in outcomes:
        read = meta.get(outcome.report_id or "", {})
        grid.add_row(outcome.file, t(f"ingest.status.{outcome.status}"), read.get("town") or "",
                     read.get("county") or "", str(read.get("year") or ""))
    keep_whole(console, grid, grid.columns[0], [outcome.file for outcome in outcomes])
    console.print(grid)


def _embed_in_background(settings: Settings, log: Path) -> int:
    """Start ``fazhi repair`` on this store as a process of its own session (the shell's Ctrl-C and
    a closed terminal leave it running), writing to ``log``; it waits for the write lock, embeds
    every pending vector and rebuilds the search cache. Returns its pid."""
    import subprocess

    command = [sys.executable, "-c", "from agent.cli.main import app; app()", "--home", str(settings.home)]
    if settings.chroma_url:
        command += ["--chroma-url", settings.chroma_url]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as output:
        process = subprocess.Popen([*command, "repair"], stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    return process.pid


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


def part_labels(parts: list[str]) -> str:
    """The parts a report has, as short words in the interface language, in outline order."""
    return " ".join(t(f"part.{part}") for part in PARTS if part in parts)


@app.command(help=t("reports"), epilog=t("reports.example"))
def reports(ctx: typer.Context, home: HomeOption = None, as_json: JsonOption = False) -> None:
    rows = [_report_dict(r) for r in list_reports(_settings(ctx, home))]
    if as_json:
        _print_json(rows)
        return
    # id over file in one column: both whole (they are pasted into other commands), the parts wrap
    table = Table(t("col.town"), t("col.county"), t("col.year"), t("col.parts"), t("col.chunks"), t("col.id_file"))
    table.columns[3].overflow = "fold"  # wraps between the words; "ellipsis" cuts a line that fits exactly
    table.columns[-1].no_wrap = True  # so that the parts column is the one that wraps
    for r in rows:
        table.add_row(r["town"] or "?", r["county"] or "-", str(r["year"] or "?"), part_labels(r["parts"]),
                      str(r["chunks"]), f"{r['id']}\n{r['file']}")
    console = out_console()
    keep_whole(console, table, table.columns[-1], [text for r in rows for text in (r["id"], r["file"])])
    console.print(table)
    err.print(t("sum.reports", n=len(rows)))


@app.command(help=t("search"), epilog=t("search.example"))
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help=t("search.query"), metavar="QUERY")],
    k: Annotated[int, typer.Option("-k", help=t("search.k"))] = 8,
    town: Annotated[str | None, typer.Option("--town", help=t("search.town"))] = None,
    county: CountyOption = None,
    year: YearOption = None,
    part: Annotated[
        str | None, typer.Option("--part", help=t("search.part", parts=", ".join(PARTS)))
    ] = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    if part and part not in PARTS:
        fail(said("err.part", parts=", ".join(PARTS)))
    store = open_for_reading(_settings(ctx, home), ctx.with_resource)
    hits = store.search(query, k=k, town=town, county=county, year=year, part=part)
    if pending := len(store.pending_reports()):
        alert(escape(t("note.pending", n=pending)))
    keys = ("report_id", "file", "town", "year", "part", "section", "text", "start", "end", "line", "score")
    if as_json:
        _print_json([{key: hit.as_dict()[key] for key in keys} | {"county": hit.county} for hit in hits])
        return
    console = out_console()
    for rank, hit in enumerate(hits, 1):
        part = t(f"part.{hit.part}") if hit.part in PARTS else "-"
        heading = f"{rank}. {hit.town or '?'} {hit.year or ''} · {part} · {hit.section}"
        console.print(shorten(heading, console.width), style="bold", markup=False, highlight=False, soft_wrap=True)
        console.print(f"{hit.file}:{hit.line} [{hit.start}:{hit.end}]", style="dim", markup=False,
                      highlight=False, soft_wrap=True)
        for line in wrapped(console, hit.text):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
        console.print()
    if not hits:
        err.print(t("sum.no_hits"))


@app.command(help=t("remove"), epilog=t("remove.example"))
def remove(
    ctx: typer.Context,
    report_id: Annotated[str, typer.Argument(help=t("remove.id"), metavar="REPORT_ID")],
    home: HomeOption = None,
) -> None:
    store = _writer(ctx, home)
    try:
        with _store_busy(ctx):
            row = store.remove(report_id)
    except KeyError as exc:
        fail(exc.args[0], 1, "input")
    err.print(t("sum.removed", id=row.id, town=row.meta.get("town") or "?", year=row.meta.get("year") or "", file=row.file),
              markup=False, highlight=False)


@store_app.command("migrate", help=t("migrate"), epilog=t("migrate.example"))
def migrate(
    ctx: typer.Context,
    to: Annotated[str | None, typer.Option("--to", metavar="URL", help=t("migrate.to"))] = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    settings = _settings(ctx, home)
    url = to or settings.chroma_url
    if not url:
        fail(said("err.migrate_to"))
    embedded = settings.model_copy(update={"chroma_url": None})
    if not (embedded.store_dir / "catalog.sqlite").exists():
        fail(said("err.no_embedded_store", path=embedded.store_dir), 1, "store")
    source = open_store(embedded)
    target = open_store(settings.overriding(chroma_url=url), on_wait=_say_waiting, create=True)
    with spinner(t("progress.copying")) as status, _store_busy(ctx):
        copied = source.copy_to(target, on_report=lambda row: status.update(t("progress.copied", file=escape(row.file))))
    result = {"copied": copied, "reports": len(target.reports()), "from": source.location, "to": target.location}
    if as_json:
        _print_json(result)
    else:
        err.print(t("sum.migrated", copied=copied, source=source.location, target=target.location, n=result["reports"]),
                  markup=False, highlight=False)


def _judge_model(settings: Settings, endpoint):
    """The model of scan, ask and chat: usage asked for in streams, and an HTTP client of its own,
    so that ``hang_up`` can abandon its requests (past the deadline, on Ctrl-C) and nobody else's."""
    import openai

    from agent.llm.client import chat_model

    return chat_model(settings, endpoint, stream_usage=True, http_client=openai.DefaultHttpxClient())


@app.command(help=t("scan"), epilog=t("scan.example"))
def scan(
    ctx: typer.Context,
    topic: Annotated[str, typer.Argument(help=t("scan.topic"), metavar="TOPIC")],
    county: CountyOption = None,
    year: YearOption = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help=t("scan.no_llm"))] = False,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    from agent.llm.client import open_endpoint
    from agent.scan import registry_topic_named, scan_topic

    settings = _settings(ctx, home)
    store = open_for_reading(settings, ctx.with_resource)
    if no_llm or registry_topic_named(topic):  # a registry topic is read from the fact sheets
        result = scan_topic(store, topic, None, county=county, year=year)
    else:
        with spinner(t("progress.starting_model")) as status, open_endpoint(settings) as endpoint:
            status.update(t("progress.scan_topic", topic=topic))
            result = scan_topic(
                store, topic, _judge_model(settings, endpoint), county=county, year=year,
                batch_size=settings.scan_batch_size(endpoint.local),
                progress=lambda done, total: status.update(t("progress.scan_judging", done=done, total=total)),
            )
    warn_fallbacks(result.usage.fallbacks)
    if as_json:
        _print_json([row.as_dict() for row in result.rows])
        return
    from agent.answer.types import ReportRef
    from agent.set_aside import notice, set_aside_in

    # the quote shortens to what the terminal leaves it; its file:line, below it, is never cut
    table = Table(t("col.town"), t("col.year"), t("col.status"), t("col.quote_where"))
    for column in table.columns[:3]:
        column.no_wrap = True
    for row in result.rows:
        where = Text(f"{row.file}:{row.line}", style="dim", overflow="fold")
        table.add_row(row.town or "?", str(row.year or "?"), t(f"status.{row.status or 'none'}"),
                      Group(Shortened(row.quote), where) if row.quote else "")
    console = out_console()
    keep_whole(console, table, table.columns[-1], [f"{row.file}:{row.line}" for row in result.rows if row.quote])
    console.print(table)
    print_legend(console, "legend.scan")
    for line in notice(set_aside_in(store, [ReportRef.of_row(row) for row in result.rows])):
        alert(escape(line))
    err.print(t("sum.scan", n=len(result.rows), calls=result.usage.llm_calls))


@app.command(help=t("ask"), epilog=t("ask.example"))
def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help=t("ask.question"), metavar="QUESTION")],
    county: CountyOption = None,
    year: YearOption = None,
    home: HomeOption = None,
    as_json: JsonOption = False,
    explain: Annotated[bool, typer.Option("--explain", help=t("ask.explain"))] = False,
) -> None:
    import time

    from agent.answer.pipeline import answer_question
    from agent.llm.client import hang_up, open_endpoint
    from agent.llm.deadline import within_deadline

    started = time.monotonic()  # FAZHI_DEADLINE counts opening the store and the model as well
    settings = _settings(ctx, home)
    store = open_for_reading(settings, ctx.with_resource)
    with open_endpoint(settings) as endpoint, spinner(t("progress.answering")) as status:
        model = _judge_model(settings, endpoint)
        result = within_deadline(lambda: answer_question(
            store, question, model, county=county, year=year,
            progress=lambda done, total: status.update(t("progress.checking", done=done, total=total)),
            scan_batch=settings.scan_batch_size(endpoint.local),
            agent_tools=settings.agent_tools_enabled(endpoint.local),
        ), settings.deadline, endpoint.base_url, on_expiry=lambda: hang_up(model), started=started)
    if as_json:
        _print_json(result.as_dict())
        return
    console = out_console()
    if explain and result.plan is not None:
        print_plan(console, result.plan, store)
    print_answer(console, result)


def print_plan(console: Console, plan, store=None) -> None:  # noqa: ANN001
    """``--explain``: the fields the planner set, one per line, then the planning bank's vote and
    its nearest questions (``agent/answer/bank.py``) where the bank and a store's encoder are at hand."""
    from agent.answer.bank import bank_for

    shown = {k: v for k, v in plan.as_dict().items() if v not in (None, [], False, "") and k not in ("question",)}
    for key, value in shown.items():
        console.print(f"[dim]plan.{key}: {value}[/]", highlight=False)
    bank = bank_for(store.embedder) if store is not None else None
    if bank is not None:
        vote = bank.vote(plan.question)
        agrees = "agrees with" if vote.intent == plan.intent else "differs from"
        for line in vote.lines():
            console.print(line, style="dim", highlight=False, markup=False)
        console.print(f"bank {agrees} the rules' intent ({plan.intent})", style="dim", highlight=False, markup=False)
    console.print()


@app.command(help=t("chat"), epilog=t("chat.example"))
def chat(
    ctx: typer.Context,
    county: CountyOption = None,
    year: YearOption = None,
    home: HomeOption = None,
) -> None:
    """The prompt shows at once; the store and the model open on a thread meanwhile (``Opening``).
    What can be told at once fails at once, as before: no store, no local model installed."""
    from agent.cli.chat import Backend, ChatSession, Opening, line_reader, run_chat

    settings = _settings(ctx, home)
    require_store(settings)
    if settings.uses_local_model:
        from agent.llm.install import require_installed

        require_installed(settings)

    def open_backend(stack: contextlib.ExitStack, abandon: threading.Event) -> Backend:
        import agent.answer.pipeline  # noqa: F401 - loaded here, while the user types, not by the first question
        from agent.llm.client import open_endpoint

        store = open_store(settings)
        endpoint = stack.enter_context(open_endpoint(settings, abandon))
        return Backend(store, _judge_model(settings, endpoint), lambda: _judge_model(settings, endpoint))

    local = settings.uses_local_model
    opening = Opening(open_backend)
    try:
        session = ChatSession(None, None, county, year, scan_batch=settings.scan_batch_size(local),
                              agent_tools=settings.agent_tools_enabled(local), deadline=settings.deadline,
                              opening=opening)
        run_chat(session, Console(soft_wrap=True), line_reader(settings.home / "chat_history"), print_answer)
    finally:
        opening.close()


def print_answer(console: Console, result) -> None:
    from agent.set_aside import notice

    console.print(result.answer, markup=False, highlight=False, soft_wrap=True)
    if not result.verified:
        # the checks' reasons are English diagnostics (``problems`` in --json); Chinese gets their count
        removed = (t("answer.removed", problems="; ".join(result.problems)) if current_language() == "en"
                   else t("answer.removed_n", n=len(result.problems)))
        console.print(removed, style="yellow", markup=False, highlight=False)
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


@app.command(help=t("repair"), epilog=t("repair.example"))
def repair(
    ctx: typer.Context,
    rebuild: Annotated[bool, typer.Option("--rebuild", help=t("repair.rebuild"))] = False,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    store = _writer(ctx, home)
    with _store_busy(ctx):
        result = store.repair(rebuild=rebuild)
    if as_json:
        _print_json(asdict(result))
        return
    health = result.health
    err.print(t("sum.repaired", vectors=result.restored_vectors, reports=result.restored_reports,
                orphans=result.deleted_orphans, seconds=result.seconds, store_reports=health.reports,
                chunks=health.chunks, store_vectors=health.vectors), markup=False, highlight=False)


@app.command("doctor", help=t("doctor"), epilog=t("doctor.example"))
def doctor_cmd(ctx: typer.Context, home: HomeOption = None, as_json: JsonOption = False) -> None:
    raise typer.Exit(doctor(_settings(ctx, home), as_json))
