"""Answering a question: plan → route → verify → render (start at ``pipeline.answer_question``)."""
