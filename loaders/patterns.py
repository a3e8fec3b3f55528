"""Attribution phrase lists, one YAML file per language, compiled into regexes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["LANGUAGES", "Patterns", "patterns_for"]

LANGUAGES = ("ar", "de", "en", "es", "fr", "it", "pt", "ru")


def _phrase(p: str) -> str:
    """Regex for a phrase: flexible spacing and apostrophes; "de" also stands for du/des/d'."""
    body = re.sub(r"['’]", "['’]", re.escape(p.strip()).replace(r"\ ", r"\s+"))
    if p.endswith(" de"):
        body = body[: -len("de")] + r"(?:de|du|des|d['’])"
    return body


def _alternation(phrases: list[str]) -> str:
    ordered = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(_phrase(p) for p in ordered) or r"(?!x)x"


@dataclass(frozen=True)
class Patterns:
    """The compiled patterns of one language.

    The ``*_after``/``*_before`` regexes are applied to the text just after or just
    before an actor mention, inside the same sentence.
    """

    language: str
    speech_verb: re.Pattern[str]
    speech_after: re.Pattern[str]
    speech_before: re.Pattern[str]
    noun_before: re.Pattern[str]
    publish_after: re.Pattern[str]
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


def _compile(data: dict[str, Any]) -> Patterns:
    flags = re.IGNORECASE | re.UNICODE

    def alt(name: str) -> str:
        return _alternation([str(x) for x in data.get(name) or []])

    # Up to three words between the cue and the actor ("a déclaré sa présidente, X"),
    # but never a complementiser: in "said that X", X is not the speaker.
    gap = r"(?:(?!que\b|qu['’]|that\b|dass\b)[\w'’.-]+,?\s+){0,3}"
    return Patterns(
        language=str(data["language"]),
        speech_verb=re.compile(rf"(?<!\w)(?:{alt('speech_verbs')})(?!\w)", flags),
        # "X a déclaré", "X, the minister, said"
        speech_after=re.compile(
            rf"^\s*(?:,[^,.;:!?]{{0,100}},\s*|,\s*)?(?:,?\s*(?:{alt('relative_pronouns')})\s+)?"
            rf"(?:{alt('speech_verbs')})(?!\w)",
            flags,
        ),
        # "a déclaré le Ministère ...", "said Colonel X"
        speech_before=re.compile(rf"(?<!\w)(?:{alt('speech_verbs')})[\s,]+{gap}$", flags),
        # "selon X", "les propos de X"
        noun_before=re.compile(rf"(?<!\w)(?:{alt('speech_nouns')})\s*{gap}$", flags),
        publish_after=re.compile(rf"^\s*(?:{alt('publish_verbs')})(?!\w)", flags),
        agency_before=re.compile(rf"(?<!\w)(?:{alt('agency_words')})\s+$", flags),
        # "agence Tass", "Nachrichtenagentur Northwind": the alias names an agency itself.
        agency_within=re.compile(rf"(?:{alt('agency_words')})", flags),
        colon_quote_after=re.compile(r"^[^.!?\n]{0,200}?:\s*[«“\"„]", flags),
        person_title=re.compile(rf"(?<![\w.])(?:{alt('person_titles')})s?(?=[\s,])", re.UNICODE),
        name_stopwords=frozenset(str(w) for w in data.get("name_stopwords") or []),
        source_line=re.compile(rf"^\s*(?:{alt('source_lines')})\s*:\s*(?P<ref>\S.*?)\s*$", flags),
        translated_by=re.compile(
            rf"^\s*(?:{alt('translated_by')})\s*:?\s+(?P<who>\S.{{0,80}}?)\s*\.?\s*$", flags
        ),
        translated_from=re.compile(rf"(?<!\w)(?:{alt('translated_from')})(?!\w)", flags),
        republished_from=re.compile(
            rf"(?<!\w)(?:{alt('republished_from')})\s*:?\s+(?P<who>[^:\n]{{1,80}}?)\s*(?::|\.|$)",
            flags,
        ),
        annex_marker=re.compile(rf"^\s*(?:{alt('annex_markers')})(?!\w)", flags),
        byline=re.compile(
            rf"^\s*(?:{alt('byline_prefixes')})\s*:?\s+(?P<who>[^\d\n]{{3,60}}?)\s*$", flags
        ),
        footer_marker=re.compile(rf"^\s*(?:{alt('footer_markers')})(?!\w)", flags),
    )


@cache
def patterns_for(language: str | None) -> Patterns:
    """Return the compiled patterns for ``language``, falling back to English."""
    code = language if language in LANGUAGES else "en"
    text = resources.files("loaders").joinpath(f"data/patterns/{code}.yaml").read_text("utf-8")
    return _compile(yaml.safe_load(text))
