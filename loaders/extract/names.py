"""Names in running text: runs of capitalised words, what kind of actor they name, and
the short forms (surname, honorific + surname) that refer back to them."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from graph.schema import NodeKind
from loaders.extract.text import Text, Token
from loaders.patterns import NameCases, Patterns

__all__ = [
    "CALENDAR_WORDS",
    "PARTICLES",
    "NameRun",
    "body_before_name",
    "is_calendar",
    "is_title_case_line",
    "name_connectors",
    "name_runs",
    "nominative",
    "type_of",
]

# Lower-case words that sit inside personal and organisation names.
PARTICLES = {
    "al", "el", "al-", "el-", "bin", "ben", "ibn", "abu", "de", "van", "von", "der", "den",
    "da", "di", "du", "le", "la", "del", "della", "dos", "das", "do", "ter", "ten", "zu",
}  # fmt: skip
# Lower-case words that join the capitalised words of an organisation's name.
CONNECTORS = {
    "of", "for", "on", "de", "du", "des", "del", "della", "di", "dei", "degli", "delle", "la", "l'",
    "für", "der", "do", "da", "dos", "das", "el", "pour", "para", "per", "w", "dla",
}  # fmt: skip
# Capitalised words that start no name: "on Saturday Valmora said".
CALENDAR_WORDS = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Montag", "Dienstag", "Mittwoch", "Donnerstag",
    "Freitag", "Samstag", "Sonntag", "Januar", "Februar", "März", "Juni", "Juli", "Oktober",
    "Dezember", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo",
}  # fmt: skip
# Calendar abbreviations that are also first names ("Jan Rybanský", "Jan Kowalski"): a
# date only when a period or a number follows ("Jan. 5", "Jan 5").
_ALSO_FIRST_NAMES = {"Jan"}
_DATE_AFTER = re.compile(r"\.|\s+\d")


def is_calendar(text: str, tok: Token) -> bool:
    """Whether ``tok`` is a day or month name ("Monday", "Dec"), not a first name."""
    if tok.text not in CALENDAR_WORDS:
        return False
    return tok.text not in _ALSO_FIRST_NAMES or bool(_DATE_AFTER.match(text, tok.end))


_PARTY_TAG = re.compile(r"^[RDI]-[A-Z][A-Za-z]?$")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ0-9&]{1,6}$")


def nominative(name: str, cases: NameCases | None) -> str:
    """A personal name read in an oblique case, back in the nominative.

    ``cases`` is the language's declension table (patterns ``name_cases``); a word
    that is not a plain capitalised word (an initial, "Э.Сэнджер") stays as written,
    and so does any word the tables leave less than two letters of.

    >>> from loaders.patterns import patterns_for
    >>> ru = patterns_for("ru").name_cases
    >>> nominative("Андрея Климова", ru), nominative("Марии Ивановой", ru)
    ('Андрей Климов', 'Мария Иванова')
    """
    if cases is None:
        return name
    words = name.split()
    feminine = any(w.endswith(cases.feminine_marks) for w in words if len(w) > 3)
    table = cases.feminine if feminine else cases.masculine
    out = []
    for word in words:
        parts = []
        for part in word.split("-"):
            if part in cases.words:
                part = cases.words[part]
            elif part[:1].isupper() and part[1:].isalpha() and part[1:].islower():
                for ending, base in table:
                    if part.endswith(ending) and len(part) - len(ending) >= 2:
                        part = part[: -len(ending)] + base
                        break
            parts.append(part)
        out.append("-".join(parts))
    return " ".join(out)


class NameRun:
    """A run of capitalised tokens read as one name, with its roles split off.

    ``tokens`` are the name's own; ``titled`` says a role, title or honorific stood
    right before it ("Sen. Jeff Flake", "spokeswoman Sarah Sanders"), which makes it a
    person; ``employer`` holds the tokens before that role ("White House" in "White
    House Deputy Press Secretary Hogan Gidley"); ``body`` says the run was split off a
    person's name after it, and names a body ("Харківської ОВА" Олега Синєгубова).
    """

    __slots__ = ("body", "employer", "titled", "tokens")

    def __init__(
        self, tokens: list[Token], titled: bool, employer: list[Token], body: bool = False
    ) -> None:
        self.tokens = tokens
        self.titled = titled
        self.employer = employer
        self.body = body

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def _particles(p: Patterns) -> frozenset[str] | set[str]:
    """The language's name particles (``words: particles``), else the defaults."""
    return p.words.get("particles", PARTICLES)


def name_connectors(p: Patterns) -> frozenset[str] | set[str]:
    """The language's name connectors (``words: connectors``), else the defaults."""
    return p.words.get("connectors", CONNECTORS)


def _is_cap(tok: Token, p: Patterns) -> bool:
    """A capitalised word that can start a name."""
    word = tok.text
    if not word[:1].isupper():
        return False
    return word not in p.words["name_stopwords"]


def _function_word(tok: Token, p: Patterns) -> bool:
    low = tok.low
    return any(
        low in p.words[name]
        for name in ("determiners", "pronouns", "conjunctions", "prepositions", "complementizers")
    )


# An Arabic article or kinship word joined to a capitalised name ("al-Shaar", "el-Sisi",
# "bin-Salman"): written lower-case, yet part of the surname.
_JOINED_PARTICLE = re.compile(r"(?:al|el|ad|ash|as|at|az|ar|an|bin|ibn|abu|abd)[-‑][A-Z]\w")


def _continues(tok: Token, p: Patterns, text: str = "") -> bool:
    """A capitalised word that can continue a name: "Office of National Statistics"."""
    if _JOINED_PARTICLE.match(tok.text):
        return True
    return tok.text[:1].isupper() and not _function_word(tok, p) and not is_calendar(text, tok)


def _is_role(tok: Token, p: Patterns) -> bool:
    return p.is_role(tok.low) or tok.text.rstrip(".") in p.words["honorifics"]


def _honorific_dot(text: str, tok: Token, p: Patterns) -> bool:
    """ "Sen." / "Dr." / "J.": a short word whose period does not end the name run."""
    return text[tok.end : tok.end + 1] == "." and (
        tok.text in p.words["honorifics"] or (len(tok.text) == 1 and tok.text.isupper())
    )


def is_title_case_line(line: str) -> bool:
    """A headline written in title case: capitals say nothing about names in it."""
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 4 or len(words) > 30:
        return False  # a headline is short; a long line is running text
    caps = sum(1 for w in words if w[:1].isupper())
    return caps / len(words) >= 0.7 and any(len(w) > 3 and w[:1].isupper() for w in words[1:])


# A pronoun with a contracted verb ("I’ve", "We’re", "It’ll"): capitalised, never a name.
_CONTRACTED = re.compile(r"^(\w+)['’]\w{1,2}$")


def _not_a_name_word(text: str, tok: Token, p: Patterns) -> bool:
    """A capitalised word that starts no name: a social-media handle ("@SenTedCruz"
    names an account, not how a page names its owner), a pronoun with a contracted verb
    ("I’ve expressed that"), or a common noun joined to a lower-case word by a hyphen
    ("Fact-checker Daniel Dale", "Ex-minister"): a name's hyphenated parts are all
    capitalised ("Jean-Pierre", "Post-Gazette") or are particles ("al-Assad")."""
    if text[tok.start - 1 : tok.start] == "@":
        return True
    contracted = _CONTRACTED.match(tok.text)
    if contracted and contracted.group(1).lower() in p.words["pronouns"]:
        return True
    parts = tok.text.split("-")
    return len(parts) == 2 and parts[0].isalpha() and parts[1][:1].islower() and len(parts[1]) > 3


def _adjective_naming_body(text: Text, tokens: list[Token], i: int, p: Patterns) -> bool:
    """A capitalised word that starts no name by itself ("Labour", "Conservative"),
    right before a body's head word: the two name the body ("a Labour Party
    spokesperson"), where "Party" alone would name nothing."""
    tok = tokens[i]
    if tok.text not in p.words["name_stopwords"] or _function_word(tok, p) or i + 1 >= len(tokens):
        return False
    if tok.low in p.speech_forms or tok.low in p.publish_forms:
        return False  # "Ditegaskan Kemlu": a verb of speech opening the sentence
    nxt = tokens[i + 1]
    return (
        text.text[tok.end : nxt.start] == " "
        and nxt.text[:1].isupper()
        and nxt.low in p.words["org_heads"]
    )


def _title_article(text: Text, tokens: list[Token], i: int, p: Patterns) -> bool:
    """A capitalised article inside a sentence, opening a name ("The Hill", "Le Monde")."""
    tok = tokens[i]
    if not (tok.text[:1].isupper() and tok.low in p.words["determiners"]):
        return False
    if tok.start in text.sentence_starts or text.after_opening(tok.start) or i + 1 >= len(tokens):
        return False
    if text.text[max(0, tok.start - 3) : tok.start].rstrip().endswith(("-", "–", "—")):
        return False  # "29 Dez (Reuters) - A Rússia": a dateline's dash opens the text
    nxt = tokens[i + 1]
    return text.text[tok.end : nxt.start] == " " and _continues(nxt, p)


def _titled_day(text: Text, i: int) -> bool:
    """ "The Sunday Times" opening a sentence: a day's name between "The" and a capital
    starts a title, not a date."""
    tokens, body = text.tokens, text.text
    if not 0 < i < len(tokens) - 1:
        return False
    prev, nxt = tokens[i - 1], tokens[i + 1]
    return (
        prev.text == "The"
        and body[prev.end : tokens[i].start] == " "
        and body[tokens[i].end : nxt.start] == " "
        and nxt.text[:1].isupper()
    )


def _raw_runs(text: Text, lo: int, hi: int, p: Patterns) -> Iterator[list[Token]]:
    """Maximal runs of capitalised tokens (with particles and connectors inside)."""
    tokens = text.tokens
    body = text.text
    particles, connectors = _particles(p), name_connectors(p)
    capitals = text.capitalised
    k = bisect.bisect_left(capitals, text.token_index(lo))
    i = -1
    while k < len(capitals):
        if capitals[k] <= i:
            k += 1
            continue  # inside the run just read
        i = capitals[k]
        k += 1
        tok = tokens[i]
        if tok.start >= hi:
            break
        if _title_article(text, tokens, i, p) or _adjective_naming_body(text, tokens, i, p):
            pass  # "reported by The Hill", "a Labour Party spokesperson"
        elif (
            not _is_cap(tok, p)
            or (is_calendar(body, tok) and not _titled_day(text, i))
            or _not_a_name_word(body, tok, p)
        ):
            continue
        run = [tok]
        j = i + 1
        while j < len(tokens) and tokens[j].start < hi:
            prev, nxt = run[-1], tokens[j]
            if prev.text.endswith(("’s", "'s")):
                break  # "Labour’s Wes Streeting": the possessor is not part of the name
            gap = body[prev.end : nxt.start]
            dotted = gap.strip() == "." and _honorific_dot(body, prev, p)
            if gap.strip() and not dotted and not (gap.strip() == "-" and len(gap) <= 3):
                break
            if (
                gap.strip() == "-"
                and len(prev.text) > 2
                and prev.text.isupper()
                and not (nxt.text.isupper())
            ):
                break  # "BEIJING - China mengatakan": a dateline's place, then the text
            if nxt.low in particles and nxt.text[:1].isupper() and j + 1 < len(tokens):
                # "Marine Le Pen", "Charles De Gaulle": a capitalised particle inside.
                after = tokens[j + 1]
                if body[nxt.end : after.start].isspace() and _continues(after, p):
                    run.extend([nxt, after])
                    j += 2
                    continue
            if _continues(nxt, p, body) or (
                # "The Sunday Times": a day's name inside a title that "The" opens.
                run[0].text == "The" and is_calendar(body, nxt)
            ):
                run.append(nxt)
                j += 1
                continue
            # A lower-case particle joins a name when a capital follows it; a connector
            # joins only a body's or a role's name ("Ministry of Defence", "Archbishop
            # of Canterbury"), not a place to a person ("Chuck Schumer of New York").
            # A role's connector follows the role itself ("Archbishop of Canterbury"),
            # not the name after it ("Presiden Jokowi di Jakarta").
            joins = nxt.low in particles or (
                nxt.low in connectors
                and (
                    any(
                        t.low in p.words["org_heads"] or t.low in p.words["media_heads"]
                        for t in run
                    )
                    or p.is_role(run[-1].low)
                )
            )
            if joins and nxt.text.islower() and j + 1 < len(tokens):
                after = tokens[j + 1]
                # "Présidence de la République": two connecting words at most.
                if (
                    after.text.islower()
                    and after.low in connectors | particles
                    and j + 2 < len(tokens)
                ):
                    third = tokens[j + 2]
                    if body[after.end : third.start].isspace() and _continues(third, p):
                        run.extend([nxt, after, third])
                        j += 3
                        continue
                if body[nxt.end : after.start].isspace() and _continues(after, p):
                    run.extend([nxt, after])
                    j += 2
                    continue
            break
        yield run
        i = j - 1


def name_runs(text: Text, lo: int, hi: int, p: Patterns) -> Iterator[NameRun]:
    """Names in ``text[lo:hi]``: capitalised runs split at roles, titles and honorifics.

    "Republican Sen. Jeff Flake" gives "Jeff Flake" (titled); "White House Deputy Press
    Secretary Hogan Gidley" gives "Hogan Gidley" (titled, employer "White House");
    "Department of Homeland Security" stays whole.
    """
    particles, connectors = _particles(p), name_connectors(p)
    for whole in _raw_runs(text, lo, hi, p):
        if _PARTY_TAG.match(whole[0].text) and len(whole) == 1:
            continue  # "(R-Ky.)": a party and state, not a name
        run = whole
        while run and (run[0].text in p.words["name_stopwords"] or run[0].low in connectors):
            if run is whole and _title_article(
                text, text.tokens, text.token_index(run[0].start), p
            ):
                break
            run = run[1:]
        if len(run) == 1 and len(whole) > 1 and run[0].low in p.words["org_heads"]:
            run = whole  # "Conservative Party", "Russian Government": the adjective names it
        while run and (
            run[-1].low in particles
            or run[-1].low in connectors
            or run[-1].text in p.words["name_stopwords"]
        ):
            run = run[:-1]
        if not run:
            continue
        last_role = max((k for k, t in enumerate(run) if _is_role(t, p)), default=-1)
        if last_role < 0:
            split = _body_then_name(run, p)
            if split:
                # "главы МИД Дэвида Кэмерона": a body's name, then a person's.
                yield NameRun(run[:split], False, [], body=True)
                yield NameRun(run[split:], False, run[:split])
                continue
            yield NameRun(run, False, [])
            continue
        first_role = min(k for k, t in enumerate(run) if _is_role(t, p))
        name = run[last_role + 1 :]
        complement = False
        # "Menteri Luar Negeri Jerman Johann Wadephul": the role's own complements and a
        # country after it belong to the title, not to the name.
        while name and (
            name[0].low in connectors
            or name[0].low in particles
            or name[0].low in p.words["role_complements"]
            or name[0].text in p.words["name_stopwords"]  # "Ambasador Ukrainy w Polsce X"
        ):
            # Only a connector or particle makes the rest a complement ("Ministro de X").
            complement = complement or name[0].low in connectors or name[0].low in particles
            name = name[1:]
        employer = [t for t in run[:first_role] if t.text not in p.words["name_stopwords"]]
        body = body_before_name(name, p)
        if body:
            # "Juru Bicara Kementerian Luar Negeri Teuku Faizasyah": the body the title
            # names, then the person.
            employer, name = name[:body], name[body:]
        if name and complement and len(name) == 1:
            # "Presidente da República", "Minister of Defence": the role's complement,
            # not the name of its holder.
            yield NameRun(name, False, [])
        elif complement and not body and sum(not t.text.islower() for t in name) > 2:
            # "Minister of Foreign Affairs Jan Petersen": the portfolio runs into the
            # name; its holder is the last two words (with any particle between them).
            yield NameRun(name[_last_words(name, 2) :], True, employer)
        elif name:
            yield NameRun(name, True, employer)
        elif employer and type_of(employer, p, titled=False) in (
            NodeKind.ORGANIZATION,
            NodeKind.OUTLET,
        ):
            # "Interior Minister says": a role with no name; only a named body before it
            # ("Defence Ministry spokesman") is an actor.
            yield NameRun(employer, False, [])


def _last_words(tokens: list[Token], n: int) -> int:
    """Where the last ``n`` capitalised words of ``tokens`` start: lower-case particles
    and connectors between them stay ("Ursula von der Leyen"); 0 when there are fewer."""
    seen = 0
    for k in range(len(tokens) - 1, -1, -1):
        if not tokens[k].text.islower():
            seen += 1
            if seen == n:
                return k
    return 0


def body_before_name(name: list[Token], p: Patterns) -> int:
    """How many tokens of a titled name are a body's name before the person's, in
    languages whose titles run into the name ("Kementerian Luar Negeri Teuku
    Faizasyah"): an organisation head and its complements, then two words or more."""
    complements = p.words["role_complements"]
    if not complements or not name:
        return 0
    if name[0].low not in p.words["org_heads"] and not _ACRONYM.match(name[0].text):
        return 0  # "Ketua Umum PSSI Erick Thohir": an acronym names a body too
    k = 1
    while k < len(name) and (name[k].low in complements or name[k].low in p.words["org_heads"]):
        k += 1
    rest = name[k:]
    if len(rest) < 2 or any(t.low in p.words["org_heads"] for t in rest):
        return 0
    return k


def _body_then_name(run: list[Token], p: Patterns) -> int:
    """In languages without articles, whose genitives follow their noun, a body's short
    name (a head word or an acronym, its adjectives and country before or after it) may
    stand right before a person's name in one capitalised run ("МИД Дэвида Кэмерона",
    "Минобороны США Джон Кирби", "Харківської ОВА Олега Синєгубова"): the number of the
    body's words, or 0."""
    if p.words["determiners"] or p.modifiers == "before" or len(run) < 3:
        return 0
    heads = p.words["org_heads"] | p.words["media_heads"]
    for j in range(min(3, len(run) - 2)):
        if not (run[j].low in heads or _ACRONYM.match(run[j].text)):
            continue
        k = j + 1
        while k < len(run) and run[k].text in p.words["name_stopwords"]:
            k += 1
        rest = run[k:]
        if len(rest) < 2 or not all(t.text[:1].isupper() and not t.text.isupper() for t in rest):
            continue
        if any(t.text in p.words["name_stopwords"] for t in rest):
            continue
        if type_of(rest, p, titled=False) is NodeKind.PERSON:
            return k
    return 0


def type_of(tokens: list[Token], p: Patterns, *, titled: bool) -> NodeKind | None:
    """What a run names: an outlet or organisation by its head words, else a person.

    None for a single word that could be anything (the caller decides from context).
    """
    # "Ministry's" is the head "ministry" with a possessive.
    lows = [t.low.removesuffix("'s").removesuffix("’s") for t in tokens]
    # "Post-Gazette": the last part of a hyphenated word heads it.
    if any(w.rsplit("-", 1)[-1] in p.words["media_heads"] for w in lows):
        return NodeKind.OUTLET
    if any(w in p.words["org_heads"] for w in lows) or any(
        w.endswith(s) for w in lows for s in p.words.get("org_suffixes", ()) if len(w) > len(s) + 2
    ):
        return NodeKind.ORGANIZATION
    if (
        len(tokens) == 1
        and _ACRONYM.match(tokens[0].text)
        and tokens[0].low not in p.words["roles"]
    ):
        return NodeKind.ORGANIZATION
    if titled:
        return NodeKind.PERSON
    if tokens[0].low in p.words["determiners"]:
        return NodeKind.OUTLET  # "The Hill", "The Conversation": a title, not a person
    # Particles and connectors count as such only in lower case ("Ben Marter" is a name).
    particles, connectors = _particles(p), name_connectors(p)
    real = [
        t for t in tokens if not (t.text.islower() and (t.low in particles or t.low in connectors))
    ]
    if any(t.text.islower() and t.low in connectors for t in tokens) and len(real) >= 2:
        return NodeKind.ORGANIZATION  # "Centre for Strategic Studies"
    if p.capitalised_nouns and len(real) < len(tokens):
        # "Dobrindt zu Drohnensichtungen", "Abschuss von Drohnen": where every noun has a
        # capital, "zu" and "von" join nouns far more often than a noble's names, which
        # a title or the registry vouches for ("Ministerin Ursula von der Leyen").
        return None
    if len(real) >= 2:
        return NodeKind.PERSON
    return None
