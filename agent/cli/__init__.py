"""The terminal interface: the ``fazhi`` commands (``main``), one module per command group, the
chat loop, and how progress and errors reach the terminal. Everything here calls the pipelines in
``agent.answer``, ``agent.tables`` and ``agent.digest``; nothing below the CLI imports it."""
