"""Where documents come from: files, folders, manifests, URLs, WARC archives and feeds.

``iter_sources`` yields ``Source`` objects lazily, so a large folder or archive streams
instead of being read at once, and a failing input becomes a report line instead of an
abort. What each kind of input yields:

- a file (.html, .htm, .xhtml, .txt, .md, and the same gzipped): one source, read later;
- a folder: its files, recursively (hidden ones excluded), with the metadata of any
  ``manifest.csv`` / ``manifest.jsonl`` inside; archives and feeds in it are expanded;
  other files are reported as skipped (``unsupported_format``);
- a ``.csv`` or ``.jsonl`` manifest: the files it lists, with its metadata;
- a ``.warc`` / ``.warc.gz``: a source per response record (loaders.inputs.warc);
- a ``.rss`` / ``.atom`` / ``.xml`` feed: a source per entry (loaders.inputs.feeds);
- an http(s) URL: the page, fetched now; a feed URL gives its entries (loaders.inputs.fetch);
- a Telegram Desktop export (``result.json``, sniffed): a source per channel post
  (loaders.inputs.telegram); the media files beside it are passed over;
- a ``.csv`` / ``.jsonl`` dump whose rows declare their sources (loaders.inputs.declared):
  a source per row; the Information Laundromat's ``indicators.csv`` (sniffed by its
  header): one source, read by loaders.inputs.indicators.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from loaders.inputs.listing import DOCUMENT_SUFFIXES, FEED_SUFFIXES, iter_sources
    from loaders.inputs.source import InputOptions, Source

__all__ = ["DOCUMENT_SUFFIXES", "FEED_SUFFIXES", "InputOptions", "Source", "iter_sources"]

# Names are loaded on first use (PEP 562): importing any module of this package runs
# this file, and the command line reads InputOptions' defaults without wanting the
# parsers that listing.py imports. (No name here is also a submodule's: once imported,
# a submodule would shadow it as an attribute of the package.)
_HOMES = {
    "DOCUMENT_SUFFIXES": "listing",
    "FEED_SUFFIXES": "listing",
    "iter_sources": "listing",
    "InputOptions": "source",
    "Source": "source",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
