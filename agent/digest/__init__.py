"""The county digest memo: built by code from verified lines (``build``), written as Markdown or
Word (``write``)."""
