"""The registry of known outlets and actors, with their multilingual aliases.

The built-in registry ships in ``loaders/data/registry.yaml``; users add their own
files (same format) with ``--registry FILE`` or ``CITEGRAPH_REGISTRY``. Entries merge
by key: a user entry with an existing key overrides its scalar fields (name, country,
kind, note) and adds to its lists (aliases, domains, ...); a new key adds an entry.
"""

from __future__ import annotations

import json
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
from loaders.textnorm import Endings, alias_regex, fold, is_arabic

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


_DOMAIN_ALIAS = re.compile(r"[\w-]+(?:\.[\w-]+)+", re.ASCII)
_PLAIN_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)+")


def normalize_host(value: str) -> str:
    """Return ``host`` or ``host/first-path-segment`` for a domain entry or a URL.

    A path is kept only for shared hosts where a path names the outlet: a Telegram
    channel (``t.me/rybar``) or a fact-checking desk (``lemonde.fr/les-decodeurs``).
    """
    channel = telegram_channel(value)
    if channel is not None:
        return channel
    raw = value.strip().lower()
    if _PLAIN_HOST.fullmatch(raw) and not raw.startswith("www."):
        return raw  # already a bare host: most entries, thousands of them at start-up
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

    def add_listed(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add published lists of domains (``{"domain", "sources"}`` rows): a known
        domain's outlet gains the list as a source; an unknown one becomes an outlet."""
        owners = dict(self._domains)
        for row in rows:
            host = normalize_host(str(row["domain"]))
            sources = [str(s) for s in row.get("sources") or []]
            entry = owners.get(host)
            if entry is not None:
                entry.sources += [s for s in sources if s not in entry.sources]
                continue
            entry = Entry(
                kind=NodeKind.OUTLET,
                name=host,
                domains=[host],
                outlet_kind=OutletKind.UNKNOWN,
                sources=sources,
                slug=f"site-{slug(host)}",
            )
            self._by_key.setdefault(entry.key, entry)
            owners[host] = entry
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
                if _DOMAIN_ALIAS.fullmatch(alias) and self.by_domain(alias) is entry:
                    # Found by domain lookup in the text (extraction's mentions), not by
                    # pattern: thousands of listed sites would slow every page down.
                    continue
                # The first entry listing an alias keeps it; the schema test keeps
                # such collisions to the ones declared intended.
                owners.setdefault(alias, entry)
        return _Matcher(owners)

    def find_mentions(self, text: str, endings: Endings | None = None) -> list[Mention]:
        """Return non-overlapping alias mentions in ``text``, longest match first.

        ``endings`` are the case endings of the text's language for Latin-script names
        (patterns ``alias_endings``: "według Reutersa", "řekl Babišovi").
        """
        found: list[Mention] = []
        for entry, start, end in self._matcher.scan(text, endings or ()):
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
# Chinese and Japanese write no spaces, so a name may start at any of their characters.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_WORD_START = re.compile(rf"(?:(?<![\w.@/-])|(?<=[{_CJK_CHARS}]))\w|[{_CJK_CHARS}]")
_CJK = re.compile(rf"[{_CJK_CHARS}]")
# Not followed by more of a word ("Sputnikova", "RT-PCR"); a Chinese character after a
# Latin name ("RT报道") starts the next word, and a Chinese name needs no end at all
# ("新华社报道": the agency, then a verb).
_END = rf"(?![^\W{_CJK_CHARS}]|[_@]|-\w)"


# A bucket's compiled regex and its aliases, in the order of the regex's groups.
_Bucket = tuple[re.Pattern[str], list[str]]


class _Matcher:
    """Finds aliases in text, trying at each word start only the aliases that can begin
    with its first two letters: one regex over thousands of aliases, or one per first
    letter, is far too slow on long pages (and the registry keeps growing)."""

    def __init__(self, owners: dict[str, Entry]) -> None:
        self._owners = owners
        self._buckets: dict[str, list[str]] = {}
        for alias in owners:
            for key in _alias_keys(alias):
                self._buckets.setdefault(key, []).append(alias)
        self._compiled: dict[
            tuple[str, bool, Endings], tuple[re.Pattern[str], list[str]] | None
        ] = {}
        # The regexes to try after a word's first two characters as written, per script
        # setting: most word starts open no alias, and folding and looking up their keys
        # one by one was most of the scan.
        self._plans: dict[tuple[bool, Endings], dict[str, tuple[_Bucket, ...]]] = {}

    def _pattern(
        self, key: str, cjk: bool, endings: Endings = ()
    ) -> tuple[re.Pattern[str], list[str]] | None:
        """The bucket's regex. In text with Chinese or Japanese characters a name needs
        no word end after such a character ("新华社报道"), and one of them after a Latin
        name starts the next word ("RT报道"); elsewhere the plain word end is cheaper to
        compile (character classes spanning those scripts are slow to build)."""
        if (key, cjk, endings) not in self._compiled:
            aliases = self._buckets.get(key)
            if not aliases:
                self._compiled[key, cjk, endings] = None
                return None
            ordered = sorted(set(aliases), key=lambda a: (-len(a), a))
            body = "|".join(f"(?P<a{i}>{alias_regex(a, endings)})" for i, a in enumerate(ordered))
            end = rf"(?:(?<=[{_CJK_CHARS}])|{_END})" if cjk else r"(?![\w@]|-\w)"
            self._compiled[key, cjk, endings] = (re.compile(rf"(?:{body}){end}"), ordered)
        return self._compiled[key, cjk, endings]

    def _plan(self, head: str, cjk: bool, endings: Endings) -> tuple[_Bucket, ...]:
        key = _key(head)
        keys = [key, key[:1]] if len(key) == 2 else [key]
        found = (self._pattern(k, cjk, endings) for k in dict.fromkeys(keys))
        return tuple(f for f in found if f is not None)

    def scan(self, text: str, endings: Endings = ()) -> Iterator[tuple[Entry, int, int]]:
        pos = 0
        cjk = _CJK.search(text) is not None
        plans = self._plans.setdefault((cjk, endings), {})
        for w in _WORD_START.finditer(text):
            start = w.start()
            if start < pos:
                continue
            head = text[start : start + 2]
            plan = plans.get(head)
            if plan is None:
                plan = plans[head] = self._plan(head, cjk, endings)
            if is_arabic(head[:1]):
                # "لوكالة", "وبسانا", "والجزيرة": clitics and the article before the
                # name's own letters. Aliases are bucketed by those letters (so each
                # regex is small, and built once); the regex allows what comes before.
                extra = (
                    self._pattern(_key(text[start + n : start + n + 2]), cjk, endings)
                    for prefix, n in _ARABIC_PREFIXES
                    if text.startswith(prefix, start)
                )
                more = {id(f[0]): f for f in (*plan, *extra) if f is not None}
                plan = tuple(more.values())
            if not plan:
                continue
            best: tuple[int, int, str] | None = None
            for pattern, ordered in plan:
                m = pattern.match(text, start)
                if m is None or m.lastgroup is None:
                    continue
                s, e = m.span(m.lastgroup)
                alias = ordered[int(m.lastgroup[1:])]
                if best is None or (e - s, len(alias)) > (best[1] - best[0], len(best[2])):
                    best = (s, e, alias)
            if best is None:
                continue
            pos = best[1]
            yield self._owners[best[2]], best[0], best[1]


# Alef variants, and the Persian and Arabic yeh and kaf, read as one letter in a bucket
# key, as alias_regex matches them.
# Latin "i" too, typed for Ukrainian "і" ("ЛiгаБiзнесIнформ").
_KEY_FOLD = str.maketrans("أإآٱیىکةiI", "ااااييكهіі")


# What Arabic writes joined before a name: conjunctions, prepositions, the article
# (whose alef "ل" + "ال" drops: "للجزيرة"), with the length each one takes.
_ARABIC_PREFIXES = tuple(
    (p, len(p))
    for p in (
        "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك",
        "ال", "وال", "فال", "بال", "كال", "وبال", "وكال", "فبال", "لل", "ولل", "فلل",
    )
)  # fmt: skip


def _key(head: str) -> str:
    return head.translate(_KEY_FOLD).lower()


def _alias_keys(alias: str) -> set[str]:
    """The bucket keys of an alias: its first two letters (one for a one-letter first
    word); Arabic clitics before it are skipped when the text is scanned."""
    head = alias.lstrip("«")
    first = head.split()[0] if head.split() else head
    size = 2 if len(first) >= 2 else 1
    if head.startswith("ال") and len(head) > 3:
        return {_key(head[2:4])}  # "الجزيرة" is found by "جز", whatever precedes it
    return {_key(head[:size])}


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


# libyaml's loader when PyYAML has it: the built-in registry parses 10x faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _builtin_files() -> list[tuple[str, str]]:
    """The built-in registry: registry.yaml, then registry.d/*.yaml in name order."""
    data = resources.files("loaders").joinpath("data")
    files = [("built-in registry", data.joinpath("registry.yaml").read_text("utf-8"))]
    folder = data.joinpath("registry.d")
    if folder.is_dir():
        for item in sorted(folder.iterdir(), key=lambda f: f.name):
            if item.name.endswith((".yaml", ".json")):
                files.append((f"built-in registry.d/{item.name}", item.read_text("utf-8")))
    return files


def load_registry(extra: Iterable[str | Path] = ()) -> Registry:
    """Return the built-in registry merged with the YAML files in ``extra``, in order.

    The built-in part is ``data/registry.yaml`` and the files of ``data/registry.d``
    (by region, by language, or generated from a published list), merged by key.
    """
    registry = Registry()
    lists = []
    for origin, text in _builtin_files():
        if origin.endswith(".json"):
            # Generated domain lists: JSON, thousands of rows parse in milliseconds, and
            # they apply after every curated file, whatever the files' names.
            lists.append(json.loads(text))
            continue
        for entry in _entries(yaml.load(text, Loader=_LOADER) or {}, origin):
            registry.add(entry)
    for data in lists:
        registry.add_listed(data.get("listed") or [])
    for path in extra:
        for entry in _entries(_read(Path(path)), str(path)):
            registry.add(entry)
    return registry
