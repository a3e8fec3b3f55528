"""Spelling-tolerant matching for names and cue phrases in many scripts.

Two tools, used together so that what a regex finds, a dictionary can look up:

- ``fold`` turns a name into a comparison key: case, Latin accents, Arabic short
  vowels, tatweel and letter variants (أ/إ/آ -> ا, ة -> ه, ى -> ي) are ignored.
- ``alias_regex``/``phrase_regex`` build regexes that match a name or a cue phrase as it
  appears in running text, *without rewriting the text*, so evidence offsets stay
  verbatim: Russian case endings ("Интерфакса", "Министерства обороны"), Arabic
  clitic prefixes ("لوكالة", "ووفقاً", "بسانا") and vowel marks are allowed in place.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["Endings", "alias_regex", "fold", "is_arabic", "phrase_regex"]

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
# Short vowels, tanween, shadda, sukun, superscript alef and tatweel: optional anywhere.
_ARABIC_MARKS = "[\u064b-\u065f\u0670\u0640]*"
_ARABIC_VARIANTS = {
    "ا": "[اأإآٱ]",
    "أ": "[اأإآٱ]",
    "إ": "[اأإآٱ]",
    "آ": "[اأإآٱ]",
    "ة": "[ةه]",
    "ه": "[هة]",
    "ى": "[ىيی]",
    "ي": "[يىی]",
    # Persian writes its own yeh and kaf (ی, ک) where Arabic has ي, ك; pages mix them.
    "ی": "[یيى]",
    "ک": "[کك]",
    "ك": "[كک]",
}
_ARABIC_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك"}
)
# Conjunction (و, ف) then preposition (ب, ل, ك), written joined to the next word.
_ARABIC_CLITICS = "(?:[وف]?[بلك]?)"
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)

# Russian and Ukrainian declension, as alternations of endings replacing a word's final
# letters. Ordered longest first; each list includes the dictionary ending itself.
# Ukrainian endings (і, ї, є, "ові") never occur in Russian text.
_CYRILLIC_ENDINGS: list[tuple[str, str]] = [
    ("ий", "ий|ого|ому|им|ом|ая|ой|ую|ие|их|ими|ия|ию|ием|ии|ім|ій|ої|ою|і"),
    ("ій", "ій|ія|ію|ієм|ії|ього|ьому|ім|я|ю|є"),
    ("ый", "ый|ого|ому|ым|ом|ая|ой|ую|ые|ых|ыми"),
    ("ой", "ой|ого|ому|ым|ом|ая|ую|ые|ых"),
    ("ая", "ая|ой|ую|ою|ої|ій|у"),
    ("ое", "ое|ого|ому|ым|ом"),
    ("ия", "ия|ии|ию|ией|ий|иям|иями|иях"),
    ("ія", "ія|ії|ію|ією|ій"),
    ("и", "и|ей|ям|ями|ях|ам|ами|ах|ов"),
    ("а", "а|ы|и|е|у|ой|ою|і|ею|ої|ій"),
    ("я", "я|и|е|ю|ей|і|ї|ею|єю"),
    ("о", "о|а|у|ом|е|і|ові|ою"),
    ("ь", "ь|я|ю|ем|е|и|і|ею|ів"),
    ("й", "й|я|ю|ем|е|ї|єм"),
]
_CYRILLIC_CONSONANT_ENDINGS = "а|у|ом|ым|е|ы|и|ов|ам|ами|ах|і|ові|ів|им|ем|еві|ю"
# A language's table for Latin words (patterns ``alias_endings``): final letters of a
# word and the endings that may stand in their place.
Endings = tuple[tuple[str, str], ...]


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


# Cached: mention resolution folds the same few names against each other (quadratic in
# a page's mentions), and folding was a tenth of extraction's CPU on the ingest bench.
@lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Return the comparison form of a name in any script.

    >>> fold("  Ministère  russe de la Défense ")
    'ministere russe de la defense'
    >>> fold("وكالة سانا") == fold("وكالةُ سانا")
    True
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("\u0640", ""))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = unicodedata.normalize("NFC", stripped).translate(_ARABIC_FOLD)
    folded = stripped.casefold().replace("ё", "е").replace("’", "'")
    return " ".join(_NON_WORD.sub(" ", folded).split())


def _arabic_word(word: str) -> str:
    out = []
    for ch in word:
        if ch == "\u0640" or unicodedata.combining(ch):
            continue
        out.append(_ARABIC_VARIANTS.get(ch, re.escape(ch)) + _ARABIC_MARKS)
    return "".join(out)


def _inflected(word: str, table: Endings | list[tuple[str, str]], other: str | None) -> str:
    """``word`` with its final letters replaced by any ending of ``table``'s first entry
    it ends with (longest first), or followed by ``other`` endings if none fits."""
    lower = word.casefold()
    for ending, options in table:
        if ending and lower.endswith(ending):
            # Longest first, so an ending is not cut short ("Известиям", not "Известия").
            ordered = "|".join(sorted(options.split("|"), key=len, reverse=True))
            return f"{re.escape(word[: -len(ending)])}(?:{ordered})"
    if other is not None:
        return f"{re.escape(word)}(?:{other})?"
    return re.escape(word)


def _cyrillic_word(word: str) -> str:
    if len(word) < 4 or word.isupper() or not _CYRILLIC.search(word[-1]):
        body = re.escape(word)
    else:
        consonant = word.casefold()[-1] in "бвгджзклмнпрстфхцчшщ"
        other = _CYRILLIC_CONSONANT_ENDINGS if consonant else None
        body = _inflected(word, _CYRILLIC_ENDINGS, other)
    # Ukrainian "і" is often typed as its Latin look-alike ("ЛiгаБiзнесIнформ").
    return body.replace("і", "[іi]").replace("І", "[ІI]")


def _latin_word(word: str, endings: Endings | None = None) -> str:
    if endings and len(word) >= 3 and not word.isupper() and word[-1:].isalpha():
        other = dict(endings).get("")
        body = _inflected(word, endings, other)
    else:
        body = re.escape(word)
    return re.sub(r"['’]", "['’]", body)


def _word(word: str, endings: Endings | None = None) -> str:
    if _ARABIC.search(word):
        return _arabic_word(word)
    if _CYRILLIC.search(word):
        return _cyrillic_word(word)
    return _latin_word(word, endings)


def _words(text: str) -> list[str]:
    # "РИА «Новости»" and "РИА Новости" are the same name.
    return [w for w in re.split(r"\s+", text.replace("«", " ").replace("»", " ").strip()) if w]


def alias_regex(alias: str, endings: Endings | None = None) -> str:
    """Regex body matching ``alias`` in running text (no boundaries; the caller adds them).

    Cyrillic words match their Russian and Ukrainian case endings; Latin words match the
    ``endings`` of the text's language when it declines names ("Reutersa", "Babiše").

    Single words keep their case ("Sputnik" is not "sputnik", "RT" not "rt"); names of
    two words also match with a lower-case first letter ("le Monde"), names of three or
    more words and domain-like aliases ignore case.
    """
    if re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", alias) and not _ARABIC.search(alias):
        return f"(?i:{re.escape(alias)})"
    words = _words(alias)
    if not words:
        return r"(?!x)x"
    parts = [_word(w, endings) for w in words]
    first = words[0]
    if len(words) > 1 and first[:1].isalpha() and first[:1].upper() != first[:1].lower():
        head = first[:1]
        parts[0] = (
            f"[{re.escape(head.upper())}{re.escape(head.lower())}]"
            + parts[0][len(re.escape(head)) :]
        )
    if _ARABIC.search(first):
        if first.startswith("ال") and len(first) > 3:
            # "للجزيرة": "ل" + "الجزيرة" is written without the alef.
            alef, rest = _arabic_word(first[0]), _arabic_word(first[1:])
            parts[0] = f"(?:{_ARABIC_CLITICS}{alef}|[وف]?ل(?=ل)){rest}"
        else:
            parts[0] = _ARABIC_CLITICS + parts[0]
    joined = r"[\s«»]+".join(parts) if "«" in alias else r"\s+".join(parts)
    # Three words or more are distinctive in any case ("Centre Russe pour la
    # Réconciliation"); two ("Russia today", "le monde") are not.
    return f"(?i:{joined})" if len(words) >= 3 else joined


def phrase_regex(phrase: str) -> str:
    """Regex body matching a cue phrase ("selon", "по данным", "وفقاً لـ"); case is the
    caller's flag. An Arabic preposition at the end ("لـ") may be joined to the next word."""
    words = _words(phrase)
    if not words:
        return r"(?!x)x"
    tail = ""
    if _ARABIC.search(words[-1]) and words[-1].replace("\u0640", "") in {"ل", "ب", "عن"}:
        last = words.pop().replace("\u0640", "")
        tail = rf"(?:\s*{re.escape(last)}\u0640*)?" if last != "عن" else rf"\s+{last}"
    parts = [_word(w) for w in words]
    if parts and _ARABIC.search(words[0]):
        parts[0] = _ARABIC_CLITICS + parts[0]
    body = r"\s+".join(parts) + tail
    if phrase.rstrip().endswith(" de") and not _ARABIC.search(phrase):
        # French "de" also stands for du / des / d'.
        body = body[: -len("de")] + r"(?:de|du|des|d['’])"
    return body
