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
from loaders.extract.text import PLATFORMS, Token, whole_words
from loaders.patterns import Patterns
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
    # Written in an oblique case ("Трампа", "Babišovi", "Министерства обороны"): in a
    # language that declines names, no verb's subject.
    oblique: bool = False

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


def _given_name(page: Page, start: int) -> int:
    """Where a known person's name starts when the registry knows the surname but not
    this spelling of the given name ("Serghei Lavrov", "Wladimir Selenskij")."""
    p = page.lang
    i = page.text.token_index(start)
    if not i or i >= len(page.text.tokens) or page.text.tokens[i].start != start:
        return start
    prev = page.text.tokens[i - 1]
    if page.doc.text[prev.end : start] != " " or not prev.text[:1].isupper():
        return start
    if (
        prev.text in p.words["name_stopwords"]
        or prev.text.rstrip(".") in p.words["honorifics"]
        or p.is_role(prev.low)
        or _function_word_low(p, prev.low)
        or prev.text.isupper()
        # "Перебил Трампа": a verb that opens the sentence is no given name
        or prev.low in p.speech_forms
        or prev.low in p.publish_forms
        or (
            (prev.start in page.text.sentence_starts or page.text.after_opening(prev.start))
            and not _capitalised_elsewhere(page, prev.text, prev.start)
        )
    ):
        return start
    return prev.start


def _function_word_low(p: Patterns, low: str) -> bool:
    return any(
        low in p.words[name]
        for name in ("determiners", "prepositions", "pronouns", "conjunctions", "complementizers")
    )


def _registry(page: Page, zone_end: int) -> list[Mention]:
    text = page.doc.text[:zone_end]
    out = []
    declines = page.lang.name_cases is not None
    for m in page.registry.find_mentions(text, page.lang.alias_endings):
        names = (m.entry.name, *m.entry.aliases)
        oblique = declines and fold(m.text) not in {fold(a) for a in names}
        # Only a surname alone can lack its given name: "Ministerstwa Spraw Zagranicznych
        # Paweł Wroński" must not take "Zagranicznych" as a second given name.
        surname = m.entry.kind is NodeKind.PERSON and " " not in m.text.strip()
        start = _given_name(page, m.start) if surname else m.start
        out.append(Mention(start, m.end, m.entry.kind, m.entry.name, m.entry, "registry", oblique))
    # Domains are looked up, not matched as aliases: the thousands of listed sites
    # would make every word start of every page try thousands of patterns.
    taken = sorted((m.start, m.end) for m in out)
    starts = {m.start: m for m in out}
    for d in _DOMAIN.finditer(text):
        if "." not in d.group().strip(".") or _overlaps(taken, d.start(), d.end()):
            # "iDNES.cz": a name that is the start of its outlet's domain becomes it.
            named = starts.get(d.start())
            if named is None or named.end >= d.end() or named.entry is None:
                continue
            if page.registry.by_domain(d.group()) is not named.entry:
                continue
            out.remove(named)
        entry = page.registry.by_domain(d.group())
        if entry is not None and entry.kind is NodeKind.OUTLET:
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
        for whole in name_runs(page.text, line.start, min(line.end, zone_end), p):
            run: NameRun | None = whole
            if _overlaps(taken, whole.start, whole.end):
                # "МИД России Иван Петров", "del Centro Democrático Paloma Valencia": a
                # known name, then another
                run = _after_known(whole, taken, p) or _after_taken(taken, whole)
            if run is None:
                continue
            if headline is None:
                headline = is_title_case_line(line.text)
            mention = _typed(page, run, headline)
            if mention is not None:
                out.append(mention)
    return out


def _after_known(run: NameRun, taken: list[tuple[int, int]], p: Patterns) -> NameRun | None:
    """The person named after a known body in one capitalised run: "МИД России Иван
    Петров", "Ministerstwa Spraw Zagranicznych Paweł Wroński" (a role before the body,
    the body's name in the genitive, then the name)."""
    # The longest stretch of the run's words that no known name covers ("Úřadu vlády
    # Jana Adamcová ČT": between two known names).
    best: list[Token] = []
    stretch: list[Token] = []
    for tok in run.tokens:
        if _overlaps(taken, tok.start, tok.end):
            stretch = []
            continue
        stretch.append(tok)
        if len(stretch) > len(best):
            best = list(stretch)
    if len(best) < 2:
        return None
    if type_of(best, p, titled=False) is not NodeKind.PERSON:
        return None
    return NameRun(best, run.titled, [])


def _after_taken(taken: list[tuple[int, int]], run: NameRun) -> NameRun | None:
    """The words of a capitalised run after the known name it starts with, when they
    are a name of two words or more."""
    ends = [e for s, e in taken if s < run.end and run.start < e]
    if not ends:
        return None
    edge = max(ends)
    rest = [t for t in run.tokens if t.start >= edge]
    if len(rest) < 2 or _overlaps(taken, rest[0].start, rest[-1].end):
        return None
    return NameRun(rest, run.titled, [])


def _after_role(page: Page, run: NameRun) -> bool:
    """A role word right before the name: "le ministre Kazagui", "spokeswoman Sarah"."""
    i = page.text.token_index(run.start)
    if not i:
        return False
    prev = page.text.tokens[i - 1]
    gap = page.doc.text[prev.end : run.start]
    return page.lang.is_role(prev.low) and (not gap.strip() or gap.strip() == ",")


def _portfolio(page: Page, tok: Token) -> bool:
    """ "ministro de Defensa", "ministra della Salute", "ministre de l'Intérieur": one
    capitalised word after a role and a preposition names the role's portfolio, not a
    body that speaks. It stays a mention (the employer before an apposed name) but is
    never a source itself."""
    p = page.lang
    tokens, body = page.text.tokens, page.doc.text
    k = page.text.token_index(tok.start) - 1
    if (
        k >= 0
        and tokens[k].low in p.words["determiners"]
        and tokens[k].low not in p.words["prepositions"]
    ):
        k -= 1  # "de la Presidencia"
    if k < 1 or tokens[k].low not in p.words["prepositions"]:
        return False
    role = tokens[k - 1]
    if any(not (c.isspace() or c.isalpha() or c in "'’") for c in body[role.end : tok.start]):
        return False
    # "el portavoz del Gobierno": a spokesman's body speaks through him.
    return p.is_role(role.low) and role.low not in p.words["body_roles"]


def _nominative(p: Patterns, name: str) -> str:
    """A German body's name without its genitive ending: "Innenministeriums" ->
    "Innenministerium", "Bundesamtes" -> "Bundesamt" (when the ending makes it a body)."""
    suffixes = p.words.get("org_suffixes", ())
    for ending in ("es", "s"):
        if name.endswith(ending):
            stem = name[: -len(ending)]
            if any(stem.lower().endswith(sfx) for sfx in suffixes if not sfx.endswith("s")):
                return stem
    return name


def _org_suffixed(p: Patterns, tokens: list[Token]) -> bool:
    return any(
        t.low.endswith(sfx) and len(t.low) > len(sfx) + 2
        for t in tokens
        for sfx in p.words.get("org_suffixes", ())
    )


def _named_elsewhere(page: Page, tokens: list[Token]) -> bool:
    """Whether a run that opens its sentence recurs where capitals mean a name: whole,
    or its last word alone, inside a sentence ("Jonas Ebeling ... sagte Ebeling")."""
    whole = page.doc.text[tokens[0].start : tokens[-1].end]
    last = tokens[-1].text
    starts = page.text.sentence_starts
    for word in (whole, last):
        for s, _e in whole_words(page.doc.text, word):
            inside = s not in (tokens[0].start, tokens[-1].start) and s not in starts
            if inside and not page.text.after_opening(s):
                return True
    return False


def _adjective(page: Page, tok: Token) -> bool:
    """A capitalised nationality adjective before a noun of role or body ("Varnian
    experts"): English capitalises demonyms; "Brian said" keeps its name."""
    p = page.lang
    low = tok.low
    if not any(low.endswith(s) and len(low) > len(s) + 2 for s in p.words["demonym_suffixes"]):
        return False
    i = page.text.token_index(tok.start)
    heads = ("roles", "org_heads", "media_heads")
    nxt = page.text.tokens[i + 1] if i + 1 < len(page.text.tokens) else None
    if nxt is not None and any(nxt.low in p.words[name] for name in heads):
        return True
    # Where adjectives follow their noun: "le gouvernement Algérien", written with a capital.
    prev = page.text.tokens[i - 1] if i else None
    return (
        p.modifiers in ("after", "both")
        and prev is not None
        and any(
            p.is_role(prev.low) if name == "roles" else prev.low in p.words[name] for name in heads
        )
    )


def _after_media_head(page: Page, tok: Token) -> bool:
    """ "le journal « Hraparak » écrit", 'the daily "Kommersant"': one word quoted right
    after a medium's head noun is that medium's name (unquoted, it may be a place, a
    show or an agency of state: "agentury Rossotrudničestvo")."""
    i = page.text.token_index(tok.start)
    if i < 1:
        return False
    prev = page.text.tokens[i - 1]
    body = page.doc.text
    gap = body[prev.end : tok.start]
    after = body[tok.end : tok.end + 2].lstrip()
    return (
        prev.low in page.lang.words["media_heads"]
        and gap.strip() in _OPENING_QUOTES
        and gap.strip() != ""
        and after[:1] in _CLOSING_QUOTES
    )


# Words that may stand between a medium's noun and its name, where adjectives may follow
# their noun: "tedesca", "égyptienne", "tv". A function word, a role or a verb of speech
# ends the search. Where modifiers precede, the noun comes right before the name.
_MEDIA_NOUN_REACH = 2
_NOT_BETWEEN = ("prepositions", "determiners", "conjunctions", "pronouns", "complementizers")


def _after_media_noun(page: Page, tok: Token) -> int | None:
    """How many words stand between ``tok`` and a medium's noun before it ("l'emittente
    tv tedesca Ard": 2; "телеканала RTVI": 0), None when no such noun comes first."""
    p = page.lang
    nouns = p.words["media_nouns"]
    if not nouns:
        return None
    toks = page.text.tokens
    body = page.doc.text
    i = page.text.token_index(tok.start)
    end = tok.start
    reach = _MEDIA_NOUN_REACH if p.modifiers in ("after", "both") else 0
    for k in range(i - 1, max(-1, i - 2 - reach), -1):
        prev = toks[k]
        if body[prev.end : end].strip() or "\n" in body[prev.end : end]:
            return None  # punctuation: "the newspaper, Ivan Petrov said"
        if prev.low in nouns and (prev.text.islower() or p.capitalised_nouns):
            # "v pořadu ruské televize Večer": the name of a channel's programme.
            before = toks[max(0, k - 2) : k]
            if any(t.low in p.words["programme_heads"] for t in before):
                return None
            return i - 1 - k
        if (
            not prev.text.islower()
            or p.is_role(prev.low)
            or prev.low in p.cue_words
            or any(prev.low in p.words[name] for name in _NOT_BETWEEN)
        ):
            return None
        end = prev.start
    return None


_OPENING_QUOTES = {'"', "«", "„", "“", "‘", "'"}
_CLOSING_QUOTES = {'"', "»", "“", "”", "’", "'"}


def _english_title(page: Page, tokens: list[Token]) -> bool:
    """An English publication's name inside a page in another language: "The Moscow
    Post", "Daily Mirror" (an English article or media head word, all in Latin letters)."""
    if page.lang.language == "en" or len(tokens) < 2:
        return False
    english = next((q for q in page.pats if q.language == "en"), None)
    if english is None or not all(t.text.isascii() for t in tokens):
        return False
    return tokens[0].text == "The" or tokens[-1].low in english.words["media_heads"]


# Medium wave in kHz (530-1710: three or four digits, so "10 AM" stays a time of day),
# FM in MHz (87.5-108).
_FREQUENCY = {
    "AM": re.compile(r"(?<![\w.,:])\d{3,4}\s$"),
    "FM": re.compile(r"(?<![\w.,:])\d{2,3}(?:[.,]\d)?\s$"),
}


def _frequency(page: Page, tok: Token) -> Mention | None:
    """ "la 1080 AM", "99.1 FM": a radio station named by its frequency and band."""
    band = _FREQUENCY.get(tok.text)
    if band is None:
        return None
    m = band.search(page.doc.text, max(0, tok.start - 8), tok.start)
    if m is None:
        return None
    name = page.doc.text[m.start() : tok.end]
    return Mention(m.start(), tok.end, NodeKind.OUTLET, name, None, "name")


def _role_apposition(page: Page, end: int) -> bool:
    """Whether a comma and a bare role follow ``end`` ("…, director general de …",
    "…, spokesman for …"): an apposition that only a person takes, whatever head word
    ("Portal", "Post") the name happens to end with."""
    text = page.doc.text
    if not text[end : end + 2].lstrip(" ").startswith(","):
        return False
    i = page.text.token_index(end)
    toks = page.text.tokens
    return i < len(toks) and toks[i].start - end <= 3 and page.lang.is_role(toks[i].low)


def _typed(page: Page, run: NameRun, headline: bool) -> Mention | None:
    p = page.lang
    tokens = run.tokens
    if not run.titled and not run.body and _after_role(page, run):
        # "juru bicara Kementerian Luar Negeri Roy Soemirat": the body, then the person.
        body = body_before_name(run.tokens, p)
        run = NameRun(run.tokens[body:], True, run.employer + run.tokens[:body])
        tokens = run.tokens
    kind = type_of(tokens, p, titled=run.titled)
    if kind is not NodeKind.OUTLET and _english_title(page, tokens):
        kind = NodeKind.OUTLET  # "передаёт корреспондент The Moscow Post"
    if run.body and kind is not NodeKind.OUTLET:
        kind = NodeKind.ORGANIZATION
    elif kind is not NodeKind.OUTLET and not run.titled:
        # "l'emittente tv tedesca Ard", "информацию телеканала RTVI": a name its medium's
        # noun introduces. A person's full name only right after the noun.
        between = _after_media_noun(page, tokens[0])
        platform = PLATFORMS.match(tokens[0].text) is not None
        if between is not None and not platform and (kind is not NodeKind.PERSON or between == 0):
            kind = NodeKind.OUTLET
    start, end, name = _name_span(page, tokens)
    if (
        kind is NodeKind.OUTLET
        and not run.titled
        and len(tokens) >= 2
        and tokens[0].low not in p.words["media_heads"]
        and tokens[0].low not in p.words["determiners"]
        and _role_apposition(page, end)
    ):
        kind = NodeKind.PERSON  # "Gerardo Peñalver Portal, director general de …"
    first = tokens[0]
    sentence_start = first.start in page.text.sentence_starts or page.text.after_opening(
        first.start
    )
    if headline and not run.titled:
        return None  # every word of a title-case headline is capitalised
    if len(tokens) == 1:
        if first.text.isupper() and len(first.text) == 1:
            return None
        if (band := _frequency(page, first)) is not None:
            return band
        if first.low in p.words["media_heads"] and not run.titled:
            return None  # "à TV", "the Times said": a medium's head word names no medium
        if first.low in p.words["org_heads"] and not run.titled and p.words["body_roles"]:
            return None  # "el Ayuntamiento", "das Gericht": a body's head word, unnamed
        if _adjective(page, first):
            return None  # "Varnian experts", "Kestrian officials": a nationality
        if (
            sentence_start
            and not run.titled
            and not _capitalised_elsewhere(page, first.text, first.start)
        ):
            return None  # "Officials said": a capital that only starts the sentence
        if kind is None and _after_media_head(page, first):
            return Mention(start, end, NodeKind.OUTLET, name, None, "name")
        if kind is None:
            if run.titled:
                return Mention(start, end, NodeKind.PERSON, name, None, "titled")
            if p.capitalised_nouns:
                # "Experten", "Regierung": every German noun has a capital; the word is a
                # name only as the surname of a person titled elsewhere ("Herr Peschke").
                return Mention(start, end, NodeKind.ORGANIZATION, name, None, "noun")
            how = "portfolio" if _portfolio(page, first) else "name"
            return Mention(start, end, NodeKind.ORGANIZATION, name, None, how)
    elif sentence_start and first.low in p.words["determiners"]:
        return None
    elif (
        p.capitalised_nouns
        and sentence_start
        and kind is NodeKind.PERSON
        and not run.titled
        and not _named_elsewhere(page, tokens)
    ):
        return None  # "Ersten Erkenntnissen zufolge": an adjective and a noun, no name
    elif (
        (p.capitalised_nouns or p.modifiers == "after")
        and sentence_start
        and kind is NodeKind.ORGANIZATION
        and not run.titled
        and any(t.text.islower() for t in tokens)
        and not any(
            t.low in p.words["org_heads"] or t.low in p.words["media_heads"] for t in tokens
        )
        and not _org_suffixed(p, tokens)
        and not _capitalised_elsewhere(page, first.text, first.start)
    ):
        # "Autoridades da Rússia acusaram", "Declarações de Machete": a sentence's first
        # word joined by "of" to a name is a common noun, not the head of a name
        return None
    if kind is None:
        return None
    how = "titled" if run.titled else "name"
    if p.capitalised_nouns and kind is NodeKind.ORGANIZATION:
        name = _nominative(p, name)  # "des Innenministeriums" -> "Innenministerium"
    if not run.titled and p.words["body_roles"] and _portfolio(page, first):
        if len(tokens) >= 3 and not any(t.text.islower() for t in tokens):
            # "la segretaria del Tesoro Janet Yellen": the portfolio, then its holder
            start, end, name = _name_span(page, tokens[1:])
            return Mention(start, end, NodeKind.PERSON, name, None, "titled")
        how = "portfolio"  # "ministro dos Negócios Estrangeiros", "presidente del Gobierno"
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


def _full_names(found: list[Mention]) -> list[Mention]:
    """Each one-word person ("President Obama", "Sir Keir") as the full name it stands
    for; a one-word name that a title made a person elsewhere ("Menteri Sugiono") is one.

    The page's titled one-word names and its longer person names are gathered once: a
    scan of every mention for every mention was a tenth of extraction's CPU on long pages.
    """
    titled: dict[str, list[tuple[int, Mention]]] = {}
    longer: list[tuple[int, Mention, str, str]] = []
    for i, o in enumerate(found):
        if o.kind is not NodeKind.PERSON:
            continue
        if " " in o.name:
            words = o.name.split()
            # The first word may be the surname ("Mao" for Mao Ning) or the name a page
            # uses after the full one ("kata Dahnil" for Dahnil Anzar Simanjuntak).
            # Accents aside: "Benali-Cherif" for Abdelaziz Benali-Chérif.
            longer.append((i, o, fold(words[-1]), fold(words[0])))
        elif o.how == "titled":
            titled.setdefault(o.name, []).append((i, o))
    return [_full_name(i, m, titled, longer) for i, m in enumerate(found)]


def _full_name(
    i: int,
    m: Mention,
    titled: dict[str, list[tuple[int, Mention]]],
    longer: list[tuple[int, Mention, str, str]],
) -> Mention:
    if m.entry is not None or " " in m.name:
        return m
    if m.kind is not NodeKind.PERSON and m.how not in ("name", "noun"):
        return m
    same = titled.get(m.name, [])
    if m.kind is not NodeKind.PERSON and same:
        m = Mention(m.start, m.end, NodeKind.PERSON, m.name, None, "titled")
    # The first mention on the page that settles it: a titled one of the same name (for
    # an untitled one), or a longer name it is the last (or first) word of.
    by_title = next(((j, o) for j, o in same if j != i), None)
    if m.how not in ("name", "noun"):
        by_title = None
    name = fold(m.name)
    for j, other, last, head in longer:
        if by_title is not None and by_title[0] < j:
            break
        if name in (last, head):
            return Mention(m.start, m.end, NodeKind.PERSON, other.name, other.entry, "surname")
    if by_title is not None:
        other = by_title[1]
        return Mention(m.start, m.end, NodeKind.PERSON, other.name, other.entry, "surname")
    return m


def _longer_name(m: Mention, found: list[Mention]) -> Mention:
    """The first words of a longer name on the page as that name: "Ade Ary" for Ade Ary
    Syam Indradi (names of three words or more, which pages shorten from the end), and
    a titled name's last words as the whole name ("Akbar Salehi", "Ali Akbar Salehi")."""
    if m.kind is not NodeKind.PERSON or m.entry is not None or " " not in m.name:
        return m
    for other in found:
        if (
            other.kind is NodeKind.PERSON
            and other.name.startswith(m.name + " ")
            and len(other.name.split()) >= 3
        ):
            return Mention(m.start, m.end, NodeKind.PERSON, other.name, other.entry, "surname")
        if (
            m.how == "titled"
            and other.kind is NodeKind.PERSON
            and other.name.endswith(" " + m.name)
            and len(other.name.split()) >= 3
            and other.how in ("titled", "registry")
        ):
            # "Minister of Foreign Affairs of Iran Ali Akbar Salehi" read as "Akbar
            # Salehi" (a portfolio cut from the name), written whole elsewhere
            return Mention(m.start, m.end, NodeKind.PERSON, other.name, other.entry, "surname")
    return m


def _stem(word: str) -> str:
    return word.lower()[:5]


def _np_word(page: Page, tok: Token) -> bool:
    """A word that may modify a body's head noun ("israélienne", "défense", "Israeli")."""
    p = page.lang
    low = tok.low
    if low in _OF and p.modifiers in ("after", "both"):
        # "de" is also a partitive article in French: "l’Autorité iranienne de défense
        # aérienne" runs on through it (a trailing "de" is trimmed by the caller).
        return True
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
    return low not in p.words["prepositions"] or low in _OF


# "of" in the languages whose modifiers follow the noun, bare or with an article.
_OF = (
    "de", "of", "del", "di", "do", "da", "della", "dello", "degli", "dei", "delle", "dos", "das",
    "d'", "dell'",  # elided: "Agence mauritanienne d’information", "dell’Agricoltura"
)  # fmt: skip


def _place_after(page: Page, found: list[Mention], tokens: list[Token], hi: int) -> Mention | None:
    """A one-word name right after "of" that follows a description's last word."""
    j = hi + 1
    if j + 1 >= len(tokens) or tokens[j].low not in _OF or not tokens[j].text.islower():
        return None
    body = page.doc.text
    gaps = (body[tokens[hi].end : tokens[j].start], body[tokens[j].end : tokens[j + 1].start])
    if any(g.strip() for g in gaps):
        return None
    for m in found:
        if (
            m.start == tokens[j + 1].start
            and m.end == tokens[j + 1].end
            and m.entry is None
            and m.how in ("name", "portfolio")
            and m.kind is NodeKind.ORGANIZATION
        ):
            return m
    return None


_QUOTE_SPACE = ' \t«„“"‚‘'


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
    # A description never runs into a cue phrase: "по данным ведомства", "говорится в
    # сообщении агентства" name the body by its head alone.
    cued = sorted(
        taken
        + [
            m.span()
            for slot in ("according_to", "citing", "interview")
            for m in p.cues[slot].finditer(body, 0, zone_end)
            if m.end() > m.start()
        ]
    )
    by_start = sorted(found, key=lambda m: m.start)
    named_at = {m.start for m in found}
    lone_names = {m.start: m for m in found if m.how == "name" and " " not in m.name}
    # Finite verbs end a description: "úřadu | inflace klesla" (languages that list them).
    verbs = tuple(p.words["verb_endings"])
    # Where adjectives are known by their endings, only they modify a head from before
    # ("российское ведомство", not "данным ведомства", "relacjonują działania armii").
    adjectives = tuple(p.words["adjective_endings"])
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
        # Languages without articles capitalise only an official name's first word:
        # "Министерство финансов США", "Ministerstvo zahraničních věcí".
        capital_head = (
            tok.text[:1].isupper()
            and not p.words["determiners"]
            and p.modifiers != "before"
            and i + 1 < len(tokens)
            and tokens[i + 1].text.islower()
            and _np_word(page, tokens[i + 1])
            and not body[tok.end : tokens[i + 1].start].strip()
        )
        # "a affirmé l’Institut géologique américain": after an article, a capitalised head
        # whose modifiers follow it in lower case opens the body's name anywhere.
        article_head = (
            det
            and bool(single)
            and p.modifiers in ("after", "both")
            and i + 1 < len(tokens)
            and tokens[i + 1].text.islower()
            and _np_word(page, tokens[i + 1])
            and not body[tok.end : tokens[i + 1].start].strip()
        )
        if _overlaps(taken, tok.start, tok.end) and not (
            single and (opens or capital_head or article_head)
        ):
            continue
        if (
            tok.text[:1].isupper()
            and not opens
            and not text.after_opening(tok.start)
            and (tok.start not in text.sentence_starts)
            and not capital_head
            and not article_head
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
                and (not adjectives or tokens[lo - 1].low.endswith(adjectives))
                and tokens[lo - 1].low not in p.words["determiners"]
                and tokens[lo - 1].low not in p.words["roles"]
                and _np_word(page, tokens[lo - 1])
                and not body[tokens[lo - 1].end : tokens[lo].start].strip()
                and (
                    not _overlaps(cued, tokens[lo - 1].start, tokens[lo - 1].end)
                    # "Českého statistického úřadu": a capitalised adjective read as a name
                    or (adjectives and tokens[lo - 1].start in lone_names)
                )
            ):
                lo -= 1
        if p.modifiers in ("after", "both"):
            while (
                hi + 1 < len(tokens)
                and hi - i < 4
                and _np_word(page, tokens[hi + 1])
                and not (verbs and tokens[hi + 1].low.endswith(verbs))
                and not body[tokens[hi].end : tokens[hi + 1].start].strip()
                and not _overlaps(cued, tokens[hi + 1].start, tokens[hi + 1].end)
            ):
                hi += 1
            while hi > i and tokens[hi].low in _OF:
                hi -= 1
            place = _place_after(page, found, tokens, hi)
            if place is not None:
                # "procura di Bergamo", "ministero della Salute", "fiscalía de Cádiz": the
                # body's seat or portfolio after "of" belongs to its description.
                hi = text.token_index(place.start)
                found.remove(place)
        nxt = body[tokens[hi].end : tokens[hi].end + 4].strip(_QUOTE_SPACE)[:1]
        if nxt.isupper() and nxt.isalpha():
            continue  # "l'agence Tass", "the newspaper Le Monde": the name follows
        if hi + 1 < len(tokens) and tokens[hi + 1].start in named_at:
            gap = body[tokens[hi].end : tokens[hi + 1].start]
            if not gap.strip(_QUOTE_SPACE):
                continue  # "телеканалу «1+1»": a name that starts with no capital
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
        if kind is NodeKind.OUTLET:
            # "niezależne media", "o jornal norte-americano", "la emisora pública rusa", "le
            # site militaire arménien": a medium described but not named is no actor;
            # where articles mark it and the language lists its body roles, it stands for
            # the last medium named before (a bare head refers back anyway). Elsewhere a
            # plural like "les médias pro-militants du monde arabe" would point back too.
            refers = p.words["determiners"] and p.words["body_roles"]
            antecedent = _antecedent(body, by_start, tok, True) if refers else None
            if antecedent is not None:
                out.append(
                    Mention(
                        start, end, antecedent.kind, antecedent.name, antecedent.entry, "backref"
                    )
                )
            continue
        out.append(Mention(start, end, kind, body[start:end], None, "name"))
        for m in single:
            found.remove(m)  # "L’Autorité" alone gives way to the whole description
        for tok_ in tokens[lo:i]:
            if tok_.start in lone_names and lone_names[tok_.start] in found:
                found.remove(lone_names.pop(tok_.start))
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
    if not words and not p.words["place_heads"]:
        return set()
    tokens = page.text.tokens
    starts = {m.start: m for m in found}
    out = set()
    heads = p.words["place_heads"]
    for i, tok in enumerate(tokens[:-1]):
        if tok.low in words:
            nxt = tokens[i + 1]
            m = starts.get(nxt.start)
            if m is not None and m.how == "name" and " " not in m.name:
                out.add(m.name)
        elif tokens[i + 1].low in heads:
            # "губернатора Белгородской области", "Středočeského kraje": a region's name.
            m = starts.get(tok.start)
            if m is not None and m.how in ("name", "titled") and " " not in m.name:
                out.add(m.name)
    countries = _countries(p.language)
    # A role before a country's name makes no person of it: "mengutip pejabat Indonesia"
    # (citing an Indonesian official) names the country the official serves.
    out |= {m.name for m in found if m.how in ("name", "titled") and fold(m.name) in countries}
    return out


def _role_modifier(page: Page, m: Mention) -> bool:
    """ "the Texas senator said", "a Kestrian lawmaker": one capitalised word between an
    article and a lower-case role says where the role holder comes from; the speaker is
    the holder, left unnamed, not the place."""
    if m.how != "name" or " " in m.name:
        return False
    p = page.lang
    tokens = page.text.tokens
    i = page.text.token_index(m.start)
    if not 0 < i < len(tokens) - 1 or tokens[i].start != m.start:
        return False
    prev, nxt = tokens[i - 1], tokens[i + 1]
    body = page.doc.text
    return (
        prev.low in p.words["determiners"]
        and body[prev.end : m.start] == " "
        and body[m.end : nxt.start] == " "
        and nxt.text.islower()
        and p.is_role(nxt.low)
    )


def _people(page: Page, m: Mention) -> bool:
    """ "les Russes considèrent", "the Iranians say": a nationality after an article
    names a people, not a body that makes statements."""
    if m.how != "name" or " " in m.name:
        return False
    p = page.lang
    low = m.name.lower()
    if not (
        low in p.words["demonyms"]
        or any(low.endswith(s) and len(low) > len(s) + 2 for s in p.words["demonym_suffixes"])
    ):
        return False
    i = page.text.token_index(m.start)
    prev = page.text.tokens[i - 1] if i > 0 else None
    return (
        prev is not None
        and prev.low in p.words["determiners"]
        and page.doc.text[prev.end : m.start] == " "
    )


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
    found = [
        m
        for m in found
        if not (m.name in places and (m.how == "name" or (m.how == "titled" and " " not in m.name)))
        and not _role_modifier(page, m)
        and not _people(page, m)
    ]
    if page.lang.spaced:
        found += _descriptive(page, found, zone_end)
    # A single capitalised word that is some person's surname is that person.
    found = _full_names(found)
    found = [_longer_name(m, found) for m in found]
    found = _shortened_bodies(page, found)
    found = [m for m in found if m.how != "noun"]
    shorts = _surname_mentions(page, _short_forms(page, found, zone_end), zone_end)
    taken = sorted((m.start, m.end) for m in found)
    for m in shorts:
        if not _overlaps(taken, m.start, m.end):
            found.append(m)
    return Mentions(found)


def _shortened_bodies(page: Page, found: list[Mention]) -> list[Mention]:
    """A body named again by the last words of its full name ("the Foreign Ministry"
    after "the Russian Foreign Ministry") is that body, not a second one: an unknown
    organisation name of two words or more that ends an earlier organisation's name."""
    text = page.doc.text
    bodies = sorted((m for m in found if m.kind is NodeKind.ORGANIZATION), key=lambda m: m.start)
    if len(bodies) < 2:
        return found
    out = []
    for m in found:
        if m.kind is NodeKind.ORGANIZATION and m.entry is None and m.how == "name":
            short = fold(text[m.start : m.end])
            if len(short.split()) >= 2:
                for o in bodies:
                    if o.start >= m.start:
                        break
                    full = fold(text[o.start : o.end])
                    if full != short and full.endswith(" " + short):
                        m = Mention(m.start, m.end, o.kind, o.name, o.entry, "backref")
                        break
        out.append(m)
    return out


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
