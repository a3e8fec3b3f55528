"""The registry of known outlets and actors, with their multilingual aliases.

The built-in registry ships in ``loaders/data/registry.yaml``; users add their own
files (same format) with ``--registry FILE`` or ``CITEGRAPH_REGISTRY``. Entries merge
by key: a user entry with an existing key overrides its scalar fields (name, country,
kind, note) and adds to its lists (aliases, domains, ...); a new key adds an entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from rapidfuzz import fuzz

from graph.errors import BadInput
from graph.keys import entity_key, registered_domain, slug, telegram_channel
from graph.models import Node
from graph.schema import NodeKind, OutletKind
from loaders.textnorm import alias_regex, fold, is_arabic

__all__ = ["Entry", "Mention", "Registry", "RegistryError", "load_registry"]

_SECTIONS = {
    "outlets": NodeKind.OUTLET,
    "people": NodeKind.PERSON,
    "organizations": NodeKind.ORGANIZATION,
}
# Two spellings of one word of a name (transliteration, accents): see by_spelling.
_SPELLING_THRESHOLD = 85.0
_LIST_FIELDS = ("aliases", "domains", "languages", "sources", "signatures", "exclude")


class RegistryError(BadInput):
    """A registry file that cannot be used (bad YAML, unknown kind, missing name)."""

    code = "bad_registry"


def normalize_host(value: str) -> str:
    """Return ``host`` or ``host/first-path-segment`` for a domain entry or a URL.

    A path is kept only for shared hosts where a path names the outlet: a Telegram
    channel (``t.me/rybar``) or a fact-checking desk (``lemonde.fr/les-decodeurs``).
    """
    channel = telegram_channel(value)
    if channel is not None:
        return channel
    raw = value.strip().lower()
    if "://" not in raw:
        raw = "https://" + raw
    parts = urlsplit(raw)
    host = (parts.hostname or "").removeprefix("www.")
    segment = parts.path.strip("/").split("/")[0]
    return f"{host}/{segment}" if segment else host


@dataclass
class Entry:
    kind: NodeKind
    name: str
    aliases: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    country: str | None = None
    languages: list[str] = field(default_factory=list)
    outlet_kind: OutletKind | None = None
    sources: list[str] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)
    note: str | None = None
    exclude: list[str] = field(default_factory=list)  # phrases that are not this entry
    slug: str | None = None  # the registry ``key``; defaults to the name's slug

    @cached_property
    def key(self) -> str:
        # Cached: extraction asks for it thousands of times per page. Registry.add
        # pins ``slug`` before renaming an entry, so the key never changes.
        return entity_key(self.kind, self.slug or self.name)

    def node_domains(self) -> list[str]:
        """Domains for the graph: registered domains, plus hosts that stand on their own."""
        out: list[str] = []
        registered = {d for d in self.domains if "/" not in d and registered_domain(d) == d}
        for d in self.domains:
            if "/" not in d and registered_domain(d) in registered and d not in registered:
                continue  # an edition (francais.rt.com) of a listed domain (rt.com)
            if d not in out:
                out.append(d)
        return out

    def node(self) -> Node:
        sources = list(self.sources)
        if self.note and self.note not in sources:
            sources.insert(0, self.note)
        return Node(
            key=self.key,
            kind=self.kind,
            name=self.name,
            aliases=[a for a in dict.fromkeys(self.aliases) if a != self.name],
            domains=self.node_domains(),
            country=self.country,
            languages=self.languages,
            outlet_kind=self.outlet_kind if self.kind is NodeKind.OUTLET else None,
            sources=sources,
        )


@dataclass(frozen=True)
class Mention:
    """A registry alias found in a text, with its character span."""

    entry: Entry
    start: int
    end: int
    text: str


class Registry:
    """Known entities, looked up by domain, by name, or found in running text."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._by_key: dict[str, Entry] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Add ``entry``, or merge it over the entry with the same key."""
        old = self._by_key.get(entry.key)
        if old is not None:
            for attr in _LIST_FIELDS:
                merged = getattr(old, attr) + [
                    v for v in getattr(entry, attr) if v not in getattr(old, attr)
                ]
                setattr(old, attr, merged)
            if entry.name != old.name:
                old.slug = old.slug or slug(old.name)
                old.aliases = [old.name, *[a for a in old.aliases if a != entry.name]]
                old.name = entry.name
            old.country = entry.country or old.country
            old.note = entry.note or old.note
            if entry.outlet_kind not in (None, OutletKind.UNKNOWN):
                old.outlet_kind = entry.outlet_kind
        else:
            self._by_key[entry.key] = entry
        for cached in ("_matcher", "_names", "_domains", "signed_outlets", "_by_initials"):
            self.__dict__.pop(cached, None)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._by_key.values())

    def __len__(self) -> int:
        return len(self._by_key)

    def get(self, key: str) -> Entry | None:
        return self._by_key.get(key)

    @cached_property
    def _domains(self) -> dict[str, Entry]:
        return {d: e for e in self._by_key.values() for d in e.domains}

    @cached_property
    def _names(self) -> dict[str, list[Entry]]:
        names: dict[str, list[Entry]] = {}
        for entry in self._by_key.values():
            for name in dict.fromkeys([entry.name, *entry.aliases]):
                bucket = names.setdefault(fold(name), [])
                if entry not in bucket:
                    bucket.append(entry)
        return names

    def by_domain(self, url_or_host: str) -> Entry | None:
        """Return the outlet of a URL or host: the most specific listed host wins.

        ``t.me/rybar/123`` finds the channel, ``factuel.afp.com`` the fact-checking
        desk rather than the agency, ``francais.rt.com`` RT through ``rt.com``.
        """
        wanted = normalize_host(url_or_host)
        if wanted in self._domains:
            return self._domains[wanted]
        host = wanted.split("/")[0]
        labels = host.split(".")
        for i in range(len(labels) - 1):
            hit = self._domains.get(".".join(labels[i:]))
            if hit is not None:
                return hit
        return self._domains.get(registered_domain(host))

    def by_name(self, name: str, *, kinds: Iterable[NodeKind] | None = None) -> Entry | None:
        """Return the entry one of whose names equals ``name``.

        Case, accents, Arabic spelling variants and punctuation are ignored, so
        "Ministère russe de la Défense" and "ministere russe de la defense" agree.
        """
        wanted = set(kinds) if kinds else None
        for entry in self._names.get(fold(name), []):
            if wanted is None or entry.kind in wanted:
                return entry
        return None

    @cached_property
    def signed_outlets(self) -> list[Entry]:
        """Outlets with boilerplate signatures (few): extraction scans only these."""
        return [e for e in self._by_key.values() if e.kind is NodeKind.OUTLET and e.signatures]

    @cached_property
    def _by_initials(self) -> dict[str, list[tuple[list[str], list[Entry]]]]:
        index: dict[str, list[tuple[list[str], list[Entry]]]] = {}
        for known, entries in self._names.items():
            words = known.split()
            if len(words) >= 2:
                index.setdefault("".join(w[0] for w in words), []).append((words, entries))
        return index

    def by_spelling(self, name: str, *, kind: NodeKind) -> Entry | None:
        """Return the one ``kind`` entry that ``name`` spells differently, if any.

        For transliterations of a known name ("Dmitrij Peskov" for Dmitry Peskov):
        same number of words, each word starting with the same letter and nearly
        identical (rapidfuzz ratio >= 85). Two candidates, or none, give None: an
        unknown name becomes a new node rather than a guess ("Sergueï Lavrenko" is
        not Sergey Lavrov).
        """
        words = fold(name).split()
        if len(words) < 2:
            return None
        found: dict[str, Entry] = {}
        for other, entries in self._by_initials.get("".join(w[0] for w in words), []):
            if all(
                fuzz.ratio(a, b) >= _SPELLING_THRESHOLD for a, b in zip(words, other, strict=True)
            ):
                for entry in entries:
                    if entry.kind is kind:
                        found[entry.key] = entry
        return next(iter(found.values())) if len(found) == 1 else None

    @cached_property
    def _matcher(self) -> _Matcher:
        owners: dict[str, Entry] = {}
        for entry in self._by_key.values():
            for alias in (entry.name, *entry.aliases):
                # The first entry listing an alias keeps it; the schema test keeps
                # such collisions to the ones declared intended.
                owners.setdefault(alias, entry)
        return _Matcher(owners)

    def find_mentions(self, text: str) -> list[Mention]:
        """Return non-overlapping alias mentions in ``text``, longest match first."""
        found: list[Mention] = []
        for entry, start, end in self._matcher.scan(text):
            if any(_excluded(text, start, end, x) for x in entry.exclude):
                continue
            found.append(Mention(entry, start, end, text[start:end]))
        return found


def _excluded(text: str, start: int, end: int, phrase: str) -> bool:
    """True if the mention lies inside an occurrence of ``phrase`` ("Sputnik V")."""
    lo = max(0, start - len(phrase))
    for m in re.finditer(re.escape(phrase), text[lo : end + len(phrase)], re.IGNORECASE):
        if lo + m.start() <= start and end <= lo + m.end():
            return True
    return False


# A place where a name can start: not inside a word, a domain, a handle or a hyphenation.
_WORD_START = re.compile(r"(?<![\w.@/-])\w")
_ARABIC_CLITIC_LETTERS = "وفبلك"


class _Matcher:
    """Finds aliases in text, trying at each word start only the aliases that can begin
    with its letter: one regex over ~2,000 aliases is far too slow on long pages."""

    def __init__(self, owners: dict[str, Entry]) -> None:
        self._owners = owners
        self._buckets: dict[str, list[str]] = {}
        for alias in owners:
            for ch in _first_letters(alias):
                self._buckets.setdefault(ch, []).append(alias)
        self._compiled: dict[str, tuple[re.Pattern[str], list[str]]] = {}

    def _pattern(self, ch: str) -> tuple[re.Pattern[str], list[str]] | None:
        if ch not in self._compiled:
            aliases = self._buckets.get(ch)
            if not aliases:
                return None
            ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
            body = "|".join(f"(?P<a{i}>{alias_regex(a)})" for i, a in enumerate(ordered))
            self._compiled[ch] = (re.compile(rf"(?:{body})(?![\w@]|-\w)"), ordered)
        return self._compiled[ch]

    def scan(self, text: str) -> Iterator[tuple[Entry, int, int]]:
        pos = 0
        for w in _WORD_START.finditer(text):
            if w.start() < pos:
                continue
            found = self._pattern(w.group(0))
            if found is None:
                continue
            pattern, ordered = found
            m = pattern.match(text, w.start())
            if m is None or m.lastgroup is None:
                continue
            start, end = m.span(m.lastgroup)
            pos = end
            yield self._owners[ordered[int(m.lastgroup[1:])]], start, end


def _first_letters(alias: str) -> set[str]:
    head = alias.lstrip("«")[:1]
    letters = {head, head.upper(), head.lower()}
    if is_arabic(head):
        letters |= set(_ARABIC_CLITIC_LETTERS) | {"ا", "أ", "إ", "آ"}
    return letters


def _entries(data: dict[str, Any], origin: str) -> Iterator[Entry]:
    if not isinstance(data, dict):
        raise RegistryError(f"{origin}: expected a mapping with outlets/people/organizations")
    for section, kind in _SECTIONS.items():
        for raw in data.get(section) or []:
            if not isinstance(raw, dict) or not raw.get("name"):
                raise RegistryError(f"{origin}: every {section} entry needs a name")
            outlet_kind = raw.get("kind")
            try:
                parsed_kind = (
                    OutletKind(outlet_kind)
                    if outlet_kind
                    else (OutletKind.UNKNOWN if kind is NodeKind.OUTLET else None)
                )
            except ValueError:
                allowed = ", ".join(k.value for k in OutletKind)
                raise RegistryError(
                    f"{origin}: {raw['name']!r} has kind {outlet_kind!r}; expected one of: "
                    f"{allowed}"
                ) from None
            yield Entry(
                kind=kind,
                name=str(raw["name"]),
                aliases=[str(a) for a in raw.get("aliases") or []],
                domains=list(
                    dict.fromkeys(normalize_host(str(d)) for d in raw.get("domains") or [])
                ),
                country=raw.get("country"),
                languages=[str(x) for x in raw.get("languages") or []],
                outlet_kind=parsed_kind,
                sources=[str(s) for s in raw.get("sources") or []],
                signatures=[str(s) for s in raw.get("signatures") or []],
                note=str(raw["note"]) if raw.get("note") else None,
                exclude=[str(x) for x in raw.get("exclude") or []],
                slug=slug(str(raw["key"])) if raw.get("key") else None,
            )


def _read(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"cannot read registry {path}: {exc}") from exc


def load_registry(extra: Iterable[str | Path] = ()) -> Registry:
    """Return the built-in registry merged with the YAML files in ``extra``, in order."""
    builtin = resources.files("loaders").joinpath("data/registry.yaml").read_text("utf-8")
    registry = Registry(_entries(yaml.safe_load(builtin), "built-in registry"))
    for path in extra:
        for entry in _entries(_read(Path(path)), str(path)):
            registry.add(entry)
    return registry
