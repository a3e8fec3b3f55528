"""Actors next to a cue in scripts without spaces between words (Chinese).

A run of Chinese characters is one token, so the word-based readers see nothing in
"外交部发言人毛宁表示". Here the characters themselves are read: the subject of a verb
of speech is what stands between a clause boundary and the verb, cut where a time
word, an adverb or a preposition starts the predicate ("杨洁篪在电话中向蓬佩奥表示"
-> "杨洁篪"); the source of "据"/"根据"/"援引" is what stands before the verb that closes
it ("据《华尔街日报》报导" -> "华尔街日报"). The phrase is then typed:

- a role word splits it: the name after the last role is a person ("外交部发言人毛宁"),
  a role with nothing after it speaks for the body before it ("美国国务院发言人");
- a medium's or an organisation's head at its end types it ("新华社", "华盛顿邮报",
  "外交部", "裴洛西的办公室"); book-title marks 《》 enclose a medium;
- a bare name counts only when the page names that person after a role elsewhere, or
  the registry knows it: "佩斯科夫表示" after "发言人佩斯科夫".

The language file's word lists are matched as parts of the phrase.
"""

from __future__ import annotations

import re
from functools import cache

from graph.schema import NodeKind
from loaders.extract.context import Page
from loaders.extract.mentions import Mention, Mentions
from loaders.patterns import all_specs

__all__ = ["after_outlet", "source_after", "speaker_tag", "subject_before", "titled_names"]

_HAN = r"\u3400-\u9fff\uf900-\ufaff"
_NAME_DOTS = "·‧•・"
_BOUNDARY = set("，,。；;：:！？!?\n、—")
_OPEN_BRACKETS = {")": "(", "）": "（"}
_TITLE_MARKS = "《》「」『』〈〉“”\"'‘’"
_GLOSS = re.compile(r"[(（][^()（）\n]{0,60}[)）]")
_MAX_PHRASE = 24
# What closes the source of "据"/"根据"/"援引": "据新华社报道", "根据澎湃新闻引述".
_CLOSERS = (
    "的报道", "的報導", "的报导", "的報道", "的消息", "报道", "報導", "报导", "報道", "消息",
    "引述", "援引", "引用", "表示", "指出", "透露", "发布", "發布", "公布", "称", "稱", "说", "說",
)  # fmt: skip


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _longest(page: Page, s: str, i: int, name: str) -> int:
    """Length of the longest word of list ``name`` starting at ``s[i]`` (0 if none)."""
    words = page.lang.words[name]
    for n in range(min(10, len(s) - i), 0, -1):
        if s[i : i + n] in words:
            return n
    return 0


def _clause_start(text: str, pos: int, floor: int) -> int:
    """Where the clause ending at ``pos`` starts: after the nearest boundary, skipping
    bracketed glosses ("歐塔加斯(Morgan Ortagus)")."""
    i = pos - 1
    while i >= floor:
        ch = text[i]
        if ch in _OPEN_BRACKETS:
            j = text.rfind(_OPEN_BRACKETS[ch], floor, i)
            if j >= 0:
                i = j - 1
                continue
        if ch in _BOUNDARY:
            return i + 1
        i -= 1
    return floor


def _strip(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """The characters of ``text[start:end]`` with their offsets, without glosses in
    brackets, title marks and spaces."""
    segment = text[start:end]
    hidden: set[int] = set()
    for m in _GLOSS.finditer(segment):
        hidden.update(range(m.start(), m.end()))
    return [
        (start + k, ch)
        for k, ch in enumerate(segment)
        if k not in hidden and ch not in _TITLE_MARKS and not ch.isspace()
    ]


def _subject_chars(page: Page, chars: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The opening phrase of a clause: up to a time word, adverb or preposition, a digit
    or a character of another script."""
    s = "".join(ch for _, ch in chars)
    i = 0
    while i < len(s):
        n = _longest(page, s, i, "skip_words")
        if n and i == 0:
            s, chars = s[n:], chars[n:]
            continue
        break
    i = 0
    while i < len(s):
        ch = s[i]
        if not (_is_han(ch) or ch in _NAME_DOTS):
            break
        kept = max(
            _longest(page, s, i, "roles"),
            _longest(page, s, i, "org_heads"),
            _longest(page, s, i, "media_heads"),
        )
        if kept:
            i += kept
            continue
        if i and _longest(page, s, i, "prepositions"):
            break
        i += 1
    return chars[:i]


def _confirmed(page: Page, name: str, mentions: Mentions) -> Mention | None:
    """A person the page names elsewhere after a role, or the registry knows."""
    for m in mentions.all:
        if m.kind is NodeKind.PERSON and (m.name == name or page.doc.text[m.start : m.end] == name):
            return m
    return None


def _name_ok(page: Page, name: str) -> bool:
    if name in page.lang.words["pronouns"]:
        return False
    if any(name.startswith(w) for w in page.lang.words["name_stopwords"]):
        return False
    if any(c in _NAME_DOTS for c in name):
        return 3 <= len(name) <= 14
    return 2 <= len(name) <= 4 and all(_is_han(c) for c in name)


def _typed(
    page: Page, chars: list[tuple[int, str]], mentions: Mentions, *, titled_only: bool = False
) -> Mention | None:
    """The actor a phrase of characters names (see the module's docstring)."""
    if not chars:
        return None
    text = page.doc.text
    s = "".join(ch for _, ch in chars)
    lo, hi = chars[0][0], chars[-1][0] + 1
    inside = [m for m in mentions.starting_in(lo, hi) if m.end <= hi]
    if s in page.lang.words["pronouns"] or any(
        s.startswith(w) for w in page.lang.words["indefinites"]
    ):
        return None
    # The last role word, and what follows it.
    last_role, i = -1, 0
    while i < len(s):
        n = _longest(page, s, i, "roles")
        if n:
            last_role, i = i + n, i + n
        else:
            i += 1
    if last_role >= 0:
        tail = s[last_role:]
        if tail and _longest(page, tail, 0, "org_heads") == len(tail):
            return _span(text, chars[0][0], hi, NodeKind.ORGANIZATION)  # "发言人办公室"
        if tail and _name_ok(page, tail):
            start = chars[last_role][0]
            known = [m for m in inside if m.start <= start < m.end and m.kind is NodeKind.PERSON]
            if known:
                return known[0]
            return Mention(start, hi, NodeKind.PERSON, text[start:hi], None, "titled")
        role_start = last_role - _role_len(page, s, last_role)
        head = s[:role_start]
        if head and _name_ok(page, head):
            # "特朗普总统": a name the page knows, then its title.
            confirmed = _confirmed(page, head, mentions)
            if confirmed is not None:
                return Mention(
                    lo,
                    chars[len(head) - 1][0] + 1,
                    NodeKind.PERSON,
                    confirmed.name,
                    confirmed.entry,
                    "surname",
                )
        if tail:
            return None
        employer = s[: last_role - _role_len(page, s, last_role)]
        return (
            _typed(page, chars[: len(employer)], mentions, titled_only=True) if employer else None
        )
    persons = [m for m in inside if m.kind is NodeKind.PERSON and m.end == hi]
    if persons:
        return persons[0]
    if text[lo - 1 : lo] == "《" and text[hi : hi + 1] == "》":
        # Book-title marks enclose a publication: "据《政客》报道".
        known = [m for m in inside if m.start == lo and m.end == hi]
        return known[0] if known else _span(text, lo, hi, NodeKind.OUTLET)
    whole = [m for m in inside if m.start == lo and m.end == hi]
    if whole:
        return whole[0]
    ending = [m for m in inside if m.end == hi]
    if ending and ending[0].kind is not NodeKind.PERSON:
        return ending[0]
    for name, kind in (("media_heads", NodeKind.OUTLET), ("org_heads", NodeKind.ORGANIZATION)):
        if any(s.endswith(h) and len(s) > len(h) for h in page.lang.words[name]):
            return _span(text, lo, hi, kind)
    if titled_only:
        return None
    confirmed = _confirmed(page, s, mentions) if _name_ok(page, s) else None
    if confirmed is not None:
        return Mention(lo, hi, NodeKind.PERSON, confirmed.name, confirmed.entry, "surname")
    return None


def _role_len(page: Page, s: str, end: int) -> int:
    for n in range(min(10, end), 0, -1):
        if s[end - n : end] in page.lang.words["roles"]:
            return n
    return 0


def _span(text: str, start: int, end: int, kind: NodeKind) -> Mention:
    name = "".join(ch for ch in text[start:end] if ch not in _TITLE_MARKS)
    name = _GLOSS.sub("", name).strip()
    return Mention(start, end, kind, name, None, "span")


# "的", perhaps with "one" and a measure word, right before a verb read as a noun.
_OWNER = re.compile(r"的(?:一[份项項则則篇条條])?$")


def subject_before(page: Page, mentions: Mentions, start: int, floor: int) -> Mention | None:
    """The subject of a verb at ``start``: the opening phrase of its clause. A clause
    with nothing before the verb ("…，质疑") continues the first clause of its sentence,
    whose subject is then the verb's."""
    text = page.doc.text
    a = _clause_start(text, start, floor)
    if page.lang.cues["according_to"].search(text, a, start):
        return None  # "据新华社报道": the verb closes the source's frame
    # "中国外交部的一份声明称": the statement's owner, before "的" and a measure word.
    owned = _OWNER.search(text, a, start)
    if owned is not None:
        start = owned.start()
    chars = _subject_chars(page, _strip(text, a, start))
    if not chars and a > floor and text[a - 1] in "，,":
        first = _clause_start(text, a - 1, floor)
        while first > floor and text[first - 1] in "，," and first - floor > 0:
            first = _clause_start(text, first - 1, floor)
        chars = _subject_chars(page, _strip(text, first, a - 1))
    if not chars or len(chars) > _MAX_PHRASE:
        return None
    between = text[chars[-1][0] + 1 : start]
    if any(w in between for w in page.lang.words["modals"]):
        return None  # "特朗普总统可能于6日宣布": what may be said is not said
    return _typed(page, chars, mentions)


def source_after(page: Page, mentions: Mentions, end: int, limit: int) -> Mention | None:
    """The source a "据"/"根据"/"援引" cue ending at ``end`` introduces, closed by the verb
    after it ("据新华社报道"); nothing when no verb closes it ("数据显示").

    A dispatch's place and date may stand before the verb ("另據法新社布魯塞爾2月2日報道",
    "据新华社北京5月3日电"): the date then closes the source, and a known outlet that
    opens it is the source, not the place after it."""
    text = page.doc.text
    stop = min(limit, end + _MAX_PHRASE + 10)
    close = -1
    dated = False
    i = end
    while i < stop:
        if text[i] in _BOUNDARY:
            break
        hit = next((c for c in _CLOSERS if text.startswith(c, i)), None)
        if hit is not None and i > end:
            close = i
            break
        if i > end and text[i].isdigit() and _dated(text, i):
            close, dated = i, True
            break
        i += 1
    if close < 0:
        return None
    chars = _strip(text, end, close)
    chars = [(k, ch) for k, ch in chars if _is_han(ch) or ch in _NAME_DOTS or ch.isalnum()]
    if not chars or any(ch.isdigit() for _, ch in chars):
        return None
    found = [m for m in mentions.starting_in(end, close) if m.end <= close]
    if dated and found and found[0].kind is NodeKind.OUTLET:
        return found[0]
    if found and found[-1].end >= chars[-1][0] + 1:
        return found[-1]
    title = _BOOK_TITLE.search(text, end, close)
    if title is not None and not found:
        # "據西班牙《國家報》網站報道": the title marks name the medium; the country
        # before it and "網站" (its website) after it describe it.
        return _span(text, title.start(), title.end(), NodeKind.OUTLET)
    return _typed(page, chars, mentions)


# A publication's title in the marks that Chinese writes around it: 《國家報》.
_BOOK_TITLE = re.compile(r"《([^《》\n]{1,20})》")
# A dispatch's date: "2月2日", "2022年2月7日", then its verb or "电" ("北京5月3日电").
_DATE = re.compile(r"(?:\d{2,4}[年])?(?:\d{1,2}[月])?\d{1,2}[日](?P<wire>[电電])?")


def _dated(text: str, i: int) -> bool:
    """Whether a date that closes a source starts at ``i``: a verb, "电" or a comma
    follows it."""
    m = _DATE.match(text, i)
    if m is None:
        return False
    after = m.end()
    return bool(
        m.group("wire")
        or any(text.startswith(c, after) for c in _CLOSERS)
        or (after < len(text) and text[after] in "，,")
    )


def after_outlet(page: Page, mentions: Mentions, end: int, limit: int) -> Mention | None:
    """A medium right after a verb that takes an addressee ("告诉美国「华盛顿邮报」")."""
    for m in mentions.starting_in(end, min(limit, end + 8)):
        between = page.doc.text[end : m.start]
        if m.kind is NodeKind.OUTLET and not any(c in _BOUNDARY for c in between):
            return m
    return None


def speaker_tag(page: Page, mentions: Mentions, colon: int) -> Mention | None:
    """A transcript's speaker at the start of a line ("林剑:中方支持..."): a person the
    page names elsewhere after a role, or the registry knows."""
    text = page.doc.text
    line_start = text.rfind("\n", 0, colon) + 1
    name = text[line_start:colon].strip()
    if not _name_ok(page, name):
        return None
    found = _confirmed(page, name, mentions)
    if found is None:
        return None
    start = line_start + text[line_start:colon].index(name)
    return Mention(start, start + len(name), NodeKind.PERSON, found.name, found.entry, "surname")


def titled_names(page: Page, taken: list[tuple[int, int]]) -> list[Mention]:
    """Persons named right after a role anywhere on the page ("发言人毛宁", "國務卿蓬佩奧"),
    and every other place their names stand."""
    text = page.doc.text[: page.footer]
    p = page.lang
    roles = sorted(p.words["roles"], key=len, reverse=True)
    if not roles:
        return []
    rx = re.compile("|".join(re.escape(r) for r in roles))
    stops = set(p.words["prepositions"]) | p.words["roles"] | p.speech_forms
    han_stops = [w for w in stops if w and _is_han(w[0])]
    cue_words = [w for w in _cue_words(page) if w]
    found: dict[str, Mention] = {}
    modals = page.lang.words["modals"]
    for m in rx.finditer(text):
        i = m.end()
        if _ends_name(page, text, i, cue_words) or any(text.startswith(w, i) for w in modals):
            continue  # "分析人士指出", "总统可能宣布": no name after the role
        j = i
        while j < len(text) and j - i < 14 and (_is_han(text[j]) or text[j] in _NAME_DOTS):
            if j > i and (
                any(text.startswith(w, j) for w in han_stops)
                or any(text.startswith(w, j) for w in cue_words)
            ):
                break
            j += 1
        name = text[i:j]
        if j - i > 4 and not any(c in _NAME_DOTS for c in name):
            # "主任楊潔篪通話": the name is the part that stands elsewhere before a break.
            name = next((name[:n] for n in (3, 2) if _recurs(page, text, name[:n], cue_words)), "")
            j = i + len(name)
        elif j < len(text) and _is_han(text[j]) and not _ends_name(page, text, j, cue_words):
            continue
        if not name or not _name_ok(page, name) or name in found:
            continue
        found[name] = Mention(i, j, NodeKind.PERSON, name, None, "titled")
    out = []
    for name, first in found.items():
        at = text.find(name)
        while at >= 0:
            if not any(s < at + len(name) and at < e for s, e in taken):
                how = "titled" if at == first.start else "surname"
                out.append(Mention(at, at + len(name), NodeKind.PERSON, name, None, how))
            at = text.find(name, at + len(name))
    return out


def _cue_words(page: Page) -> list[str]:
    return list(_cue_phrases(page.lang.language))


@cache
def _cue_phrases(language: str) -> tuple[str, ...]:
    slots = ("speech_verb", "publish", "according_to", "interview")
    return tuple(
        phrase
        for spec in all_specs()
        if spec.language == language and spec.slot in slots
        for phrase in spec.phrases
    )


def _recurs(page: Page, text: str, name: str, cue_words: list[str]) -> bool:
    """Whether ``name`` stands elsewhere in the text with a break right after it."""
    at = text.find(name)
    seen = 0
    while at >= 0:
        end = at + len(name)
        if end >= len(text) or not _is_han(text[end]) or _ends_name(page, text, end, cue_words):
            seen += 1
        at = text.find(name, end)
    return seen >= 1 and text.count(name) >= 2


def _ends_name(page: Page, text: str, j: int, cue_words: list[str]) -> bool:
    """Whether a name may end at ``text[j]``: a preposition, time word, role or cue follows."""
    s = text[j : j + 10]
    return bool(
        _longest(page, s, 0, "prepositions")
        or _longest(page, s, 0, "roles")
        or any(s.startswith(w) for w in cue_words)
        or s[:1] in "的和与與及"
    )
