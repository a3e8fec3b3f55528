"""Every actor a page names, with its span: registry entries, names read from capitals,
surnames and honorific forms that refer back to a full name, and back-references to a
named body ("the ministry", "le ministère", "الوزارة").

Attribution rules then only ask which mention stands where a source stands.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from graph.keys import entity_key
from graph.schema import NodeKind
from loaders.extract.context import Page
from loaders.extract.names import (
    PARTICLES,
    NameRun,
    body_before_name,
    is_title_case_line,
    name_runs,
    type_of,
)
from loaders.extract.text import Token, whole_words
from loaders.registry import Entry
from loaders.textnorm import fold

__all__ = ["Mention", "Mentions", "find_mentions", "with_names"]


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
    return any(s < end and start < e for s, e in taken[max(0, i - 1) : i + 2])


# A site named by its domain in running text ("according to pravda-en.com").
_DOMAIN = re.compile(r"(?<![\w@/.-])(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,12}(?![\w-])")


def _registry(page: Page, zone_end: int) -> list[Mention]:
    text = page.doc.text[:zone_end]
    out = []
    for m in page.registry.find_mentions(text):
        out.append(Mention(m.start, m.end, m.entry.kind, m.entry.name, m.entry, "registry"))
    # Domains are looked up, not matched as aliases: the thousands of listed sites
    # would make every word start of every page try thousands of patterns.
    taken = sorted((m.start, m.end) for m in out)
    for d in _DOMAIN.finditer(text):
        if "." not in d.group().strip("."):
            continue
        # "Tribunnews.com melaporkan": the domain wins over an alias inside it.
        inside = [m for m in out if d.start() <= m.start and m.end <= d.end()]
        if _overlaps(taken, d.start(), d.end()) and not inside:
            continue
        entry = page.registry.by_domain(d.group())
        if entry is not None and entry.kind is NodeKind.OUTLET:
            out = [m for m in out if m not in inside]
            out.append(Mention(d.start(), d.end(), NodeKind.OUTLET, entry.name, entry, "registry"))
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
        headline: bool | None = None
        for run in name_runs(page.text, line.start, min(line.end, zone_end), p):
            if _overlaps(taken, run.start, run.end):
                rest = _after_known(run, taken)
                if rest is None:
                    continue
                run = rest
            if headline is None:
                headline = is_title_case_line(line.text)
            mention = _typed(page, run, headline)
            if mention is not None:
                out.append(mention)
    return out


def _after_known(run: NameRun, taken: list[tuple[int, int]]) -> NameRun | None:
    """The person a title names after a known body: in "Juru Bicara Kementerian Luar
    Negeri Teuku Faizasyah", the words after the registry's "Kementerian Luar Negeri"."""
    if not run.titled:
        return None
    ends = [e for s, e in taken if s < run.end and run.start < e]
    rest = [t for t in run.tokens if t.start >= max(ends)]
    if not rest or _overlaps(taken, rest[0].start, rest[-1].end):
        return None
    return NameRun(rest, True, run.employer)


def _after_role(page: Page, run: NameRun) -> bool:
    """A role word right before the name: "le ministre Kazagui", "spokeswoman Sarah"."""
    i = page.text.token_index(run.start)
    if not i:
        return False
    prev = page.text.tokens[i - 1]
    gap = page.doc.text[prev.end : run.start]
    return prev.low in page.lang.words["roles"] and (not gap.strip() or gap.strip() == ",")


def _adjective(page: Page, tok: Token) -> bool:
    """A capitalised nationality adjective before a noun of role or body ("Varnian
    experts"): English capitalises demonyms; "Brian said" keeps its name."""
    p = page.lang
    low = tok.low
    if not any(low.endswith(s) and len(low) > len(s) + 2 for s in p.words["demonym_suffixes"]):
        return False
    i = page.text.token_index(tok.start)
    nxt = page.text.tokens[i + 1] if i + 1 < len(page.text.tokens) else None
    return nxt is not None and any(
        nxt.low in p.words[name] for name in ("roles", "org_heads", "media_heads")
    )


def _typed(page: Page, run: NameRun, headline: bool) -> Mention | None:
    p = page.lang
    tokens = run.tokens
    if not run.titled and _after_role(page, run):
        # "juru bicara Kementerian Luar Negeri Roy Soemirat": the body, then the person.
        body = body_before_name(run.tokens, p)
        run = NameRun(run.tokens[body:], True, run.employer + run.tokens[:body])
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
        if _adjective(page, first):
            return None  # "Varnian experts", "Kestrian officials": a nationality
        if (
            sentence_start
            and not run.titled
            and not _capitalised_elsewhere(page, first.text, first.start)
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
    """A one-word person ("President Obama", "Sir Keir") as the full name it stands for;
    a one-word name that a title made a person elsewhere ("Menteri Sugiono") is one."""
    if m.entry is not None or " " in m.name:
        return m
    if m.kind is not NodeKind.PERSON and m.how != "name":
        return m
    if m.kind is not NodeKind.PERSON and any(
        o.kind is NodeKind.PERSON and o.how == "titled" and o.name == m.name for o in found
    ):
        m = Mention(m.start, m.end, NodeKind.PERSON, m.name, None, "titled")
    for other in found:
        if other.kind is NodeKind.PERSON and " " in other.name:
            words = other.name.split()
            # A two-word name's first word may be the surname ("Mao" for Mao Ning).
            first = m.how == "titled" or len(words) == 2
            if m.name in (words[-1], words[0]) and (m.name == words[-1] or first):
                return Mention(m.start, m.end, NodeKind.PERSON, other.name, other.entry, "surname")
    return m


def _longer_name(m: Mention, found: list[Mention]) -> Mention:
    """The first words of a longer name on the page as that name: "Ade Ary" for Ade Ary
    Syam Indradi (names of three words or more, which pages shorten from the end)."""
    if m.kind is not NodeKind.PERSON or m.entry is not None or " " not in m.name:
        return m
    for other in found:
        if (
            other.kind is NodeKind.PERSON
            and other.name.startswith(m.name + " ")
            and len(other.name.split()) >= 3
        ):
            return Mention(m.start, m.end, NodeKind.PERSON, other.name, other.entry, "surname")
    return m


def _stem(word: str) -> str:
    return word.lower()[:5]


def _np_word(page: Page, tok: Token) -> bool:
    """A word that may modify a body's head noun ("israélienne", "défense", "Israeli")."""
    p = page.lang
    low = tok.low
    if any(
        low in p.words[name]
        for name in (
            "auxiliaries", "modals", "pronouns", "complementizers", "conjunctions",
            "relative_pronouns", "time_words", "determiners", "subject_markers",
        )
    ):  # fmt: skip
        return False
    if low in p.speech_forms or low in p.publish_forms or tok.text.isdigit():
        return False
    if not p.cased and (low in p.words["roles"] or tok.text in p.words["honorifics"]):
        return False
    if p.language == "ar" and not low.startswith("ال"):
        return False  # Arabic modifiers of a definite head are definite ("الجيش السوري")
    if any(low.endswith(s) and len(low) > len(s) + 2 for s in p.words["adverb_suffixes"]):
        return False
    return low not in p.words["prepositions"] or low in ("de", "of", "del", "di", "do", "da")


def _naming(page: Page, tok: Token) -> bool:
    """A modifier that names which body it is: a capital ("the Israeli army"), or a
    nationality or place adjective ("l'armée israélienne"), not "majoritaire"."""
    p = page.lang
    low = tok.low
    return (
        (tok.text[:1].isupper() and p.cased)
        or low in p.words["demonyms"]
        or any(low.endswith(s) and len(low) > len(s) + 2 for s in p.words["demonym_suffixes"])
    )


def _descriptive(page: Page, found: list[Mention], zone_end: int) -> list[Mention]:
    """Bodies named by a description ("l’armée israélienne", "the Israeli army",
    "L’Autorité iranienne de défense aérienne"), and bare heads that refer back to the
    last body of their kind named before ("the ministry", "le quotidien", "الوزارة")."""
    p = page.lang
    text = page.text
    tokens = text.tokens
    body = page.doc.text
    taken = sorted((m.start, m.end) for m in found)
    by_start = sorted(found, key=lambda m: m.start)
    out: list[Mention] = []
    for i, tok in enumerate(tokens):
        if tok.start >= zone_end:
            break
        head = tok.low
        if head.endswith(("'s", "’s")):
            continue  # "that army's government": the possessor is no head
        article = p.language == "ar" and head.startswith("ال") and head[2:] in p.words["org_heads"]
        is_org = head in p.words["org_heads"] or article
        is_media = head in p.words["media_heads"]
        if not (is_org or is_media):
            continue
        det_tok = tokens[i - 1] if i else None
        det = (
            det_tok is not None
            and det_tok.low in p.words["determiners"]
            and not body[det_tok.end : tok.start].strip()
        )
        if det and det_tok is not None and det_tok.low in p.words["indefinites"]:
            continue  # "selon des médias locaux": an unnamed group
        opens = (
            det
            and det_tok is not None
            and (det_tok.start in text.sentence_starts or text.after_opening(det_tok.start))
        )
        single = [m for m in found if m.start == tok.start and m.end == tok.end and m.how == "name"]
        if _overlaps(taken, tok.start, tok.end) and not (single and opens):
            continue
        if (
            tok.text[:1].isupper()
            and not opens
            and not text.after_opening(tok.start)
            and (tok.start not in text.sentence_starts)
        ):
            continue  # a capitalised head inside a sentence belongs to a name run
        if not det and not article and p.words["determiners"]:
            continue
        if p.language == "ar" and not article and not det:
            continue  # "وكالة الأونروا": a head in the construct state names what follows
        lo, hi = i, i
        if p.modifiers in ("before", "both"):
            while (
                lo - 1 > 0
                and i - lo < 3
                and tokens[lo - 1].low not in p.words["determiners"]
                and _np_word(page, tokens[lo - 1])
                and not body[tokens[lo - 1].end : tokens[lo].start].strip()
                and not _overlaps(taken, tokens[lo - 1].start, tokens[lo - 1].end)
            ):
                lo -= 1
        if p.modifiers in ("after", "both"):
            while (
                hi + 1 < len(tokens)
                and hi - i < 4
                and _np_word(page, tokens[hi + 1])
                and not body[tokens[hi].end : tokens[hi + 1].start].strip()
                and not _overlaps(taken, tokens[hi + 1].start, tokens[hi + 1].end)
            ):
                hi += 1
            while hi > i and tokens[hi].low in ("de", "of", "del", "di", "do", "da"):
                hi -= 1
        nxt = body[tokens[hi].end : tokens[hi].end + 3].strip()[:1]
        if nxt.isupper() and nxt.isalpha():
            continue  # "l'agence Tass", "the newspaper Le Monde": the name follows
        start, end = tokens[lo].start, tokens[hi].end
        if lo == hi == i:
            antecedent = _antecedent(body, by_start, tok, is_media)
            if antecedent is not None:
                out.append(
                    Mention(
                        start, end, antecedent.kind, antecedent.name, antecedent.entry, "backref"
                    )
                )
            continue
        if not any(_naming(page, t) for k, t in enumerate(tokens[lo : hi + 1]) if lo + k != i):
            continue  # "le syndicat majoritaire": a description that names no one
        kind = NodeKind.OUTLET if is_media and not is_org else NodeKind.ORGANIZATION
        out.append(Mention(start, end, kind, body[start:end], None, "name"))
        for m in single:
            found.remove(m)  # "L’Autorité" alone gives way to the whole description
    return out


def _antecedent(body: str, by_start: list[Mention], head: Token, media: bool) -> Mention | None:
    """The last body named before ``head`` that the bare head can stand for."""
    stem = _stem(head.text)
    for m in reversed(by_start):
        if m.end > head.start:
            continue
        if media:
            if m.kind is NodeKind.OUTLET:
                return m
            continue
        if m.kind is NodeKind.ORGANIZATION and any(
            _stem(w) == stem for w in body[m.start : m.end].split()
        ):
            return m
    return None


@functools.cache
def _countries(language: str) -> frozenset[str]:
    """Country names in ``language`` and English, folded (CLDR, through babel)."""
    from babel import Locale, UnknownLocaleError

    names: set[str] = set()
    for code in {language, "en"}:
        try:
            names |= {fold(n) for n in Locale.parse(code).territories.values()}
        except (UnknownLocaleError, ValueError):
            continue
    return frozenset(names)


def _places(page: Page, found: list[Mention]) -> set[str]:
    """Names the page writes right after a place preposition ("protests in Port Halden",
    "à Kestrie"): places, which say nothing even when a verb follows them."""
    p = page.lang
    words = p.words["place_prepositions"]
    if not words:
        return set()
    tokens = page.text.tokens
    starts = {m.start: m for m in found}
    out = set()
    for i, tok in enumerate(tokens[:-1]):
        if tok.low in words:
            nxt = tokens[i + 1]
            m = starts.get(nxt.start)
            if m is not None and m.how == "name" and " " not in m.name:
                out.add(m.name)
    countries = _countries(p.language)
    out |= {m.name for m in found if m.how == "name" and fold(m.name) in countries}
    return out


def find_mentions(page: Page) -> Mentions:
    """Every actor mention before the page's footer, longest and surest first."""
    zone_end = page.footer
    found = _registry(page, zone_end)
    taken = sorted((m.start, m.end) for m in found)
    if page.lang.cased:
        named = _from_capitals(page, zone_end, taken)
        found += named
        taken = sorted(taken + [(m.start, m.end) for m in named])
    elif not page.lang.spaced:
        from loaders.extract.unspaced import titled_names

        named = titled_names(page, taken)
        found += named
        taken = sorted(taken + [(m.start, m.end) for m in named])
    places = _places(page, found)
    found = [m for m in found if not (m.how == "name" and m.name in places)]
    if page.lang.spaced:
        found += _descriptive(page, found, zone_end)
    # A single capitalised word that is some person's surname is that person.
    found = [_full_name(m, found) for m in found]
    found = [_longer_name(m, found) for m in found]
    shorts = _surname_mentions(page, _short_forms(page, found, zone_end), zone_end)
    taken = sorted((m.start, m.end) for m in found)
    for m in shorts:
        if not _overlaps(taken, m.start, m.end):
            found.append(m)
    return Mentions(found)


def _mark_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and unicodedata.category(text[i]).startswith("M")


def with_names(page: Page, mentions: Mentions, persons: list[Mention]) -> Mentions:
    """``mentions`` and the other places where the names of ``persons`` (read next to a
    cue, in scripts without capitals) stand, whole or by their last word."""
    text = page.doc.text[: page.footer]
    taken = sorted((m.start, m.end) for m in mentions.all)
    found = list(mentions.all)
    seen: set[str] = set()
    for person in persons:
        words = person.name.split()
        if len(words) < 2 or person.name in seen:
            continue
        seen.add(person.name)
        for form in dict.fromkeys([person.name, words[-1]]):
            if len(form) < 3:
                continue
            for start, end in whole_words(text, form):
                if _mark_at(text, end) or _mark_at(text, start - 1):
                    continue  # "कुमार" in "कुमारी": a vowel sign continues the word
                if not _overlaps(taken, start, end):
                    found.append(Mention(start, end, NodeKind.PERSON, person.name, None, "surname"))
                    taken = sorted([*taken, (start, end)])
    return Mentions(found)
