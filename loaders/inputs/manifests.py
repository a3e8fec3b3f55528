"""CSV and JSONL manifests: the researcher's own record of where local files came from.

Each row names a local file (``path``, relative to the manifest) and may give its
``url``, ``outlet``, ``published`` (or ``date``, ISO 8601) and ``language``. These beat
what the page says about itself. A bad row is reported, never fatal: a row that names no
file or cannot be parsed becomes an error entry; a bad value (a date that is not ISO
8601, a URL that is not http(s)) is dropped with a warning and the file is still read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.dates import parse_iso
from loaders.errors import DocumentError
from loaders.inputs.source import Source

__all__ = ["MANIFEST_NAMES", "ManifestRow", "is_manifest", "read_manifest"]

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")


@dataclass
class ManifestRow:
    """One good row: the file it names (resolved) and the metadata it adds."""

    line: int
    path: Path
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)

    def source(self, *, max_bytes: int) -> Source:
        """Return the Source for this row's file, carrying the row's metadata."""
        return Source(
            uri=str(self.path),
            path=self.path,
            url=self.url,
            outlet=self.outlet,
            published=self.published,
            language=self.language,
            max_bytes=max_bytes,
            warnings=list(self.warnings),
        )


def is_manifest(path: Path) -> bool:
    """Return True for a file given as a manifest (any ``.csv`` or ``.jsonl``)."""
    return path.suffix.lower() in (".csv", ".jsonl")


def read_manifest(path: Path) -> tuple[list[ManifestRow], list[Source]]:
    """Return the good rows of the manifest at ``path`` and an error Source per bad row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Source(uri=str(path), error=DocumentError("bad_manifest", f"{path}: {exc}"))]
    rows: list[ManifestRow] = []
    bad: list[Source] = []
    for line, record in _records(path, text):
        where = f"{path}:{line}"
        if isinstance(record, str):
            bad.append(
                Source(uri=where, error=DocumentError("bad_manifest_row", f"{where}: {record}"))
            )
            continue
        row = _row(path, line, record)
        if isinstance(row, DocumentError):
            bad.append(Source(uri=where, error=row))
        else:
            rows.append(row)
    return rows, bad


def _records(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Yield (line number, row as a dict, or why the line is not a row)."""
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
    reader = csv.DictReader(text.splitlines())
    for record in reader:
        line = reader.line_num
        if None in record:
            yield line, "more cells than the header has columns"
            continue
        yield line, dict(record)


def _row(manifest: Path, line: int, record: dict[str, Any]) -> ManifestRow | DocumentError:
    where = f"{manifest}:{line}"
    raw_path = record.get("path")
    if not isinstance(raw_path, str) or not raw_path.strip():
        return DocumentError("bad_manifest_row", f"{where}: the row names no file (path)")
    target = (manifest.parent / raw_path.strip()).resolve()
    if not target.is_file():
        return DocumentError(
            "not_found", f"{target} (named at {where}) does not exist", manifest=str(manifest)
        )
    row = ManifestRow(line=line, path=target)
    url = _text(record.get("url"))
    if url and not url.startswith(("http://", "https://")):
        row.warnings.append(f"bad_manifest_value: {where}: url {url!r} is not http(s); ignored")
    else:
        row.url = url
    row.outlet = _text(record.get("outlet"))
    when = _text(record.get("published")) or _text(record.get("date"))
    row.published = parse_iso(when)
    if when and row.published is None:
        row.warnings.append(f"bad_manifest_value: {where}: date {when!r} is not ISO 8601; ignored")
    language = _text(record.get("language"))
    code = (language or "").split("-")[0]
    if language and not (code.isalpha() and 2 <= len(code) <= 3):
        row.warnings.append(f"bad_manifest_value: {where}: language {language!r}; ignored")
    elif language:
        row.language = code.lower()
    return row


def _text(value: Any) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None
