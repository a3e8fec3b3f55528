"""Canonical keys: the identities that make every write an idempotent upsert.

Two mentions of the same thing must produce the same key, on any backend and in any
run, so keys depend only on canonicalised content (never on insertion order, clocks
or random ids).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

import courlan
import tldextract

from graph.schema import NODE_SPECS, NodeKind

__all__ = [
    "article_key",
    "canonical_url",
    "edge_id",
    "entity_key",
    "fingerprint",
    "normalize_name",
    "registered_domain",
    "slug",
]

# The bundled Public Suffix List snapshot: no network fetch at import or run time.
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def canonical_url(url: str) -> str:
    """Return the canonical form of ``url`` used as an article identity.

    Tracking parameters and fragments are dropped, the scheme becomes https, the host
    is lower-cased without ``www.``, and a trailing slash is removed, because
    researchers' inputs mix all of these variants for the same page.

    >>> canonical_url("HTTP://WWW.RT.com/news/123-abc/?utm_source=x#top")
    'https://rt.com/news/123-abc'
    """
    raw = url.strip()
    if "://" not in raw:
        raw = "https://" + raw
    try:
        normal = courlan.normalize_url(raw)
    except ValueError:
        normal = raw
    parts = urlsplit(normal)
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("https", netloc, path, parts.query, ""))


@lru_cache(maxsize=4096)
def registered_domain(url_or_host: str) -> str:
    """Return the registrable domain (``francais.rt.com`` -> ``rt.com``).

    Hosts whose suffix is not in the Public Suffix List (``site.example``, intranet
    names) keep their last two labels.
    """
    host = url_or_host.strip().lower()
    if "://" in host:
        host = urlsplit(host).hostname or ""
    host = host.split("/")[0].split(":")[0].removeprefix("www.")
    ext = _TLD(host)
    if ext.suffix and ext.domain:
        return f"{ext.domain}.{ext.suffix}"
    labels = [label for label in host.split(".") if label]
    return ".".join(labels[-2:])


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Return a comparison form of a name: case, accents, punctuation and spacing folded.

    >>> normalize_name("  Ministère  russe de la Défense ")
    'ministere russe de la defense'
    >>> normalize_name("Sergeï LAVROV")
    'sergei lavrov'
    """
    if name.isascii():
        stripped = name  # nothing to decompose: the common case, and a tenth of the cost
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().replace("’", "'")
    return _SPACE.sub(" ", _NON_WORD.sub(" ", folded)).strip()


def slug(text: str, *, limit: int = 80) -> str:
    """Return a readable key fragment (``Réseau International`` -> ``reseau-international``)."""
    return normalize_name(text).replace(" ", "-")[:limit].strip("-") or "x"


def _digest(*parts: str, size: int = 16) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:size]


def entity_key(kind: NodeKind, name: str) -> str:
    """Return the key of a named entity (outlet, person, organisation, author)."""
    return f"{NODE_SPECS[kind].key_prefix}:{slug(name)}"


def article_key(
    *, url: str | None = None, outlet: str | None = None, title: str | None = None
) -> str:
    """Return an article's key: its canonical URL, else its outlet and title.

    Articles known without a URL (pasted text, a "source :" line) are identified by
    publisher and normalised title, so the same citation seen twice meets itself.
    """
    if url:
        return f"article:{canonical_url(url)}"
    if not title:
        raise ValueError("an article needs a url or a title")
    publisher = slug((outlet or "unknown").removeprefix("outlet:"), limit=40)
    return f"article:{publisher}:{_digest(normalize_name(title))}"


def edge_id(source: str, kind: str, target: str) -> str:
    """Return the stable id of the edge ``source -kind-> target``."""
    return "e" + _digest(source, kind.upper(), target)


def fingerprint(text: str) -> str:
    """Return a short hash of a text's normalised words (spacing and case ignored)."""
    return _digest(normalize_name(text), size=20)
