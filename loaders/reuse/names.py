"""Names across scripts and spellings: a short phonetic key of the transliterated word.

A translation keeps the names of people and places, but spells them as its language
does: ``Trump`` is ``Трамп`` (Tramp) in Russian and ``ترامب`` (trmb) in Arabic,
``Washington`` is ``Вашингтон`` (Vashington), ``Putin`` is ``Poutine`` and ``بوتين``
(bwtyn). Transliterated to ASCII (anyascii) and reduced to its consonants, grouped by
how they sound (b/p/f/v/w, c/k/q/g/j/x, s/z, d/t), each of these comes down to the
same first three consonant classes: ``trm``, ``bsn``, ``btn``. Vowels are dropped
because Arabic script does not write them and transliterations disagree on them.

The key is short on purpose: it is compared sentence by sentence between two texts
that already share numbers and other names, where a chance collision costs little and
a missed name costs a sentence pair.
"""

from __future__ import annotations

from functools import lru_cache

from anyascii import anyascii

__all__ = ["KEY_CLASSES", "is_cased", "name_key"]

# Consonant classes kept in a key. Three tell names apart well enough inside one pair
# of texts, and are short enough that an ending a language adds ("Massachusets",
# "Londres") or drops does not change them.
KEY_CLASSES = 3
_CLASS = str.maketrans(
    {
        **dict.fromkeys("bpfvw", "b"),
        **dict.fromkeys("ckqgjx", "k"),
        **dict.fromkeys("sz", "s"),
        **dict.fromkeys("dt", "t"),
        **dict.fromkeys("aeiouyh", ""),
    }
)


@lru_cache(maxsize=1 << 16)
def name_key(word: str) -> str | None:
    """Return the phonetic key of a name, or None when it has under two consonants.

    >>> name_key("Trump"), name_key("Трамп"), name_key("ترامب")
    ('trm', 'trm', 'trm')
    >>> name_key("Washington"), name_key("Вашингтон")
    ('bsn', 'bsn')
    """
    letters = "".join(c for c in anyascii(word).lower() if "a" <= c <= "z")
    classes = letters.translate(_CLASS)
    key: list[str] = []
    for c in classes:
        if not key or key[-1] != c:
            key.append(c)
            if len(key) == KEY_CLASSES:
                break
    return "".join(key) if len(key) >= 2 else None


def is_cased(word: str) -> bool:
    """Whether ``word`` is written in a script with capitals (Latin, Greek, Cyrillic).

    Arabic, Persian and Hebrew have none, so a name there cannot be told from any
    other word by its first letter.
    """
    return word.lower() != word.upper()
