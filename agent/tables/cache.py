"""Model picks (and the digest's pair verdicts, ``agent.digest.judge``) remembered by what was asked:
a re-run over unchanged reports makes no model call.

The key is a hash of the model's name and the full prompt (template, report sentences and numbered
candidates), so a changed report, candidate list or prompt file asks again and nothing stale is
reused. Stored as one JSON file under ``FAZHI_HOME`` (``cache/picks.json``)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path


class PickCache:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.hits = 0
        self._picks: dict[str, int | float | None] = {}
        if path is not None and path.exists():
            try:
                self._picks = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                self._picks = {}  # a damaged cache only costs model calls

    @staticmethod
    def key(model_name: str, prompt: str) -> str:
        return hashlib.sha256(f"{model_name}\n{prompt}".encode()).hexdigest()

    def get(self, key: str) -> tuple[bool, int | float | None]:
        if key in self._picks:
            self.hits += 1
            return True, self._picks[key]
        return False, None

    def put(self, key: str, pick: int | float | None) -> None:
        self._picks[key] = pick

    def save(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self._picks), encoding="utf-8")
        tmp.replace(self.path)  # atomic: a reader never sees half a file
