"""The indicator table: one row per report, one verifiable cell per standard indicator.

``build`` turns pattern candidates (``store.indicators``) into cells, asking the model only where
candidates disagree; ``render`` writes the rows as md, csv, xlsx or json.
"""

from agent.tables.build import Cell, TableRow, build_rows, collect, resolve

__all__ = ["Cell", "TableRow", "build_rows", "collect", "resolve"]
