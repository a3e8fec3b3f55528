"""The fields a declared-source dump's rows are read into, and the column names each is
found under.

A module of its own, importing nothing, so that ``citegraph ingest --help`` can list the
fields without loading the parsers (loaders.inputs.declared reads the rows).
"""

from __future__ import annotations

__all__ = ["FIELDS", "PRESET"]

# Field -> column names it is read from, without case (the first present wins).
PRESET: dict[str, tuple[str, ...]] = {
    "url": ("URL", "Article URL", "Link"),
    "title": ("Title",),
    "published": ("Publication Date", "Date", "Published"),
    "language": ("Language", "Lang"),
    "text": ("Text", "Content", "Body"),
    "outlet": ("Outlet", "Site"),
    "author": ("Author",),
    "source_title": ("Source Title",),
    "source_url": ("Source URL",),
    "source_language": ("Source Language",),
    "alternates": ("Alternates",),
    "relay": ("Relay",),
}
FIELDS = tuple(PRESET)
