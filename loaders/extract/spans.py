"""Actors read from the words next to a cue, in scripts without capitals.

Arabic, Persian and Hindi write names in lower case, so the page has no name runs to
offer. Next to a verb of speech, though, the clause says where the speaker is: after
an Arabic verb ("قال المتحدث باسم الكرملين ديمتري بيسكوف إن"), at the opening of a
Persian clause ("اسماعیل بقائی، سخنگوی وزارت امور خارجه ... اظهار داشت"), before
Hindi's ergative "ने". There a phrase is read as roles, a registry name and the
person's name next to the roles, or an organisation named by its head noun:

- a name after the last role is the speaker ("प्रवक्ता रणधीर जायसवाल ने");
- in a verb-final language, a name before the first role is too ("دونالد ترامپ رئیس
  جمهور آمریکا"), and a bare name standing alone before a role in the next comma-part
  ("اسماعیل بقائی، سخنگوی ...");
- a role with no name speaks for its body ("سخنگوی وزارت امور خارجه گفت", "विदेश
  मंत्रालय के प्रवक्ता ने कहा"): the body is quoted;
- a head noun makes a body ("وزارة الصحة في غزة", "भारत सरकार", "دفتر نخست وزیر").

A phrase with none of these (a pronoun, "officials", a common noun) names no one.
"""

from __future__ import annotations

import re

from graph.schema import NodeKind
from loaders.extract.context import Page
from loaders.extract.mentions import Mention, Mentions
from loaders.extract.text import Token

__all__ = [
    "bare_name", "before_marker", "beyond_roles", "clause_opening", "phrase_tokens", "read_phrase",
]  # fmt: skip

_STOP_CHARS = set('.,;:!?"“”«»„()[]\n،؛؟।۔|')
# Marks that may enclose a name without ending the phrase: «دانیل هاگاری».
_NAME_QUOTES = set("«»\"“”‘’'")
_MAX_NAME = 3
_QUOTED = re.compile(r"\s*[«\"“„‘']\s*([^«»\"“”„‘’'\n]{2,40}?)\s*[»\"”’']")


def _blocked(page: Page, low: str) -> bool:
    p = page.lang
    return any(
        low in p.words[name]
        for name in (
            "complementizers", "prepositions", "conjunctions", "pronouns",
            "subject_markers", "time_words", "relative_pronouns", "negations", "auxiliaries",
        )
    )  # fmt: skip


def phrase_tokens(
    page: Page, start: int, end: int, *, forward: bool, quotes: bool = False
) -> list[Token]:
    """The tokens of the noun phrase next to a cue, up to punctuation or a clause word.

    ``forward`` reads from ``start`` onwards (after the cue, or from a clause's
    opening); otherwise backwards from ``end`` (before the cue). Leading clause words
    are skipped. With ``quotes``, quotation marks do not end the phrase. At most six
    tokens.
    """
    text = page.doc.text
    tokens = page.text.tokens_between(start, end)
    if not forward:
        tokens = tokens[::-1]
    stops = _STOP_CHARS - _NAME_QUOTES if quotes else _STOP_CHARS
    out: list[Token] = []
    prev_edge = start if forward else end
    p = page.lang
    for tok in tokens:
        gap = text[prev_edge : tok.start] if forward else text[tok.end : prev_edge]
        if any(c in stops for c in gap):
            break
        if _blocked(page, tok.low) or tok.text.isdigit():
            leading = tok.low in p.words["time_words"] or tok.low in p.words["skip_words"]
            if out or (forward and not leading):
                break
            prev_edge = tok.end if forward else tok.start
            continue
        out.append(tok)
        prev_edge = tok.end if forward else tok.start
        if len(out) == 6:
            break
    return out if forward else out[::-1]


def _definite(p_lang: str, tok: Token) -> bool:
    """An Arabic word with the article ("الرئيس", "السوري"): a noun or adjective."""
    return p_lang == "ar" and tok.low.startswith(("ال", "وال", "فال", "بال")) and len(tok.text) > 3


def _is_role(page: Page, tok: Token) -> bool:
    p = page.lang
    return tok.low in p.words["roles"] or tok.text.rstrip(".") in p.words["honorifics"]


def _head(page: Page, tok: Token) -> bool:
    p = page.lang
    low = tok.low
    if p.language == "ar":
        if low[:1] in "لبكوف" and len(low) > 3 and _in_heads(p.words, low[1:]):
            return True  # "لقناة": a preposition joined to the head
        if low.startswith("ال") and low[2:] in p.words["org_heads"]:
            return True
    return _in_heads(p.words, low)


def _in_heads(words: dict[str, frozenset[str]], low: str) -> bool:
    return low in words["org_heads"] or low in words["media_heads"]


def _plain(page: Page, tok: Token) -> bool:
    """A word that may be part of a personal name: in no word list."""
    p = page.lang
    low = tok.low
    if _blocked(page, low) or _is_role(page, tok) or _head(page, tok):
        return False
    if low in p.speech_forms or low in p.publish_forms or low in p.words["indefinites"]:
        return False
    return not any(c.isdigit() for c in low) and len(low) > 1


def _mention(page: Page, tokens: list[Token], kind: NodeKind) -> Mention:
    text = page.doc.text
    start, end = tokens[0].start, tokens[-1].end
    return Mention(start, end, kind, text[start:end], None, "span")


def _body(page: Page, tokens: list[Token], at: int) -> Mention | None:
    """The organisation or medium whose head noun is ``tokens[at]``, with its modifiers
    on the side the language puts them."""
    p = page.lang
    lo = hi = at
    if p.modifiers in ("before", "both"):
        while lo > 0 and at - lo < 3 and _np(page, tokens[lo - 1]):
            lo -= 1
    if p.modifiers in ("after", "both"):
        while hi + 1 < len(tokens) and hi - at < 3 and _np(page, tokens[hi + 1]):
            if p.language == "ar" and not tokens[hi + 1].low.startswith("ال"):
                break  # Arabic modifiers of a head are definite ("وزارة الصحة الفلسطينية")
            hi += 1
    low = tokens[at].low
    media = (
        low in p.words["media_heads"] or low[1:] in p.words["media_heads"]
    ) and low not in p.words["org_heads"]
    kind = NodeKind.OUTLET if media else NodeKind.ORGANIZATION
    text = page.doc.text
    quoted = _QUOTED.match(text, tokens[at].end) or _QUOTED.search(
        text, tokens[at].end, tokens[hi].end + 3
    )
    if quoted and quoted.start(1) <= tokens[hi].end + 3:
        # "صحيفة "نيويورك تايمز"", "خبرگزاری فلسطینی «صفا»": the name in quotes.
        return Mention(quoted.start(1), quoted.end(1), kind, quoted.group(1), None, "span")
    if lo == hi:
        return None  # a head alone ("the network") names no one
    return _mention(page, tokens[lo : hi + 1], kind)


def _np(page: Page, tok: Token) -> bool:
    """A word that may modify a head noun ("دفتر نخست وزیر انگلیس"): not a clause word."""
    return not _blocked(page, tok.low) and not tok.text.isdigit()


def _person_after(page: Page, after: list[Token]) -> list[Token]:
    """The name that follows a role: past definite adjectives and a body's words (Arabic
    "وزير الخارجية السوري فيصل المقداد"); in a verb-final language, the last two words
    ("رئیس جمهور آمریکا دونالد ترامپ"). Where words do not show which are a body's
    modifiers (Persian "سخنگوی وزارت امور خارجه"), a body after the role leaves no name."""
    p = page.lang
    body = False
    while after and (
        _definite(p.language, after[0])
        or _head(page, after[0])
        or after[0].low in p.words["genitives"]
    ):
        body = body or _head(page, after[0])
        after = after[1:]
    if body and p.language != "ar":
        return []
    name: list[Token] = []
    for tok in after:
        if not _plain(page, tok):
            break
        name.append(tok)
    if len(name) < 2:
        return []  # one word after a role is a field or a place more often than a name
    if p.order == "sov":
        # Persian and Hindi put a role's country or field between it and the name:
        # keep the name's last two words.
        return name[-2:]
    return name[:_MAX_NAME]


def read_phrase(page: Page, tokens: list[Token], mentions: Mentions) -> Mention | None:
    found = _read_phrase(page, tokens, mentions)
    return found


def _read_phrase(page: Page, tokens: list[Token], mentions: Mentions) -> Mention | None:
    """The actor a phrase names: the person next to its roles, else a known body in it,
    else an organisation named by its head noun."""
    if not tokens:
        return None
    p = page.lang
    lo, hi = tokens[0].start, tokens[-1].end
    # A known name may run on past the phrase ("الدفاع المدني في غزة").
    inside = list(mentions.starting_in(lo, hi))
    roles = [k for k, t in enumerate(tokens) if _is_role(page, t)]
    if roles:
        last = roles[-1]
        known = [m for m in inside if m.start >= tokens[last].end and m.kind is NodeKind.PERSON]
        if known:
            return known[0]
        skip_to = max((m.end for m in inside if m.start >= tokens[last].end), default=lo)
        after = [t for t in tokens[last + 1 :] if t.start >= skip_to]
        name = _person_after(page, after)
        if name:
            known = [
                m for m in inside if m.start <= name[0].start < m.end and m.kind is NodeKind.PERSON
            ]
            return known[0] if known else _mention(page, name, NodeKind.PERSON)
        first = roles[0]
        before = tokens[:first]
        if (
            p.order in ("sov", "vso")
            and 2 <= len(before) <= _MAX_NAME
            and all(_plain(page, t) for t in before)
            and not any(m.start < before[-1].end for m in inside)
        ):
            # "دونالد ترامپ رئیس جمهور آمریکا", "قال لوران فابيوس وزير الخارجية": the name,
            # then its role.
            return _mention(page, before, NodeKind.PERSON)
    persons = [m for m in inside if m.kind is NodeKind.PERSON]
    if persons:
        return persons[-1]
    if inside:
        # "المتحدث باسم الكرملين": the body a role speaks for, else the one named.
        return inside[0]
    heads = [k for k, t in enumerate(tokens) if _head(page, t)]
    if heads and not any(t.low in p.words["indefinites"] for t in tokens[: heads[0] + 2]):
        return _body(page, tokens, heads[0])
    return None


def bare_name(page: Page, tokens: list[Token]) -> Mention | None:
    """Two or three words in no word list, alone between a cue and a clause boundary: a
    personal name ("وقالت مارغاريتا سيمونيان،", "فرحان حق به خبرنگاران گفت"). The
    phrase must end where a clause word, punctuation or a verb of speech follows, not a
    number or another word ("اسرائیل کشته شدن 3 نظامی")."""
    if not 2 <= len(tokens) <= _MAX_NAME or not all(_plain(page, t) for t in tokens):
        return None
    plural = tuple(page.lang.words["plural_endings"])
    if plural and any(t.low.endswith(plural) for t in tokens):
        return None  # "स्थानीय नागरिकों के मुताबिक": local citizens, no one named
    text = page.doc.text
    nxt = page.text.tokens_between(tokens[-1].end, tokens[-1].end + 40)[:1]
    if nxt and not any(c in _STOP_CHARS for c in text[tokens[-1].end : nxt[0].start]):
        low = nxt[0].low
        loose = nxt[0].text.isdigit() or not (_blocked(page, low) or low in page.lang.speech_forms)
        if loose and not page.lang.cues["speech_verb"].match(text, nxt[0].start):
            return None
    if any(_definite(page.lang.language, t) for t in tokens[:1]):
        return None  # "قال الجيش الإسرائيلي": a definite noun phrase, not a name
    return _mention(page, tokens, NodeKind.PERSON)


def clause_opening(page: Page, s0: int, end: int, mentions: Mentions) -> Mention | None:
    """The subject at the opening of a verb-final clause (Persian, Hindi without "ने").

    The clause starts after the last colon, complementiser or relative pronoun before
    the verb and is cut at commas; parts that hold another cue's phrase ("به گزارش
    ایرنا،") are skipped. The last part that opens with a phrase naming an actor is
    read from its start; a bare name in the part before a part that opens with a role
    is that role's holder ("اسماعیل بقائی، سخنگوی وزارت امور خارجه ... اظهار داشت").
    """
    text = page.doc.text
    p = page.lang
    for tok in reversed(page.text.tokens_between(s0, end)):
        if (
            tok.low in p.words["complementizers"]
            or tok.low in p.words["relative_pronouns"]
            or tok.low in p.speech_forms
        ):
            s0 = tok.end
            break
    for m in p.cues["speech_verb"].finditer(text, s0, end):
        s0 = max(s0, m.end())
    colon = max(text.rfind(":", s0, end), text.rfind("：", s0, end))
    s0 = colon + 1 if colon >= 0 else s0
    parts: list[tuple[int, int]] = []
    pos = s0
    for i in range(s0, end):
        if text[i] in "،,؛;\n":
            parts.append((pos, i))
            pos = i + 1
    parts.append((pos, end))
    readings: list[tuple[list[Token], Mention | None]] = []
    for a, b in parts:
        if page.builder.is_consumed(a, b) or _cue_part(page, a, b):
            readings.append(([], None))
            continue
        tokens = phrase_tokens(page, a, b, forward=True, quotes=True)
        if tokens and _before_object_marker(page, tokens[-1], b):
            tokens = []  # "وزیر کشور علی حسینی را ...": the name is the verb's object
        readings.append((tokens, read_phrase(page, tokens, mentions) if tokens else None))
    first = next(
        (
            k
            for k, (a, b) in enumerate(parts)
            if not (page.builder.is_consumed(a, b) or _cue_part(page, a, b))
        ),
        None,
    )
    if first is None:
        return None
    for k in range(len(parts) - 1, first - 1, -1):
        tokens, found = readings[k]
        if k > first and readings[k - 1][0] and tokens and _is_role(page, tokens[0]):
            known = readings[k - 1][1]
            if known is not None and known.kind is NodeKind.PERSON:
                return known
            named = bare_name(page, readings[k - 1][0])
            if named is not None:
                return named
        if found is not None:
            return found
    # Only the clause's opening part may hold a bare name: "فرحان حق به خبرنگاران گفت".
    return bare_name(page, readings[first][0])


def _before_object_marker(page: Page, last: Token, end: int) -> bool:
    nxt = page.text.tokens_between(last.end, end)[:1]
    return bool(nxt) and nxt[0].low in page.lang.words["object_markers"]


def beyond_roles(page: Page, tokens: list[Token], end: int, mentions: Mentions) -> Mention | None:
    """ "نقلا عن مسؤولين في وزارة الدفاع الأمريكية": a phrase of roles only, then a
    preposition and the body they belong to; the body is the source."""
    if not tokens or not all(_is_role(page, t) for t in tokens):
        return None
    nxt = page.text.tokens_between(tokens[-1].end, end)[:1]
    if not nxt or nxt[0].low not in page.lang.words["prepositions"]:
        return None
    if any(c in _STOP_CHARS for c in page.doc.text[tokens[-1].end : nxt[0].start]):
        return None
    body = read_phrase(page, phrase_tokens(page, nxt[0].end, end, forward=True), mentions)
    return body if body is not None and body.kind is not NodeKind.PERSON else None


def _last_word_end(page: Page, a: int, b: int) -> int:
    tokens = page.text.tokens_between(a, b)
    return tokens[-1].end if tokens else -1


def _cue_part(page: Page, a: int, b: int) -> bool:
    """A comma-part that opens with a preposition-like cue ("به گزارش X", "X के अनुसार")."""
    segment = page.doc.text[a:b]
    for slot in ("according_to", "according_after", "citing", "interview"):
        if page.lang.cues[slot].search(segment):
            return True
    return False


def before_marker(page: Page, s0: int, end: int, mentions: Mentions) -> Mention | None:
    """The actor right before a postposition or subject marker at ``end`` ("X ने",
    "X के अनुसार"). A role alone after a genitive speaks for its owner ("विदेश मंत्रालय के
    प्रवक्ता ने": the ministry)."""
    tokens = phrase_tokens(page, s0, end, forward=False)
    found = read_phrase(page, tokens, mentions)
    if found is not None:
        return found
    if tokens and all(_is_role(page, t) for t in tokens):
        before = page.text.tokens_between(s0, tokens[0].start)
        if before and before[-1].low in page.lang.words["genitives"]:
            owner = read_phrase(
                page, phrase_tokens(page, s0, before[-1].start, forward=False), mentions
            )
            if owner is not None and owner.kind is not NodeKind.PERSON:
                return owner
        return None
    return bare_name(page, tokens)


def lone_medium(page: Page, start: int, end: int) -> Mention | None:
    """ "به گزارش اقتصادنیوز به نقل از مهر،": one word in no word list, alone between a
    preposition-like cue and a comma, the sentence's end or the next such cue. A
    person is named by two words or more; a single unknown word there is the name of
    the medium reported from."""
    text = page.doc.text
    tokens = page.text.tokens_between(start, end)[:2]
    if not tokens or text[start : tokens[0].start].strip() or not _plain(page, tokens[0]):
        return None
    word = tokens[0]
    if _definite(page.lang.language, word) or word.low.startswith("لل"):
        return None  # "وفقاً للخطة،": according to the plan, a common noun
    if len(tokens) > 1:
        gap = text[word.end : tokens[1].start]
        opens_cue = any(
            page.lang.cues[slot].match(text, tokens[1].start) for slot in ("according_to", "citing")
        )
        if not any(c in _STOP_CHARS for c in gap) and not opens_cue:
            return None
    elif text[word.end : end].strip(" \u200c") not in ("", ".", "،", ","):
        return None
    return _mention(page, [word], NodeKind.OUTLET)
