"""The chat-model layer: install/run the embedded llama.cpp model, or talk to any OpenAI-compatible URL.

Use ``open_endpoint(settings)`` + ``chat_model(settings, endpoint)`` from ``client.py``. This package
re-exports nothing: importing ``agent.llm.errors`` (every command's failure contract) must not load
the OpenAI SDK, which only the commands that talk to a model need.
"""
