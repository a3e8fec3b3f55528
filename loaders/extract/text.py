"""The text of a page cut into lines, sentences and word tokens, once.

Every rule family reads the same cuts, so a page is scanned for sentence ends and
words a single time however many cues it holds.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

__all__ = ["PLATFORMS", "Line", "Text", "Token", "strip_span", "whole_words"]

# Abbreviations that end in a period without ending a sentence ("Col. Dillon", "Sen. Roe").
_SENTENCE_END = re.compile(r"[.!?…](?=\s)|[。！？؟।۔]|\n")
# Words whose period does not end a sentence ("Col. Dillon", "Sen. Roe", "J. Smith").
_ABBREVIATIONS = frozenset(
    {"Col", "Gen", "Dr", "M", "Mr", "Ms", "Mrs", "Sen", "Rep", "Gov", "St", "Lt", "Sgt", "Prof"}
    | {"No", "Capt", "Adm", "Maj", "Rev", "Mme", "Mlle", "Pr", "Hr", "Fr"}
)
_WORD_BEFORE = re.compile(r"(\w+)$")
# A word: letters and digits with the combining marks that Devanagari, Arabic and
# Hebrew write inside words (``\w`` alone splits "कहा" at its vowel sign), and the
# zero-width joiners of Persian ("می‌گوید"); inner apostrophes and hyphens join parts.
_WORD_CHARS = (
    r"[\w\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f"
    r"\u0670\u06d6-\u06ed\u0900-\u0dff\u200c\u200d]+"
)
# One character class, not an alternation: the tokenizer runs over every character
# of every page, and an alternation per character tripled its cost.
_TOKEN = re.compile(rf"{_WORD_CHARS}(?:['’\-]{_WORD_CHARS})*")
# Elided articles, pronouns and prepositions of French and Italian stand apart from
# the word they are joined to ("l'agence" is "l'" + "agence"), so a cue or name after
# them reads as a word of its own. "O'Brien" keeps its apostrophe.
_ELISION = re.compile(
    r"(?i)^(l|d|qu|s|n|j|c|m|t|jusqu|lorsqu|puisqu|dell|all|dall|nell|sull|coll|un|quest|quell|anch|c)['’](?=\w)"
)
# A case suffix written after an apostrophe ("Reuters'a", "Bakanlığı'nın", "AA'ya"), in
# languages that write one (Turkish): the word ends at the apostrophe.
_APOSTROPHE_SUFFIX = re.compile(r"['’]([^\W\d_]+)$")


# Social platforms: a "Source:" line naming one names where a picture or a post came
# from, not an article; after a medium's noun ("une chaîne Telegram") one says what kind
# of channel it is, not its name.
PLATFORMS = re.compile(
    r"^(?:Facebook|Twitter|X|Instagram|YouTube|Telegram|TikTok|VK|VKontakte|ВКонтакте|"
    r"Фейсбук|Телеграм|Телеграм-канал|Telegram-канал)\b",
    re.IGNORECASE,
)


# Arabic short vowels, shadda, sukun and tatweel: written or not, the word is the same.
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")


def _lower(word: str) -> str:
    low = word.lower()
    if low.isascii() or max(low) < "\u0300":
        return low
    # "İ".lower() is "i" and a combining dot: Turkish words are compared without it.
    return _ARABIC_MARKS.sub("", low).replace("i\u0307", "i")


@dataclass(frozen=True)
class Line:
    start: int
    end: int
    text: str


class Token(NamedTuple):
    """A word of the text with its offsets; ``low`` is its lower-case form.

    A tuple: pages have thousands of tokens, and a frozen dataclass's constructor
    was a fifth of extraction time.
    """

    start: int
    end: int
    text: str
    low: str


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def whole_words(text: str, word: str) -> Iterator[tuple[int, int]]:
    r"""Yield the spans of ``word`` in ``text`` not inside a longer word.

    What ``re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)`` finds, without
    compiling a pattern per name: one per surname per page was a tenth of the actor pass.

    >>> list(whole_words("Dillon said; Dillonville did not", "Dillon"))
    [(0, 6)]
    """
    at = text.find(word)
    while at >= 0 and word:
        end = at + len(word)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
            yield at, end
            at = text.find(word, end)
        else:
            at = text.find(word, at + 1)


class Text:
    """One page's text with its lines, sentence ends and tokens, computed on first use.

    With ``apostrophe_suffixes`` (Turkish), a lower-case suffix after an apostrophe is
    no part of its word's token: "Reuters'a" is the token "Reuters", the suffix stays in
    the text between tokens (see :meth:`suffix_after`).
    """

    def __init__(self, text: str, *, apostrophe_suffixes: bool = False) -> None:
        self.text = text
        self.apostrophe_suffixes = apostrophe_suffixes

    @cached_property
    def lines(self) -> list[Line]:
        out, pos = [], 0
        for raw in self.text.split("\n"):
            out.append(Line(pos, pos + len(raw), raw))
            pos += len(raw) + 1
        return out

    @cached_property
    def _ends(self) -> tuple[list[int], list[int], list[bool]]:
        starts, ends, newline = [], [], []
        text = self.text
        for m in _SENTENCE_END.finditer(text):
            if m.group() == ".":
                word = _WORD_BEFORE.search(text, max(0, m.start() - 6), m.start())
                if word and (
                    word.group(1) in _ABBREVIATIONS
                    or (len(word.group(1)) == 1 and word.group(1).isupper())
                ):
                    continue
            starts.append(m.start())
            ends.append(m.end())
            newline.append(m.group() == "\n")
        return starts, ends, newline

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        """The sentence around ``text[start:end]``, at most 400 characters either side."""
        starts, ends, newline = self._ends
        lo = 0
        # The last sentence end within 400 characters before ``start`` that is complete
        # before it (punctuation counts only when followed by a space before it).
        i = bisect.bisect_right(ends, start) - 1
        while i >= 0 and starts[i] >= max(0, start - 400):
            if ends[i] < start or newline[i]:
                lo = ends[i]
                break
            i -= 1
        j = bisect.bisect_left(starts, end)
        hi = ends[j] if j < len(starts) else len(self.text)
        return strip_span(self.text, lo, min(hi, end + 400))

    @cached_property
    def tokens(self) -> list[Token]:
        out = []
        new = tuple.__new__  # skips NamedTuple's Python-level __new__: thousands per page
        for m in _TOKEN.finditer(self.text):
            word, start = m.group(), m.start()
            elided = ("'" in word or "’" in word) and _ELISION.match(word)
            if elided:
                cut = elided.end()
                head = word[:cut]
                out.append(new(Token, (start, start + cut, head, head.lower().replace("’", "'"))))
                word, start = word[cut:], start + cut
            end = m.end()
            if self.apostrophe_suffixes and ("'" in word or "’" in word):
                suffix = _APOSTROPHE_SUFFIX.search(word)
                if suffix is not None and suffix.start() > 0 and suffix.group(1).islower():
                    word = word[: suffix.start()]
                    end = start + len(word)
            out.append(new(Token, (start, end, word, _lower(word))))
        return out

    def suffix_after(self, pos: int) -> str:
        """The apostrophe suffix written right after ``pos`` ("'ın" after "Trump"), if any."""
        if not self.apostrophe_suffixes:
            return ""
        m = re.match(r"['’][^\W\d_]+", self.text[pos : pos + 12])
        return m.group(0) if m and m.group(0)[1:].islower() else ""

    @cached_property
    def capitalised(self) -> list[int]:
        """Indices of the tokens that start with a capital: where names can start."""
        return [i for i, t in enumerate(self.tokens) if t.text[:1].isupper()]

    @cached_property
    def _token_starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def token_index(self, pos: int) -> int:
        """Index of the first token starting at or after ``pos``."""
        return bisect.bisect_left(self._token_starts, pos)

    def tokens_between(self, start: int, end: int) -> list[Token]:
        lo = self.token_index(start)
        hi = self.token_index(end)
        return [t for t in self.tokens[lo:hi] if t.end <= end]

    @cached_property
    def sentence_starts(self) -> set[int]:
        """Offsets of the first token of every sentence (its capital says nothing)."""
        starts = {0}
        _s, ends, _n = self._ends
        out = set()
        for pos in starts | set(ends):
            i = self.token_index(pos)
            if i < len(self.tokens):
                out.add(self.tokens[i].start)
        return out

    def after_opening(self, pos: int) -> bool:
        """True when only quotation marks, dashes or brackets stand between ``pos`` and
        the start of its sentence or line: "« Nous" starts a sentence too."""
        i = pos - 1
        while i >= 0 and self.text[i] in " \t«»\"“”„'‘’([—–-•*":
            i -= 1
        return i < 0 or self.text[i] in "\n.!?:;…。！？؟।"
