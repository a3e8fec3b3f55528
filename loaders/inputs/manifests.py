"""CSV and JSONL manifests: the researcher's own record of where local files came from.

Each row names a local file (``path``, relative to the manifest) and may give its
``url``, ``outlet``, ``published`` (or ``date``, ISO 8601) and ``language``. These beat
what the page says about itself. A bad row is reported, never fatal: a row that names no
file or cannot be parsed becomes an error entry; a bad value (a date that is not ISO
8601, a URL that is not http(s)) is dropped with a warning and the file is still read.

A manifest often comes with a corpus from someone else, so it may only name files in
its own folder (and below): an absolute path, a ``../`` that climbs out, or a symlink
leading out is an ``outside_manifest`` error for that row, unless ``allow_outside``
is given. Otherwise one row ``../../../../etc/passwd`` would turn a local secret into
an article title, edge evidence and part of every export.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from graph.dates import parse_iso
from loaders.errors import DocumentError
from loaders.inputs.source import Source
from loaders.inputs.tables import table_rows

__all__ = ["MANIFEST_NAMES", "ManifestRow", "is_manifest", "read_manifest"]

MANIFEST_NAMES = ("manifest.csv", "manifest.jsonl")


@dataclass
class ManifestRow:
    """One good row: the file it names (resolved) and the metadata it adds."""

    line: int
    path: Path
    #: The file as the row names it, beside the manifest (links not resolved), for reports.
    shown: Path
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str | None = None
    warnings: list[str] = field(default_factory=list)

    def source(self, *, max_bytes: int, uri: str) -> Source:
        """Return the Source for this row's file (named ``uri``), with the row's metadata."""
        return Source(
            uri=uri,
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


def read_manifest(
    path: Path, *, allow_outside: bool = False
) -> tuple[list[ManifestRow], list[Source]]:
    """Return the good rows of the manifest at ``path`` and an error Source per bad row."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Source(uri=str(path), error=DocumentError("bad_manifest", f"{path}: {exc}"))]
    rows: list[ManifestRow] = []
    bad: list[Source] = []
    for line, record in table_rows(path, text, short_rows=True):
        where = f"{path}:{line}"
        if isinstance(record, str):
            bad.append(
                Source(uri=where, error=DocumentError("bad_manifest_row", f"{where}: {record}"))
            )
            continue
        row = _row(path, line, record, allow_outside=allow_outside)
        if isinstance(row, DocumentError):
            bad.append(Source(uri=where, error=row))
        else:
            rows.append(row)
    return rows, bad


def _row(
    manifest: Path, line: int, record: dict[str, Any], *, allow_outside: bool
) -> ManifestRow | DocumentError:
    where = f"{manifest}:{line}"
    raw_path = record.get("path")
    if not isinstance(raw_path, str) or not raw_path.strip():
        return DocumentError("bad_manifest_row", f"{where}: the row names no file (path)")
    named = Path(raw_path.strip())
    folder = manifest.parent.resolve()
    target = (folder / named).resolve()
    if not allow_outside and (named.is_absolute() or not target.is_relative_to(folder)):
        # The row's own words, not the resolved target: what it points at is none of
        # the report's business.
        return DocumentError(
            "outside_manifest",
            f"{where}: {raw_path.strip()!r} is outside the manifest's folder; not read "
            "(--allow-outside reads it)",
            manifest=str(manifest),
        )
    if not target.is_file():
        return DocumentError(
            "not_found", f"{target} (named at {where}) does not exist", manifest=str(manifest)
        )
    row = ManifestRow(line=line, path=target, shown=Path(os.path.normpath(manifest.parent / named)))
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
