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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from anyascii import anyascii

from graph.models import Node
from graph.schema import EdgeKind, EvidenceMethod, NodeKind
from loaders.extract import unspaced
from loaders.extract.context import Page
from loaders.extract.mentions import Mention, Mentions, with_names
from loaders.extract.names import (
    is_calendar,
    is_title_case_line,
    name_connectors,
    nominative,
    type_of,
)
from loaders.extract.publisher import resolve_outlet
from loaders.extract.spans import (
    bare_name,
    before_marker,
    beyond_roles,
    clause_opening,
    lone_medium,
    phrase_tokens,
    read_phrase,
)
from loaders.extract.text import Token, strip_span
from loaders.patterns import Patterns, phrase_key

__all__ = ["Attribution", "Cue", "attributions", "find_cues"]

_QUOTES = set('"“”«»„‟‹›')
_OPENING_QUOTES = set('"“«„‹')
# "|" parts a site's menu cells ("Fale Conosco | Anuncie"), never a clause's words.
_CLAUSE_STOPS = set('"“”«»„:;|\n')
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
        tokens = page.text.tokens
        for k, tok in enumerate(tokens):
            if tok.start >= page.footer:
                break
            low = _strip_clitic(page, tok.low) if clitics else tok.low
            if low not in any_cue:
                continue
            if low in p.words["statement_nouns"] and _possessed_noun(page, tokens, k):
                # "Hendricks’s claim": a noun with its author, though "claim" is a verb too
                found.append(Cue(tok.start, tok.end, "statement_noun", p.pid("statement_noun")))
                continue
            publish = low in p.publish_forms
            if low in p.words["quote_tags"] and not _after_quote(page, tok):
                continue  # German "so" is a verb of speech only in "„…“, so X"
            if (publish or low in p.speech_forms or low in p.separable) and _nominal(
                page, tokens, k
            ):
                continue
            if low in p.separable and low not in p.speech_forms:
                if _particle_closes(page, tokens, k, p.separable[low]):
                    found.append(Cue(tok.start, tok.end, "speech_verb", p.pid("speech_verb")))
                continue
            if low in p.speech_forms:
                addressee = low in p.addressee_forms
                # "O Itamaraty se pronunciou": the reflexive clitic is part of the verb.
                start = tok.start
                before = tokens[k - 1] if k else None
                if before and before.low in p.words["reflexives"]:
                    start = before.start if text[before.end : tok.start] == " " else start
                found.append(
                    Cue(start, tok.end, "speech_verb", p.pid("speech_verb"), addressee, publish)
                )
            elif publish:
                found.append(Cue(tok.start, tok.end, "publish", p.pid("publish"), publish=True))
            elif low in p.words["statement_nouns"]:
                found.append(Cue(tok.start, tok.end, "statement_noun", p.pid("statement_noun")))
    for pats in page.pats:
        wanted = None if pats is p else ("according_to", "citing", "interview")
        found += [
            c
            for c in _phrase_cues(page, pats, text, wanted)
            # English "per" is Italian "for"
            if pats is p or not _function_word(p, text[c.start : c.end].lower())
        ]
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


_FUNCTION_LISTS = ("prepositions", "determiners", "conjunctions", "pronouns", "complementizers")
# Words that may stand between a subject and its verb, and words that end the subject.
_FILLER_LISTS = ("auxiliaries", "skip_words", "time_words")
_BLOCKING_LISTS = ("pronouns", "modals", "complementizers", "relative_pronouns", "conjunctions")


def _in_lists(p: Patterns, low: str, names: tuple[str, ...]) -> bool:
    """Return True when ``low`` is in any of the language's word lists ``names``."""
    return any(low in p.words[name] for name in names)


def _function_word(p: Patterns, low: str) -> bool:
    return _in_lists(p, low, _FUNCTION_LISTS)


def _after_quote(page: Page, tok: Token) -> bool:
    """Whether a word follows a closing quotation or a comma: "„…“, so Peskow"."""
    return (
        page.doc.text[max(0, tok.start - 4) : tok.start]
        .rstrip()
        .endswith((",", "“", "”", '"', "»", "«"))
    )


def _possessed_noun(page: Page, tokens: list[Token], k: int) -> bool:
    """ "Hendricks’s claim", "the ministry's latest statement": a possessive right
    before the noun, or before one lower-case word before it."""
    text = page.doc.text
    start = tokens[k].start
    if _POSSESSED.search(text, max(0, start - 3), start):
        return True
    if not k:
        return False
    prev = tokens[k - 1]
    return (
        prev.text.islower()
        and text[prev.end : start] == " "
        and _POSSESSED.search(text, max(0, prev.start - 3), prev.start) is not None
    )


def _nominal(page: Page, tokens: list[Token], k: int) -> bool:
    """A verb form used as a noun or adjective: after an article ("el anuncio", "la
    denuncia", "the report"), or, where every noun has a capital, written with one
    inside a sentence ("die Berichte")."""
    p = page.lang
    tok = tokens[k]
    if p.capitalised_nouns:
        return (
            tok.text[:1].isupper()
            and tok.start not in page.text.sentence_starts
            and not page.text.after_opening(tok.start)
        )
    if not k:
        return False
    prev = tokens[k - 1]
    if page.doc.text[prev.end : tok.start].strip():
        return False
    low = prev.low
    if tok.low in p.words["noun_forms"] and (low in p.words["determiners"] or low == "whose"):
        return True  # "whose state has been", "his claims", "the report": nouns
    if not p.words["tense_auxiliaries"]:
        return False  # languages that list their auxiliaries opt in
    others = ("prepositions", "pronouns", "relative_pronouns", "complementizers", "auxiliaries")
    return low in p.words["determiners"] and not any(low in p.words[name] for name in others)


_CLAUSE_BREAKS = set(',.;:!?"„“”«»()[]\n–—')


def _particle_closes(page: Page, tokens: list[Token], k: int, particles: frozenset[str]) -> bool:
    """Whether the clause of the verb at ``k`` ends with one of its particles: "teilte
    das Ministerium am Freitag mit", "wies die Vorwürfe zurück"."""
    text = page.doc.text
    last = None
    for j in range(k + 1, min(len(tokens), k + 30)):
        if any(c in _CLAUSE_BREAKS for c in text[tokens[j - 1].end : tokens[j].start]):
            break
        last = tokens[j]
    return last is not None and last.low in particles


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
        best: Cue | None = None
        for slot, rx in candidates:
            if wanted is not None and slot not in wanted:
                continue
            m = rx.match(text, tok.start)
            # the longest phrase of any slot: "hieß es aus dem" over "hieß es"
            if m is not None and m.end() > m.start() and (best is None or m.end() > best.end):
                best = Cue(m.start(), m.end(), slot, pats.pid(slot), phrase=True)
        if best is not None:
            out.append(best)
    return out


def _gap_tokens(page: Page, start: int, end: int) -> list[Token]:
    return page.text.tokens_between(start, end)


def _filler(page: Page, tok: Token) -> bool:
    """A word that may stand between a subject and its verb: "also", "on Tuesday",
    "in a statement", an auxiliary, a negation."""
    return (
        _in_lists(page.lang, tok.low, _FILLER_LISTS)
        or is_calendar(page.doc.text, tok)
        or tok.text.isdigit()
    )


def _blocks(page: Page, tok: Token) -> bool:
    return _in_lists(page.lang, tok.low, _BLOCKING_LISTS)


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
    if text[m.start - 1 : m.start] in _OPENING_QUOTES and text[start : start + 1] in _QUOTES:
        start += 1  # "„Rzeczpospolita” pisze": the name's closing quotation mark
    gap = _strip_brackets(text[start:end])
    if gap.count(",") == 2 and _discourse_aside(page, start + gap.index(","), end):
        # "The White House, however, has indicated": a comma-delimited adverb aside
        gap = gap.replace(",", " ")
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
        if page.lang.is_role(tok.low) and tok.low not in words["skip_words"]:
            roles += 1  # (not "novinářům", "журналистам": the addressees)
        elif tok.low in words["org_heads"] and ("'s" in gap or "’s" in gap):
            bodies += 1  # "Hillary Clinton’s campaign said": her campaign speaks for her
        elif not (_filler(page, tok) or _adverb(page, tok) or tok.low in ("s", "’s", "'s")):
            return False
    if roles and (m.certain_person or m.kind is NodeKind.PERSON):
        return False  # "Durbin's spokesman said": the spokesman speaks, unnamed
    if "'s" in gap or "’s" in gap:
        return roles + bodies > 0
    return len(tokens) <= 5


def _discourse_aside(page: Page, comma: int, end: int) -> bool:
    """Whether only adverbs or filler words stand between the comma at ``comma`` and the
    next one before ``end`` (", however,", ", meanwhile,", ", in turn,")."""
    text = page.doc.text
    close = text.find(",", comma + 1, end)
    if close < 0:
        return False
    tokens = page.text.tokens_between(comma + 1, close)
    return 0 < len(tokens) <= 3 and all(
        _filler(page, t) or _adverb(page, t) or t.low in page.lang.words["conjunctions"]
        for t in tokens
    )


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
    if prev.low in p.words["determiners"] and (
        not before or any(c in _CLAUSE_BREAKS for c in page.doc.text[before[-1].end : prev.start])
    ):
        return False  # Portuguese "A Folha revelou": an article opening its clause
    # Only a complement's "of" joins the role to the body ("le porte-parole du
    # ministère"): "l'ancien ministre sous la présidence de X a répondu" is the minister.
    complement = prev.low in name_connectors(p) or prev.low in _AUTHOR_OF
    return not (
        before and p.is_role(before[-1].low) and m.kind is not NodeKind.PERSON and complement
    )


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
            or p.is_role(tok.low)
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
        if m.start >= s0
        and m.end <= cue.start
        and not _bracketed(text, m.end, cue.start)
        and not _in_channel_phrase(page, m)
    ]
    # "Stanjura ve Sněmovně řekl": a body in an oblique case after a preposition is the
    # preposition's object; the subject stands before it.
    while candidates and candidates[0].oblique:
        if not _preceded_by_preposition(page, candidates[0], s0):
            break
        candidates = candidates[1:]
    if not candidates or _passive(page, s0, cue):
        return None
    if candidates[0].kind is not NodeKind.PERSON:
        lead = _gap_tokens(page, s0, candidates[0].start)[-3:]
        if (
            lead
            and lead[-1].end == _token_end_before(page, candidates[0])
            and (lead[-1].low in page.lang.words["roles"])
        ):
            # "Mluvčí pražské policie sdělil", "представитель Кремля заявил": the body is
            # the complement of a speaker, who is unnamed unless the page names someone
            # in that role ("пресс-секретарь Кремля Дмитрий Песков" earlier).
            return _role_holder(page, mentions, candidates[0])
        if candidates[0].oblique:
            # "Służby prasowe Kremla podały": a service of the body speaks for it.
            heads = page.lang.words["org_heads"] | page.lang.words["media_heads"]
            return candidates[0] if any(t.low in heads for t in lead[-2:]) else None
    elif candidates[0].oblique:
        return None
    aside = _before_aside(page, candidates, cue)
    if aside is not None:
        return aside
    nearest = candidates[0]
    if _counted(page, nearest, s0):
        return None  # "to over 20 U.S. states": the name modifies a counted noun
    if not cue.phrase and _object_of_verb(page, nearest, s0):
        return None  # "told Sen. Tim Scott (R-S.C.) reports of…": an object, not a subject
    gap = text[nearest.end : cue.start]
    if _gap_ok(page, nearest, nearest.end, cue.start, cue) and not _preceded_by_preposition(
        page, nearest, s0
    ):
        return nearest if _prefield(page, nearest, s0) else None
    if _apposed_to_role(page, nearest, s0, cue):
        # "Mykhailo Podolyak, um assessor do presidente ucraniano, Volodimir Zelenski,
        # disse": the role and its holder describe the person who opens the clause.
        first = [m for m in candidates if m.kind is NodeKind.PERSON and m.start < nearest.start]
        opener = first[-1] if first else None
        if (
            opener is not None
            and not _gap_tokens(page, s0, opener.start)
            and (text[opener.end : opener.end + 2].lstrip().startswith(","))
        ):
            return opener
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
        lo = cue.start - len(rest)
        # "De Vargas, quien en comunicación con Radio Monumental dijo": the interview
        # phrase and its medium (cited by the interview cue) stand in the relative too.
        for channel in mentions.ending_before(cue.start, lo):
            if channel.start >= lo and _in_channel_phrase(page, channel):
                hit = next(page.lang.cues["interview"].finditer(text, lo, channel.start), None)
                if hit is not None and not text[lo : hit.start()].strip():
                    lo = channel.end
                break
        rest_tokens = _gap_tokens(page, lo, cue.start)
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


def _counted(page: Page, m: Mention, s0: int) -> bool:
    """Whether a cardinal stands right before ``m`` ("over 20 U.S. states"): the name
    then modifies a counted noun, and the "verb" after it is that noun. A year ("In 2023
    Reuters reported") or a day after a month ("On Sept. 18 Xinhua said") is no count."""
    lead = _gap_tokens(page, s0, m.start)[-1:]
    if not lead or page.doc.text[lead[0].end : m.start] != " ":
        return False
    num = lead[0].text.replace(",", "")
    if not num.isdigit() or (len(num) == 4 and num[0] in "12"):
        return False
    # "Sept. 18", "März 18": a capitalised word before the number makes it a date (the
    # sentence splitter may have cut after "Sept.").
    i = page.text.token_index(lead[0].start)
    return not (i and page.text.tokens[i - 1].text[:1].isupper())


def _prefield(page: Page, m: Mention, s0: int) -> bool:
    """In a verb-second language the subject before the verb is the clause's whole
    first part: "Die Forderung nach einem Ende von Merkels Amtszeit bezeichnete X" has a
    fronted object, so a name inside it is no subject. Articles, roles, adjectives and
    conjunctions may stand before the name ("Das russische Verteidigungsministerium",
    "wie dpa")."""
    p = page.lang
    if p.order != "v2":
        return True
    text = page.doc.text
    clause = max(text.rfind(c, s0, m.start) for c in ',;:"„“”«»()–—')
    lo = max(s0, clause + 1)
    for t in _gap_tokens(page, lo, m.start):
        low = t.low
        if (
            low in p.words["determiners"]
            or low in p.words["conjunctions"]
            or low in p.words["complementizers"]
            or p.is_role(low)
            or low in p.words["org_heads"]
            or low in p.words["media_heads"]
            or t.text.rstrip(".") in p.words["honorifics"]
            or _filler(page, t)
        ):
            continue
        if t.text.islower() and low not in p.words["prepositions"]:
            continue  # an adjective: "Das russische Verteidigungsministerium"
        return False
    return True


def _passive(page: Page, s0: int, cue: Cue) -> bool:
    """ "X fue acusado", "X wurde kritisiert", "X è stato criticato": a passive auxiliary
    among the words right before the verb makes the mention before it the verb's
    object, not its speaker."""
    p = page.lang
    if not p.words["passive_auxiliaries"]:
        return False
    tokens = _gap_tokens(page, s0, cue.start)
    k = len(tokens)
    while k and (_filler(page, tokens[k - 1]) or _adverb(page, tokens[k - 1])):
        k -= 1
        if tokens[k].low in p.words["passive_auxiliaries"]:
            return True
    return False


def _agent_before(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The agent of a passive whose participle closes the clause: "Der Plan wurde vom
    Auswärtigen Amt angekündigt", "wurde zuerst von der Bild-Zeitung verbreitet"."""
    p = page.lang
    if not p.words["passive_auxiliaries"]:
        return None
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    text = page.doc.text
    found = mentions.ending_before(cue.start, s0)
    if not found:
        return None
    m = found[0]
    gap = text[m.end : cue.start]
    if any(c in _CLAUSE_BREAKS for c in gap) or not all(
        _filler(page, t) or _adverb(page, t) for t in _gap_tokens(page, m.end, cue.start)
    ):
        return None
    before = _gap_tokens(page, s0, m.start)
    if (
        before
        and before[-1].low in p.words["determiners"]
        and before[-1].low not in (p.words["agent_markers"])
    ):
        before = before[:-1]
    if not before or before[-1].low not in p.words["agent_markers"]:
        return None
    if any(c in _CLAUSE_BREAKS for c in text[before[-1].end : m.start]):
        return None
    return m if any(t.low in p.words["passive_auxiliaries"] for t in before[:-1]) else None


def _apposed_to_role(page: Page, m: Mention, s0: int, cue: Cue) -> bool:
    """ "El portavoz del Kremlin, Dmitri Peskov, ha dicho", "Der Sprecher des Ministeriums,
    Generalmajor Igor Konaschenkow, sagte": a person set off by commas after a role is
    the holder of that role, and the verb's subject."""
    p = page.lang
    text = page.doc.text
    if m.kind is not NodeKind.PERSON:
        return False
    gap = text[m.end : cue.start]
    if not gap.lstrip().startswith(","):
        return False
    rest = _gap_tokens(page, m.end, cue.start)
    if not all(_filler(page, t) or _adverb(page, t) for t in rest) or any(
        c in _CLAUSE_STOPS for c in gap
    ):
        return False
    before = text[s0 : m.start]
    comma = before.rfind(",")
    if comma < 0 or any(c in _QUOTES or c in ";:" for c in before):
        return False
    titles = _gap_tokens(page, s0 + comma + 1, m.start)
    if not all(p.is_role(t.low) or t.text in p.words["honorifics"] for t in titles):
        return False
    lead = _gap_tokens(page, s0, s0 + comma)
    if any(t.low in p.speech_forms or t.low in p.publish_forms for t in lead):
        return False
    return any(p.is_role(t.low) or t.text in p.words["honorifics"] for t in lead)


def _inversion_allowed(page: Page, mentions: Mentions, cue: Cue) -> bool:
    """Whether the verb may have its subject after it: it follows a quotation, a comma or
    a dash, opens its sentence, or (in pro-drop languages) has no subject before it."""
    p = page.lang
    if p.order == "vso":
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
    if not (p.prodrop or p.order == "v2"):
        return False
    # "Así lo afirmó el ministro X", "Об этом заявил глава X", "Am Freitag sagte X": no
    # subject before the verb.
    clause_start = max(before.rfind(c) for c in ',;:"«»“”„—') + 1
    if any(
        m.start >= s0 + clause_start and not m.oblique and not _in_channel_phrase(page, m)
        for m in mentions.ending_before(cue.start, s0)
    ):
        return False
    lead = _gap_tokens(page, s0 + clause_start, edge)
    if any(t.low in p.words["pronouns"] for t in lead):
        return False
    content = [
        t
        for t in lead
        if t.low in p.words["determiners"]
        or not (_filler(page, t) or t.low in p.words["object_markers"])
    ]
    first = content[0].low if content else ""
    if first in p.words["determiners"] and first not in p.words["prepositions"]:
        # "El informe menciona X", "Die Regierung kritisierte X": a noun phrase before
        # the verb is its subject, and the actor after it an object; but "Das berichtet
        # X" fronts a lone demonstrative, and "El pasado lunes dijo X" a time.
        if p.order == "v2" and len(content) == 1:
            return True
        nxt = content[1] if len(content) > 1 else None
        return nxt is not None and (
            nxt.low in p.words["time_words"] or is_calendar(page.doc.text, nxt)
        )
    return True


def _apposed_holder(
    page: Page, mentions: Mentions, m: Mention, before: list[Token]
) -> Mention | None:
    """ "sagte der Sprecher von Präsident Wladimir Putin, Dmitri Peskow": when the person
    after an inverted verb is a role's complement (a role, then a preposition, before
    it), the person set off by a comma after it, closing the clause, holds the role."""
    p = page.lang
    roles = [k for k, t in enumerate(before) if p.is_role(t.low)]
    if not roles or not any(t.low in p.words["prepositions"] for t in before[roles[0] + 1 :]):
        return None
    text = page.doc.text
    if not text[m.end : m.end + 2].startswith(", "):
        return None
    holder = next(iter(mentions.starting_in(m.end + 2, m.end + 3)), None)
    if holder is None or holder.kind is not NodeKind.PERSON:
        return None
    after = text[holder.end : holder.end + 2].lstrip(" ")
    return holder if after[:1] in (".", ",", ";", "") or after.startswith("\n") else None


def _right_subject(
    page: Page, mentions: Mentions, cue: Cue, *, persons_only: bool = False, strict: bool = False
) -> Mention | None:
    """The first actor after the verb, skipping roles and titles; a person named after
    an employer wins over the employer ("said Kremlin spokesman Dmitry Peskov",
    "declaró el portavoz del Kremlin, Dmitri Peskov").

    Skipped on the way: a role's complements where modifiers follow their noun
    ("пресс-секретарь президента РФ Дмитрий Песков", "mluvčí ruského ministerstva
    zahraničí Marija Zacharovová"), and a medium the statement was given to, after a
    channel marker or, in pro-drop languages, bare after a verb that takes an addressee
    ("заявил ТАСС глава района X", "řekl pro ČTK mluvčí X"): _channel cites it.
    ``strict`` (a pro-drop verb with nothing before it): a lone unknown word after the
    verb is more likely its object ("zarzucił Niemcom") and is passed over.
    """
    p = page.lang
    text = page.doc.text
    _s0, s1 = page.text.sentence(cue.start, cue.end)
    tokens = page.text.tokens_between(cue.end, s1)
    if cue.slot != "publish" and (held := _role_then_holder(page, mentions, tokens)) is not None:
        return held
    employer: Mention | None = None
    pos = cue.end
    steps = 0
    i = 0
    after_role = after_mention = after_head = False
    last_mention_end = -1
    channel = cue.addressee and p.prodrop
    # "podała agencja PAP": a name that begins inside a cue phrase ("agencja PAP").
    straddling = [m for m in mentions.starting_in(cue.start, cue.end) if m.end > cue.end]
    if straddling and straddling[0].kind is not NodeKind.PERSON:
        first = straddling[0]
        if cue.slot == "publish" and first.kind is NodeKind.OUTLET:
            return first
        employer = None if first.oblique else first
        pos = first.end
        tokens = [t for t in tokens if t.start >= first.end]
        after_mention = True
    while i < len(tokens) and steps < 10:
        tok = tokens[i]
        gap = text[pos : tok.start]
        after_title = i and gap.strip() == "." and tokens[i - 1].text in p.words["honorifics"]
        starting = [m for m in mentions.starting_in(tok.start, tok.start + 1)]
        stops = any(c in _CLAUSE_STOPS or c in ".!?" for c in gap)
        closing = after_mention and gap.strip() in ("»", "”", '"', "“", "’")
        if stops and not (after_title or closing or _quoted_name(gap, starting)):
            break
        after_mention = False
        if "," in gap and not (employer is not None or steps):
            break
        if starting:
            m = max(starting, key=lambda x: x.end)
            if cue.slot == "publish" and m.kind is NodeKind.OUTLET:
                # "пишут журналисты The New York Times", "cituje Zacharovovou agentura
                # TASS": a publishing verb's subject is a medium; persons are objects.
                return m
            weak = strict and m.how == "name" and m.entry is None and " " not in m.name
            if (
                m.kind is NodeKind.PERSON
                and (not m.oblique or persons_only)
                and not weak
                and cue.slot != "publish"
            ):
                # After an employer, a person is its role holder only behind a role or
                # a comma ("Kremlin spokesman Peskov", "portavoz del Kremlin, Peskov"),
                # not "das Pentagon zur Wahl zu Wort".
                titled = any(
                    p.is_role(t.low) or t.text.rstrip(".") in p.words["honorifics"]
                    for t in tokens[:i]
                )
                if employer is None or titled or "," in gap:
                    return _apposed_holder(page, mentions, m, tokens[:i]) or m
                break
            if employer is not None:
                break
            # An oblique body ("спикер Кремля") is crossed to reach a name, but speaks
            # only when written as a subject or after a service of it ("сообщила
            # пресс-служба Кремля").
            complement = (
                after_role
                and p.name_cases is not None
                and m.kind is NodeKind.ORGANIZATION
                and m.how != "backref"
            )  # "сказал глава МИД", "zapewnił szef MON": the head of a body speaks, unnamed
            if (
                not (channel and m.kind is NodeKind.OUTLET)
                and m.kind is not NodeKind.PERSON
                and not weak
                and not complement
                and (not m.oblique or after_head)
            ):
                employer = m
            pos = m.end
            while i < len(tokens) and tokens[i].start < m.end:
                i += 1
            steps += 1
            channel = after_role = after_head = False
            after_mention = True
            last_mention_end = m.end
            continue
        if employer is not None and "," in gap:
            break
        low = tok.low
        if low in p.words["complementizers"] or low in p.words["relative_pronouns"]:
            break
        if low in p.words["object_markers"]:
            break  # "dijo al senador X", "ha risposto a X": the addressee, not the subject
        if (
            p.capitalised_nouns  # elsewhere "a"/"al" may be an article before the subject
            and low in p.words["prepositions"]
            and low in p.words["determiners"]
            and not after_role
            and employer is None
            and i + 1 < len(tokens)
        ):
            # "sagte bei der Pressekonferenz zur Lockerung der Sanktionen": a contracted
            # preposition opens a phrase whose noun is its object, no subject.
            nxt = tokens[i + 1]
            end = max(
                (m.end for m in mentions.starting_in(nxt.start, nxt.start + 1)), default=nxt.end
            )
            while i < len(tokens) and tokens[i].start < end:
                i += 1
            pos = end
            steps += 2
            continue
        # Words to step over before the subject: its head noun ("informó la agencia
        # Sputnik", "afirmou a agência de notícias estatal Tass"), else a phrase between
        # the verb and its subject ("respondió ante este señalamiento el presidente X").
        skip_to = None
        if employer is None and p.name_cases is not None and not p.words["determiners"]:
            skip_to = _case_phrase(page, mentions, tokens, i)
        if employer is None and skip_to is None:
            skip_to = _head_before_name(page, mentions, tokens, i)
            if skip_to is None:
                skip_to = _after_phrase(page, mentions, tokens, i)
        if skip_to is not None:
            pos = tokens[skip_to - 1].end
            steps += skip_to - i
            i = skip_to
            continue
        if _modifier_after(page, mentions, tokens, i, employer):
            # "el ministro ruso de Exteriores", "il ministro degli Esteri russo Lavrov"
            pos = tok.end
            i += 1
            steps += 1
            continue
        if (
            low in p.words["channel_markers"]
            or low in p.words["object_markers"]
            or (channel and low in p.words["media_heads"])
        ):
            channel = True
        elif low in p.words["time_words"] or not (
            low in p.words["skip_words"] or low in p.words["determiners"]
        ):
            channel = False  # "informoval v úterý server Deník N": a date, no channel
        if (
            low in p.words["determiners"]
            or p.is_role(low)
            or tok.text.rstrip(".") in p.words["honorifics"]
            or low in p.words["skip_words"]
            or low in p.words["time_words"]
            or low in p.words["channel_markers"]
            or (channel and low in p.words["media_heads"])
            or (employer is None and (low in p.words["media_heads"] or low in p.words["org_heads"]))
            or (
                employer is None
                and low in p.words["prepositions"]
                and i
                and (
                    p.is_role(tokens[i - 1].low)
                    # "in a statement from X"; without articles a preposition after a
                    # skipped word is rather a complex one ("na temat X": about X).
                    or (tokens[i - 1].low in p.words["skip_words"] and p.words["determiners"])
                )
            )
            or (employer is None and low in p.words["auxiliaries"])
            or low in ("s", "’s", "'s")
            or (tok.text.isdigit() and employer is None)
            or (after_role and "," not in gap and _role_complement(page, tok))
            or (
                # "předseda hnutí a bývalý premiér Andrej Babiš": two roles of one name
                (after_role or after_head or last_mention_end == pos)
                and low in p.words["conjunctions"]
                and any(p.is_role(t.low) for t in tokens[i + 1 : i + 3])
            )
        ):
            after_role = low in p.words["roles"] or (after_role and "," not in gap)
            after_head = low in p.words["org_heads"] or (after_head and tok.text.islower())
            pos = tok.end
            i += 1
            steps += 1
            continue
        # A modifier of a role ("press secretary", "foreign minister"): skip to the role;
        # of a head ("tamní tisková agentura TASS"): skip to the head. Where modifiers
        # follow their noun, a role after a noun is its complement ("pidió su acta de
        # diputado al exministro X").
        ahead = tokens[i + 1 : i + 3]
        heads = p.words["org_heads"] | p.words["media_heads"]
        role_at = next((k for k, t in enumerate(ahead) if p.is_role(t.low) or t.low in heads), None)
        if p.modifiers == "after" and not (tok.text[:1].isupper() and role_at is not None):
            role_at = (
                None  # only a capitalised title's place runs into its rank ("Kapolres Bogor AKBP")
            )
        adjectives = tuple(p.words["adjective_endings"])
        if (
            adjectives
            and role_at is not None
            and not all(t.low.endswith(adjectives) for t in [tok, *ahead[:role_at]])
        ):
            role_at = None  # "oceniają szczerość prezesa": a noun, no modifier of the role
        if low in p.words["prepositions"] or any(
            t.low in p.words["prepositions"] for t in ahead[: role_at or 0]
        ):
            role_at = None  # "na temat krytykowanego rzecznika": not a modifier of the role
        # A capitalised modifier within the name's run ("said Foreign Minister X",
        # "kata Kapolres Bogor AKBP X"), not in a title-case headline.
        in_run = (
            role_at is not None
            and all(
                text[a.end : b.start] == " "
                for a, b in zip(tokens[i : i + role_at + 1], ahead, strict=False)
            )
            and not _title_case_at(page, tok.start)
        )
        if p.modifiers == "after" and not in_run:
            role_at = None
        if role_at is not None and (not tok.text[:1].isupper() or employer is not None or in_run):
            if p.is_role(ahead[role_at].low):
                i += role_at + 2
                after_role = True
            else:
                i += role_at + 1  # the head may start a name ("agentura TASS")
            pos = tokens[i - 1].end
            steps += role_at + 2
            continue
        break
    if persons_only:
        return None
    return employer


def _quoted_name(gap: str, starting: list[Mention]) -> bool:
    """An opening quotation mark before a name: "рассказал «Известиям»", "wywiad dla
    „Rzeczpospolitej”" quote the name, not a statement."""
    return bool(starting) and gap.strip() in ("«", "„", "“", '"', "‘", "‚")


def _role_complement(page: Page, tok: Token) -> bool:
    """A word of a role's complement where modifiers follow their noun: a lower-case
    content word ("министр иностранных дел", "rzecznik prasowy") or a capitalised word
    that starts no name ("президента РФ")."""
    p = page.lang
    if p.modifiers == "before":
        return False
    low = tok.low
    if tok.text in p.words["name_stopwords"]:
        return True
    return (
        tok.text.islower()
        and not _blocks(page, tok)
        and low not in p.words["prepositions"]
        and low not in p.words["negations"]
        and low not in p.words["auxiliaries"]
        and low not in p.speech_forms
        and low not in p.publish_forms
        and not tok.text.isdigit()
    )


def _starts_mention(mentions: Mentions, tok: Token) -> bool:
    return bool(mentions.starting_in(tok.start, tok.start + 1))


def _head_before_name(page: Page, mentions: Mentions, tokens: list[Token], i: int) -> int | None:
    """The index of the name that a body's head noun introduces: "la agencia Sputnik",
    "l'agence Interfax", "a agência de notícias estatal Tass", "the newspaper Le Monde".
    A few lower-case modifiers may stand between."""
    p = page.lang
    text = page.doc.text
    tok = tokens[i]
    if not (tok.low in p.words["org_heads"] or tok.low in p.words["media_heads"]):
        return None
    for j in range(i + 1, min(i + 5, len(tokens))):
        if text[tokens[j - 1].end : tokens[j].start].strip(" '’\"«»„“”"):
            return None
        if _starts_mention(mentions, tokens[j]):
            return j
        if not tokens[j].text.islower() or tokens[j].low in p.speech_forms:
            return None
    return None


def _after_phrase(page: Page, mentions: Mentions, tokens: list[Token], i: int) -> int | None:
    """Where the subject starts after a short prepositional phrase that follows an
    inverted verb in a pro-drop language ("respondió ante este señalamiento el
    presidente X", "disse na conferência o ministro X"): a preposition, an article, one
    or two lower-case nouns, then a new article or a role."""
    p = page.lang
    text = page.doc.text
    tok = tokens[i]
    if not p.prodrop or not p.words["determiners"]:
        return None  # a language without articles marks no new subject ("na temat X")
    if tok.low not in p.words["prepositions"] or tok.low in p.words["object_markers"]:
        return None
    if tok.low in p.words["agent_markers"] or tok.low in p.words["determiners"]:
        return None
    j = i + 1
    if j < len(tokens) and tokens[j].low in p.words["determiners"]:
        j += 1
    nouns = 0
    while j < len(tokens) and nouns < 2:
        t = tokens[j]
        if any(c in _CLAUSE_BREAKS for c in text[tokens[j - 1].end : t.start]):
            return None
        if not t.text.islower() or _function_word(p, t.low) or p.is_role(t.low):
            break
        if t.low in p.speech_forms or _starts_mention(mentions, t):
            return None
        nouns += 1
        j += 1
    if not nouns or j >= len(tokens):
        return None
    if any(c in _CLAUSE_BREAKS for c in text[tokens[j - 1].end : tokens[j].start]):
        return None
    nxt = tokens[j]
    if nxt.low in p.words["determiners"] and nxt.low not in p.words["prepositions"]:
        return j
    if p.is_role(nxt.low) or nxt.text.rstrip(".") in p.words["honorifics"]:
        return j
    return None


def _case_phrase(page: Page, mentions: Mentions, tokens: list[Token], i: int) -> int | None:
    """Where the subject starts after the phrases that may stand between an inverted
    verb and its subject in a language that declines nouns and has no articles:
    prepositional phrases and an addressee in the dative ("řekl při příchodu na jednání
    novinářům ministr X", "заявил на брифинге в Москве глава МИД X", "powiedział
    tygodnikowi rzecznik MSZ X"). Case, not an article, marks the subject: the phrase
    must end at a role in its dictionary form, the nominative, and a role right after a
    preposition is that preposition's object ("o ministrovi X"), not the subject."""
    p = page.lang
    text = page.doc.text

    def broken(k: int) -> bool:
        return any(c in _CLAUSE_BREAKS for c in text[tokens[k - 1].end : tokens[k].start])

    def word(t: Token) -> bool:
        """A lower-case content word: a preposition's noun or the addressee, which may
        be a role in an oblique case ("novinářům", "журналистам")."""
        return (
            t.text.islower()
            and not _function_word(p, t.low)
            and t.low not in p.words["role_lemmas"]
            and t.low not in p.speech_forms
            and t.low not in p.publish_forms
            and not _starts_mention(mentions, t)
        )

    j = i
    if j < len(tokens) and word(tokens[j]) and tokens[j].low not in p.words["prepositions"]:
        j += 1  # "заявил журналистам глава": an addressee first
    phrases = 0
    while j < len(tokens) and phrases < 3:
        prep = tokens[j]
        if (
            prep.low not in p.words["prepositions"]
            or prep.low in p.words["object_markers"]
            or prep.low in p.words["agent_markers"]
        ):
            break
        k, nouns = j + 1, 0
        while k < len(tokens) and nouns < 3 and not broken(k):
            t = tokens[k]
            if word(t):
                k += 1
            elif not nouns and t.text[:1].isupper():
                # A place: "в Москве", "w Warszawie"; a name in the nominative would
                # be the subject itself, after no role.
                starting = mentions.starting_in(t.start, t.start + 1)
                if starting and not all(
                    m.oblique or m.kind is not NodeKind.PERSON for m in starting
                ):
                    return None
                end = max((m.end for m in starting), default=t.end)
                while k < len(tokens) and tokens[k].start < end:
                    k += 1
                nouns += 1
                break
            else:
                break
            nouns += 1
        if not nouns:
            return None
        j, phrases = k, phrases + 1
    if j == i or j >= len(tokens) or broken(j):
        return None
    nxt = tokens[j]
    if nxt.low in p.words["role_lemmas"] or nxt.text.rstrip(".") in p.words["honorifics"]:
        return j
    return None


def _modifier_after(
    page: Page, mentions: Mentions, tokens: list[Token], i: int, employer: Mention | None
) -> bool:
    """A lower-case modifier after a role or its employer, where modifiers follow their
    noun: "el ministro ruso de Exteriores", "il ministro degli Esteri russo Serghei
    Lavrov". It must lead on to more of the title or to a name."""
    p = page.lang
    if p.modifiers == "before" or not i or i + 1 >= len(tokens):
        return False
    tok, prev, nxt = tokens[i], tokens[i - 1], tokens[i + 1]
    if (
        tok.text[:1].isupper()
        and (prev.low in p.words["prepositions"] or prev.low in p.words["determiners"])
        and _starts_mention(mentions, nxt)
        and any(p.is_role(t.low) for t in tokens[max(0, i - 3) : i])
    ):
        return True  # "la segretaria del Tesoro Janet Yellen": the portfolio, then a name
    if not tok.text.islower() or _function_word(p, tok.low) or tok.low in p.speech_forms:
        return False
    after_title = p.is_role(prev.low) or (employer is not None and prev.end <= employer.end)
    if not after_title or page.doc.text[prev.end : tok.start].strip():
        return False
    return (
        _starts_mention(mentions, nxt)
        or p.is_role(nxt.low)
        or (nxt.low in p.words["prepositions"] or nxt.low in p.words["determiners"])
    )


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


def _channel(
    page: Page, mentions: Mentions, cue: Cue, subject: Mention | None = None
) -> Mention | None:
    """A medium right after a verb of speech: its addressee or its channel ("told
    Reuters", "said on CBS", "заявил РИА Новости", "dijo a la agencia EFE", "sagte
    Scholz der Deutschen Presse-Agentur"): the verb's subject may stand between, and a
    medium's name may be in quotation marks ("dem „Spiegel“").

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
    tokens = page.text.tokens_between(cue.end, min(s1, cue.end + 120))
    i = seen = 0
    while i < len(tokens) and seen < 8:
        tok = tokens[i]
        gap = text[pos : tok.start]
        starting = mentions.starting_in(tok.start, tok.start + 1)
        m = max(starting, key=lambda x: x.end) if starting else None
        quoted_name = m is not None and not gap.strip(" \t" + "".join(_QUOTES))
        if any(c in _CLAUSE_STOPS for c in gap) and not quoted_name:
            return None
        if m is not None:
            if subject is not None and m.start == subject.start:
                pos = m.end
                while i < len(tokens) and tokens[i].start < m.end:
                    i += 1
                subject = None  # skipped once
                continue
            if m.kind is not NodeKind.OUTLET and marked:
                # "a Di Martedì su La7", "told the Entrevista program on RT Spanish"
                return _broadcaster_after(page, mentions, m.end)
            return m if m.kind is NodeKind.OUTLET and marked else None
        if marked and gap.rstrip(" ").endswith(("“", "«", '"', "„")):
            # a programme's title in quotation marks: "a “Dritto e rovescio” su Rete4"
            close = min(
                (k for c in '”»"“' if (k := text.find(c, tok.start, tok.start + 60)) >= 0),
                default=-1,
            )
            return _broadcaster_after(page, mentions, close + 1) if close > 0 else None
        low = tok.low
        if low in p.words["channel_markers"] or low in p.words["object_markers"]:
            marked = True
        elif not (
            low in p.words["determiners"]
            or low in p.words["media_heads"]
            or low in p.words["time_words"]
            or low in p.words["skip_words"]
            or _adverb(page, tok)
        ):
            if marked and tok.text[:1].isupper():
                # a programme's name: "a Di Martedì su La7", "the Entrevista program on"
                run = tokens[i : i + 4]
                k = 1
                while (
                    k < len(run)
                    and run[k].text[:1].isupper()
                    and text[run[k - 1].end : run[k].start] == " "
                ):
                    k += 1
                return _broadcaster_after(page, mentions, run[k - 1].end)
            return None
        pos = tok.end
        i += 1
        seen += 1
    return None


def _broadcaster_after(page: Page, mentions: Mentions, pos: int) -> Mention | None:
    """The medium that airs a programme named before ``pos``: a channel marker, then an
    outlet ("… Di Martedì su La7", "… Entrevista program on RT Spanish"); the words
    between may only be a programme's head word ("program") and articles."""
    p = page.lang
    text = page.doc.text
    marked = False
    for tok in page.text.tokens_between(pos, pos + 60)[:4]:
        if any(c in _CLAUSE_STOPS or c in ",.!?" for c in text[pos : tok.start]):
            return None
        starting = mentions.starting_in(tok.start, tok.start + 1)
        if starting:
            m = max(starting, key=lambda x: x.end)
            return m if marked and m.kind is NodeKind.OUTLET else None
        if tok.low in p.words["channel_markers"]:
            marked = True
        elif not (tok.low in p.words["programme_heads"] or tok.low in p.words["determiners"]):
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


def _rest_after(page: Page, m: Mention, cue: Cue) -> Mention | None:
    """The part of a name run after the cue it swallowed, when its words still name an
    organisation or a medium by their head ("Berliner Staatsanwaltschaft"); a lone
    noun ("Experten") names nobody."""
    tokens = page.text.tokens_between(cue.end, m.end)
    p = page.lang
    if not tokens or (
        len(tokens) == 1
        and (tokens[0].low in p.words["org_heads"] or tokens[0].low in p.words["media_heads"])
    ):
        return None  # "nach Angaben der Zeitung": a head word alone names no body
    kind = type_of(tokens, p, titled=False)
    if kind not in (NodeKind.ORGANIZATION, NodeKind.OUTLET):
        return None
    start, end = tokens[0].start, tokens[-1].end
    return Mention(start, end, kind, page.doc.text[start:end], None, "name")


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
        found = read_phrase(page, tokens, mentions) or beyond_roles(page, tokens, s1, mentions)
        phrase = " ".join(text[cue.start : cue.end].lower().split())
        if found is None and phrase in p.words["report_cues"]:
            found = lone_medium(page, cue.end, s1)
        return found
    tokens = page.text.tokens_between(cue.end, s1)
    # "l'agence Anadolu", "según la agencia EFE": the cue's last words open a known name
    # ("agence Anadolu" is an alias); a name run that swallows the cue ("Nach Angaben der
    # Feuerwehr", "Declarações de Machete") is no such name.
    inside = [
        m
        for m in mentions.starting_in(cue.start, cue.end)
        if m.end > cue.end and m.entry is not None
    ]
    if inside:
        return max(inside, key=lambda x: x.end)
    if p.capitalised_nouns:
        # "nach Angaben der Berliner Staatsanwaltschaft": where every noun has a capital,
        # the run that swallowed the cue still holds the name after it.
        for m in mentions.starting_in(cue.start, cue.end):
            if m.end > cue.end and m.entry is None and (rest := _rest_after(page, m, cue)):
                return rest
    pos = cue.end
    for k, tok in enumerate(tokens[:7]):
        gap = text[pos : tok.start]
        # "За матеріалами: radiosvoboda.org": a colon may follow the cue itself; a comma
        # before any name closes the phrase ("як зазначає видання, армія і флот ...").
        if k and gap.strip() == "," and any(p.is_role(t.low) for t in tokens[:k]):
            # "citando a porta-voz da diplomacia russa, Maria Zakharova": a role with no
            # name of its own, then its holder set off by a comma.
            for m in mentions.starting_in(tok.start, tok.start + 1):
                if m.kind is NodeKind.PERSON:
                    return m
            return None
        if any(c in ".;!?\n" for c in gap) or (":" in gap and k) or "," in gap:
            return None  # "Seperti diberitakan sebelumnya, Densus 88 …": no source follows
        starting = mentions.starting_in(tok.start, tok.start + 1)
        if starting:
            m = max(starting, key=lambda x: x.end)
            # "слова речниці Зеленського", "słowa prezesa PiS", "zdaniem źródła w rządzie":
            # a surname or a body after a role is its holder's employer or place; the
            # holder speaks, named after it or unnamed.
            if (
                k
                and p.name_cases is not None
                and any(t.low in p.words["roles"] for t in tokens[:k])
                and m.kind is not NodeKind.OUTLET  # "как передает корреспондент ТАСС"
                and (m.kind is not NodeKind.PERSON or " " not in text[m.start : m.end].strip())
            ):
                person = _right_subject(
                    page, mentions, Cue(m.end, m.end, cue.slot, cue.pattern), persons_only=True
                )
                return person if person is not None and person.start - m.end < 60 else None
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
                # "según la portavoz de Exteriores, María Zajárova, ...": the holder of
                # the role named before.
                if any(p.is_role(t.low) for t in tokens[:k]):
                    apposed = _apposed_after(page, mentions, m, s1)
                    if apposed is not None:
                        return apposed
            return m
        if (
            tok.text[:1].isupper()
            and not p.capitalised_nouns
            and tok.low not in p.words["determiners"]
            and (tok.text not in p.words["name_stopwords"] or not k)
        ):
            # "Według Rosjan": a people, no named source; "oleh Juru Bicara … X": a title
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


def _apposed_after(page: Page, mentions: Mentions, m: Mention, end: int) -> Mention | None:
    """The person set off by commas right after ``m`` (", María Zajárova,")."""
    text = page.doc.text
    tail = text[m.end : end]
    lead = len(tail) - len(tail.lstrip())
    if not tail.lstrip().startswith(","):
        return None
    start = m.end + lead + 1
    for other in mentions.starting_in(start, start + 3):
        if other.kind is NodeKind.PERSON and not text[start : other.start].strip():
            closing = text[other.end : other.end + 2].lstrip()[:1]
            return other if closing in (",", ")", ".", "") else None
    return None


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
    verb = text[cue.start : cue.end]
    if verb[:1] in "وف" and verb[1:] in page.lang.speech_forms:
        # "…بأنها داعية للحرب، وقالت": "and she said" goes on the clause before, whose
        # subject it shares; the words before the comma are no name.
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
        _s0, s1 = page.text.sentence(cue.start, cue.end)
        # "وأضاف «ستثير الولايات المتحدة…»": a quotation right after the verb is what
        # was said; its first words are no speaker.
        quoted = page.doc.text[cue.end : s1].lstrip()[:1] in ("«", "“", '"', "„")
        if right is None and not p.cased and not quoted:
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
    cue = _perfect_anchor(page, cue)
    # In pro-drop languages a verb that takes a bare addressee still inverts: "заявил
    # ТАСС глава района X" (the medium is a dative, the speaker follows).
    addressee = cue.addressee and not p.prodrop
    invertible = not (addressee or _participle(page, cue)) and _inversion_allowed(
        page, mentions, cue
    )
    before = page.doc.text[: cue.start].rstrip()
    if (
        invertible
        and before.endswith(("»", "”", '"', "“"))
        and not _closes_quoted_name(page, mentions, len(before) - 1)
    ):
        # "…,” said Doe", "« … », affirme le compte X": after a quotation, the actor
        # right after the verb is its subject ("dla „Do Rzeczy” zarzucił" quotes a name).
        right = _right_subject(page, mentions, cue)
        if right is not None:
            return right
        lone = _lone_surname_after(page, cue)
        if lone is not None:
            return lone
    elif invertible and before.endswith(","):
        # "…, affirme le compte Telegram « X »"; but "O primeiro-ministro, António Costa,
        # garantiu em Braga": a comma that closes an insertion leaves the subject before.
        left = _left_subject(page, mentions, cue)
        if left is not None and cue.slot == "publish" and left.kind is NodeKind.ORGANIZATION:
            left = None  # "…, передает ЛiгаБiзнесIнформ": a publishing verb's subject is a medium
        if left is not None:
            return left
        right = _right_subject(page, mentions, cue)
        if right is None and before[:-1].rstrip().endswith(("»", "”", '"', "“")):
            right = _lone_surname_after(page, cue)  # "„…“, sagte Patel."
        return right
    left = _left_subject(page, mentions, cue)
    if (
        left is not None
        and cue.slot == "publish"
        and left.kind is not NodeKind.OUTLET
        and not _publishes_statement(page, cue)
    ):
        left = None  # a publishing verb's subject is a medium: look after the verb
    if left is not None:
        if left is _addressee_before(page, mentions, cue):
            # "Об этом ТАСС сообщил глава района X", "X dnes agentuře RIA Novosti řekl":
            # the medium is the addressee; the speaker stands after the verb or before it.
            right = _right_subject(page, mentions, cue)
            if right is not None and right.kind is NodeKind.PERSON:
                return right
            speaker = _subject_before(page, mentions, left)
            if speaker is not None:
                return speaker
        return left
    if not invertible or _infinitive(page, cue):
        return None  # "не змогли пояснити Генеральній прокуратурі": an infinitive's object
    return _right_subject(page, mentions, cue, strict=p.prodrop)


def _role_then_holder(page: Page, mentions: Mentions, tokens: list[Token]) -> Mention | None:
    """A role and its description, a comma, then its holder, right after the verb:
    "oświadczył minister rolnictwa i rozwoju wsi, Robert Telus", "expuso el ministro de
    Gobierno interino de Bolivia, Arturo Murillo". The description names no person."""
    p = page.lang
    text = page.doc.text
    k = 0
    while k < len(tokens) and tokens[k].low in p.words["determiners"]:
        k += 1
    if k >= len(tokens) or not p.is_role(tokens[k].low):
        return None
    for j in range(k + 1, min(len(tokens), k + 11)):
        gap = text[tokens[j - 1].end : tokens[j].start]
        if "," in gap:
            if gap.strip() != ",":
                return None
            holder = [m for m in mentions.starting_in(tokens[j].start, tokens[j].start + 1)]
            if holder and holder[0].kind is NodeKind.PERSON:
                return holder[0]
            return None
        tok = tokens[j]
        # "i" in "rolnictwa i rozwoju wsi" joins two portfolios, not two clauses.
        blocks = _blocks(page, tok) and tok.low not in p.words["conjunctions"]
        person = any(
            m.kind is NodeKind.PERSON for m in mentions.starting_in(tok.start, tok.start + 1)
        )
        if gap.strip() or person or blocks or tok.low in p.speech_forms:
            return None
    return None


def _lone_surname_after(page: Page, cue: Cue) -> Mention | None:
    """ "„…“, sagte Patel.": where every noun has a capital, one capitalised word alone
    after a verb that follows a quotation, ending the sentence, is its speaker."""
    p = page.lang
    if not p.capitalised_nouns:
        return None
    text = page.doc.text
    tokens = page.text.tokens_between(cue.end, cue.end + 40)[:2]
    if not tokens or text[cue.end : tokens[0].start] != " ":
        return None
    tok = tokens[0]
    after = text[tok.end : tok.end + 1]
    if (
        not tok.text[:1].isupper()
        or after not in (".", "", "\n", ",")
        or len(tok.text) < 3
        or tok.text.isupper()
        or tok.text in p.words["name_stopwords"]
        or p.is_role(tok.low)
        or _function_word(p, tok.low)
    ):
        return None
    return Mention(tok.start, tok.end, NodeKind.PERSON, tok.text, None, "name")


def _closes_quoted_name(page: Page, mentions: Mentions, at: int) -> bool:
    """Whether the quotation mark at ``at`` closes a quoted name ("dla „Do Rzeczy”
    zarzucił"), not a quotation."""
    text = page.doc.text
    for m in mentions.ending_before(at, max(0, at - 80)):
        return m.end == at and text[m.start - 1 : m.start] in _OPENING_QUOTES
    return False


def _infinitive(page: Page, cue: Cue) -> bool:
    low = page.doc.text[cue.start : cue.end].lower()
    return " " not in low and low.endswith(tuple(page.lang.words["infinitive_endings"]))


def _in_channel_phrase(page: Page, m: Mention) -> bool:
    """A medium named in an interview phrase or after a channel marker ("V rozhovoru pro
    Český rozhlas to řekl X", "в эфире «Россия-1»", "pro ČTK"): the channel, no speaker."""
    if m.kind is not NodeKind.OUTLET:
        return False
    p = page.lang
    text = page.doc.text
    lo = max(0, m.start - 40)
    tokens = page.text.tokens_between(lo, m.start)
    if (
        tokens
        and tokens[-1].low in p.words["channel_markers"]
        and not text[tokens[-1].end : m.start].strip(' «„“"')
    ):
        return True
    for hit in p.cues["interview"].finditer(text, lo, m.start):
        between = page.text.tokens_between(hit.end(), m.start)
        if all(t.low in p.words["media_heads"] for t in between) and not any(
            c in ".;:!?\n," for c in text[hit.end() : m.start]
        ):
            return True
    return False


def _before_aside(page: Page, candidates: list[Mention], cue: Cue) -> Mention | None:
    """The subject before an interview or citing aside that stands between it and the
    verb: "Гурулев в эфире «Россия-1» заявил", "Reuters со ссылкой на источники
    сообщает", "Kaczyński w rozmowie z PAP powiedział"."""
    p = page.lang
    text = page.doc.text
    for m in candidates:
        gap = text[m.end : cue.start]
        lead = len(gap) - len(gap.lstrip())
        found = None
        for slot in ("interview", "citing"):
            found = found or p.cues[slot].match(gap, lead)
        if found is None:
            continue
        rest = gap[found.end() :]
        if any((c in _CLAUSE_STOPS and c not in _QUOTES) or c in ",()" for c in rest):
            return None
        if len(_gap_tokens(page, m.end + found.end(), cue.start)) > 5 or m.oblique:
            return None
        return m
    return None


def _token_end_before(page: Page, m: Mention) -> int:
    """The end of the word right before ``m`` when only spaces stand between."""
    before = page.text.tokens_between(max(0, m.start - 60), m.start)
    if before and not page.doc.text[before[-1].end : m.start].strip():
        return before[-1].end
    return -1


def _subject_before(page: Page, mentions: Mentions, addressee: Mention) -> Mention | None:
    """The actor right before a medium that is a verb's addressee: "Jana Adamcová ČT
    sdělila", "Brjuchanov dnes agentuře RIA Novosti řekl"."""
    p = page.lang
    s0, _s1 = page.text.sentence(addressee.start, addressee.end)
    for m in mentions.ending_before(addressee.start, s0):
        if m.end > addressee.start or m.start < s0:
            continue
        gap = page.doc.text[m.end : addressee.start]
        tokens = _gap_tokens(page, m.end, addressee.start)
        if m.oblique or any(c in _CLAUSE_STOPS or c in ",.()" for c in gap):
            return None
        if all(
            _filler(page, t)
            or t.low in p.words["media_heads"]
            or t.low in p.words["channel_markers"]
            for t in tokens
        ):
            return m
        return None
    return None


def _addressee_before(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """A medium right before a pro-drop language's verb that takes a bare addressee
    ("Об этом ТАСС сообщил X"): it may be that addressee, the speaker standing after."""
    if not (page.lang.prodrop and cue.addressee):
        return None
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    for m in mentions.ending_before(cue.start, s0):
        gap = page.doc.text[m.end : cue.start]
        tokens = _gap_tokens(page, m.end, cue.start)
        if (
            m.kind is NodeKind.OUTLET
            and not any(c in _CLAUSE_STOPS or c in ",.()" for c in gap)
            and all(_filler(page, t) for t in tokens)
        ):
            return m
        return None
    return None


def _perfect_anchor(page: Page, cue: Cue) -> Cue:
    """German puts a participle at the end of its clause and the auxiliary in second
    place ("Außenminister X hatte gestern ... deutlich gemacht"): the subject stands
    next to the auxiliary, which then stands for the verb."""
    p = page.lang
    if p.order != "v2" or not p.words["tense_auxiliaries"]:
        return cue
    text = page.doc.text
    tokens = page.text.tokens
    k = page.text.token_index(cue.start)
    if k >= len(tokens) or tokens[k].start != cue.start:
        return cue
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    for j in range(k - 1, max(-1, k - 25), -1):
        t = tokens[j]
        if t.start < s0 or any(c in _CLAUSE_BREAKS for c in text[t.end : tokens[j + 1].start]):
            return cue
        if t.low in p.words["tense_auxiliaries"]:
            if j == k - 1:
                return cue
            return Cue(t.start, t.end, cue.slot, cue.pattern, cue.addressee, cue.publish)
    return cue


def _adjectival(page: Page, cue: Cue) -> bool:
    """A participle with no auxiliary before it describes a noun ("las medidas
    anunciadas", "as mudanças anunciadas no Governo"): it has an agent ("por X") but no
    subject. Only for languages that list their tense auxiliaries."""
    p = page.lang
    aux = p.words["tense_auxiliaries"]
    if not aux or p.order == "v2":
        return False
    low = page.doc.text[cue.start : cue.end].lower()
    if " " in low or not any(
        low.endswith(e) and len(low) > len(e) + 2 for e in p.words["participle_endings"]
    ):
        return False
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    for t in reversed(_gap_tokens(page, s0, cue.start)):
        if t.low in aux:
            return False
        if not (_filler(page, t) or _adverb(page, t) or t.low in p.words["negations"]):
            return True
    return True


def _passive_agent(page: Page, cue: Cue) -> bool:
    p = page.lang
    if p.words["passive_auxiliaries"] and p.order == "v2":
        # "berichtete von Zeugenaussagen": "von" after a finite verb is "about"
        s0, _s1 = page.text.sentence(cue.start, cue.end)
        before = _gap_tokens(page, s0, cue.start)
        if not any(t.low in p.words["passive_auxiliaries"] for t in before):
            return False
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
    if any(t.low in page.lang.words["negations"] for t in before):
        return True
    trailing = page.lang.words["trailing_negations"]
    if not trailing:
        return False
    # Where the finite verb comes second, its negation follows it: "Das Amt antwortete
    # zunächst nicht", "äußerte sich nicht" (up to the clause's end).
    hi = min(len(text), cue.end + 30)
    hi = min([hi] + [i for c in ',;:"«»“”„.' if (i := text.find(c, cue.end, hi)) >= 0])
    return any(t.low in trailing for t in page.text.tokens_between(cue.end, hi)[:4])


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
            if m is not None and _close_to(page, cue.end, m.start):
                m = None  # "citing a source close to the Kremlin": an unnamed source
            if cue.slot == "interview" and (m is None or m.kind is not NodeKind.OUTLET):
                m = _programme_outlet(page, mentions, cue) or m
        if m is not None:
            if cue.slot == "interview":
                if (
                    m.kind is not NodeKind.OUTLET
                    and m.entry is None
                    and m.name.isupper()
                    and len(m.name) <= 6
                ):
                    # "dans une déclaration à l'APS": an unknown acronym an interview is
                    # given to is a medium's ("speaking to the Liaison Committee" is not).
                    m = replace(m, kind=NodeKind.OUTLET)
                if m.kind is NodeKind.OUTLET:
                    yield m, cue.slot, True
            elif cue.slot == "agency":
                # "Agencja Restrukturyzacji i Modernizacji Rolnictwa": an unknown name
                # that begins with the word "agency" is an institution's, not a wire's.
                if m.kind is NodeKind.OUTLET and (m.entry is not None or m.start >= cue.end):
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
    find = _SPEAKER_FINDERS.get(cue.slot)
    if find is not None:
        m = find(page, mentions, cue)
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
    agent = _agent_before(page, mentions, cue)
    if agent is not None:
        if cue.slot != "publish" or agent.kind is NodeKind.OUTLET:
            yield agent, "passive_agent", False
        return
    if _adjectival(page, cue):
        return
    subject = _subject(page, mentions, cue)
    if subject is None and cue.slot == "speech_verb":
        subject = _locative_speaker(page, mentions, cue)
    if (
        subject is not None
        and cue.slot == "publish"
        and subject.kind is not NodeKind.OUTLET
        and _publishes_statement(page, cue)
    ):
        # "El Ministerio (MAGA) emitió hoy un comunicado", "a publié un communiqué": a
        # body that publishes a statement speaks; it is quoted, not cited.
        yield subject, "statement_noun", False
        return
    if subject is not None and (cue.slot != "publish" or subject.kind is NodeKind.OUTLET):
        slot = "publish" if cue.publish and subject.kind is NodeKind.OUTLET else cue.slot
        yield subject, slot, False
        for other in _coordinated(page, mentions, subject):
            yield other, slot, False
    if cue.slot == "speech_verb":
        channel = _channel(page, mentions, cue, subject)
        if channel is None and subject is not None and subject.start >= cue.end:
            # "…," kata AKBP Rio Wahyu Anggoro kepada detikcom: the medium after the speaker
            channel = _channel(page, mentions, Cue(subject.end, subject.end, cue.slot, cue.pattern))
        before = _addressee_before(page, mentions, cue)
        if channel is None and before is not None and subject is not None and subject is not before:
            channel = before
        if (
            channel is not None
            and subject is None
            and cue.publish
            and not any(
                t.low in page.lang.words["channel_markers"]
                for t in page.text.tokens_between(cue.end, channel.start)
            )
        ):
            # "Об этом сообщает ТАСС": with no speaker, the medium is the verb's subject.
            yield channel, "publish", False
            for other in _coordinated(page, mentions, channel):
                yield other, "publish", False  # "сообщают Интерфакс и РИА Новости"
            return
        if channel is not None and (subject is None or channel.key != subject.key):
            yield channel, "interview", True


# "of" before a medium that runs a programme or service, in the languages that put it there.
_OF_MEDIUM = frozenset(("of", "de", "da", "do", "del", "di", "della", "dello", "von", "du", "des"))


def _programme_outlet(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """The medium behind a programme or service an interview was given to: "Em
    entrevista ao programa Bom Dia Brasil, da TV Globo", "in an interview with the
    Russian service of the BBC". The first medium in the clause, right after "of"."""
    text = page.doc.text
    _s0, s1 = page.text.sentence(cue.start, cue.end)
    for m in mentions.starting_in(cue.end, min(s1, cue.end + 90)):
        if any(c in _CLAUSE_STOPS or c in ".!?" for c in text[cue.end : m.start]):
            return None
        if m.kind is not NodeKind.OUTLET:
            continue
        before = page.text.tokens_between(max(cue.end, m.start - 12), m.start)
        if before and before[-1].low in _OF_MEDIUM and not text[before[-1].end : m.start].strip():
            return m
        return None
    return None


def _publishes_statement(page: Page, cue: Cue) -> bool:
    """Whether a publishing verb's object is a statement ("emitió hoy un comunicado",
    "released a statement"): the first word after it that is not a determiner, an
    adverb or a time word is one of the language's statement nouns."""
    words = page.lang.words
    for tok in page.text.tokens_between(cue.end, cue.end + 60)[:4]:
        if tok.low in words["statement_nouns"]:
            return True
        if not (tok.low in words["determiners"] or _filler(page, tok) or _adverb(page, tok)):
            return False
    return False


def _close_to(page: Page, start: int, end: int) -> bool:
    """Whether a word of closeness ("close to", "cercana al", "proche du") stands
    between a cue and the name after it: the source is someone near that body, unnamed."""
    words = page.lang.words["proximity_words"]
    return bool(words) and any(t.low in words for t in page.text.tokens_between(start, end))


def _locative_speaker(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """A body named where it speaks, before a verb with no subject: "В МИД РФ заявили",
    "У Мінрегіонбуді заявили", "W MSZ poinformowano" (``words: locative_speakers``).
    Only the clause's opening words: the preposition, the name, then at most two time
    words or adverbs before the verb."""
    p = page.lang
    words = p.words["locative_speakers"]
    if not words:
        return None
    text = page.doc.text
    title = (page.doc.title or "").strip()
    line_end = text.find("\n", cue.end)
    line = text[text.rfind("\n", 0, cue.start) + 1 : line_end if line_end >= 0 else len(text)]
    if title and title in line:
        # "В Кремле прокомментировали …" as a headline stands for the spokesman the
        # article names below it, not for a statement of its own.
        return None
    s0, _s1 = page.text.sentence(cue.start, cue.end)
    lo = max([s0] + [text.rfind(c, s0, cue.start) + 1 for c in ',;:«»“”"()'])
    tokens = page.text.tokens_between(lo, cue.start)
    if len(tokens) < 2 or tokens[0].low not in words:
        return None
    starting = mentions.starting_in(tokens[1].start, tokens[1].start + 1)
    if not starting:
        return None
    m = max(starting, key=lambda x: x.end)
    rest = [t for t in tokens if t.start >= m.end]
    if len(rest) > 2 or not all(
        t.low in p.words["time_words"] or t.low in p.words["skip_words"] or _adverb(page, t)
        for t in rest
    ):
        return None
    return m


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
        break
    return _author_after(page, mentions, cue)


# "of" before a statement's author: "el comunicado del Ministerio", "die Erklärung des
# Kremls", "la nota della Farnesina", "um comunicado do Itamaraty".
_AUTHOR_OF = {
    "de", "del", "di", "della", "dello", "dei", "degli", "delle", "dell'", "do", "da", "dos",
    "das", "des", "der", "von", "vom",
}  # fmt: skip


def _author_after(page: Page, mentions: Mentions, cue: Cue) -> Mention | None:
    """A statement's author after it, where possessors follow their noun: "un informe
    de la Unidad Central Operativa", "la aclaración oficial de Conacyt", "die Aussage
    des Präsidenten X". Only for the languages that list their body roles."""
    p = page.lang
    # Languages without articles put the author in the genitive right after the noun:
    # "заявление МИД России", "oświadczenie MSZ", "заяви постпреда США Ніккі Хейлі".
    genitive = not p.words["determiners"] and p.modifiers != "before" and p.cased
    if not p.words["body_roles"] and not genitive:
        return None
    text = page.doc.text
    tokens = page.text.tokens_between(cue.end, cue.end + 80)[:5]
    k = 0
    if genitive:
        if not tokens or text[cue.end : tokens[0].start] != " ":
            return None
    else:
        if tokens and tokens[0].text.islower() and not _function_word(p, tokens[0].low):
            k = 1  # one adjective: "oficial", "conjunta"
        if k >= len(tokens) or tokens[k].low not in _AUTHOR_OF:
            return None
        k += 1
    tokens = page.text.tokens_between(cue.end, cue.end + 120)[: k + 4]
    titled = False
    # an article, adjectives and a role may come before the name: "die Aussage des
    # ukrainischen Präsidenten Wladimir Selenskij"
    while k < len(tokens):
        if any(c in _CLAUSE_BREAKS for c in text[cue.end : tokens[k].start]):
            return None
        starting = mentions.starting_in(tokens[k].start, tokens[k].start + 1)
        if starting:
            m = max(starting, key=lambda x: x.end)
            if genitive and titled and m.kind is not NodeKind.PERSON:
                # "заявления постпреда США при ООН Никки Хейли": the role's body, then
                # its holder
                m = _holder_after(page, mentions, m.end) or m
            # a known name, a person or a body's full name; not "el mensaje de Navidad"
            known = m.entry is not None or m.kind is NodeKind.PERSON or " " in m.name
            if genitive and m.entry is None and m.kind is not NodeKind.PERSON:
                # not a description read from lower-case words ("ruského ministerstva")
                known = known and m.name[:1].isupper()
            return m if known else None
        t = tokens[k]
        if genitive:
            # only a role and adjectives: "заявление официального представителя МИД"
            adjective = t.text.islower() and t.low.endswith(
                tuple(p.words["adjective_endings"]) or ("\0",)
            )
            if not (p.is_role(t.low) or adjective):
                return None
            if p.is_role(t.low) and not mentions.starting_in(t.end + 1, t.end + 2):
                # "постпреда США при ООН Никки Хейли": the role's complement, then its
                # holder
                holder = _holder_after(page, mentions, t.end)
                if holder is not None:
                    return holder
            titled = titled or p.is_role(t.low)
        elif not (
            (t.low in p.words["determiners"] and t.low not in _AUTHOR_OF)
            or p.is_role(t.low)
            or (t.text.islower() and not _function_word(p, t.low))
        ):
            return None
        k += 1
    return None


def _holder_after(page: Page, mentions: Mentions, pos: int) -> Mention | None:
    """A person named within a few words after ``pos`` (a role or its body), in the
    same clause."""
    text = page.doc.text
    for m in mentions.starting_in(pos, pos + 40):
        if any(c in _CLAUSE_BREAKS for c in text[pos : m.start]):
            return None
        if m.kind is NodeKind.PERSON:
            return m
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
        return _uncased_colon_speaker(page, mentions, s0, cue)
    first = inside[0]
    lead = [
        t
        for t in _gap_tokens(page, s0, first.start)
        if not (
            _filler(page, t) or t.low in page.lang.words["determiners"] or page.lang.is_role(t.low)
        )
    ]
    if not lead and first.kind is not NodeKind.OUTLET:
        return first
    return _uncased_colon_speaker(page, mentions, s0, cue)


def _uncased_colon_speaker(page: Page, mentions: Mentions, s0: int, cue: Cue) -> Mention | None:
    """In scripts without capitals, a quotation after a colon whose clause is only a
    role and a name: "المحلل السياسي خالد العبدالله: «…»" (the role vouches for the
    name; a clause without one, "الوضع في غزة: «…»", names nobody)."""
    p = page.lang
    if p.cased or not p.spaced:
        return None
    text = page.doc.text
    lo = max([s0] + [text.rfind(c, s0, cue.start) + 1 for c in "\n.!?؟،,;"])
    everything = page.text.tokens_between(lo, cue.start)
    tokens = phrase_tokens(page, lo, cue.start, forward=True)
    if not tokens or len(tokens) != len(everything) or not any(p.is_role(t.low) for t in tokens):
        return None
    m = read_phrase(page, tokens, mentions)
    if m is None or m.kind is not NodeKind.PERSON or m.end > cue.start:
        return None
    return m


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


# Cues whose one speaker one finder names: a statement's possessor ("the ministry's
# statement"), a transcript's speaker tag.
_SPEAKER_FINDERS: dict[str, Callable[[Page, Mentions, Cue], Mention | None]] = {
    "statement_noun": _possessor,
    "transcript": _tag_speaker,
}


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


_AND = ("and", "et", "und", "y", "e", "i", "и", "і", "a", "ve", "dan", "و")


def _coordinated(page: Page, mentions: Mentions, m: Mention) -> Iterator[Mention]:
    """ "Cotton and Perdue said": the other subjects joined by a conjunction, and before
    it by commas ("Shapps, Wallace, Williamson and Johnson said"); after an inverted
    verb, the ones that follow ("сообщают «Интерфакс», РИА Новости и ТАСС": a list of
    media may also be joined by commas)."""
    s0, s1 = page.text.sentence(m.start, m.end)
    text = page.doc.text
    joined: tuple[str, ...] = _AND
    last = m
    while True:
        other = next(iter(mentions.ending_before(last.start, s0)), None)
        if other is None:
            break
        between = text[other.end : last.start].strip().lower()
        if between not in joined or other.kind is not m.kind:
            break
        yield other
        # Only a list that a conjunction closes: "In Kyiv, Zelensky said" joins nothing.
        joined, last = (",",), other
    last = m
    while True:
        nxt = [o for o in mentions.starting_in(last.end, min(s1, last.end + 8)) if o is not last]
        if not nxt:
            return
        other = nxt[0]
        between = text[last.end : other.start].strip(' «»"“”„').lower()
        lists = between == "," and other.kind is NodeKind.OUTLET is m.kind
        if other.kind is not m.kind or not (between in _AND or lists):
            return
        yield other
        last = other


def attributions(page: Page, mentions: Mentions) -> list[Attribution]:
    """Every attribution on the page, in text order."""
    out = []
    text = page.doc.text
    for cue in find_cues(page):
        if page.builder.is_consumed(cue.start, cue.end):
            continue
        for m, slot, channel in _resolve(page, mentions, cue):
            if page.builder.is_consumed(m.start, m.end) or m.how == "portfolio":
                continue
            lo, hi = min(m.start, cue.start), max(m.end, cue.end)
            span = strip_span(text, lo, hi)
            out.append(
                Attribution(m, Cue(cue.start, cue.end, slot, page.lang.pid(slot)), span, channel)
            )
    return out


def _node(page: Page, m: Mention, cue: Cue | None = None) -> Node:
    if m.entry is not None:
        return m.entry.node()
    name = m.name
    cases = page.lang.name_cases
    if (
        cue is not None
        and cases is not None
        and m.kind is NodeKind.PERSON
        and (
            cue.slot == "statement_noun"
            or cases.after.fullmatch(page.doc.text[cue.start : cue.end])
        )
    ):
        # "по словам Андрея Климова", "według Jarosława Kaczyńskiego", "заявление Марии
        # Захаровой": the cue governs an oblique case; the node is named in the
        # nominative.
        name = nominative(name, cases)
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


# Words that join a role to its body ("spokesman for the ministry", "portavoz del Kremlin",
# "الناطق باسم الوزارة"), besides the language's determiners and prepositions.
_ROLE_LINKS = frozenset(("of", "for", "باسم", "'s", "’s", "s"))


def _role_of(page: Page, m: Mention) -> str | None:
    """The role word that makes ``m`` a body speaking through an unnamed member: right
    before it ("سخنگوی وزارت امور خارجه", "the spokesman for the ministry", "пресс-
    секретарь Кремля") or right after it ("Kremlin spokesman", "the ministry's
    spokesman"), the body's articles and "of" aside."""
    p = page.lang
    text = page.doc.text
    s0, s1 = page.text.sentence(m.start, m.end)
    skip = p.words["determiners"] | p.words["prepositions"] | _ROLE_LINKS
    for tok in reversed(page.text.tokens_between(max(s0, m.start - 40), m.start)[-3:]):
        if p.is_role(tok.low):
            return tok.low
        if tok.low not in skip:
            break
    after = page.text.tokens_between(m.end, min(s1, m.end + 30))[:2]
    for tok in after:
        if p.is_role(tok.low) and not text[m.end : tok.start].strip(" '’s"):
            return tok.low
        if tok.low not in _ROLE_LINKS:
            break
    return None


def _role_holder(page: Page, mentions: Mentions, m: Mention) -> Mention | None:
    """The person the page names in the role through which the body ``m`` speaks: "the
    ministry spokesman said" is Maria Zakharova when the page calls her "Maria Zakharova,
    the ministry's spokeswoman" (or the reverse order) anywhere. Only one such person."""
    if m.kind is not NodeKind.ORGANIZATION:
        return None
    role = _role_of(page, m)
    if role is None:
        return None
    stem = role[:5]
    holders: dict[str, Mention] = {}
    for other in mentions.all:
        if other.kind is not NodeKind.ORGANIZATION or other.key != m.key or other is m:
            continue
        other_role = _role_of(page, other)
        if other_role is None or other_role[:5] != stem:
            continue
        s0, s1 = page.text.sentence(other.start, other.end)
        for person in mentions.starting_in(max(s0, other.start - 80), min(s1, other.end + 80)):
            if person.kind is NodeKind.PERSON and _adjacent(page, person, other):
                holders.setdefault(person.key, person)
    return next(iter(holders.values())) if len(holders) == 1 else None


def _adjacent(page: Page, person: Mention, body: Mention) -> bool:
    """Whether only a role phrase (at most six words, no clause break) stands between a
    person and a body: "Maria Zakharova, spokeswoman for the ministry", "пресс-секретарь
    Кремля Дмитрий Песков"."""
    lo, hi = (person.end, body.start) if person.end <= body.start else (body.end, person.start)
    if hi < lo:
        return False
    gap = page.doc.text[lo:hi]
    if any(c in _CLAUSE_STOPS or c in ".!?()" for c in gap) or gap.count(",") > 1:
        return False
    return len(page.text.tokens_between(lo, hi)) <= 6


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
        if not a.channel and (holder := _role_holder(page, mentions, a.mention)) is not None:
            a = replace(a, mention=holder)
        node = _node(page, a.mention, a.cue)
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
