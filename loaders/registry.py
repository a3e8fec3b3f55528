"""The registry of known outlets and actors, with their multilingual aliases.

The built-in registry ships in ``loaders/data/registry.yaml``; users add their own
files (same format) with ``--registry``. Entries merge by canonical key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.keys import entity_key, normalize_name, registered_domain
from graph.models import Node
from graph.schema import NodeKind, OutletKind

__all__ = ["Entry", "Mention", "Registry", "load_registry"]

_SECTIONS = {
    "outlets": NodeKind.OUTLET,
    "people": NodeKind.PERSON,
    "organizations": NodeKind.ORGANIZATION,
}


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

    @property
    def key(self) -> str:
        return entity_key(self.kind, self.name)

    def node(self) -> Node:
        return Node(
            key=self.key,
            kind=self.kind,
            name=self.name,
            aliases=[a for a in self.aliases if a != self.name],
            domains=self.domains,
            country=self.country,
            languages=self.languages,
            outlet_kind=self.outlet_kind if self.kind is NodeKind.OUTLET else None,
            sources=self.sources,
        )


@dataclass(frozen=True)
class Mention:
    """A registry alias found in a text, with its character span."""

    entry: Entry
    start: int
    end: int
    text: str


def _alias_pattern(aliases: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    ordered = sorted(set(aliases), key=len, reverse=True)
    if not ordered:
        return None
    # Spacing and apostrophes vary between copies of the same text.
    body = "|".join(re.sub(r"['’]", "['’]", re.escape(a).replace(r"\ ", r"\s+")) for a in ordered)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])", re.IGNORECASE if ignore_case else 0)


class Registry:
    """Known entities, looked up by domain, by name, or found in running text."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._by_key: dict[str, Entry] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        old = self._by_key.get(entry.key)
        if old is not None:
            for attr in ("aliases", "domains", "languages", "sources", "signatures"):
                merged = getattr(old, attr) + [
                    v for v in getattr(entry, attr) if v not in getattr(old, attr)
                ]
                setattr(old, attr, merged)
            old.country = old.country or entry.country
            if entry.outlet_kind not in (None, OutletKind.UNKNOWN):
                old.outlet_kind = entry.outlet_kind
        else:
            self._by_key[entry.key] = entry
        self.__dict__.pop("_matchers", None)
        self.__dict__.pop("_names", None)
        self.__dict__.pop("_domains", None)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._by_key.values())

    def get(self, key: str) -> Entry | None:
        return self._by_key.get(key)

    @cached_property
    def _domains(self) -> dict[str, Entry]:
        return {d: e for e in self._by_key.values() for d in e.domains}

    @cached_property
    def _names(self) -> dict[str, list[Entry]]:
        names: dict[str, list[Entry]] = {}
        for entry in self._by_key.values():
            for name in {entry.name, *entry.aliases}:
                names.setdefault(normalize_name(name), []).append(entry)
        return names

    def by_domain(self, url_or_host: str) -> Entry | None:
        return self._domains.get(registered_domain(url_or_host))

    def by_name(self, name: str, *, kinds: Iterable[NodeKind] | None = None) -> Entry | None:
        """Return the entry one of whose names equals ``name`` (accents and case ignored)."""
        wanted = set(kinds) if kinds else None
        for entry in self._names.get(normalize_name(name), []):
            if wanted is None or entry.kind in wanted:
                return entry
        return None

    @cached_property
    def _matchers(self) -> list[tuple[re.Pattern[str], dict[str, Entry]]]:
        exact: dict[str, Entry] = {}
        folded: dict[str, Entry] = {}
        for entry in self._by_key.values():
            for alias in (entry.name, *entry.aliases):
                # Short or all-capital aliases ("RT", "RI", "TASS") only match as written,
                # or every "rt" inside a French sentence would become an outlet.
                if len(alias) <= 4 or alias.isupper():
                    exact.setdefault(alias, entry)
                else:
                    folded.setdefault(alias.casefold(), entry)
        out = []
        for aliases, ignore_case in ((exact, False), (folded, True)):
            pattern = _alias_pattern(aliases, ignore_case=ignore_case)
            if pattern is not None:
                out.append((pattern, aliases))
        return out

    def find_mentions(self, text: str) -> list[Mention]:
        """Return non-overlapping alias mentions in ``text``, longest match first."""
        found: list[Mention] = []
        for pattern, aliases in self._matchers:
            for m in pattern.finditer(text):
                raw = m.group(0)
                entry = aliases.get(raw) or aliases.get(raw.casefold()) or self.by_name(raw)
                if entry is not None:
                    found.append(Mention(entry, m.start(), m.end(), raw))
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        kept: list[Mention] = []
        for mention in found:
            if kept and mention.start < kept[-1].end:
                continue
            kept.append(mention)
        return kept


def _entries(data: dict[str, Any], origin: str) -> Iterator[Entry]:
    for section, kind in _SECTIONS.items():
        for raw in data.get(section) or []:
            if not isinstance(raw, dict) or not raw.get("name"):
                raise ValueError(f"{origin}: every {section} entry needs a name")
            outlet_kind = raw.get("kind")
            yield Entry(
                kind=kind,
                name=str(raw["name"]),
                aliases=[str(a) for a in raw.get("aliases") or []],
                domains=list(
                    dict.fromkeys(registered_domain(str(d)) for d in raw.get("domains") or [])
                ),
                country=raw.get("country"),
                languages=[str(x) for x in raw.get("languages") or []],
                outlet_kind=OutletKind(outlet_kind)
                if outlet_kind
                else (OutletKind.UNKNOWN if kind is NodeKind.OUTLET else None),
                sources=[str(s) for s in raw.get("sources") or []],
                signatures=[str(s) for s in raw.get("signatures") or []],
            )


def load_registry(extra: Iterable[str | Path] = ()) -> Registry:
    """Return the built-in registry merged with the YAML files in ``extra``."""
    builtin = resources.files("loaders").joinpath("data/registry.yaml").read_text("utf-8")
    registry = Registry(_entries(yaml.safe_load(builtin), "built-in registry"))
    for path in extra:
        data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
        for entry in _entries(data, str(path)):
            registry.add(entry)
    return registry
