"""Canonical keys: the identities that make every write an idempotent upsert.

Two mentions of the same thing must produce the same key, on any backend and in any
run, so keys depend only on canonicalised content (never on insertion order, clocks
or random ids).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from graph.schema import NODE_SPECS, InfrastructureKind, NodeKind

__all__ = [
    "article_key",
    "canonical_url",
    "edge_id",
    "entity_key",
    "fingerprint",
    "infrastructure_key",
    "normalize_name",
    "parse_infrastructure_key",
    "registered_domain",
    "slug",
    "telegram_channel",
]

if TYPE_CHECKING:
    import tldextract


# courlan and tldextract are imported on first use: together they take a fifth of a
# query command's start-up, and a path query on stored keys never needs them.
@cache
def _tld() -> tldextract.TLDExtract:
    import tldextract

    # The bundled Public Suffix List snapshot: no network fetch at import or run time.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


# Hosts where the first path segment names the publisher: a Telegram channel.
TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "telegram.dog"})
# t.me paths that are Telegram's own pages, not a channel.
_TELEGRAM_RESERVED = frozenset(
    {"joinchat", "addstickers", "addemoji", "share", "proxy", "socks", "iv", "login", "setlanguage"}
)
_TELEGRAM_HANDLE = re.compile(r"[a-z][a-z0-9_]{3,31}")
_TELEGRAM_ID = re.compile(r"\d{5,20}")


def _telegram_parts(url: str) -> tuple[str, list[str]] | None:
    """Return (channel, the path after it) for a Telegram channel or post URL."""
    raw = url.strip()
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:  # "[x]" is read as an IPv6 host and refused: not Telegram's
        return None
    if host not in TELEGRAM_HOSTS:
        return None
    path = [p for p in parts.path.split("/") if p]
    if path[:1] == ["s"]:  # the web preview of a channel: t.me/s/<handle>/<post>
        path = path[1:]
    if len(path) >= 2 and path[0] == "c" and _TELEGRAM_ID.fullmatch(path[1]):
        return f"t.me/c/{path[1]}", path[2:]
    handle = path[0].lower() if path else ""
    if _TELEGRAM_HANDLE.fullmatch(handle) and handle not in _TELEGRAM_RESERVED:
        return f"t.me/{handle}", path[1:]
    return None


def telegram_channel(url_or_host: str) -> str | None:
    """Return ``t.me/<handle>`` (or ``t.me/c/<id>``) for a Telegram channel's URL.

    On t.me the publisher is the channel, not the host: every channel shares the host.

    >>> telegram_channel("https://t.me/s/Rybar/51234?single")
    't.me/rybar'
    >>> telegram_channel("t.me/c/1326223284/77"), telegram_channel("https://t.me/joinchat/x")
    ('t.me/c/1326223284', None)
    """
    found = _telegram_parts(url_or_host)
    return found[0] if found else None


def canonical_url(url: str) -> str:
    """Return the canonical form of ``url`` used as an article identity.

    Tracking parameters and fragments are dropped, the scheme becomes https, the host
    is lower-cased without ``www.``, and a trailing slash is removed, because
    researchers' inputs mix all of these variants for the same page. A Telegram post
    is ``https://t.me/<handle>/<post>`` however it was linked (web preview, mirror
    host, ``?single``), the handle lower-cased as Telegram compares it.

    >>> canonical_url("HTTP://WWW.RT.com/news/123-abc/?utm_source=x#top")
    'https://rt.com/news/123-abc'
    >>> canonical_url("https://telegram.me/s/Rybar/51234?single")
    'https://t.me/rybar/51234'
    """
    telegram = _telegram_parts(url)
    if telegram is not None:
        channel, rest = telegram
        return "https://" + "/".join([channel, *rest[:1]])
    raw = url.strip()
    if "://" not in raw:
        raw = "https://" + raw
    import courlan

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
    names) keep their last two labels. A Telegram channel's URL gives the channel
    (``t.me/rybar``): it, not t.me, is the publisher, so a post linking another
    channel is not a link to its own site.
    """
    channel = telegram_channel(url_or_host)
    if channel is not None:
        return channel
    host = url_or_host.strip().lower()
    if "://" in host:
        host = urlsplit(host).hostname or ""
    host = host.split("/")[0].split(":")[0].removeprefix("www.")
    ext = _tld()(host)
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


def infrastructure_key(kind: str, value: str) -> str:
    """Return the key of an Infrastructure node: ``infra:<kind>:<value>``.

    The value is kept as written apart from spacing (verification tokens are
    case-sensitive); callers canonicalise it per kind (loaders/infrastructure.py).
    """
    return f"{NODE_SPECS[NodeKind.INFRASTRUCTURE].key_prefix}:{kind}:{''.join(value.split())}"


def parse_infrastructure_key(key: str) -> tuple[InfrastructureKind, str] | None:
    """Return (kind, value) of an Infrastructure node's key, or None for another key.

    >>> parse_infrastructure_key("infra:ga:UA-14540629")
    (<InfrastructureKind.GOOGLE_ANALYTICS: 'ga'>, 'UA-14540629')
    """
    prefix, _, rest = key.partition(":")
    kind, sep, value = rest.partition(":")
    if prefix != NODE_SPECS[NodeKind.INFRASTRUCTURE].key_prefix or not sep:
        return None
    try:
        return InfrastructureKind(kind), value
    except ValueError:
        return None


def edge_id(source: str, kind: str, target: str) -> str:
    """Return the stable id of the edge ``source -kind-> target``."""
    return "e" + _digest(source, kind.upper(), target)


def fingerprint(text: str) -> str:
    """Return a short hash of a text's normalised words (spacing and case ignored)."""
    return _digest(normalize_name(text), size=20)
