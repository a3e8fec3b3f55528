"""Attribution patterns and cue lexicons, one YAML file per language.

Each file holds word lists the extractor needs to read a clause (roles, organisation
and media heads, honorifics, pronouns, complementisers...) and a list of **patterns**.
A pattern has an ``id`` (``fr.according_to``), the ``slot`` of the extractor it feeds
(what kind of cue it is), the ``relations`` it yields, its ``confidence``, its
``phrases`` and/or ``lemmas`` and ``positive``/``negative`` examples that the test
suite runs through the real extractor (tests/test_patterns.py).

**Lemmas** are dictionary forms ("say", "заявить", "powiedzieć"). Every inflected form
of them (said, says, saying; заявил, заявила, заявили...) is matched: the forms come
from simplemma's lemma dictionaries, inverted once for the lemmas we list and kept in
``data/patterns/forms/<lang>.json`` (``python -m loaders.patterns forms`` rewrites
them; a test checks they are current). Loading a dictionary takes up to 12 seconds
and hundreds of megabytes, so the extractor never loads one itself.

Adding a phrase or a lemma is a data change; adding a kind of cue is a new slot here
and a rule in loaders/extract/.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.schema import EdgeKind
from loaders.textnorm import Endings, phrase_regex

__all__ = [
    "LANGUAGES",
    "LEMMA_LISTS",
    "SLOTS",
    "Example",
    "NameCases",
    "PatternSpec",
    "Patterns",
    "all_specs",
    "patterns_for",
]

LANGUAGES = (
    "ar", "cs", "de", "en", "es", "fa", "fr", "hi", "id", "it", "pl", "pt", "ru", "tr", "uk", "zh",
)  # fmt: skip

# slot -> (what it means, the confidence of its evidence unless the pattern says otherwise)
SLOTS: dict[str, tuple[str, float]] = {
    "speech_verb": ("X said / a déclaré X / заявил X: the verb's subject is the source", 0.8),
    "publish": ("X published / X broadcast: an outlet as the subject of a publishing verb", 0.75),
    "according_to": (
        "selon X / according to X / по данным X / وفقاً لـ X: the source follows",
        0.75,
    ),
    "statement_noun": ("X's claim / X's statement: a statement named with its author", 0.7),
    "according_after": ("X'a göre / X के अनुसार / X zufolge: the source comes first", 0.75),
    "citing": ("citing X / ссылаясь на X / نقلا عن X: a source named after the cue", 0.75),
    "passive_agent": ("was reported by X / informado por X: the agent of a speech verb", 0.75),
    "interview": ("in an interview with X / told X: the medium a statement was given to", 0.7),
    "agency": ("l'agence X / news agency X: the word 'agency' before an outlet", 0.65),
    "colon_quote": ("X : « ... »: a speaker followed by a quotation", 0.7),
    "transcript": ("DOE: ... at the start of a line: a transcript's speaker tag", 0.7),
    "backref": ("the ministry said: a named body referred back to", 0.7),
    "dateline": ("MOSCOW (Sputnik) — / /TASS/ / (AFP): an agency dispatch", 0.8),
    "wire_credit": ("AFP, MOSCOW / Reuters, Kyiv: a wire credit opening the text", 0.8),
    "photo_credit": ("© Sputnik / Photo : AFP: a picture taken from an outlet", 0.6),
    "read_more": ("READ MORE: / Lire aussi : a teaser for another article", 0.6),
    "via": ("via X / h/t X: a credit to where the item was found", 0.6),
    "translation_of": (
        "la traduzione dell'articolo pubblicato sul X: this text translates X's article",
        0.8,
    ),
    "copied_signature": ("an outlet's boilerplate (registry signatures) copied into a text", 0.5),
    "link": ("a hyperlink in the text, with its anchor text", 0.7),
    "link_derived": ("a hyperlink in a sentence that says it was translated or copied", 0.85),
    "link_domain": ("the outlet of a hyperlink's target, from its domain", 0.9),
    "source_line": ("Source : <title or URL>: the article this one derives from", 0.9),
    "translated_by": ("traduit par X: the translator, who published the translation", 0.85),
    "translated_from": ("traduit de l'anglais: this text is a translation", 0.85),
    "translated_by_other": ("a page reposting a translation someone else made", 0.8),
    "republished_from": ("originally published by X: this text is a copy", 0.85),
    "continue_reading": ("Continue reading at X: an excerpt of X's article", 0.8),
    "credit_from": ("from X / aus X, Wien: a line that names the outlet a copy came from", 0.75),
    "copyright_line": (
        "© Copyright ANSA / © 2024 AP. All rights reserved: another outlet owns the text",
        0.75,
    ),
    "annex_marker": ("Annexe: an embedded copy of another article follows", 0.9),
    "annex_credit": ("the outlet an annexed copy belongs to", 0.85),
    "source_credit": ("the outlet of an article a credit line names", 0.8),
    "byline": ("Par X / By X: the author", 0.9),
    "signature_line": ("a name alone on the page's last lines: its author", 0.75),
    "publisher": ("the page's publisher, from its URL or site name", 0.95),
    "publisher_signature": ("the page's publisher, from its own boilerplate", 0.8),
    "mention": ("an actor named without a statement attributed to it", 0.5),
}

# Word lists whose entries are lemmas: every form of them matches.
LEMMA_LISTS = ("roles", "org_heads", "media_heads", "media_nouns", "statement_nouns")
# Word lists matched as written (lower-cased), one word or phrase each.
PLAIN_LISTS = (
    "infinitive_endings",
    "adjective_endings",
    "place_heads",
    "verb_endings",
    "auxiliaries",
    "pronouns",
    "complementizers",
    "prepositions",
    "conjunctions",
    "determiners",
    "object_markers",
    "agent_markers",
    "subject_markers",
    "relative_pronouns",
    "time_words",
    "skip_words",
    "org_suffixes",
    "participle_suffixes",
    "adverb_suffixes",
    "channel_markers",
    "programme_heads",
    "language_phrases",
    "modals",
    "negations",
    "trailing_negations",
    "locative_speakers",
    "proximity_words",
    "indefinites",
    "source_suffixes",
    "possessor_suffixes",
    "role_complements",
    "passive_auxiliaries",
    "tense_auxiliaries",
    "participle_endings",
    "body_roles",
    "role_suffixes",
    "quote_tags",
    "genitives",
    "light_verbs",
    "exclude_forms",
    "demonyms",
    "demonym_suffixes",
    "place_prepositions",
    "plural_endings",
    "report_cues",
    "noun_forms",
    "reflexives",
)
# Word lists matched with their case as written.
CASED_LISTS = ("honorifics", "name_stopwords")
# Word lists that, when a language gives them, replace the extractor's defaults
# (loaders/extract/names.py): lower-case words inside names ("bin", "van", "de") and
# words joining a body's name ("of", "de", "für"). Turkish "de" ("also") and
# Indonesian "di" ("in") join nothing.
OVERRIDE_LISTS = ("particles", "connectors")
# Clause order: where a verb's subject stands. svo: before it, or right after it when
# the verb follows a quotation or a comma ("..., said X"); v2: before, or right after a
# fronted phrase (German); vso: after it first; sov: before it only.
ORDERS = ("svo", "v2", "vso", "sov")


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
    lemmas: tuple[str, ...]
    confidence: float
    positive: tuple[Example, ...]
    negative: tuple[Example, ...]
    # Nouns that make a verb of speech with a light verb ("اعلام" + "کرد").
    compounds: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameCases:
    """How personal names decline, for languages that inflect them (``name_cases``).

    After an ``after`` cue ("по словам", "według", "podle", "со ссылкой на") a name
    stands in an oblique case ("Андрея Климова", "Jarosława Kaczyńskiego"); each of its
    words then loses the first ending of its table that it ends with (longest first) and
    takes the nominative one. A word ending as one of ``feminine_marks`` makes the whole
    name feminine ("Марии Ивановой"); ``words`` are irregular forms ("Pawła": "Paweł").
    """

    after: re.Pattern[str]
    feminine_marks: tuple[str, ...]
    feminine: tuple[tuple[str, str], ...]
    masculine: tuple[tuple[str, str], ...]
    words: dict[str, str]


def _name_cases(raw: Any, language: str) -> NameCases | None:
    if not raw:
        return None
    if not isinstance(raw, dict) or not raw.get("after"):
        raise ValueError(f"patterns/{language}.yaml: name_cases needs 'after' cue phrases")

    def table(key: str) -> tuple[tuple[str, str], ...]:
        pairs = {str(k): str(v or "") for k, v in (raw.get(key) or {}).items()}
        return tuple(sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True))

    return NameCases(
        after=re.compile(rf"(?:{_alternation(map(str, raw['after']))})", re.IGNORECASE),
        feminine_marks=tuple(str(x) for x in raw.get("feminine_marks") or ()),
        feminine=table("feminine"),
        masculine=table("masculine"),
        words={str(k): str(v) for k, v in (raw.get("words") or {}).items()},
    )


def _alias_endings(raw: Any) -> Endings:
    """``{final letters: [endings]}`` as (final, regex alternation), longest final first;
    the key "" holds the endings any other word may take after its last letter."""
    table = []
    for final, options in (raw or {}).items():
        alternatives = sorted({str(o or "") for o in options}, key=len, reverse=True)
        table.append((str(final or ""), "|".join(re.escape(o) for o in alternatives)))
    return tuple(sorted(table, key=lambda kv: len(kv[0]), reverse=True))


def _alternation(phrases: Iterable[str]) -> str:
    ordered = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(phrase_regex(p) for p in ordered) or r"(?!x)x"


@dataclass(frozen=True)
class Patterns:
    """The compiled patterns and word lists of one language.

    ``ids`` maps a slot to the id of this language's pattern for it, which every
    edge's evidence records; ``words`` holds the lower-cased word lists (lemma lists
    expanded to every form); ``cues`` the regexes of multi-word cue phrases by slot.
    """

    language: str
    order: str
    cased: bool
    spaced: bool
    prodrop: bool
    # Where a noun's modifiers stand: "the Israeli army" (before), "l'armée israélienne"
    # (after), "министерство обороны России" (after, a genitive), or both.
    modifiers: str
    # Case suffixes written after an apostrophe on names ("Reuters'a", Turkish).
    apostrophe_suffixes: bool
    # Every noun is written with a capital (German): a capitalised word names nobody by
    # itself, and a capitalised verb form inside a sentence is a noun ("Bericht").
    capitalised_nouns: bool
    ids: dict[str, str]
    confidences: dict[str, float]
    speech_forms: frozenset[str]
    publish_forms: frozenset[str]
    addressee_forms: frozenset[str]
    # Verbs that take their subject after them only ("…," kata X): patterns marked
    # ``inverted: true``.
    inverted_forms: frozenset[str]
    # Postposition-like cues that close a clause whose opening genitive is their source
    # ("Trump'ın … yapacağı yönündeki açıklamasını"): patterns marked ``possessor: true``.
    possessor_cues: frozenset[str]
    # Cues whose source stands before them ("CNN'e verdiği röportajda"): patterns marked
    # ``before: true``.
    before_cues: frozenset[str]
    # Forms of separable verbs and the particles that close their clause (German
    # "teilte ... mit"): the form is a verb of speech only with its particle.
    separable: dict[str, frozenset[str]]
    # Every word that is a cue of some kind: one set lookup rules out most words.
    cue_words: frozenset[str]
    cues: dict[str, re.Pattern[str]]
    phrase_index: dict[str, list[tuple[str, re.Pattern[str]]]]
    first_words: dict[str, frozenset[str]]
    words: dict[str, frozenset[str]]
    name_cases: NameCases | None
    # Case endings of Latin-script names, for the registry matcher ("Reutersa").
    alias_endings: Endings
    person_title: re.Pattern[str]
    source_line: re.Pattern[str]
    translated_by: re.Pattern[str]
    translated_from: re.Pattern[str]
    republished_from: re.Pattern[str]
    continue_reading: re.Pattern[str]
    credit_from: re.Pattern[str]
    copyright_line: re.Pattern[str]
    via: re.Pattern[str]
    translation_of: re.Pattern[str]
    annex_marker: re.Pattern[str]
    byline: re.Pattern[str]
    footer_marker: re.Pattern[str]
    photo_credit: re.Pattern[str]
    read_more: re.Pattern[str]

    def pid(self, slot: str) -> str:
        return self.ids.get(slot) or f"{self.language}.{slot}"

    def confidence(self, slot: str) -> float:
        return self.confidences.get(slot, SLOTS[slot][1])

    def has(self, name: str, word: str) -> bool:
        """Whether ``word`` (lower-cased) is in the word list ``name``."""
        return word in self.words.get(name, ())

    def is_role(self, low: str) -> bool:
        """Whether ``low`` is a role: listed, or a compound ending in one where the
        language compounds ("Finanzminister", "CDU-Politiker", "Grünen-Chefin")."""
        roles = self.words["roles"]
        if low in roles:
            return True
        suffixes = self.words["role_suffixes"]
        if not suffixes:
            return False
        if "-" in low and low.rsplit("-", 1)[1] in roles:
            return True
        return any(low.endswith(s) and len(low) > len(s) + 2 for s in suffixes)

    def may_match(self, slot: str, lowered: str) -> bool:
        """Whether a lower-cased line holds the first word of one of ``slot``'s phrases:
        a substring test that saves most lines a regex search."""
        return any(word in lowered for word in self.first_words.get(slot, ()))


# Arabic writes "and", "with" and "to" joined to the next word ("ووفقا", "لوكالة").
_ARABIC_PREFIXES = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل")


def phrase_key(word: str) -> str:
    """The index key of a word: its first three letters, lower-cased; an elided article
    ("l'", "dell'") is a word of its own, as the tokenizer reads it."""
    low = word.lower().replace("’", "'")
    cut = low.find("'")
    return low[: cut + 1] if 0 < cut < 5 else low[:3]


def _index_keys(first: str) -> set[str]:
    keys = {phrase_key(first)}
    if first and "\u0600" <= first[0] <= "\u06ff":
        keys |= {phrase_key(p + first) for p in _ARABIC_PREFIXES}
    return keys


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
                compounds=tuple(str(p) for p in raw.get("compounds") or []),
                lemmas=tuple(str(p) for p in raw.get("lemmas") or []),
                confidence=float(raw.get("confidence", SLOTS[str(slot)][1])),
                positive=_examples(raw.get("positive"), origin),
                negative=_examples(raw.get("negative"), origin),
            )
        )
    return specs


def _lemmas_of(data: dict[str, Any]) -> set[str]:
    """Every lemma a language file lists (patterns' ``lemmas`` and the lemma lists)."""
    words = data.get("words") or {}
    found = {str(x) for name in LEMMA_LISTS for x in words.get(name) or []}
    for raw in data.get("patterns") or []:
        found |= {str(x) for x in raw.get("lemmas") or []}
        found |= {str(x) for x in raw.get("addressee_lemmas") or []}
        found |= {str(x).split()[0] for x in raw.get("separable") or []}
    return found


def _ending_ok(form: str, endings: list[str]) -> bool:
    """Whether a verb form passes the language's ``form_endings``: the longest listed
    ending it has decides; one written with a leading "-" excludes ("-dan" drops the
    Turkish ablative "açıklamadan" that "an" would keep). No list keeps every form."""
    if not endings:
        return True
    best = max(
        (e for e in endings if form.endswith(e.lstrip("-"))),
        key=lambda e: len(e.lstrip("-")),
        default=None,
    )
    return best is not None and not best.startswith("-")


def _verb_lemmas(data: dict[str, Any]) -> set[str]:
    """The lemmas of a language's patterns (verbs), as opposed to its noun lists."""
    found: set[str] = set()
    for raw in data.get("patterns") or []:
        found |= {str(x) for x in raw.get("lemmas") or []}
        found |= {str(x) for x in raw.get("addressee_lemmas") or []}
    return found


# Arabic short vowels, shadda and tatweel: tokens are compared without them.
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")


def _low(word: str) -> str:
    return _ARABIC_MARKS.sub("", word.lower())


def _expand(
    lemmas: Iterable[str],
    forms: dict[str, list[str]],
    exclude: set[str],
    endings: tuple[str, ...] = (),
    keep: list[str] | None = None,
) -> set[str]:
    """Every form of ``lemmas`` but the ``exclude`` ones, and those ending in ``endings``
    (a verb's participles and verbal nouns: "заявленный", "oświadczenie"); with ``keep``
    (``form_endings``), only the forms that end as listed there."""
    out: set[str] = set()
    for lemma in lemmas:
        out.add(_low(lemma))
        out.update(_low(f) for f in forms.get(lemma, ()) if not f.lower().endswith(endings))
    return {f for f in out - exclude if _ending_ok(f, keep or [])}


def _compile(data: dict[str, Any], forms: dict[str, list[str]]) -> Patterns:
    flags = re.IGNORECASE | re.UNICODE
    specs = _specs(data)
    by_slot: dict[str, list[str]] = {}
    lemmas_by_slot: dict[str, list[str]] = {}
    for spec in specs:
        by_slot.setdefault(spec.slot, []).extend(spec.phrases)
        lemmas_by_slot.setdefault(spec.slot, []).extend(spec.lemmas)
    raw_words: dict[str, Any] = data.get("words") or {}
    exclude = {_low(str(x)) for x in raw_words.get("exclude_forms") or []}
    nonfinite = tuple(str(x).lower() for x in raw_words.get("nonfinite_endings") or [])
    spaced = bool(data.get("spaced", True))

    def alt(slot: str) -> str:
        return _alternation(by_slot.get(slot, []))

    def plain(name: str) -> list[str]:
        return [str(x) for x in raw_words.get(name) or []]

    words: dict[str, frozenset[str]] = {}
    for name in LEMMA_LISTS:
        # ``exclude_forms`` are verb forms that are other words ("statement" is no verb
        # of saying); as nouns, they stay.
        words[name] = frozenset(_expand(plain(name), forms, set()))
    # The dictionary forms alone: in a language that declines nouns, the nominative
    # singular, the case of a subject ("ministr", not "ministrovi").
    words["role_lemmas"] = frozenset(_low(x) for x in plain("roles"))
    words["roles"] |= frozenset(_low(x) for x in plain("role_forms"))
    for name in PLAIN_LISTS:
        words[name] = frozenset(_low(x) for x in plain(name))
    for name in CASED_LISTS:
        words[name] = frozenset(plain(name))
    for name in OVERRIDE_LISTS:
        if name in raw_words:
            words[name] = frozenset(x.lower() for x in plain(name))

    def single(slot: str) -> set[str]:
        return {_low(p) for p in by_slot.get(slot, []) if " " not in p.strip()} if spaced else set()

    def multi(slot: str) -> list[str]:
        return [p for p in by_slot.get(slot, []) if " " in p.strip() or not spaced]

    # Verb lemmas of agglutinative languages have thousands of forms: ``form_endings``
    # keeps the ones a reported statement uses (Turkish "söyledi", "söyleyen").
    keep = plain("form_endings")
    speech = _expand(lemmas_by_slot.get("speech_verb", []), forms, exclude, nonfinite, keep)
    speech |= single("speech_verb")
    publish = _expand(lemmas_by_slot.get("publish", []), forms, exclude, nonfinite, keep)
    publish |= single("publish")
    addressee_lemmas = [
        str(x) for raw in data.get("patterns") or [] for x in raw.get("addressee_lemmas") or []
    ]
    # "teilen mit": a verb whose particle closes its clause ("teilte das Ministerium mit").
    separable: dict[str, set[str]] = {}
    for raw in data.get("patterns") or []:
        for entry in raw.get("separable") or []:
            base, particle = str(entry).split()
            for form in _expand([base], forms, exclude):
                separable.setdefault(form, set()).add(particle.lower())
    cue_slots = (
        "speech_verb",
        "publish",
        "according_to",
        "according_after",
        "citing",
        "interview",
        "agency",
    )
    # Compound verbs: a noun of a pattern's ``compounds`` and a form of the language's
    # ``light_verbs`` ("اعلام کرد", "दावा किया"), one regex per slot.
    nouns_by_slot: dict[str, list[str]] = {}
    for spec in specs:
        nouns_by_slot.setdefault(spec.slot, []).extend(spec.compounds)
    light = _alternation(plain("light_verbs"))

    def compound(slot: str) -> str:
        nouns = nouns_by_slot.get(slot)
        return rf"|(?:{_alternation(nouns)})\s+(?:{light})" if nouns else ""

    cues = {
        slot: re.compile(rf"(?<!\w)(?:{_alternation(multi(slot))}{compound(slot)})(?!\w)", flags)
        if spaced
        else re.compile(rf"(?:{_alternation(multi(slot))})", flags)
        for slot in cue_slots
    }
    for slot in ("according_to", "according_after", "citing", "interview", "agency"):
        # Single-word cues of these slots are phrases too ("selon", "laut", "göre").
        cues[slot] = re.compile(
            rf"(?<!\w)(?:{alt(slot)})(?!\w)" if spaced else rf"(?:{alt(slot)})", flags
        )
    # Phrase cues by the first three letters of their first word: a page's words are
    # looked up once each, instead of every slot's regex scanning the whole text.
    phrase_index: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    if spaced:
        for slot in cue_slots:
            phrases = multi(slot) if slot in ("speech_verb", "publish") else by_slot.get(slot, [])
            for phrase in sorted(set(phrases), key=len, reverse=True):
                first = phrase.strip().split()[0].lower()
                rx = re.compile(rf"(?:{phrase_regex(phrase)})(?!\w)", flags)
                for key in _index_keys(first):
                    phrase_index.setdefault(key, []).append((slot, rx))
            if nouns_by_slot.get(slot):
                rx = re.compile(rf"(?:{compound(slot)[1:]})(?!\w)", flags)
                for noun in nouns_by_slot[slot]:
                    for key in _index_keys(noun.split()[0].lower()):
                        phrase_index.setdefault(key, []).append((slot, rx))
    order = str(data.get("order", "svo"))
    if order not in ORDERS:
        raise ValueError(f"patterns/{data['language']}.yaml: order must be one of {ORDERS}")
    return Patterns(
        language=str(data["language"]),
        order=order,
        cased=bool(data.get("cased", True)),
        spaced=spaced,
        prodrop=bool(data.get("prodrop", False)),
        modifiers=str(data.get("modifiers", "both")),
        apostrophe_suffixes=bool(data.get("apostrophe_suffixes", False)),
        capitalised_nouns=bool(data.get("capitalised_nouns", False)),
        ids={spec.slot: spec.id for spec in specs},
        confidences={spec.slot: spec.confidence for spec in specs},
        speech_forms=frozenset(speech),
        publish_forms=frozenset(publish),
        addressee_forms=frozenset(_expand(addressee_lemmas, forms, exclude, nonfinite, keep)),
        separable={form: frozenset(particles) for form, particles in separable.items()},
        before_cues=frozenset(
            " ".join(str(x).lower().split())
            for raw in data.get("patterns") or []
            if raw.get("before")
            for x in raw.get("phrases") or []
        ),
        possessor_cues=frozenset(
            " ".join(str(x).lower().split())
            for raw in data.get("patterns") or []
            if raw.get("possessor")
            for x in raw.get("phrases") or []
        ),
        inverted_forms=frozenset(
            f
            for raw in data.get("patterns") or []
            if raw.get("inverted")
            for f in _expand(
                [str(x) for x in raw.get("lemmas") or []], forms, exclude, nonfinite, keep
            )
            | {str(x).lower() for x in raw.get("phrases") or [] if " " not in str(x).strip()}
        ),
        cue_words=frozenset(speech | publish | words["statement_nouns"] | set(separable)),
        cues=cues,
        phrase_index=phrase_index,
        first_words={
            slot: frozenset(p.split()[0].lower() for p in phrases if p.strip())
            for slot, phrases in by_slot.items()
        },
        words=words,
        name_cases=_name_cases(data.get("name_cases"), str(data["language"])),
        alias_endings=_alias_endings(data.get("alias_endings")),
        person_title=re.compile(
            rf"(?<![\w.])(?:{_alternation(plain('person_titles'))})s?(?=[\s,])", re.UNICODE
        ),
        source_line=re.compile(
            rf"^\W{{0,3}}(?:{alt('source_line')})\s*[:：]\s*(?P<ref>\S.*?)\s*$", flags
        )
        if spaced
        # Chinese pages put the source among a metadata line's fields ("发布时间:… 来源:中国
        # 新闻网 作者:…"): it may follow other fields and ends at the next space.
        else re.compile(
            rf"(?:^|\s)\W{{0,3}}(?:{alt('source_line')})\s*[:：]\s*(?P<ref>[^\s:：]+)", flags
        ),
        translated_by=re.compile(
            rf"^\W{{0,3}}(?:{alt('translated_by')})\s*[:：]?\s+(?P<who>\S.{{0,80}}?)\s*\.?\W{{0,3}}$",
            flags,
        ),
        translated_from=re.compile(rf"(?<!\w)(?:{alt('translated_from')})(?!\w)", flags),
        republished_from=re.compile(
            rf"(?<!\w)(?:{alt('republished_from')})\s*:?\s+(?P<who>[^:\n]{{1,80}}?)\s*(?::|\.|$)",
            flags,
        )
        if spaced
        # "(本文来自澎湃新闻，更多…)": no space after the phrase; the name ends at a comma,
        # a full stop or a bracket.
        else re.compile(
            rf"(?:{alt('republished_from')})\s*[:：]?\s*"
            rf"(?P<who>[^:：\n，。,;；()（）]{{1,40}}?)\s*(?:[:：，。,;；()（）]|$)",
            flags,
        ),
        continue_reading=re.compile(
            rf"^\W{{0,3}}(?:{alt('continue_reading')})\s*:?\s+(?P<who>[^\n]{{1,200}}?)\s*\.?\W{{0,3}}$",
            flags,
        ),
        # "from Cyprus News Agency", "aus Die Presse, Wien,": the name runs to the line's
        # end or to a comma before a place or a date.
        credit_from=re.compile(
            rf"^\W{{0,3}}(?:{alt('credit_from')})\s+(?P<who>[^,\n]{{2,60}}?)\s*(?:,\s*(?P<rest>.*?))?\s*$",
            flags,
        ),
        # "Riproduzione riservata © Copyright ANSA", "© 2024 The Associated Press. All rights
        # reserved.": the phrases are the language's "all rights reserved".
        copyright_line=re.compile(
            rf"^\W{{0,3}}(?:(?P<rights1>{alt('copyright_line')})\W*)?"
            r"(?P<mark>(?:©|\(c\)|copyright)(?:\s*(?:©|\(c\)|copyright))*)\s*"
            r"(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<who>[^©\n.,]{2,60}?)(?:\s+\d{4})?\s*[.,]?\s*"
            rf"(?P<rights2>{alt('copyright_line')})?\W{{0,3}}$",
            flags,
        ),
        via=re.compile(
            rf"(?:^|[\s(\[])(?:{alt('via')})\s*:?\s*(?P<who>[^\n()\[\]]{{2,200}})",
            flags,
        ),
        # The outlet follows the phrase, perhaps in quotes: "… pubblicato sul “NYT”".
        translation_of=re.compile(
            rf"(?<!\w)(?:{alt('translation_of')})\s+(?P<who>[^\n]{{2,120}})", flags
        ),
        annex_marker=re.compile(rf"^\s*(?:{alt('annex_marker')})(?!\w)", flags),
        byline=re.compile(rf"^\s*(?:{alt('byline')})\s*:?\s+(?P<who>[^\d\n]{{3,60}}?)\s*$", flags),
        footer_marker=re.compile(rf"^\s*(?:{_alternation(plain('footer_markers'))})(?!\w)", flags),
        # "© Sputnik / Name", "Photo : AFP", "Фото: РИА Новости": the credited name follows.
        # The credit runs to the end of the line; the cue-line rules read the outlet in it
        # ("Sergei Karpukhin/Reuters" credits Reuters).
        photo_credit=re.compile(
            rf"(?:©|(?<!\w)(?:{alt('photo_credit')})(?:\s*(?:[:：©|/]|[-–—](?=\s))|(?<=\.)\s))\s*"
            rf"(?P<who>[^\n]{{2,80}})",
            flags,
        ),
        # A separator is required unless the cue is written in capitals or names a
        # domain ("READ MORE", "Also on rt.com"); the cue-line rules check that.
        read_more=re.compile(
            rf"^\W{{0,3}}(?P<cue>{alt('read_more')})\s*(?P<sep>[:：–—-])?\s*(?P<title>\S.{{5,200}}?)\s*$",
            flags,
        ),
    )


class _WordLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.1 reads "on", "no", "yes" and "off" as booleans; in word lists they are
    words ("said on CBS", Czech "no"). Only true and false stay booleans."""


_WordLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_WordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _load(code: str) -> dict[str, Any]:
    text = resources.files("loaders").joinpath(f"data/patterns/{code}.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=_WordLoader)
    return data


def _forms(code: str) -> dict[str, list[str]]:
    path = resources.files("loaders").joinpath(f"data/patterns/forms/{code}.json")
    if not path.is_file():
        return {}
    forms: dict[str, list[str]] = json.loads(path.read_text("utf-8"))
    return forms


@cache
def patterns_for(language: str | None) -> Patterns:
    """Return the compiled patterns for ``language``, falling back to English."""
    code = language if language in LANGUAGES else "en"
    return _compile(_load(code), _forms(code))


def all_specs() -> Iterator[PatternSpec]:
    """Every pattern of every language, with its examples (for tests and docs)."""
    for code in LANGUAGES:
        yield from _specs(_load(code))


def build_forms(code: str) -> dict[str, list[str]]:
    """The forms of every lemma ``code``'s file lists, from simplemma's dictionary.

    A lemma simplemma does not know keeps only itself (Chinese has no dictionary).
    """
    from simplemma.strategies.dictionaries.dictionary_factory import (
        SUPPORTED_LANGUAGES,
        _load_dictionary_from_disk,
    )

    data = _load(code)
    lemmas = _lemmas_of(data)
    # ``inflected: false``: the language barely inflects (Indonesian), and simplemma's
    # "forms" of a root are derived words of other meanings ("menteri" -> "kementerian").
    if code not in SUPPORTED_LANGUAGES or not lemmas or not data.get("inflected", True):
        return {}
    words = data.get("words") or {}
    infinitives = sorted(map(str, words.get("infinitive_endings") or []), key=len, reverse=True)
    participles = [str(x) for x in words.get("participle_endings") or []]
    wanted = {lemma.encode(): lemma for lemma in lemmas}
    found: dict[str, set[str]] = {}
    dictionary = _load_dictionary_from_disk(code)
    for form, raw_lemma in dictionary.items():
        if raw_lemma in wanted:
            found.setdefault(wanted[raw_lemma], set()).add(form.decode())
    # Past participles are often listed as adjectives with a lemma of their own
    # ("informé" -> "informé"), so the inversion misses them: add stem + participle
    # ending wherever the dictionary has that word.
    for word in lemmas:
        ending = next((e for e in infinitives if word.endswith(e)), None)
        stem = word[: -len(ending)] if ending else ""
        if len(stem) < 3:
            continue
        for participle in participles:
            if (stem + participle).encode() in dictionary:
                found.setdefault(word, set()).add(stem + participle)
    endings = [str(x) for x in words.get("form_endings") or []]
    verbs = _verb_lemmas(data)
    return {
        lemma: sorted(f for f in found[lemma] if lemma not in verbs or _ending_ok(f, endings))
        for lemma in sorted(found)
    }


def _write_forms(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for code in LANGUAGES:
        forms = build_forms(code)
        path = folder / f"{code}.json"
        path.write_text(json.dumps(forms, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{path}: {len(forms)} lemmas, {sum(map(len, forms.values()))} forms")


if __name__ == "__main__":
    if sys.argv[1:] != ["forms"]:
        sys.exit("usage: python -m loaders.patterns forms")
    _write_forms(Path(__file__).parent / "data" / "patterns" / "forms")
