"""Attribution patterns, one YAML file per language, compiled into regexes.

Each file has a few word lists the extractor needs to read names (titles before a
person's name, words that are never part of a name, relative pronouns, footer
markers) and a list of **patterns**. A pattern has an ``id`` (``fr.according_to``),
the ``slot`` of the extractor it feeds (what kind of cue it is), the ``relations`` it
yields, its ``phrases`` and ``positive``/``negative`` examples that the test suite
runs through the real extractor (tests/test_patterns.py). Adding a phrase is a data
change; adding a kind of cue is a new slot here and a rule in loaders/extract.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from graph.schema import EdgeKind
from loaders.textnorm import phrase_regex

__all__ = ["LANGUAGES", "SLOTS", "Example", "PatternSpec", "Patterns", "all_specs", "patterns_for"]

LANGUAGES = ("ar", "de", "en", "es", "fr", "it", "pt", "ru")

# slot -> what it means (the relations a pattern in the slot may yield are in its file).
SLOTS: dict[str, str] = {
    "speech_verb": "X said / a déclaré X / заявил X: quotes an actor, cites an outlet",
    "according_to": "selon X / according to X / по данным X / وفقاً لـ X",
    "publish_after": "X reported / X rapporte: an outlet named before its verb",
    "publish_before": "сообщает X / rapporte X / berichtet X: verb before the outlet",
    "agency": "l'agence X / news agency X: the word 'agency' before an outlet",
    "colon_quote": "X : « ... »: a speaker followed by a quotation",
    "dateline": "MOSCOW (Sputnik) — / /TASS/ / (AFP): an agency dispatch",
    "photo_credit": "© Sputnik / Photo : AFP: a picture taken from an outlet",
    "read_more": "READ MORE: / Lire aussi : a teaser for another article",
    "copied_signature": "an outlet's boilerplate (registry signatures) copied into a text",
    "link": "a hyperlink in the text, with its anchor text",
    "source_line": "Source : <title or URL>: the article this one derives from",
    "translated_by": "traduit par X: the translator, who published the translation",
    "translated_from": "traduit de l'anglais: this text is a translation",
    "republished_from": "originally published by X: this text is a copy",
    "annex_marker": "Annexe: an embedded copy of another article follows",
    "byline": "Par X / By X: the author",
}


@dataclass(frozen=True)
class Example:
    """A text a pattern must (positive) or must not (negative) turn into an edge."""

    text: str
    relation: str | None = None
    target: str | None = None
    markdown: bool = False


@dataclass(frozen=True)
class PatternSpec:
    id: str
    language: str
    slot: str
    relations: tuple[EdgeKind, ...]
    phrases: tuple[str, ...]
    positive: tuple[Example, ...]
    negative: tuple[Example, ...]


def _alternation(phrases: list[str] | tuple[str, ...]) -> str:
    ordered = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(phrase_regex(p) for p in ordered) or r"(?!x)x"


@dataclass(frozen=True)
class Patterns:
    """The compiled patterns of one language.

    The ``*_after``/``*_before`` regexes are applied to the text just after or just
    before an actor mention, inside the same sentence. ``ids`` maps a slot to the id
    of this language's pattern for it, which every edge's evidence records.
    """

    language: str
    ids: dict[str, str]
    speech_verb: re.Pattern[str]
    speech_after: re.Pattern[str]
    speech_before: re.Pattern[str]
    noun_before: re.Pattern[str]
    according_cue: re.Pattern[str]
    publish_after: re.Pattern[str]
    publish_before: re.Pattern[str]
    agency_before: re.Pattern[str]
    agency_within: re.Pattern[str]
    colon_quote_after: re.Pattern[str]
    person_title: re.Pattern[str]
    name_stopwords: frozenset[str]
    source_line: re.Pattern[str]
    translated_by: re.Pattern[str]
    translated_from: re.Pattern[str]
    republished_from: re.Pattern[str]
    annex_marker: re.Pattern[str]
    byline: re.Pattern[str]
    footer_marker: re.Pattern[str]
    photo_credit: re.Pattern[str]
    read_more: re.Pattern[str]

    def pid(self, slot: str) -> str:
        return self.ids.get(slot) or f"{self.language}.{slot}"


def _examples(raw: Any, origin: str) -> tuple[Example, ...]:
    out = []
    for item in raw or []:
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not str(item.get("text", "")).strip():
            raise ValueError(f"{origin}: every example needs a text")
        out.append(
            Example(
                text=str(item["text"]),
                relation=item.get("relation"),
                target=item.get("target"),
                markdown=bool(item.get("markdown", False)),
            )
        )
    return tuple(out)


def _specs(data: dict[str, Any]) -> list[PatternSpec]:
    language = str(data["language"])
    specs = []
    for raw in data.get("patterns") or []:
        origin = f"patterns/{language}.yaml: {raw.get('id')!r}"
        slot = raw.get("slot")
        if slot not in SLOTS:
            raise ValueError(f"{origin}: unknown slot {slot!r}")
        relations = raw.get("relations") or []
        if isinstance(relations, str):
            relations = [relations]
        specs.append(
            PatternSpec(
                id=str(raw["id"]),
                language=language,
                slot=str(slot),
                relations=tuple(EdgeKind.parse(r) for r in relations),
                phrases=tuple(str(p) for p in raw.get("phrases") or []),
                positive=_examples(raw.get("positive"), origin),
                negative=_examples(raw.get("negative"), origin),
            )
        )
    return specs


def _compile(data: dict[str, Any]) -> Patterns:
    flags = re.IGNORECASE | re.UNICODE
    specs = _specs(data)
    by_slot: dict[str, list[str]] = {}
    for spec in specs:
        by_slot.setdefault(spec.slot, []).extend(spec.phrases)

    def alt(slot: str) -> str:
        return _alternation(by_slot.get(slot, []))

    def words(name: str) -> str:
        return _alternation([str(x) for x in data.get(name) or []])

    # Up to three words between the cue and the actor ("a déclaré sa présidente, X"),
    # but never a complementiser: in "said that X", X is not the speaker.
    # Elided articles count as words ("secondo l'agenzia", "selon l'agence").
    gap = (
        r"(?:(?!que\b|qu['’]|that\b|dass\b|что\b|أن\b)(?:\w{1,2}['’]|[\w'’.-]+,?\s+)){0,3}"
        r"(?:[«\"“„]\s*)?"  # a name in quotes: « Le Monde », газета «Ведомости»
    )
    speech = alt("speech_verb")
    return Patterns(
        language=str(data["language"]),
        ids={spec.slot: spec.id for spec in specs},
        speech_verb=re.compile(rf"(?<!\w)(?:{speech})(?!\w)", flags),
        # "X a déclaré", "X, the minister, said"
        speech_after=re.compile(
            rf"^\s*(?:,[^,.;:!?]{{0,100}},\s*|,\s*)?(?:,?\s*(?:{words('relative_pronouns')})\s+)?"
            rf"(?:(?:{words('auxiliaries')})\s+(?:also\s+)?)?(?:{speech})(?!\w)",
            flags,
        ),
        # "a déclaré le Ministère ...", "said Colonel X"
        speech_before=re.compile(rf"(?<!\w)(?:{speech})[\s,]+{gap}$", flags),
        # "selon X", "les propos de X"
        noun_before=re.compile(rf"(?<!\w)(?:{alt('according_to')})\s*{gap}$", flags),
        according_cue=re.compile(rf"(?<!\w)(?:{alt('according_to')})(?!\w)", flags),
        publish_after=re.compile(rf"^\s*(?:{alt('publish_after')})(?!\w)", flags),
        # "сообщает ТАСС", "rapporte l'agence Sputnik": one or two words may sit between.
        publish_before=re.compile(
            rf"(?<!\w)(?:{alt('publish_before')})[\s,]+(?:[\w'’-]+\s+|\w{{1,2}}['’]){{0,3}}"
            rf"(?:[«\"“„]\s*)?$",
            flags,
        ),
        agency_before=re.compile(rf"(?<!\w)(?:{alt('agency')})\s+$", flags),
        # "agence Tass", "Nachrichtenagentur Northwind": the alias names an agency itself.
        agency_within=re.compile(rf"(?:{alt('agency')})", flags),
        colon_quote_after=re.compile(r"^[^.!?\n]{0,200}?:\s*[«“\"„]", flags),
        person_title=re.compile(rf"(?<![\w.])(?:{words('person_titles')})s?(?=[\s,])", re.UNICODE),
        name_stopwords=frozenset(str(w) for w in data.get("name_stopwords") or []),
        source_line=re.compile(
            rf"^\W{{0,3}}(?:{alt('source_line')})\s*:\s*(?P<ref>\S.*?)\s*$", flags
        ),
        translated_by=re.compile(
            rf"^\W{{0,3}}(?:{alt('translated_by')})\s*:?\s+(?P<who>\S.{{0,80}}?)\s*\.?\W{{0,3}}$",
            flags,
        ),
        translated_from=re.compile(rf"(?<!\w)(?:{alt('translated_from')})(?!\w)", flags),
        republished_from=re.compile(
            rf"(?<!\w)(?:{alt('republished_from')})\s*:?\s+(?P<who>[^:\n]{{1,80}}?)\s*(?::|\.|$)",
            flags,
        ),
        annex_marker=re.compile(rf"^\s*(?:{alt('annex_marker')})(?!\w)", flags),
        byline=re.compile(rf"^\s*(?:{alt('byline')})\s*:?\s+(?P<who>[^\d\n]{{3,60}}?)\s*$", flags),
        footer_marker=re.compile(rf"^\s*(?:{words('footer_markers')})(?!\w)", flags),
        # "© Sputnik / Name", "Photo : AFP", "Фото: РИА Новости": the credited name follows.
        # The credit runs to the end of the line; loaders/extract.py reads the outlet
        # in it ("Sergei Karpukhin/Reuters" credits Reuters).
        photo_credit=re.compile(
            rf"(?:©|(?<!\w)(?:{alt('photo_credit')})\s*(?:[:©|]|[-–—](?=\s)))\s*"
            rf"(?P<who>[^\n]{{2,80}})",
            flags,
        ),
        # A separator is required unless the cue is written in capitals or names a
        # domain ("READ MORE", "Also on rt.com"); extract.py checks that.
        read_more=re.compile(
            rf"^\W{{0,3}}(?P<cue>{alt('read_more')})\s*(?P<sep>[:：–—-])?\s*(?P<title>\S.{{5,200}}?)\s*$",
            flags,
        ),
    )


def _load(code: str) -> dict[str, Any]:
    text = resources.files("loaders").joinpath(f"data/patterns/{code}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@cache
def patterns_for(language: str | None) -> Patterns:
    """Return the compiled patterns for ``language``, falling back to English."""
    code = language if language in LANGUAGES else "en"
    return _compile(_load(code))


def all_specs() -> Iterator[PatternSpec]:
    """Every pattern of every language, with its examples (for tests and docs)."""
    for code in LANGUAGES:
        yield from _specs(_load(code))
