"""The chat-model layer: install/run the embedded llama.cpp model, or talk to any OpenAI-compatible URL.

Use ``open_endpoint(settings)`` + ``chat_model(settings, endpoint)``; see ``client.py``.
"""

from agent.llm.client import Endpoint, chat_model, open_endpoint, openai_client
from agent.llm.errors import FazhiLLMError

__all__ = ["Endpoint", "FazhiLLMError", "chat_model", "open_endpoint", "openai_client"]
