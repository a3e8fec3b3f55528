"""Every actor a page names, with its span: registry entries, names read from capitals,
surnames and honorific forms that refer back to a full name, and back-references to a
named body ("the ministry", "le ministère", "الوزارة").

Attribution rules then only ask which mention stands where a source stands.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from graph.keys import entity_key
from graph.schema import NodeKind
from loaders.extract.context import Page
from loaders.extract.names import PARTICLES, NameRun, is_title_case_line, name_runs, type_of
from loaders.extract.text import Token, whole_words
from loaders.registry import Entry

__all__ = ["Mention", "Mentions", "find_mentions"]


@dataclass(frozen=True)
class Mention:
    """An actor named at ``[start, end)``.

    ``how`` says how it was found: ``registry``, ``name`` (capitals), ``titled`` (after a
    role or honorific), ``surname`` (a short form of a full name), ``backref`` (a
    descriptive phrase standing for a body named before), ``span`` (read from the words
    around a cue, in scripts without capitals).
    """

    start: int
    end: int
    kind: NodeKind
    name: str
    entry: Entry | None
    how: str

    @property
    def key(self) -> str:
        return self.entry.key if self.entry else entity_key(self.kind, self.name)

    @property
    def certain_person(self) -> bool:
        """A person for sure: their own words, never an employer's spokesman's."""
        return self.kind is NodeKind.PERSON and (
            self.how in ("titled", "surname") or self.entry is not None
        )


class Mentions:
    """A page's mentions, sorted by offset, looked up by position."""

    def __init__(self, found: list[Mention]) -> None:
        self.all = sorted(found, key=lambda m: (m.start, -m.end))
        self._starts = [m.start for m in self.all]
        self._ends = sorted((m.end, i) for i, m in enumerate(self.all))

    def starting_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end, lo=i)
        return self.all[i:j]

    def ending_before(self, pos: int, lo: int) -> list[Mention]:
        """Mentions ending in ``[lo, pos]``, nearest first."""
        j = bisect.bisect_right(self._ends, (pos, len(self.all)))
        out = []
        while j > 0:
            j -= 1
            end, i = self._ends[j]
            if end < lo:
                break
            out.append(self.all[i])
        return out


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_right(taken, (start, 10**12)) - 1
    for s, e in taken[max(0, i - 1) : i + 2]:
        if s < end and start < e:
            return True
    return False


def _registry(page: Page, zone_end: int) -> list[Mention]:
    out = []
    for m in page.registry.find_mentions(page.doc.text[:zone_end]):
        out.append(Mention(m.start, m.end, m.entry.kind, m.entry.name, m.entry, "registry"))
    return out


_POSSESSIVE = ("’s", "'s", "’", "'")


def _name_span(page: Page, tokens: list[Token]) -> tuple[int, int, str]:
    """The name's span and text, without a possessive ending ("Merkley’s" -> "Merkley")."""
    start, end = tokens[0].start, tokens[-1].end
    last = tokens[-1].text
    for ending in _POSSESSIVE:
        if last.endswith(ending) and len(last) > len(ending) + 1:
            end -= len(ending)
            break
    name = page.doc.text[start:end].rstrip(".,")
    return start, start + len(name), name


def _capitalised_elsewhere(page: Page, word: str, start: int) -> bool:
    """Whether ``word`` is written with its capital somewhere a sentence does not start."""
    starts = page.text.sentence_starts
    for s, _e in whole_words(page.doc.text, word):
        if s != start and s not in starts and not page.text.after_opening(s):
            return True
    return False


def _from_capitals(page: Page, zone_end: int, taken: list[tuple[int, int]]) -> list[Mention]:
    """Names read from capital letters, in the scripts that have them."""
    p = page.lang
    out: list[Mention] = []
    for line in page.text.lines:
        if line.start >= zone_end or not line.text.strip():
            continue
        headline = is_title_case_line(line.text)
        for run in name_runs(page.text, line.start, min(line.end, zone_end), p):
            if _overlaps(taken, run.start, run.end):
                continue
            mention = _typed(page, run, headline)
            if mention is not None:
                out.append(mention)
    return out


def _typed(page: Page, run: NameRun, headline: bool) -> Mention | None:
    p = page.lang
    tokens = run.tokens
    kind = type_of(tokens, p, titled=run.titled)
    start, end, name = _name_span(page, tokens)
    first = tokens[0]
    sentence_start = first.start in page.text.sentence_starts or page.text.after_opening(
        first.start
    )
    if headline and not run.titled:
        return None  # every word of a title-case headline is capitalised
    if len(tokens) == 1:
        if first.text.isupper() and len(first.text) == 1:
            return None
        if sentence_start and not run.titled and not _capitalised_elsewhere(
            page, first.text, first.start
        ):
            return None  # "Officials said": a capital that only starts the sentence
        if kind is None:
            kind = NodeKind.PERSON if run.titled else NodeKind.ORGANIZATION
            how = "titled" if run.titled else "name"
            return Mention(start, end, kind, name, None, how)
    elif sentence_start and first.low in p.words["determiners"]:
        return None
    if kind is None:
        return None
    how = "titled" if run.titled else "name"
    return Mention(start, end, kind, name, None, how)


def _short_forms(page: Page, found: list[Mention], zone_end: int) -> dict[str, Mention]:
    """The surnames of the multi-word persons named anywhere on the page ("Doe" for
    Jane Doe), and their given names when only those follow an honorific ("Sir Keir")."""
    by_word: dict[str, Mention] = {}
    for m in found:
        if m.kind is not NodeKind.PERSON:
            continue
        words = [w for w in m.name.split() if w.lower() not in PARTICLES]
        if len(words) < 2:
            continue
        surname = words[-1].rstrip(".,")
        if len(surname) >= 3:
            by_word.setdefault(surname, m)
    return by_word


def _surname_mentions(page: Page, by_word: dict[str, Mention], zone_end: int) -> list[Mention]:
    text = page.doc.text[:zone_end]
    out = []
    for surname, person in by_word.items():
        for start, end in whole_words(text, surname):
            out.append(Mention(start, end, NodeKind.PERSON, person.name, person.entry, "surname"))
    return out


def _full_name(m: Mention, found: list[Mention]) -> Mention:
    """A one-word person ("President Obama", "Sir Keir") as the full name it stands for."""
    if m.entry is not None or " " in m.name:
        return m
    if m.kind is not NodeKind.PERSON and m.how != "name":
        return m
    for other in found:
        if other.kind is NodeKind.PERSON and " " in other.name:
            words = other.name.split()
            if m.name in (words[-1], words[0]) and (m.name == words[-1] or m.how == "titled"):
                return Mention(m.start, m.end, NodeKind.PERSON, other.name, other.entry, "surname")
    return m


def find_mentions(page: Page) -> Mentions:
    """Every actor mention before the page's footer, longest and surest first."""
    zone_end = page.footer
    found = _registry(page, zone_end)
    taken = sorted((m.start, m.end) for m in found)
    if page.lang.cased:
        named = _from_capitals(page, zone_end, taken)
        found += named
        taken = sorted(taken + [(m.start, m.end) for m in named])
    # A single capitalised word that is some person's surname is that person.
    found = [_full_name(m, found) for m in found]
    shorts = _surname_mentions(page, _short_forms(page, found, zone_end), zone_end)
    taken = sorted((m.start, m.end) for m in found)
    for m in shorts:
        if not _overlaps(taken, m.start, m.end):
            found.append(m)
    return Mentions(found)
