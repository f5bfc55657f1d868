"""Chroma's view of fazhi's embedders (``store.embeddings``): registered embedding functions.

Chroma's default embedding function downloads an ONNX model, which fails offline, so every vector
collection names one of these; a collection is reopened by the name and config it was created
with, which is why they are registered on import and their names never change. They only wrap the
embedders: the store always hands Chroma its vectors itself.
"""

from __future__ import annotations

from typing import Any

from chromadb import Documents, EmbeddingFunction, Embeddings
from chromadb.utils.embedding_functions import register_embedding_function

from store.embeddings import Embedder, OpenAICompatibleEmbedder, UsemEmbedder


@register_embedding_function
class UsemEmbeddingFunction(EmbeddingFunction[Documents]):
    """USE multilingual v3 (512-d), entirely offline."""

    def __init__(self, threads: int = 2) -> None:
        self.threads = threads

    def __call__(self, input: Documents) -> Embeddings:
        return UsemEmbedder(self.threads)(list(input))

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
    """Embeddings from an OpenAI-compatible ``/embeddings`` endpoint (the key is never persisted)."""

    def __init__(self, model: str, base_url: str | None = None, api_key: str | None = None) -> None:
        self.model = model
        self.base_url = base_url
        self.api_key = api_key

    def __call__(self, input: Documents) -> Embeddings:
        return OpenAICompatibleEmbedder(self.model, self.base_url, self.api_key)(list(input))

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


def embedding_function(embedder: Embedder) -> EmbeddingFunction[Documents]:
    """The registered function that names ``embedder`` to Chroma."""
    if isinstance(embedder, UsemEmbedder):
        return UsemEmbeddingFunction(threads=embedder.threads)
    if isinstance(embedder, OpenAICompatibleEmbedder):
        return OpenAICompatibleEmbeddingFunction(embedder.model, embedder.base_url, embedder.api_key)
    raise TypeError(f"no Chroma embedding function for {type(embedder).__name__}")
