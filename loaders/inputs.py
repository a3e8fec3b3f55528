"""Where documents come from: files, folders, manifests and URLs.

Each input yields ``Source`` objects lazily, so a large folder streams instead of
being read at once, and a failing input becomes a report line instead of an abort.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from loaders.documents import MAX_BYTES
from loaders.errors import DocumentError

__all__ = ["DOCUMENT_SUFFIXES", "Source", "iter_sources"]

DOCUMENT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".md", ".markdown")
MANIFEST_NAMES = ("manifest.csv",)
_USER_AGENT = "citegraph/0.1 (source-citation research; +https://github.com/citegraph)"


@dataclass
class Source:
    """One input document before parsing; ``load`` raises DocumentError on failure."""

    uri: str
    path: Path | None = None
    url: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    language: str | None = None
    content_type: str | None = None
    error: DocumentError | None = None

    def load(self, *, timeout: float = 20.0) -> bytes:
        if self.error is not None:
            raise self.error
        if self.path is not None:
            return _read_file(self.path)
        if self.url is not None:
            return self._fetch(timeout)
        raise DocumentError("no_input", f"{self.uri}: nothing to read")

    def _fetch(self, timeout: float) -> bytes:
        assert self.url is not None
        try:
            with (
                httpx.Client(
                    follow_redirects=True, timeout=timeout, headers={"User-Agent": _USER_AGENT}
                ) as client,
                client.stream("GET", self.url) as resp,
            ):
                if resp.status_code >= 400:
                    raise DocumentError(
                        "fetch_failed",
                        f"{self.url}: HTTP {resp.status_code}",
                        url=self.url,
                        status=resp.status_code,
                    )
                self.content_type = resp.headers.get("content-type")
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise DocumentError(
                            "too_large", f"{self.url}: over {MAX_BYTES} bytes", url=self.url
                        )
                    chunks.append(chunk)
                self.url = str(resp.url)
                return b"".join(chunks)
        except httpx.HTTPError as exc:
            raise DocumentError(
                "fetch_failed", f"{self.url}: {type(exc).__name__}: {exc}", url=self.url
            ) from exc


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(
                "too_large", f"{path} is {size} bytes; the limit is {MAX_BYTES}", size=size
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise DocumentError("not_found", f"{path} does not exist") from None
    except IsADirectoryError:
        raise DocumentError("unreadable", f"{path} is a directory") from None
    except PermissionError:
        raise DocumentError("unreadable", f"{path}: permission denied") from None


def _parse_when(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _manifest(path: Path) -> dict[str, dict[str, str]]:
    """Rows of a manifest CSV (path, url, outlet, published, language) by file path."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {
            str((path.parent / row["path"]).resolve()): row
            for row in csv.DictReader(fh)
            if row.get("path")
        }


def _from_file(path: Path, meta: dict[str, str] | None) -> Source:
    meta = meta or {}
    return Source(
        uri=str(path),
        path=path,
        url=meta.get("url") or None,
        outlet=meta.get("outlet") or None,
        published=_parse_when(meta.get("published") or meta.get("date")),
        language=meta.get("language") or None,
    )


def iter_sources(inputs: list[str]) -> Iterator[Source]:
    """Yield a Source for every document named by ``inputs`` (files, folders, URLs)."""
    for raw in inputs:
        if raw.startswith(("http://", "https://")):
            yield Source(uri=raw, url=raw)
            continue
        path = Path(raw)
        if path.is_dir():
            meta: dict[str, dict[str, str]] = {}
            for name in MANIFEST_NAMES:
                if (path / name).is_file():
                    meta.update(_manifest(path / name))
            for child in sorted(path.rglob("*")):
                if (
                    child.is_file()
                    and child.suffix.lower() in DOCUMENT_SUFFIXES
                    and not any(part.startswith(".") for part in child.relative_to(path).parts)
                ):
                    yield _from_file(child, meta.get(str(child.resolve())))
        elif path.suffix.lower() == ".csv" and path.is_file():
            for key, row in sorted(_manifest(path).items()):
                yield _from_file(Path(key), row)
        elif path.exists():
            manifest = path.parent / "manifest.csv"
            listed = _manifest(manifest).get(str(path.resolve())) if manifest.is_file() else None
            yield _from_file(path, listed)
        else:
            yield Source(uri=raw, error=DocumentError("not_found", f"{raw} does not exist"))
