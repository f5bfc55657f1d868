"""``fazhi doctor``: what is configured, what works, and the one command that fixes what does not.

The probe is deliberately tiny (one short prompt, one trivial tool) so it is cheap against a paid
endpoint and quick on the 2-core local model; it checks the two things every command needs:
the endpoint answers, and it returns OpenAI ``tool_calls`` for our tool format.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

import openai

from agent.config_view import SettingView, describe
from agent.llm.client import Endpoint, open_endpoint, openai_client, request_timeout
from agent.llm.errors import FazhiLLMError, shown
from agent.llm.install import model_path, runtime_ready, server_path
from agent.settings import Settings
from agent.stores import open_store
from store.errors import ChromaServerError

PROBE_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "add",
        "description": "Add two integers and return the sum.",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
        },
    },
}


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


@dataclass
class DoctorReport:
    endpoint: str
    model: str
    local: bool
    embedder: str
    store_dir: str
    store: dict[str, Any] = field(default_factory=dict)  # mode, path or url, and the health counts
    checks: list[Check] = field(default_factory=list)
    settings: list[SettingView] = field(default_factory=list)  # every setting, keys masked, with its source

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def _probe(settings: Settings, endpoint: Endpoint) -> list[Check]:
    """One plain completion and one tool-call request against ``endpoint``."""
    client = openai_client(settings, endpoint).with_options(
        max_retries=0, timeout=request_timeout(settings, min(settings.timeout_s, 120))
    )
    t0 = time.perf_counter()
    reply = client.chat.completions.create(
        model=endpoint.model,
        messages=[{"role": "user", "content": "Reply with the single word: ok"}],
        temperature=0,
        max_tokens=8,
    )
    text = (reply.choices[0].message.content or "").strip()
    checks = [Check("endpoint answers", True, f"{shown(text, 40)!r} in {time.perf_counter() - t0:.1f}s")]
    t0 = time.perf_counter()
    reply = client.chat.completions.create(
        model=endpoint.model,
        messages=[{"role": "user", "content": "What is 2 + 3? Use the add tool."}],
        tools=[PROBE_TOOL],  # type: ignore[list-item]
        temperature=0,
        max_tokens=64,
    )
    calls = reply.choices[0].message.tool_calls or []
    names = [c.function.name for c in calls if c.type == "function"]
    took = time.perf_counter() - t0
    checks.append(
        Check(
            "tool calls",
            "add" in names,
            f"called {names} in {took:.1f}s" if names else f"no tool call in {took:.1f}s",
            "" if names else "use a model/endpoint that supports OpenAI tool calls (the local model does)",
        )
    )
    return checks


def _store_check(settings: Settings, report: DoctorReport) -> Check:
    """Counts of reports, chunks and vectors (into ``report.store``, beside its mode and place), and
    whether every chunk has its vector and every vector its chunk. An embedded store that does not
    exist is not created; a store on a server exists when the server (or its proxy) answers."""
    if not settings.chroma_url and not settings.store_dir.exists():
        return Check("store", False, "no store yet", "fazhi ingest <report files or folders>")
    try:
        store = open_store(settings)
        health = store.health()
    except ChromaServerError as exc:
        return Check("store", False, str(exc), "start it (chroma run --path DIR --port 8000) or fix FAZHI_CHROMA_URL")
    except Exception as exc:  # a diagnosis must survive the damage it is asked about
        return Check("store", False, f"cannot open it ({type(exc).__name__}: {exc})", "fazhi repair")
    report.store.update(asdict(health))
    detail = f"{health.reports} reports, {health.chunks} chunks, {health.vectors} vectors"
    if health.pending_vectors:
        detail += (f", {health.pending_vectors} vectors of {health.pending_reports} reports pending "
                   "(an ingest is embedding them; if none is running, `fazhi repair`)")
    if health.consistent:
        return Check("store", True, f"{detail} ({store.location})")
    problems = f"{health.missing_vectors} missing vectors, {health.orphan_vectors} orphan vectors"
    return Check("store", False, f"{detail}: {problems}", "fazhi repair")


def run_doctor(settings: Settings, probe: bool = True) -> DoctorReport:
    """Collect install state and (optionally) probe the endpoint; never raises for a user problem."""
    local = settings.base_url is None
    report = DoctorReport(
        endpoint=settings.base_url or "(embedded local model)",
        model=settings.model or ("(local default)" if local else "(endpoint default)"),
        local=local,
        embedder=settings.embedder,
        store_dir=str(settings.store_dir),
        store=dict(settings.store_location),
        settings=describe(settings),
    )
    report.checks.append(_store_check(settings, report))  # the store does not depend on the model
    model, built = model_path(settings), runtime_ready(settings)
    for name, ok, where in (
        ("local model", model.is_file(), model),
        ("local runtime", built, server_path(settings)),
    ):
        if ok:
            report.checks.append(Check(name, True, str(where)))
        elif local:
            report.checks.append(Check(name, False, f"missing: {where}", "fazhi model install"))
        else:  # a remote endpoint does not need it: report, don't fail
            report.checks.append(Check(name, True, "not installed (not needed with FAZHI_BASE_URL)"))
    if local and not (model.is_file() and built):
        report.checks.append(
            Check("endpoint answers", False, "local model not installed", "fazhi model install")
        )
        return report
    if not probe:
        return report
    try:
        with open_endpoint(settings) as endpoint:
            report.endpoint = endpoint.base_url + (" (embedded, started for this check)" if local else "")
            report.model = endpoint.model
            report.checks.extend(_probe(settings, endpoint))
    except (FazhiLLMError, openai.OpenAIError) as exc:
        msg = shown(str(exc), 300 if isinstance(exc, FazhiLLMError) else 200)
        report.checks.append(
            Check("endpoint answers", False, msg, "see the message; then rerun fazhi doctor")
        )
    return report
