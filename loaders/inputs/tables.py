"""The rows of a ``.csv`` or ``.jsonl`` table, numbered: manifests and declared-source dumps.

Both read a researcher's table the same way and report a bad line by its number, so
one reader serves both; what a row means is each caller's business.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["table_rows"]


def table_rows(
    path: Path, text: str, *, short_rows: bool = False
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Yield (line number, row as a dict, or why the line is not a row) for ``text``,
    read as JSON lines when ``path`` ends in ``.jsonl``, else as CSV with a header.

    A CSV row with more cells than the header has columns is never a row; one with
    fewer is a row whose missing cells are None when ``short_rows`` is set (a
    manifest's trailing columns are optional), else it is not a row.

    >>> list(table_rows(Path("m.csv"), "path,url\\na.html\\nb.html,x,y\\n", short_rows=True))
    [(2, {'path': 'a.html', 'url': None}), (3, 'more cells than the header has columns')]
    >>> list(table_rows(Path("d.jsonl"), '{"url": "u"}\\n[1]\\n'))
    [(1, {'url': 'u'}), (2, 'not a JSON object')]
    """
    if path.suffix.lower() == ".jsonl":
        for line, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                yield line, f"not JSON ({exc.msg})"
                continue
            yield line, value if isinstance(value, dict) else "not a JSON object"
        return
    # newline="" keeps quoted cells that span lines whole (a text column often does).
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for record in reader:
            if None in record:
                yield reader.line_num, "more cells than the header has columns"
            elif not short_rows and any(v is None for v in record.values()):
                yield reader.line_num, "fewer cells than the header has columns"
            else:
                yield reader.line_num, dict(record)
    except csv.Error as exc:
        yield reader.line_num, f"not CSV ({exc})"
