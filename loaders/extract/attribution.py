"""Attributions: for every cue (a verb of speech, "according to", "citing", an
interview...), the actor standing where the source of that cue stands.

A cue looks for its source where its language puts it:

- a verb's subject: before it ("Doe said", "Peskov, the Kremlin's spokesman, said",
  "A Homeland Security official said"), or right after it when the verb follows a
  quotation or comma ("…," said Doe; « … », a déclaré X), after it first in Arabic,
  before it only in Turkish, Persian and Hindi;
- a preposition's object: after "according to", "selon", "citing", "by" (passive);
- a postposition's: before "göre", "के अनुसार", "zufolge";
- an addressee that is a medium ("told Reuters", "a déclaré à l'agence RIA-Novosti",
  "said in an interview with Le Monde"): cited, while the speaker is quoted.

A medium as source is cited; a person or organisation is quoted. The page's own
publisher is neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from anyascii import anyascii

from graph.models import Node
from graph.schema import EdgeKind, EvidenceMethod, NodeKind
from loaders.extract import unspaced
from loaders.extract.context import Page
from loaders.extract.mentions import Mention, Mentions, with_names
from loaders.extract.names import CALENDAR_WORDS, is_title_case_line, ru_nominative
from loaders.extract.publisher import resolve_outlet
from loaders.extract.spans import (
    bare_name,
    before_marker,
    beyond_roles,
    clause_opening,
    phrase_tokens,
    read_phrase,
)
from loaders.extract.text import Token, strip_span
from loaders.patterns import Patterns, phrase_key

__all__ = ["Attribution", "Cue", "attributions", "find_cues"]

_QUOTES = set('"“”«»„‟‹›')
_CLAUSE_STOPS = set('"“”«»„:;\n')
# What may stand right before an inverted verb ("…,” said X"). Not an apostrophe:
# "the Tories’ claims" is a possessive, not the end of a quotation.
_INVERSION_OPENERS = set(',"“”»«„—–-:(')
# A quotation closed and followed by a dash and its speaker: "…” — Sen. Marco Rubio".
_DASH_QUOTE = re.compile(r"[”\"»](?:[ \t]*\n)?[ \t]*[—–―][ \t]*(?=\w)")
# A colon that opens a quotation: "Peskov was blunt: “There will be no talks.”"
_COLON_QUOTE = re.compile(r"\s?:\s*[«“\"„]")
# A transcript's speaker tag at the start of a line: "PESCHKE: ...", "Doe: ...".
_TRANSCRIPT = re.compile(r"(?m)^[ \t]*(?P<who>[^\W\d][^\n:]{1,40}?)[ \t]*:[ \t]+(?=\S)")
# The same in text without spaces: "林剑:中方支持…".
_UNSPACED_TAG = re.compile(r"(?m)^[ \t\u3000]*[^\W\d][^\s:：]{1,13}[:：](?=\S)")


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    slot: str
    pattern: str
    # A verb whose object is its addressee ("told X"): the word after it is no subject.
    addressee: bool = False
    # A verb of publishing ("reported", "wrote"): with a medium as subject, the evidence
    # says so (slot ``publish``).
    publish: bool = False
    # A multi-word phrase ("as saying"): its subject may be the object of the verb
    # before it ("quoted the ministry as saying").
    phrase: bool = False


@dataclass(frozen=True)
class Attribution:
    mention: Mention
    cue: Cue
    span: tuple[int, int]
    # cites a medium the statement was given to, whatever the mention's kind
    channel: bool = False


def _strip_clitic(page: Page, low: str) -> str:
    """Arabic writes "and" and "then" joined to the verb: "وقال", "فأعلنت"."""
    if page.lang.language == "ar" and len(low) > 3 and low[0] in "وف":
        return low[1:]
    return low


def find_cues(page: Page) -> list[Cue]:
    """Every cue before the footer, in text order; a phrase wins over a word inside it."""
    p = page.lang
    text = page.doc.text[: page.footer]
    found: list[Cue] = []
    if p.spaced:
        # One set lookup per word: most words are no cue.
        any_cue = p.cue_words
        clitics = p.language == "ar"
        for tok in page.text.tokens:
            if tok.start >= page.footer:
                break
            low = _strip_clitic(page, tok.low) if clitics else tok.low
            if low not in any_cue:
                continue
            if low in p.words["statement_nouns"] and _POSSESSED.search(
                page.doc.text, max(0, tok.start - 3), tok.start
            ):
                # "Hendricks’s claim": a noun with its author, though "claim" is a verb too
                found.append(Cue(tok.start, tok.end, "statement_noun", p.pid("statement_noun")))
                continue
            publish = low in p.publish_forms
            if low in p.speech_forms:
                addressee = low in p.addressee_forms
                found.append(
                    Cue(tok.start, tok.end, "speech_verb", p.pid("speech_verb"), addressee, publish)
                )
            elif publish:
                found.append(Cue(tok.start, tok.end, "publish", p.pid("publish"), publish=True))
            elif low in p.words["statement_nouns"]:
                found.append(Cue(tok.start, tok.end, "statement_noun", p.pid("statement_noun")))
    for pats in page.pats:
        wanted = None if pats is p else ("according_to", "citing", "interview")
        found += _phrase_cues(page, pats, text, wanted)
    for m in _DASH_QUOTE.finditer(text):
        found.append(Cue(m.start() + 1, m.end(), "colon_quote", p.pid("colon_quote")))
    for m in _COLON_QUOTE.finditer(text):
        found.append(Cue(m.start(), m.end(), "colon_quote", p.pid("colon_quote")))
    for m in _TRANSCRIPT.finditer(text):
        colon = text.index(":", m.end("who"))
        found.append(Cue(colon, colon + 1, "transcript", p.pid("transcript")))
    if not p.cased:
        found = [
            c
            for c in found
            if c.slot not in ("speech_verb", "publish")
            or not _excluded(text, c, p.words["exclude_forms"])
        ]
    if not p.spaced:
        for m in _UNSPACED_TAG.finditer(text):
            found.append(Cue(m.end() - 1, m.end(), "transcript", p.pid("colon_quote")))
    found.sort(key=lambda c: (c.start, -(c.end - c.start), not c.phrase))
    out: list[Cue] = []
    for cue in found:
        if out and cue.start < out[-1].end:
            continue
        out.append(cue)
    return out


def _excluded(text: str, cue: Cue, words: frozenset[str]) -> bool:
    """In text without spaces, a cue inside a longer word that is no cue ("说法")."""
    for word in words:
        at = text.find(word, max(0, cue.start - len(word) + 1), cue.end + len(word))
        while at >= 0 and at < cue.end:
            if at < cue.end and cue.start < at + len(word):
                return True
            at = text.find(word, at + 1, cue.end + len(word))
    return False


def _phrase_cues(
    page: Page, pats: Patterns, text: str, wanted: tuple[str, ...] | None
) -> list[Cue]:
    """Multi-word and preposition-like cues ("according to", "selon", "по данным")."""
    out: list[Cue] = []
    if not pats.spaced:
        for slot, rx in pats.cues.items():
            if wanted is None or slot in wanted:
                out += [
                    Cue(m.start(), m.end(), slot, pats.pid(slot), phrase=True)
                    for m in rx.finditer(text)
                    if m.end() > m.start()
                ]
        return out
    index = pats.phrase_index
    limit = len(text)
    for tok in page.text.tokens:
        if tok.start >= limit:
            break
        candidates = index.get(phrase_key(tok.text))
        if not candidates:
            continue
        for slot, rx in candidates:
            if wanted is not None and slot not in wanted:
                continue
            m = rx.match(text, tok.start)
            if m is not None and m.end() > m.start():
                out.append(Cue(m.start(), m.end(), slot, pats.pid(slot), phrase=True))
                break
    return out


def _gap_tokens(page: Page, start: int, end: int) -> list[Token]:
    return page.text.tokens_between(start, end)


def _filler(page: Page, tok: Token) -> bool:
    """A word that may stand between a subject and its verb: "also", "on Tuesday",
    "in a statement", an auxiliary, a negation."""
    p = page.lang
    low = tok.low
    return (
        low in p.words["auxiliaries"]
        or low in p.words["skip_words"]
        or low in p.words["time_words"]
        or tok.text in CALENDAR_WORDS
        or tok.text.isdigit()
    )


def _blocks(page: Page, tok: Token) -> bool:
    p = page.lang
    low = tok.low
    return (
        low in p.words["pronouns"]
        or low in p.words["modals"]
        or low in p.words["complementizers"]
        or low in p.words["relative_pronouns"]
        or low in p.words["conjunctions"]
    )


def _strip_brackets(s: str) -> str:
    out, depth = [], 0
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif not depth:
            out.append(ch)
    return "".join(out)


def _adverb(page: Page, tok: Token) -> bool:
    return any(
        tok.low.endswith(sfx) and len(tok.low) > len(sfx) + 2
        for sfx in page.lang.words["adverb_suffixes"]
    )


def _gap_ok(page: Page, m: Mention, start: int, end: int, cue: Cue) -> bool:
    """Whether the words between a mention and its verb leave it the verb's subject:
    auxiliaries, adverbs, time phrases, a bracketed aside, or a role after a named
    body ("A Homeland Security official said")."""
    text = page.doc.text
    gap = _strip_brackets(text[start:end])
    if any(c in _CLAUSE_STOPS for c in gap) or "," in gap:
        return False
    tokens = [t for t in _gap_tokens(page, start, end) if not _inside_brackets(text, start, t)]
    roles = bodies = 0
    words = page.lang.words
    tokens = _without_places(page, tokens)
    for k, tok in enumerate(tokens):
        stressed = k and tokens[k - 1].low in ("à", "a", "für", "per", "por", "para")
        if _blocks(page, tok) and not (stressed and tok.low in words["pronouns"]):
            return False
        if tok.low in words["roles"]:
            roles += 1
        elif tok.low in words["org_heads"] and ("'s" in gap or "’s" in gap):
            bodies += 1  # "Hillary Clinton’s campaign said": her campaign speaks for her
        elif not (_filler(page, tok) or _adverb(page, tok) or tok.low in ("s", "’s", "'s")):
            return False
    if roles and (m.certain_person or m.kind is NodeKind.PERSON):
        return False  # "Durbin's spokesman said": the spokesman speaks, unnamed
    if "'s" in gap or "’s" in gap:
        return roles + bodies > 0
    return len(tokens) <= 5


def _without_places(page: Page, tokens: list[Token]) -> list[Token]:
    """The words of a gap without its place phrases: "Peskov in Moscow said", "Sugiono di
    Jakarta mengatakan" (a place preposition and the capitalised words after it)."""
    places = page.lang.words["place_prepositions"]
    if not places:
        return tokens
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok.low in places and k + 1 < len(tokens) and tokens[k + 1].text[:1].isupper():
            k += 1
            while k < len(tokens) and tokens[k].text[:1].isupper():
                k += 1
            continue
        out.append(tok)
        k += 1
    return out


def _bracketed(text: str, start: int, end: int) -> bool:
    """Whether ``start`` lies inside brackets that close before ``end``."""
    seg = text[start:end]
    return seg.count(")") > seg.count("(")


def _inside_brackets(text: str, start: int, tok: Token) -> bool:
    seg = text[start : tok.start]
    return seg.count("(") > seg.count(")")


def _preceded_by_preposition(page: Page, m: Mention, lo: int) -> bool:
    """ "talks with Lavrov said": Lavrov is a preposition's object, not a subject. The
    exception is a role's complement ("a spokesman for X said"): X is then the speaker."""
    tokens = page.text.tokens_between(lo, m.start)
    if not tokens:
        return False
    p = page.lang
    last = tokens[-1]
    if page.doc.text[last.end : m.start].strip(" '\"«“"):
        return False
    prev = tokens[-1]
    if prev.low in p.words["determiners"] and len(tokens) >= 2:
        prev = tokens[-2]
    if prev.low not in p.words["prepositions"]:
        return False
    before = tokens[: tokens.index(prev)]
    return not (before and before[-1].low in p.words["roles"] and m.kind is not NodeKind.PERSON)


def _title_words(page: Page, start: int, end: int) -> bool:
    """Whether only a title stands in ``[start, end)``: nothing, roles, honorifics or
    capitalised words ("Deputy Agriculture Minister")."""
    p = page.lang
    return all(
        t.low in p.words["roles"]
        or t.text.rstrip(".") in p.words["honorifics"]
        or t.low in p.words["determiners"]
        or t.text[:1].isupper()
        for t in page.text.tokens_between(start, end)
    ) and not any(c in page.doc.text[start:end] for c in ',;:"«»“”')


def _object_of_verb(page: Page, m: Mention, lo: int) -> bool:
    """Whether a verb of speech stands right before the mention (titles aside)."""
    p = page.lang
    text = page.doc.text
    edge = m.start
    for tok in reversed(page.text.tokens_between(lo, m.start)):
        if text[tok.end : edge].strip(" ."):
            return False  # punctuation between: "“We will respond,” Zakharova said"
        edge = tok.start
        if (
            tok.text.rstrip(".") in p.words["honorifics"]
            or tok.low in p.words["determiners"]
            or tok.low in p.words["roles"]
        ):
            continue
        low = _strip_clitic(page, tok.low)
        return low in p.speech_forms or low in p.publish_forms
    return False


def _participle(page: Page, cue: Cue) -> bool:
    low = page.doc.text[cue.start : cue.end].lower()
    return any(low.endswith(s) for s in page.lang.words["participle_suffixes"])


def _adverb_cue(page: Page, cue: Cue) -> bool:
    """A verb form that ends like an adverb (Turkish "yalanlarken", "belirterek")."""
    low = page.doc.text[cue.start : cue.end].lower()
    return any(low.endswith(s) for s in page.lang.words["adverb_suffixes"])


def _left_subject(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    text = page.doc.text
    candidates = [
        m
        for m in mentions.ending_before(cue.start, s0)
        if m.start >= s0 and m.end <= cue.start and not _bracketed(text, m.end, cue.start)
    ]
    if not candidates:
        return None
    nearest = candidates[0]
    if not cue.phrase and _object_of_verb(page, nearest, s0):
        return None  # "told Sen. Tim Scott (R-S.C.) reports of…": an object, not a subject
    gap = text[nearest.end : cue.start]
    if _gap_ok(page, nearest, nearest.end, cue.start, cue) and not _preceded_by_preposition(
        page, nearest, s0
    ):
        return nearest
    if len(candidates) > 1 and _preceded_by_preposition(page, nearest, s0):
        # "Prabowo dalam keterangannya di Istana Merdeka menegaskan": the place is an
        # adjunct; the subject stands before it.
        prev = candidates[1]
        if (
            prev.end <= nearest.start
            and _gap_ok(page, prev, prev.end, cue.start, cue)
            and not _preceded_by_preposition(page, prev, s0)
        ):
            return prev
    # "Élisabeth Borne, qui a estimé", "Doe, who said": the relative's antecedent.
    rel = gap.strip().lstrip(",").strip().split()
    if (
        gap.strip().startswith(",")
        and rel
        and rel[0].lower() in page.lang.words["relative_pronouns"]
    ):
        rest = text[nearest.end : cue.start].split(rel[0], 1)[1]
        rest_tokens = _gap_tokens(page, cue.start - len(rest), cue.start)
        if all(_filler(page, t) or _adverb(page, t) for t in rest_tokens):
            return nearest
    # "Peskov, the Kremlin's spokesman, said" / "Ben Marter, Durbin's director, tweeted":
    # skip one comma-delimited insertion before the verb.
    stripped = text[s0 : cue.start].rstrip()
    tail_tokens = _gap_tokens(page, s0, cue.start)
    k = len(tail_tokens)
    while k and _filler(page, tail_tokens[k - 1]):
        k -= 1
    edge = tail_tokens[k].start if k < len(tail_tokens) else cue.start
    before = text[s0:edge].rstrip()
    if before.endswith(",") or stripped.endswith(","):
        if not cue.phrase and _participle(page, cue) and gap.strip() == ",":
            # "Jane Roe, saying that ...": the name must open the clause, or it may be
            # the object of an earlier verb ("attacked the Archbishop, suggesting").
            lead = [t for t in _gap_tokens(page, s0, nearest.start) if not _filler(page, t)]
            return nearest if not lead else None
        inner_end = len(before) - 1
        opening = before.rfind(",", 0, inner_end)
        if opening < 0 or inner_end - opening > 160:
            return None
        insertion = before[opening + 1 : inner_end]
        if any(c in _QUOTES for c in insertion):
            return None
        for m in candidates:
            if (
                m.kind is NodeKind.PERSON
                and m.start > s0 + opening
                and _title_words(page, s0 + opening + 1, m.start)
                and not text[m.end : s0 + inner_end].strip()
            ):
                # The aside is the name: "Le porte-parole du Kremlin, Dmitri Peskov,",
                # "The head of the delegation, Deputy Agriculture Minister Bogdan Rell,"
                return m
        inner = _gap_tokens(page, s0 + opening + 1, s0 + inner_end)
        if any(
            t.low in page.lang.words["negations"]
            or (
                t.low in page.lang.words["auxiliaries"]
                and t.low not in page.lang.words["skip_words"]
            )
            for t in inner
        ):
            return None  # "X, ne reflètent pas la réalité, affirme": a clause, not an aside
        for m in candidates:
            if m.end <= s0 + opening and not _strip_brackets(text[m.end : s0 + opening]).strip():
                if not _preceded_by_preposition(page, m, s0):
                    return m
                return None
    return None


def _inversion_allowed(page: Page, mentions: Mentions, cue: Cue) -> bool:
    """Whether the verb may have its subject after it: it follows a quotation, a comma or
    a dash, opens its sentence, or (in pro-drop languages) has no subject before it."""
    p = page.lang
    if p.order in ("vso", "v2"):
        return True
    if p.order == "sov":
        return False
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    text = page.doc.text
    tokens = _gap_tokens(page, s0, cue.start)
    k = len(tokens)
    # Only auxiliaries, adverbs and clitics may stand before an inverted verb: "The
    # report quoted X" has its subject ("report") before the verb.
    while k and (
        tokens[k - 1].low in p.words["auxiliaries"]
        or tokens[k - 1].low in p.words["time_words"]
        or tokens[k - 1].low in p.words["object_markers"]
        or _adverb(page, tokens[k - 1])
    ):
        k -= 1
    edge = tokens[k - 1].end if k else s0
    before = text[s0:edge] if k else ""
    tail = text[edge : cue.start]
    if not before.strip() or any(c in _INVERSION_OPENERS for c in tail):
        return True
    if not p.prodrop:
        return False
    # "Así lo afirmó el ministro X", "Об этом заявил глава X": no subject before the verb.
    clause_start = max(before.rfind(c) for c in ',;:"«»“”—') + 1
    if any(m.start >= s0 + clause_start for m in mentions.ending_before(cue.start, s0)):
        return False
    return not any(t.low in p.words["pronouns"] for t in _gap_tokens(page, s0 + clause_start, edge))


def _right_subject(
    page: Page, mentions: Mentions, cue: Cue, *, persons_only: bool = False
) -> Mention | None:
    """The first actor after the verb, skipping roles and titles; a person named after
    an employer wins over the employer ("said Kremlin spokesman Dmitry Peskov",
    "declaró el portavoz del Kremlin, Dmitri Peskov")."""
    p = page.lang
    text = page.doc.text
    _s0, s1 = page.text.sentence(cue.start, cue.end)
    tokens = page.text.tokens_between(cue.end, s1)
    employer: Mention | None = None
    pos = cue.end
    steps = 0
    i = 0
    while i < len(tokens) and steps < 8:
        tok = tokens[i]
        gap = text[pos : tok.start]
        after_title = i and gap.strip() == "." and tokens[i - 1].text in p.words["honorifics"]
        if any(c in _CLAUSE_STOPS or c in ".!?" for c in gap) and not after_title:
            break
        if "," in gap and not (employer is not None or steps):
            break
        starting = [m for m in mentions.starting_in(tok.start, tok.start + 1)]
        if starting:
            m = max(starting, key=lambda x: x.end)
            if m.kind is NodeKind.PERSON:
                return m
            if employer is not None:
                break
            employer = m
            pos = m.end
            while i < len(tokens) and tokens[i].start < m.end:
                i += 1
            steps += 1
            continue
        if employer is not None and "," in gap:
            break
        low = tok.low
        if low in p.words["complementizers"] or low in p.words["relative_pronouns"]:
            break
        if (
            low in p.words["determiners"]
            or low in p.words["roles"]
            or tok.text.rstrip(".") in p.words["honorifics"]
            or low in p.words["skip_words"]
            or (employer is None and (low in p.words["media_heads"] or low in p.words["org_heads"]))
            or (
                employer is None
                and low in p.words["prepositions"]
                and i
                and (
                    tokens[i - 1].low in p.words["roles"]
                    or tokens[i - 1].low in p.words["skip_words"]
                )
            )
            or (employer is None and low in p.words["auxiliaries"])
            or low in ("s", "’s", "'s")
        ):
            pos = tok.end
            i += 1
            steps += 1
            continue
        # A modifier of a role ("press secretary", "Foreign Minister", "Kapolres Bogor
        # AKBP"): skip to the role; a capitalised one only within a name's run.
        ahead = tokens[i + 1 : i + 3]
        role_at = next((k for k, t in enumerate(ahead) if t.low in p.words["roles"]), None)
        in_run = (
            role_at is not None
            and all(
                text[a.end : b.start] == " "
                for a, b in zip(tokens[i : i + role_at + 1], ahead, strict=False)
            )
            and not _title_case_at(page, tok.start)
        )
        if role_at is not None and (not tok.text[:1].isupper() or employer is not None or in_run):
            i += role_at + 2
            pos = tokens[i - 1].end
            steps += role_at + 2
            continue
        break
    if persons_only:
        return None
    return employer


def _joined_channel(page: Page, mentions: Mentions, start: int, end: int) -> Mention | None:
    """In scripts without capitals, the medium a statement was given to, after the
    speaker: marked by a channel word or by "ل" joined to it ("... في غزة للجزيرة")."""
    p = page.lang
    text = page.doc.text
    tokens = page.text.tokens_between(start, min(end, start + 120))[:10]
    for k, tok in enumerate(tokens):
        if any(c in _CLAUSE_STOPS for c in text[tokens[k - 1].end if k else start : tok.start]):
            return None
        if tok.low in p.words["complementizers"]:
            return None
        for m in mentions.starting_in(tok.start, tok.start + 1):
            if m.kind is not NodeKind.OUTLET:
                continue
            joined = p.language == "ar" and text[m.start] == "ل"
            marker = k and tokens[k - 1].low in p.words["channel_markers"]
            if joined or marker:
                return m
    return None


def _title_case_at(page: Page, pos: int) -> bool:
    """Whether the line around ``pos`` is a title-case headline (capitals say nothing)."""
    text = page.doc.text
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return is_title_case_line(text[start : end if end >= 0 else len(text)])


def _channel(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """A medium right after a verb of speech: its addressee or its channel ("told
    Reuters", "said on CBS", "заявил РИА Новости", "dijo a la agencia EFE").

    Only a verb that takes an addressee may have the medium as its bare object;
    after any other ("criticised the BBC") the medium must follow a marker ("on", "à").
    """
    p = page.lang
    text = page.doc.text
    if p.order == "sov":
        return _sov_channel(page, mentions, cue)
    _s0, s1 = page.text.sentence(cue.start, cue.end)
    if not p.cased:
        return _joined_channel(page, mentions, cue.end, s1)
    pos = cue.end
    marked = cue.addressee
    for tok in page.text.tokens_between(cue.end, min(s1, cue.end + 80))[:5]:
        if any(c in _CLAUSE_STOPS for c in text[pos : tok.start]):
            return None
        starting = mentions.starting_in(tok.start, tok.start + 1)
        if starting:
            m = max(starting, key=lambda x: x.end)
            return m if m.kind is NodeKind.OUTLET and marked else None
        low = tok.low
        if low in p.words["channel_markers"] or low in p.words["object_markers"]:
            marked = True
        elif not (
            low in p.words["determiners"]
            or low in p.words["media_heads"]
            or low in p.words["time_words"]
            or _adverb(page, tok)
        ):
            return None
        pos = tok.end
    return None


def _sov_channel(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The medium a statement was given to, before a clause-final verb: "Reuters'a
    konuşan", "AA muhabirine açıklama yapan" (a dative suffix or a channel word)."""
    p = page.lang
    text = page.doc.text
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    for m in mentions.ending_before(cue.start, max(s0, cue.start - 60)):
        if m.kind is not NodeKind.OUTLET:
            return None
        if any(c in _CLAUSE_STOPS for c in text[m.end : cue.start]):
            return None
        tokens = _gap_tokens(page, m.end, cue.start)
        lead = page.text.tokens_between(max(s0, m.start - 40), m.start)[-2:]
        while lead and (lead[-1].low in p.words["media_heads"] or _filler(page, lead[-1])):
            lead = lead[:-1]  # "به خبرگزاری فارس گفت": a marker before the medium
        marked = (
            _suffix(page, m) in p.words["channel_markers"]
            or (bool(tokens) and tokens[0].low in p.words["channel_markers"])
            or (bool(lead) and lead[-1].low in p.words["channel_markers"])
        )
        return m if marked and len(tokens) <= 3 else None
    return None


def _after(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The actor a preposition-like cue introduces: "selon l'agence Sputnik", "according
    to a statement from the ministry", "citing sources at X": a few words may sit between."""
    p = page.lang
    text = page.doc.text
    _s0, s1 = page.text.sentence(cue.start, cue.end)
    if not p.cased:
        # A known name that the cue's own words begin ("وكالة الأناضول", "خبرگزاری تسنیم").
        for m in mentions.starting_in(cue.start, cue.end):
            if m.end > cue.end:
                return m
        tokens = phrase_tokens(page, cue.end, s1, forward=True, quotes=True)
        return read_phrase(page, tokens, mentions) or beyond_roles(page, tokens, s1, mentions)
    tokens = page.text.tokens_between(cue.end, s1)
    pos = cue.end
    # "l'agence Anadolu": the name may begin inside the cue ("agence Anadolu" is an alias).
    straddling = [m for m in mentions.starting_in(cue.start, cue.end) if m.end > cue.end]
    if straddling:
        return straddling[0]
    for k, tok in enumerate(tokens[:7]):
        gap = text[pos : tok.start]
        if any(c in ".;:!?,\n" for c in gap):
            return None  # "Seperti diberitakan sebelumnya, Densus 88 …": no source follows
        starting = mentions.starting_in(tok.start, tok.start + 1)
        if starting:
            m = max(starting, key=lambda x: x.end)
            owned = _possessed(page, mentions, m)
            if owned is not None:
                m = owned  # "according to Lebanon's National News Agency"
            if m.kind is not NodeKind.PERSON and cue.slot != "interview":
                # "according to the ministry's spokesman, X": the person speaks.
                person = _right_subject(
                    page, mentions, Cue(m.end, m.end, cue.slot, cue.pattern), persons_only=True
                )
                if person is not None and person.start - m.end < 60:
                    return person
            return m
        if tok.text[:1].isupper() and tok.low not in p.words["determiners"]:
            return _titled_after(page, mentions, tokens[k:])
        if k >= 5 or (_blocks(page, tok) and tok.low not in page.lang.words["conjunctions"]):
            return None  # "quoting port officials and the Coast Guard": a list goes on
        pos = tok.end
    return None


def _titled_after(page: Page, mentions: Mentions, tokens: list[Token]) -> Mention | None:
    """The person a capitalised title introduces, the title's words all in one run: "oleh
    Juru Bicara Kementerian Luar Negeri Teuku Faizasyah", "according to Foreign Minister
    Sergey Lavrov"."""
    p = page.lang
    text = page.doc.text
    titled = False
    for k, tok in enumerate(tokens[:8]):
        if k and text[tokens[k - 1].end : tok.start] != " ":
            return None
        starting = mentions.starting_in(tok.start, tok.start + 1)
        if starting:
            m = max(starting, key=lambda x: x.end)
            return m if titled and m.kind is NodeKind.PERSON else None
        if not tok.text[:1].isupper():
            return None
        titled = titled or tok.low in p.words["roles"] or tok.text in p.words["honorifics"]
    return None


def _suffix(page: Page, m: Mention) -> str:
    """The case suffix written after a name ("'ın" in "Trump'ın"), lower-cased."""
    return page.text.suffix_after(m.end).replace("’", "'").lower()


def _possessed(page: Page, mentions: Mentions, m: Mention) -> Mention | None:
    """The actor a mention possesses right after it: "Lebanon's National News Agency"."""
    text = page.doc.text
    if not re.match(r"['’]s?\s+", text[m.end : m.end + 4]):
        return None
    nxt = [
        x
        for x in mentions.starting_in(m.end, m.end + 6)
        if x.start > m.end and x.kind is not NodeKind.PERSON  # "Sky News’ Kay Burley"
    ]
    return nxt[0] if nxt else None


def _before(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The actor a postposition closes: "Reuters'a göre", "मंत्रालय के अनुसार", "AFP'nin
    haberine göre". Not a name in a case that makes it an adverbial or an object
    ("Ankara'da yaptığı açıklamada"), nor one governed by another postposition."""
    p = page.lang
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    text = page.doc.text
    modifier: Mention | None = None
    for m in mentions.ending_before(cue.start, max(s0, cue.start - 40)):
        if (
            modifier is not None
            and text[m.end : modifier.start].strip()[len(page.text.suffix_after(m.end)) :]
        ):
            return None
        between = text[m.end : cue.start]
        tokens = _gap_tokens(page, m.end, cue.start)
        suffix = _suffix(page, m)
        if suffix and suffix not in p.words["source_suffixes"]:
            return None
        if p.apostrophe_suffixes and suffix and not _sure_actor(m):
            return None  # "İstanbul'a göre daha ucuz": a place compared, no source
        if p.apostrophe_suffixes and not suffix and not _sure_actor(m):
            if modifier is None:
                # "Zelenskiy'in Telegram hesabından": the name's owner may stand before it
                modifier = m
                continue
            return None  # "Suriye haberinde": a bare place names the story's topic
        if p.apostrophe_suffixes and any(t.low in p.words["prepositions"] for t in tokens):
            return None  # "Erdoğan'a yönelik açıklamasında": a postposition's object
        if len(tokens) <= 2 and not any(c in _CLAUSE_STOPS for c in between):
            return m
        break
    if not page.lang.cased:
        return before_marker(page, s0, cue.start, mentions)
    return None


def _clause_possessor(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The genitive that opens the clause a statement noun closes: "The Washington Post'un,
    Mısır'ın … planladığı yönündeki haberini", "ABD Başkanı Trump'ın … yönündeki
    açıklamasını"."""
    p = page.lang
    text = page.doc.text
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    quoted = _quote_depth(text, s0, cue.start)
    for m in mentions.starting_in(s0, cue.start):
        if any(a <= m.start < b for a, b in quoted):
            continue
        if _suffix(page, m) not in p.words["possessor_suffixes"]:
            return None
        if not all(_title_word(page, t) for t in _gap_tokens(page, s0, m.start)):
            return None
        return m
    return None


def _quote_depth(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quoted passages of ``text[start:end]``, as (start, end) offsets."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if opened is None and ch in '"“«„':
            opened = i
        elif opened is not None and (ch in "”»“" or ch == '"'):
            spans.append((opened, i + 1))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    return spans


def _quotation_start(page: Page, s0: int, pos: int) -> int:
    """Where the sentence of a verb that closes a quotation starts: in ``X, "... . ..."
    dedi`` the verb's sentence holds the whole quotation and its speaker."""
    text = page.doc.text
    seg = text[s0:pos]
    closing = max(seg.rfind("”"), seg.rfind("»"))
    curly_open = closing >= 0 and seg.rfind("“", 0, closing) < 0 and seg.rfind("«", 0, closing) < 0
    straight_open = seg.count('"') % 2 == 1
    if not (curly_open or straight_open):
        return s0
    mark = max(text.rfind("“", max(0, s0 - 1500), s0), text.rfind("«", max(0, s0 - 1500), s0))
    if straight_open:
        mark = max(mark, text.rfind('"', max(0, s0 - 1500), s0))
    if mark < 0:
        return s0
    return page.text.sentence(mark, mark + 1)[0]


def _title_word(page: Page, tok: Token) -> bool:
    """A word that may precede a name in its title: "Dışişleri Bakanı", "Rus ajansı"."""
    p = page.lang
    return (
        _filler(page, tok)
        or tok.text[:1].isupper()
        or tok.low in p.words["roles"]
        or tok.low in p.words["org_heads"]
        or tok.low in p.words["media_heads"]
        or tok.low in p.words["determiners"]
    )


def _nominative(page: Page, m: Mention, end: int) -> bool:
    """A name that can be a verb's subject: no case suffix ("Trump'ın", "Moskova'da"), no
    postposition ("Putin ile") nor role ("Kremlin sözcüsü Peskov") right after it."""
    p = page.lang
    if _suffix(page, m):
        return False
    nxt = page.text.tokens_between(m.end, end)[:1]
    if nxt and not page.doc.text[m.end : nxt[0].start].strip():
        low = nxt[0].low
        if low in p.words["prepositions"] or low in p.words["roles"]:
            return False
    return True


def _employer_of(page: Page, m: Mention, person: Mention) -> bool:
    """Whether ``m`` is the employer in a title before ``person``: only title words, one of
    them a role, stand between them ("CHP Genel Başkanı Özgür Özel")."""
    if person.kind is not NodeKind.PERSON:
        return False
    between = _gap_tokens(page, m.end, person.start)
    return (
        0 < len(between) <= 4
        and any(
            t.low in page.lang.words["roles"] or t.text in page.lang.words["honorifics"]
            for t in between
        )
        and all(_title_word(page, t) for t in between)
    )


def _sure_actor(m: Mention) -> bool:
    """A mention typed by more than one capitalised word: a registry entry, a person, an
    acronym or a name with its head noun (not "Kıbrıs" in "Kıbrıs meselesinde")."""
    if m.entry is not None or m.kind is not NodeKind.ORGANIZATION:
        return True
    return " " in m.name or m.name.isupper()


def _cased_sov_subject(page: Page, mentions: Mentions, cue: Cue, s0: int) -> Mention | None:
    """The subject of a clause-final verb in a cased SOV language (Turkish): a name in the
    nominative, outside quotations, that opens the clause after a converb ("…
    yalanlarken, Ömer Çelik … tepki gösterdi"), else the first one followed by the
    subject's comma ("Peskov, Putin'in … söyledi", "… değerlendiren Peskov, "…" dedi"),
    else a sure actor opening the sentence ("Erdoğan bugün … söyledi")."""
    p = page.lang
    text = page.doc.text
    s0 = _quotation_start(page, s0, cue.start)
    quoted = _quote_depth(text, s0, cue.start)

    def outside(pos: int) -> bool:
        return not any(a <= pos < b for a, b in quoted)

    cands = [
        m
        for m in mentions.starting_in(s0, cue.start)
        if m.end <= cue.start
        and outside(m.start)
        and not _bracketed(text, m.end, cue.start)
        and _nominative(page, m, cue.start)
    ]
    # "CHP Genel Başkanı Özgür Özel": the body before a title is the person's employer.
    cands = [
        m
        for k, m in enumerate(cands)
        if not (k + 1 < len(cands) and _employer_of(page, m, cands[k + 1]))
    ]
    if not cands:
        return None

    def opens(m: Mention, lo: int) -> bool:
        return all(_title_word(page, t) for t in _gap_tokens(page, lo, m.start))

    commas = [i for i in range(s0, cue.start) if text[i] == "," and outside(i)]
    if commas:
        last = commas[-1]
        prev = page.text.tokens_between(s0, last)[-1:]
        if prev and (prev[0].low in p.speech_forms or _adverb(page, prev[0])):
            inner = [m for m in cands if m.start > last]
            if inner and opens(inner[0], last + 1):
                return inner[0]
    for m in cands:
        after = _strip_brackets(text[m.end : cue.start]).lstrip()
        words = after.split(",", 1)[0].split()
        # "Peskov, …", "Peskov ise, …", "Bakan Yılmaz da, …": the subject's comma.
        if after.startswith(",") or (
            "," in after and words and all(w.lower() in p.words["skip_words"] for w in words)
        ):
            return m
    first = cands[0]
    if opens(first, s0) and _sure_actor(first):
        return first
    return None


def _sov_right(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The name a participle of speech qualifies: "Reuters'a konuşan Büyükelçi Ümit
    Yardım", "… dile getiren Erdoğan": the first person after it, else the first body,
    with only its title between."""
    text = page.doc.text
    _s0, s1 = page.text.sentence(cue.start, cue.end)
    stop = next((i for i in range(cue.end, s1) if text[i] in ',;:"“”«»\n'), s1)
    found = [m for m in mentions.starting_in(cue.end, stop) if m.end <= stop]
    best = next((m for m in found if m.kind is NodeKind.PERSON), found[0] if found else None)
    if best is None:
        return None
    between = _gap_tokens(page, cue.end, best.start)
    roles = [k for k, t in enumerate(between) if t.low in page.lang.words["roles"]]
    # "eleştiren muhalefet lideri Özgür Özel": a role's own modifiers may stand before it.
    titled = between[roles[-1] + 1 :] if roles else between
    if len(between) > 6 or not all(_title_word(page, t) for t in titled):
        return None
    return best


def _comma_before(page: Page, cue: Cue) -> Mention | None:
    """ "دين باكيت، قال": a name set off by a comma right before a verb-first clause."""
    text = page.doc.text
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    before = text[s0 : cue.start].rstrip()
    if not before.endswith(("،", ",")):
        return None
    comma = s0 + len(before) - 1
    return bare_name(page, phrase_tokens(page, s0, comma, forward=False))


def _apposition(page: Page, tokens: list[Token], s1: int, mentions: Mentions) -> Mention | None:
    if not tokens:
        return None
    text = page.doc.text
    rest = text[tokens[-1].end : s1]
    if not rest.lstrip().startswith(("،", ",")):
        return None
    start = tokens[-1].end + rest.index(rest.lstrip()[0]) + 1
    nxt = phrase_tokens(page, start, s1, forward=True)
    p = page.lang
    if not nxt or not (nxt[0].low in p.words["roles"] or nxt[0].text in p.words["honorifics"]):
        return None
    found = read_phrase(page, nxt, mentions)
    return found if found is not None and found.kind is NodeKind.PERSON else None


def _sov_subject(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The subject of a verb at the end of its clause: after the clause's opening words,
    or right before an ergative marker ("X ने कहा")."""
    p = page.lang
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    text = page.doc.text
    if p.cased:
        if _participle(page, cue) and not _adverb_cue(page, cue):
            return _sov_right(page, mentions, cue)
        return _cased_sov_subject(page, mentions, cue, s0)
    tokens = _gap_tokens(page, s0, cue.start)
    markers = [k for k, t in enumerate(tokens) if t.low in p.words["subject_markers"]]
    if markers:
        k = markers[-1]
        end = tokens[k].start
        for m in mentions.ending_before(end, s0):
            if not text[m.end : end].strip():
                return m
            break
        return before_marker(page, s0, end, mentions)
    if not p.cased:
        return clause_opening(page, s0, cue.start, mentions)
    clause_start = max((text.rfind(c, s0, cue.start) for c in ',;:"«»“”'), default=-1)
    lo = clause_start + 1 if clause_start >= 0 else s0
    inside = [m for m in mentions.starting_in(lo, cue.start) if m.end <= cue.start]
    if inside:
        first = inside[0]
        lead = [t for t in _gap_tokens(page, lo, first.start) if not _filler(page, t)]
        if len(lead) <= 2:
            return first
        return inside[-1] if not _gap_tokens(page, inside[-1].end, cue.start) else None
    if not p.cased:
        return clause_opening(page, s0, cue.start, mentions)
    return None


def _subject(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    p = page.lang
    if p.order == "sov":
        return _sov_subject(page, mentions, cue)
    if p.order == "vso":
        right = _right_subject(page, mentions, cue)
        if right is None and not p.cased:
            _s0, s1 = page.text.sentence(cue.start, cue.end)
            tokens = phrase_tokens(page, cue.end, s1, forward=True, quotes=True)
            right = read_phrase(page, tokens, mentions)
            if right is None or right.kind is not NodeKind.PERSON:
                # "الناطق باسم الشرطة، العقيد سامر الحلبي،": the name in an apposition.
                after = _apposition(page, tokens, s1, mentions)
                right = after or right or bare_name(page, tokens) or _comma_before(page, cue)
        return right or _left_subject(page, mentions, cue)
    if page.doc.text[cue.start : cue.end].lower() in p.inverted_forms:
        # "…," kata Teuku Faizasyah: a verb whose subject only ever follows it.
        allowed = _inversion_allowed(page, mentions, cue)
        return _right_subject(page, mentions, cue) if allowed else None
    invertible = not (cue.addressee or _participle(page, cue)) and _inversion_allowed(
        page, mentions, cue
    )
    if invertible and page.doc.text[: cue.start].rstrip().endswith(("»", "”", '"')):
        # "…,” said Doe", "« … », affirme le compte X": after a quotation, the actor
        # right after the verb is its subject.
        right = _right_subject(page, mentions, cue)
        if right is not None:
            return right
    left = _left_subject(page, mentions, cue)
    if left is not None:
        return left
    return _right_subject(page, mentions, cue) if invertible else None


def _passive_agent(page: Page, cue: Cue) -> bool:
    nxt = page.text.tokens_between(cue.end, cue.end + 30)[:1]
    return (
        bool(nxt)
        and nxt[0].low in page.lang.words["agent_markers"]
        and not page.doc.text[cue.end : nxt[0].start].strip()
    )


def _resolve_unspaced(
    page: Page, mentions: Mentions, cue: Cue
) -> Iterator[tuple[Mention, str, bool]]:
    """(mention, slot, channel) pairs for one cue in text without spaces (Chinese)."""
    s0, s1 = page.text.sentence(cue.start, cue.end)
    if cue.slot in ("according_to", "citing"):
        m = unspaced.source_after(page, mentions, cue.end, s1)
        if m is not None:
            yield m, cue.slot, False
        return
    if cue.slot in ("interview", "agency"):
        m = unspaced.after_outlet(page, mentions, cue.end, s1)
        if m is not None:
            yield m, cue.slot, cue.slot == "interview"
        return
    if cue.slot == "transcript":
        m = unspaced.speaker_tag(page, mentions, cue.start)
        if m is not None:
            yield m, "colon_quote", False
        return
    if cue.slot not in ("speech_verb", "publish"):
        return
    subject = unspaced.subject_before(page, mentions, cue.start, s0)
    if subject is not None and (cue.slot != "publish" or subject.kind is NodeKind.OUTLET):
        yield subject, cue.slot, False
    channel = unspaced.after_outlet(page, mentions, cue.end, s1)
    if channel is not None and (subject is None or channel.key != subject.key):
        yield channel, "interview", True


def _negated(page: Page, cue: Cue) -> bool:
    """ "did not respond", "n'a pas répondu", "declined to comment": no statement."""
    text = page.doc.text
    lo = max(0, cue.start - 30)
    # Not across a quotation or a clause: « Nous n'avons rien à cacher », a déclaré X.
    lo = max([lo] + [text.rfind(c, lo, cue.start) + 1 for c in ',;:"«»“”'])
    before = page.text.tokens_between(lo, cue.start)[-3:]
    return any(t.low in page.lang.words["negations"] for t in before)


def _resolve(page: Page, mentions: Mentions, cue: Cue) -> Iterator[tuple[Mention, str, bool]]:
    """(mention, slot, channel) pairs for one cue."""
    if cue.slot in ("speech_verb", "publish") and _negated(page, cue):
        return
    if not page.lang.spaced:
        yield from _resolve_unspaced(page, mentions, cue)
        return
    if cue.slot in ("according_to", "citing", "interview", "agency"):
        # A cue whose source comes first ("CNN'e verdiği röportajda"): ``before: true``.
        phrase = " ".join(page.doc.text[cue.start : cue.end].lower().split())
        if cue.pattern == page.lang.pid(cue.slot) and phrase in page.lang.before_cues:
            m = _before(page, mentions, cue)
        else:
            m = _after(page, mentions, cue)
        if m is not None:
            if cue.slot == "interview":
                if m.kind is NodeKind.OUTLET:
                    yield m, cue.slot, True
            elif cue.slot == "agency":
                if m.kind is NodeKind.OUTLET:
                    yield m, cue.slot, False
            else:
                yield m, cue.slot, False
        return
    if cue.slot == "colon_quote":
        m = _quote_speaker(page, mentions, cue)
        if m is not None:
            yield m, cue.slot, False
            channel = _line_channel(page, mentions, m)
            if channel is not None:
                yield channel, "interview", True
        return
    if cue.slot == "statement_noun":
        m = _possessor(page, mentions, cue)
        if m is not None:
            yield m, cue.slot, False
        return
    if cue.slot == "transcript":
        m = _tag_speaker(page, mentions, cue)
        if m is not None:
            yield m, cue.slot, False
        return
    if cue.slot == "according_after":
        if " ".join(page.doc.text[cue.start : cue.end].lower().split()) in page.lang.possessor_cues:
            m = _clause_possessor(page, mentions, cue)
        else:
            m = _before(page, mentions, cue)
        if m is not None:
            yield m, cue.slot, False
        return
    if _passive_agent(page, cue):
        nxt = page.text.tokens_between(cue.end, cue.end + 30)[0]
        m = _after(
            page, mentions, Cue(nxt.start, nxt.end, "passive_agent", page.lang.pid("passive_agent"))
        )
        # "publiée par Yvon Ollivier": a person publishes nothing a page could cite.
        if m is not None and (cue.slot != "publish" or m.kind is NodeKind.OUTLET):
            yield m, "passive_agent", False
        return
    subject = _subject(page, mentions, cue)
    if subject is not None and (cue.slot != "publish" or subject.kind is NodeKind.OUTLET):
        slot = "publish" if cue.publish and subject.kind is NodeKind.OUTLET else cue.slot
        yield subject, slot, False
        for other in _coordinated(page, mentions, subject):
            yield other, slot, False
    if cue.slot == "speech_verb":
        channel = _channel(page, mentions, cue)
        if channel is None and subject is not None and subject.start >= cue.end:
            # "…," kata AKBP Rio Wahyu Anggoro kepada detikcom: the medium after the speaker
            after = Cue(subject.end, subject.end, cue.slot, cue.pattern)
            channel = _channel(page, mentions, after)
        if channel is not None and (subject is None or channel.key != subject.key):
            yield channel, "interview", True


_POSSESSED = re.compile(r"['’]s?\s+$")
_POSSESSIVE = re.compile(r"^(?:['’]s?)\s+(?:[^\W\d_][\w-]*\s+){0,2}$")


def _possessor(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """ "Trump’s claim", "the ministry's latest statement": the statement's author."""
    text = page.doc.text
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    for m in mentions.ending_before(cue.start, max(s0, cue.start - 40)):
        between = text[m.end : cue.start]
        if _POSSESSIVE.match(between) and not any(
            t.text[:1].isupper() for t in _gap_tokens(page, m.end, cue.start)
        ):
            return m
        return None
    return None


def _quote_speaker(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The speaker of a quotation introduced by a colon (the clause's first actor) or
    signed with a dash after it (the actor after the dash)."""
    text = page.doc.text
    if text[cue.start] in "—–―" or text[cue.start : cue.end].strip()[:1] in "—–―":
        m = _right_subject(page, mentions, cue)
        return m if m is not None and m.kind is not NodeKind.OUTLET else None
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    inside = [m for m in mentions.starting_in(s0, cue.start) if m.end <= cue.start]
    if not inside:
        return None
    first = inside[0]
    lead = [
        t
        for t in _gap_tokens(page, s0, first.start)
        if not (
            _filler(page, t)
            or t.low in page.lang.words["determiners"]
            or t.low in page.lang.words["roles"]
        )
    ]
    return first if not lead and first.kind is not NodeKind.OUTLET else None


def _tag_speaker(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """ "PESCHKE: ..." at a line's start: a known or titled person, or a name in capitals."""
    text = page.doc.text
    line_start = text.rfind("\n", 0, cue.start) + 1
    for m in mentions.ending_before(cue.start, line_start):
        if text[m.end : cue.start].strip() or m.kind is not NodeKind.PERSON:
            return None
        lead = text[line_start : m.start].strip()
        return m if not lead or lead.rstrip(".") in page.lang.words["honorifics"] else None
    return None


def _line_channel(page: Page, mentions: Mentions, speaker: Mention) -> Mention | None:
    """ "— Sen. Marco Rubio, R-Fla., on CNN's “State of the Union”": the medium named after
    the speaker on the same line, behind a channel marker."""
    text = page.doc.text
    line_end = text.find("\n", speaker.end)
    line_end = len(text) if line_end < 0 else line_end
    for m in mentions.starting_in(speaker.end, line_end):
        if m.kind is not NodeKind.OUTLET:
            continue
        before = page.text.tokens_between(max(speaker.end, m.start - 20), m.start)
        if before and before[-1].low in page.lang.words["channel_markers"]:
            return m
    return None


def _coordinated(page: Page, mentions: Mentions, m: Mention) -> Iterator[Mention]:
    """ "Cotton and Perdue said": the other subjects joined by a conjunction."""
    s0, _ = page.text.sentence(m.start, m.end)
    text = page.doc.text
    for other in mentions.ending_before(m.start, s0):
        between = text[other.end : m.start].strip().lower()
        if (
            between in ("and", "et", "und", "y", "e", "i", "и", "і", "a", "ve", "dan", "و")
            and other.kind is m.kind
        ):
            yield other
        break


def attributions(page: Page, mentions: Mentions) -> list[Attribution]:
    """Every attribution on the page, in text order."""
    out = []
    text = page.doc.text
    for cue in find_cues(page):
        if page.builder.is_consumed(cue.start, cue.end):
            continue
        for m, slot, channel in _resolve(page, mentions, cue):
            if page.builder.is_consumed(m.start, m.end):
                continue
            lo, hi = min(m.start, cue.start), max(m.end, cue.end)
            span = strip_span(text, lo, hi)
            out.append(
                Attribution(m, Cue(cue.start, cue.end, slot, page.lang.pid(slot)), span, channel)
            )
    return out


def _node(page: Page, m: Mention) -> Node:
    if m.entry is not None:
        return m.entry.node()
    name = m.name
    if page.lang.language == "ru" and m.kind is NodeKind.PERSON:
        name = ru_nominative(name)
    if m.kind is NodeKind.OUTLET:
        return resolve_outlet(name, page.registry)
    if not page.lang.cased:
        # A name read next to a cue may be a known one in another spelling of its words.
        known = page.registry.by_name(name, kinds=[m.kind])
        if known is not None:
            return known.node()
    return Node(key=Mention(m.start, m.end, m.kind, name, None, m.how).key, kind=m.kind, name=name)


def _own_name(page: Page, m: Mention) -> bool:
    """In scripts without capitals, a name read next to a cue that spells the page's own
    domain ("به گزارش صدای بورس" on sedayebourse.ir): the publisher, unregistered."""
    if m.entry is not None or page.lang.cased or page.publisher is None:
        return False
    own = [d.split(".")[0] for d in page.publisher.domains]
    spelt = _skeleton(m.name)
    return len(spelt) >= 3 and any(_skeleton(d) == spelt for d in own)


def _skeleton(name: str) -> str:
    """Consonants of a name in Latin letters ("صدای بورس", "sedayebourse" -> "sdbrs")."""
    latin = anyascii(name).lower().translate(str.maketrans("qcz", "kks"))
    out = ""
    for ch in latin:
        if ch.isalpha() and ch not in "aeiouwyh" and not out.endswith(ch):
            out += ch
    return out


def write_attributions(page: Page, mentions: Mentions) -> None:
    """Add a CITES or QUOTES edge per attribution, and MENTIONS for the other actors."""
    b = page.builder
    attributed: set[tuple[int, int]] = set()
    if not page.lang.cased and page.lang.spaced:
        # Names read next to one cue stand for the same person at the others
        # ("فيصل المقداد" first, "المقداد" after): read them, then read again.
        persons = [
            a.mention
            for a in attributions(page, mentions)
            if a.mention.how == "span" and a.mention.kind is NodeKind.PERSON
        ]
        if persons:
            mentions = with_names(page, mentions, persons)
    for a in attributions(page, mentions):
        node = _node(page, a.mention)
        if node.key == page.own or _own_name(page, a.mention):
            continue
        kind = EdgeKind.CITES if (a.channel or node.kind is NodeKind.OUTLET) else EdgeKind.QUOTES
        if a.channel and node.kind is not NodeKind.OUTLET:
            continue
        b.node(node)
        b.edge(
            kind,
            page.segment_at(a.span[0]).article,
            node.key,
            span=a.span,
            method=EvidenceMethod.PATTERN,
            pattern=a.cue.pattern,
            confidence=page.conf(a.cue.slot),
        )
        attributed.add((a.mention.start, a.mention.end))
    for m in mentions.all:
        if (m.start, m.end) in attributed or b.is_consumed(m.start, m.end):
            continue
        if m.entry is None and m.how not in ("titled",):
            continue
        node = _node(page, m)
        if node.key == page.own:
            continue
        b.node(node)
        b.edge(
            EdgeKind.MENTIONS,
            page.segment_at(m.start).article,
            node.key,
            span=(m.start, m.end),
            method=EvidenceMethod.PATTERN,
            pattern="mention",
            confidence=page.conf("mention"),
        )
