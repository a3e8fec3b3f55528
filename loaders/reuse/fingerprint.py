"""Translation fingerprints: the tokens of a sentence that survive translation.

A translator keeps numbers, names, places, handles and URLs, and turns month names
and number words into the same month and number in another language. Each sentence's
fingerprint is the set of those, as language-independent tokens:

* ``n:2300000``: numbers, separators removed (``2,300`` = ``2 300``; Arabic-Indic
  digits read as digits), scaled by a following "million" / "млн" / "مليون", and
  number words ("twelve", "douze", "двенадцать");
* ``m:03``: month names in any of the lexicon's languages ("March", "марта", "آذار");
* ``u:`` URLs and ``h:`` handles, as written;
* ``c:trm``: capitalised words that are not the first of their sentence, as a phonetic
  key of their transliteration (loaders.reuse.names), so ``Trump``, ``Трамп`` meet;
* ``w:trm``: every word of a script without capitals (Arabic, Persian), keyed the same
  way. Any of them may be a name; they count only where the other text has that key as
  a name (see ``resolve_weak``), and never in the index's document fingerprint.

Languages that capitalise their nouns (German) would flood the names with nouns; there
a capitalised word right after an article, a determiner or an inflected adjective
("der Präsident", "die neue Regierung") is taken for a noun and left out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from loaders.reuse.names import is_cased, name_key
from loaders.reuse.normalise import fold

__all__ = ["fingerprints", "is_weak", "lexicon_fold", "resolve_weak", "strong"]

# A stem in the lexicon matches a word that has at most this many more letters.
_STEM_SLACK = 4
_WEAK = "w:"
_NAME = "c:"

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<!\w)[@#]\w{2,}")
# Thousands separators: comma, dot, (narrow) no-break space, space, Arabic "٬";
# decimal: comma, dot, Arabic "٫".
_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f \u066c]\d{3})*(?:[.,\u066b]\d+)?")
_DECIMAL = re.compile(r"[.,\u066b](\d{1,2})$")
_NEXT_WORD = re.compile(r"[\s\u00a0\u202f]*(\w+)")


@cache
def _capitalised() -> re.Pattern[str]:
    """A word that starts with a capital letter of the Basic Multilingual Plane (Latin,
    Greek, Cyrillic, Armenian...): matched by the regex alone, not by testing each word
    of a sentence in Python. Built on first use: listing the capitals takes 20 ms, which
    commands that never look for a translation must not pay at start-up."""
    capitals = "".join(chr(c) for c in range(0x10000) if chr(c).isupper() and chr(c).isalpha())
    return re.compile(rf"(?<![\w-])[{re.escape(capitals)}][\w-]{{2,}}")


# Letters of scripts without capitals: Hebrew, Arabic (and Persian, Urdu), Devanagari,
# Thai, Georgian, kana, CJK, Hangul.
_UNCASED_LETTER = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
    "\u0900-\u097f\u0e00-\u0e7f\u10d0-\u10ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
)
_WORD = re.compile(r"\w+")
_UNCASED_WORD = re.compile(r"\w{3,}")
# English words that are also month names, counted only when capitalised.
_AMBIGUOUS_MONTH = re.compile(r"\b(?:May|March)\b")
_AMBIGUOUS_MONTHS = frozenset({"may", "march"})
_WEEKDAYS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
    ]
)
# Arabic vowel marks, hamza carriers and tatweel, and the Persian letters that have an
# Arabic twin: folded so that lexicon forms match however a text spells them.
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")
_LETTER_TWINS = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك", "ة": "ه", "ı": "i"})


def lexicon_fold(word: str) -> str:
    """Return ``word`` as the lexicon is matched: folded, without Arabic vowel marks."""
    return _ARABIC_MARKS.sub("", fold(word)).translate(_LETTER_TWINS)


@dataclass(frozen=True)
class _Lexicon:
    exact: dict[str, str]
    stems: dict[str, str]
    # The first three letters of every stem: most words are rejected on them at once.
    stem_heads: frozenset[str]
    scales: dict[str, int]
    scale_stems: dict[str, int]
    noun_capitalising: frozenset[str]
    noun_markers: frozenset[str]
    adjective_endings: tuple[str, ...]


@cache
def _lexicon() -> _Lexicon:
    raw = yaml.safe_load(
        resources.files("loaders").joinpath("data/reuse_lexicon.yaml").read_text("utf-8")
    )
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    for prefix, table in (("m:%02d", raw["months"]), ("n:%d", raw["numbers"])):
        for value, forms in table.items():
            for form in forms:
                token = prefix % int(value)
                if form.endswith("*"):
                    stems[lexicon_fold(form[:-1])] = token
                else:
                    exact[lexicon_fold(form)] = token
    scales: dict[str, int] = {}
    scale_stems: dict[str, int] = {}
    for value, forms in raw["scales"].items():
        for form in forms:
            if form.endswith("*"):
                scale_stems[lexicon_fold(form[:-1])] = int(value)
            else:
                scales[lexicon_fold(form)] = int(value)
    nouns = raw["noun_capitalising"]
    return _Lexicon(
        exact=exact,
        stems=stems,
        stem_heads=frozenset(s[:3] for s in [*stems, *scale_stems]),
        scales=scales,
        scale_stems=scale_stems,
        noun_capitalising=frozenset(nouns["languages"]),
        noun_markers=frozenset(lexicon_fold(w) for w in nouns["markers"]),
        adjective_endings=tuple(nouns["adjective_endings"]),
    )


def _stem_lookup(word: str, table: dict[str, str] | dict[str, int]) -> str | int | None:
    lex = _lexicon()
    if len(word) < 3 or word[:3] not in lex.stem_heads:
        return None
    for cut in range(len(word), max(2, len(word) - _STEM_SLACK - 1), -1):
        found = table.get(word[:cut])
        if found is not None:
            return found
    return None


def _word_token(word: str) -> str | None:
    """Return the month or number token of a folded word, if it is one."""
    lex = _lexicon()
    found = lex.exact.get(word)
    if found is None and len(word) >= 3 and word[:3] in lex.stem_heads:
        stem = _stem_lookup(word, lex.stems)
        found = stem if isinstance(stem, str) else None
    return found


def _scale(word: str) -> int | None:
    lex = _lexicon()
    found = lex.scales.get(word)
    if found is None:
        stem = _stem_lookup(word, lex.scale_stems)
        found = stem if isinstance(stem, int) else None
    return found


def _ascii_digits(text: str) -> str:
    # Arabic-Indic and other Unicode digits as 0-9; \d matched them already.
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())


def _numbers(rest: str, out: set[str]) -> None:
    for m in _NUMBER.finditer(rest):
        digits = _ascii_digits(m.group())
        if len(digits) >= 2:  # single digits are everywhere, in every language
            out.add("n:" + digits)
        nxt = _NEXT_WORD.match(rest, m.end())
        scale = _scale(lexicon_fold(nxt.group(1))) if nxt else None
        if scale is not None:
            decimal = _DECIMAL.search(m.group())
            whole = m.group()[: decimal.start()] if decimal else m.group()
            value = int(_ascii_digits(whole) or "0") * scale
            if decimal:
                places = decimal.group(1)
                value += int(_ascii_digits(places)) * scale // 10 ** len(places)
            out.add(f"n:{value}")


def _is_noun(rest: str, start: int) -> bool:
    """Whether a capitalised word at ``start`` follows a determiner or an adjective."""
    before = rest[:start].rstrip()
    m = re.search(r"(\w+)$", before)
    if m is None:
        return False
    word = lexicon_fold(m.group(1))
    lex = _lexicon()
    # An article opening the sentence is capitalised too ("Der Präsident").
    return word in lex.noun_markers or (
        m.group(1).islower() and len(word) >= 4 and word.endswith(lex.adjective_endings)
    )


@lru_cache(maxsize=1 << 16)
def _capital_key(word: str) -> str | None:
    """The name key of a capitalised word, None for a weekday, a month or a number word
    (cached: the same names recur sentence after sentence)."""
    folded = lexicon_fold(word)
    if folded in _WEEKDAYS or _word_token(folded) is not None:
        return None
    return name_key(word)


def fingerprints(sentence: str, language: str | None = None) -> frozenset[str]:
    """Return the tokens of ``sentence`` that survive translation (see the module doc).

    >>> sorted(fingerprints("Trump met Putin in Moscow on 3 March, paying 2.3 million."))
    ['c:btn', 'c:msk', 'm:03', 'n:23', 'n:2300000']
    >>> sorted(fingerprints("Трамп встретился с Путиным в Москве 3 марта, заплатив 2,3 млн."))
    ['c:btn', 'c:msk', 'm:03', 'n:23', 'n:2300000']
    """
    out: set[str] = set()
    for m in _URL.finditer(sentence):
        out.add("u:" + m.group().rstrip(".,;)").lower())
    rest = _URL.sub(" ", sentence)
    out.update("h:" + m.group().lower() for m in _HANDLE.finditer(rest))
    _numbers(rest, out)
    # Folded once for the sentence, not word by word (most of the cost was there), and
    # each distinct word looked up once: most words are in neither table, and set
    # operations reject them without a Python call each.
    lex = _lexicon()
    words = set(_WORD.findall(lexicon_fold(rest))) - _AMBIGUOUS_MONTHS
    out.update(lex.exact[w] for w in words & lex.exact.keys())
    for word in words:
        if word[:3] in lex.stem_heads and word not in lex.exact:
            stem = _stem_lookup(word, lex.stems)
            if isinstance(stem, str):
                out.add(stem)
    uncased = _UNCASED_LETTER.search(rest) is not None
    out.update("m:03" if m.group() == "March" else "m:05" for m in _AMBIGUOUS_MONTH.finditer(rest))
    nouns = language in _lexicon().noun_capitalising
    # A sentence's first word is capitalised whatever it is.
    opening = len(rest) - len(rest.lstrip(" #\"“«'(-—"))
    for m in _capitalised().finditer(rest):
        if m.start() <= opening:
            continue
        key = _capital_key(m.group())
        if key is None or (nouns and _is_noun(rest, m.start())):
            continue
        out.add(_NAME + key)
    if uncased:
        for word in _UNCASED_WORD.findall(rest):
            if word.isalpha() and not is_cased(word) and _word_token(lexicon_fold(word)) is None:
                key = name_key(word)
                if key is not None:
                    out.add(_WEAK + key)
    return frozenset(out)


def is_weak(token: str) -> bool:
    return token.startswith(_WEAK)


def strong(tokens: frozenset[str]) -> frozenset[str]:
    """Return the tokens that count on their own (all but the uncased words)."""
    return frozenset(t for t in tokens if not t.startswith(_WEAK))


def resolve_weak(tokens: frozenset[str], names: frozenset[str]) -> frozenset[str]:
    """Return ``tokens`` with each uncased word that is a name in ``names`` as that name,
    and the other uncased words dropped."""
    if not any(t.startswith(_WEAK) for t in tokens):
        return tokens
    out = set()
    for t in tokens:
        if not t.startswith(_WEAK):
            out.add(t)
        elif (name := _NAME + t[len(_WEAK) :]) in names:
            out.add(name)
    return frozenset(out)
