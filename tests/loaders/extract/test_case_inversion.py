"""Inverted speech verbs in languages that decline nouns and have no articles (cs, pl,
ru, uk): phrases between the verb and its subject, which case, not an article, marks.
Sentences paraphrase real pages (cs-e01, pl-e01) with made-up names."""

from __future__ import annotations

import pytest

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.registry import Registry


def _quoted(text: str, registry: Registry, lang: str) -> set[str]:
    raw = f"<html lang='{lang}'><body><article><p>Titulek</p><p>{text}</p></article></body></html>"
    x = extract(parse_document(raw.encode(), uri="https://www.site.example/a/1"), registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    return {names[e.target] for e in x.subgraph.edges if e.type.wire == "quotes"}


@pytest.mark.parametrize(
    ("lang", "text", "speaker"),
    [
        # prepositional phrases and a dative addressee before the role (cs-e01)
        (
            "cs",
            "„Dotace nepřijdou,“ řekl při příchodu na jednání novinářům ministr zemědělství "
            "Ondřej Malina.",
            "Ondřej Malina",
        ),
        # an addressee in the dative, then the role (pl-e01)
        (
            "pl",
            "„Nie zgadzamy się z tym”, powiedział tygodnikowi rzecznik MSZ Tomasz Wilk.",
            "Tomasz Wilk",
        ),
        # a place inside the phrase
        (
            "ru",
            "«Мы не согласны», — заявил на брифинге в Москве глава ведомства Игорь Седов.",
            "Игорь Седов",
        ),
        (
            "uk",
            "«Ми не згодні», — заявив на брифінгу в Києві речник МЗС Олег Гриценко.",
            "Олег Гриценко",
        ),
    ],
)
def test_speaker_after_phrases(registry: Registry, lang: str, text: str, speaker: str) -> None:
    assert speaker in _quoted(text, registry, lang)


@pytest.mark.parametrize(
    ("lang", "text", "not_speaker"),
    [
        # the role right after a preposition is its object: the minister is talked about
        ("cs", "„To neprojde,“ řekl o ministrovi zemědělství Ondřeji Malinovi premiér.", "Malin"),
        ("pl", "„To nie przejdzie”, powiedział o rzeczniku MSZ Tomaszu Wilku premier.", "Wil"),
        # a role in an oblique case ends no phrase (uk-04): "citing the words of the
        # spokesman" quotes him through the citing cue, in the nominative only
        (
            "uk",
            "Про це повідомляє РБК-Україна з посиланням на слова прес-секретаря президента "
            "України Сергія Гнатюка.",
            "Сергія",
        ),
    ],
)
def test_no_speaker_after_an_oblique_role(
    registry: Registry, lang: str, text: str, not_speaker: str
) -> None:
    assert not any(not_speaker in name for name in _quoted(text, registry, lang))
