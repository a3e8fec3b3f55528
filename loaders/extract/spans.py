"""Actors read from the words next to a cue, in scripts without capitals.

Arabic, Persian and Hindi write names in lower case, so the page has no name runs to
offer. Next to a verb of speech, though, the clause says where the speaker is: after
an Arabic verb ("قال المتحدث باسم الكرملين ديمتري بيسكوف إن"), before a Persian one,
before Hindi's ergative "ने". There a phrase is read as roles, a registry name and the
person's name that follows the last role, or an organisation named by its head noun.
"""

from __future__ import annotations

from graph.schema import NodeKind
from loaders.extract.context import Page
from loaders.extract.mentions import Mention, Mentions
from loaders.extract.text import Token

__all__ = ["phrase_tokens", "read_phrase"]

_STOP_CHARS = set('.,;:!?"“”«»„()[]\n،؛؟।۔')


def phrase_tokens(page: Page, start: int, end: int, *, forward: bool) -> list[Token]:
    """The tokens of the noun phrase next to a cue, up to punctuation or a clause word.

    ``forward`` reads from ``start`` onwards (after the cue); otherwise backwards from
    ``end`` (before the cue). At most six tokens.
    """
    p = page.lang
    text = page.doc.text
    tokens = page.text.tokens_between(start, end)
    if not forward:
        tokens = tokens[::-1]
    out: list[Token] = []
    prev_edge = start if forward else end
    for tok in tokens:
        gap = text[prev_edge : tok.start] if forward else text[tok.end : prev_edge]
        if any(c in _STOP_CHARS for c in gap):
            break
        low = tok.low
        if (
            low in p.words["complementizers"]
            or low in p.words["prepositions"]
            or low in p.words["conjunctions"]
            or low in p.words["pronouns"]
            or low in p.words["subject_markers"]
            or low in p.words["time_words"]
        ):
            if out or forward:
                break
            prev_edge = tok.start if not forward else tok.end
            continue
        out.append(tok)
        prev_edge = tok.end if forward else tok.start
        if len(out) == 6:
            break
    return out if forward else out[::-1]


def _definite(p_lang: str, tok: Token) -> bool:
    """An Arabic word with the article ("الرئيس", "السوري"): a noun or adjective."""
    return p_lang == "ar" and tok.text.startswith(("ال", "وال", "فال")) and len(tok.text) > 3


def read_phrase(page: Page, tokens: list[Token], mentions: Mentions) -> Mention | None:
    """The actor a phrase names: the person after its last role, else a known body in it,
    else an organisation named by its head noun."""
    if not tokens:
        return None
    p = page.lang
    text = page.doc.text
    lo, hi = tokens[0].start, tokens[-1].end
    inside = [m for m in mentions.starting_in(lo, hi) if m.end <= hi]
    last_role = max((k for k, t in enumerate(tokens) if t.low in p.words["roles"]), default=-1)
    after = tokens[last_role + 1 :]
    # Past the known bodies and the definite adjectives that follow a role
    # ("وزير الخارجية السوري فيصل المقداد"): the name is what remains.
    skip_to = max((m.end for m in inside), default=lo)
    after = [t for t in after if t.start >= skip_to]
    while after and (_definite(p.language, after[0]) or after[0].low in p.words["org_heads"]):
        after = after[1:]
    if last_role >= 0 and after:
        name = after[:3]
        return Mention(
            name[0].start,
            name[-1].end,
            NodeKind.PERSON,
            text[name[0].start : name[-1].end],
            None,
            "span",
        )
    if inside:
        return inside[-1] if last_role < 0 else inside[0]
    heads = [k for k, t in enumerate(tokens) if t.low in p.words["org_heads"]]
    if heads:
        first = heads[0]
        body = tokens[first : first + 4]
        return Mention(
            body[0].start,
            body[-1].end,
            NodeKind.ORGANIZATION,
            text[body[0].start : body[-1].end],
            None,
            "span",
        )
    return None
