"""Scoring on the real-page set (bench/data/realpages): loading, matching, counting.

A gold relation matches a predicted edge of the same relation (``cites`` and ``quotes``
both count for a gold item marked ``either``) whose target names the same entity:

- the same registry entry (any of the gold's names looked up by name), or
- the same name once case, accents and script are set aside (Cyrillic and Arabic are
  transliterated, so a Latin alias meets a name written in the page's script), or
- the same words, one side possibly shorter: every word of the shorter name is
  nearly equal (rapidfuzz ratio >= 80, or a shared stem of five letters, so case
  endings do not count) to a word of the longer one. A single word matches only the
  longer name's last word ("Peskov" for "Dmitry Peskov") and never a bare generic
  head ("Ministry").

Each predicted edge is used once; one left over is a false positive, unless it matches
an item marked ``optional``, which counts neither way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from anyascii import anyascii
from rapidfuzz import fuzz

from loaders.registry import Registry
from loaders.textnorm import fold

ROOT = Path(__file__).resolve().parents[1]
REALPAGES = ROOT / "bench" / "data" / "realpages"
RELATIONS = ("cites", "quotes", "republishes", "translates")

# Heads that name no one on their own: a prediction of just "Ministry" is not a match.
_GENERIC = {
    "ministry",
    "department",
    "government",
    "office",
    "agency",
    "police",
    "army",
    "party",
    "council",
    "committee",
    "president",
    "minister",
    "ministere",
    "ministerium",
    "ministerio",
    "ministero",
    "ministerstvo",
    "vedomstvo",
    "news",
}


@dataclass(frozen=True)
class Gold:
    relation: str
    names: tuple[str, ...]
    optional: bool = False
    either: bool = False


@dataclass
class Page:
    id: str
    language: str
    url: str
    text: str
    gold: list[Gold]


@dataclass(frozen=True)
class Predicted:
    relation: str
    key: str
    names: frozenset[str]
    label: str
    evidence: str
    pattern: str


@dataclass
class Tally:
    tp: int = 0
    found: int = 0
    expected: int = 0

    def add(self, other: Tally) -> None:
        self.tp += other.tp
        self.found += other.found
        self.expected += other.expected


@dataclass
class PageScore:
    by_relation: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    missed: list[tuple[str, str]] = field(default_factory=list)
    extra: list[Predicted] = field(default_factory=list)


def load_pages(folder: Path) -> list[Page]:
    """Every page of every ``<lang>.yaml`` in ``folder``, in file order."""
    pages = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        language = str(data["language"])
        for raw in data.get("documents") or []:
            gold = [
                Gold(
                    relation=str(g["relation"]),
                    names=(str(g["target"]), *map(str, g.get("aliases") or [])),
                    optional=bool(g.get("optional")),
                    either=bool(g.get("either")),
                )
                for g in raw.get("gold") or []
            ]
            pages.append(
                Page(
                    id=str(raw["id"]),
                    language=str(raw.get("language") or language),
                    url=str(raw["url"]),
                    text=str(raw["text"]),
                    gold=gold,
                )
            )
    return pages


def _forms(name: str) -> tuple[str, str]:
    folded = fold(name)
    return folded, fold(anyascii(name))


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"\W+", name) if w]


def _word_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and a[:5] == b[:5] and abs(len(a) - len(b)) <= 3:
        return True
    return min(len(a), len(b)) >= 4 and fuzz.ratio(a, b) >= 80


def _words_match(gold: str, pred: str) -> bool:
    g, p = _words(gold), _words(pred)
    if not g or not p:
        return False
    short, long_ = (g, p) if len(g) <= len(p) else (p, g)
    if not all(any(_word_match(s, w) for w in long_) for s in short):
        return False
    if len(short) >= 2:
        return True
    word = short[0]
    return len(word) >= 4 and word not in _GENERIC and _word_match(word, long_[-1])


def names_match(gold_names: tuple[str, ...], pred_names: frozenset[str]) -> bool:
    """Whether one of the gold's names and one of the prediction's name one entity."""
    for g in gold_names:
        g_forms = _forms(g)
        for p in pred_names:
            p_forms = _forms(p)
            if g_forms[0] == p_forms[0] or g_forms[1] == p_forms[1]:
                return True
            if _words_match(g_forms[0], p_forms[0]) or _words_match(g_forms[1], p_forms[1]):
                return True
    return False


def _registry_keys(names: tuple[str, ...], registry: Registry) -> set[str]:
    keys = set()
    for name in names:
        entry = registry.by_name(name)
        if entry is not None:
            keys.add(entry.key)
    return keys


def _relation_ok(gold: Gold, pred: Predicted) -> bool:
    if gold.relation == pred.relation:
        return True
    return gold.either and {gold.relation, pred.relation} == {"cites", "quotes"}


def score_page(page: Page, predicted: list[Predicted], registry: Registry) -> PageScore:
    """Match ``predicted`` against the page's gold: required items first, then optional."""
    score = PageScore()
    used: set[int] = set()

    def find(gold: Gold) -> int | None:
        keys = _registry_keys(gold.names, registry)
        for i, p in enumerate(predicted):
            if i in used or not _relation_ok(gold, p):
                continue
            if p.key in keys or names_match(gold.names, p.names):
                return i
        return None

    required = [g for g in page.gold if not g.optional]
    for gold in required:
        tally = score.by_relation[gold.relation]
        tally.expected += 1
        hit = find(gold)
        if hit is None:
            score.missed.append((gold.relation, gold.names[0]))
            continue
        used.add(hit)
        tally.tp += 1
        tally.found += 1
    for gold in page.gold:
        if gold.optional and (hit := find(gold)) is not None:
            used.add(hit)
    for i, p in enumerate(predicted):
        if i not in used:
            score.by_relation[p.relation].found += 1
            score.extra.append(p)
    return score


def prf(t: Tally) -> dict[str, Any]:
    p = t.tp / t.found if t.found else 1.0
    r = t.tp / t.expected if t.expected else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(f1, 3),
        "true_positives": t.tp,
        "found": t.found,
        "expected": t.expected,
    }
