"""Small, hand-made pages for single extraction rules (and regressions)."""

from __future__ import annotations

import random
import re

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.extract.text import whole_words as _whole_words
from loaders.registry import Registry


def _page(body: str, *, author: str = "Desk Editor", lang: str = "en") -> bytes:
    return (
        f"<html lang='{lang}'><head><title>Site headline | Site</title>"
        f"<meta name='author' content='{author}'>"
        "<link rel='canonical' href='https://www.site.example/a/1'></head><body><article>"
        f"{body}"
        "<p>A closing paragraph gives the extractor enough text to keep the article body.</p>"
        "</article></body></html>"
    ).encode()


def _targets(raw: bytes, registry: Registry, kind: str, uri: str = "p.html") -> set[str]:
    x = extract(parse_document(raw, uri=uri), registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    return {names[e.target] for e in x.subgraph.edges if e.type.wire == kind}


def test_metadata_author_does_not_hide_the_first_paragraph(registry: Registry) -> None:
    """Regression: the author's fallback evidence span used to swallow paragraph one."""
    raw = _page(
        "<p>The Varnian Ministry of Foreign Affairs said on Thursday that the drills "
        "were a threat to the region and to the dam on the Selva river.</p>"
    )
    assert "Varnian Ministry of Foreign Affairs" in _targets(raw, registry, "quotes")
    assert _targets(raw, registry, "written_by") == {"Desk Editor"}


def _text_targets(text: str, registry: Registry, kind: str = "quotes") -> set[str]:
    return _targets(text.encode(), registry, kind, uri="note.txt")


def test_untitled_speaker_after_the_verb(registry: Registry) -> None:
    text = (
        "Grève au port\n\n« Deux jours, on peut l'absorber », a déclaré sa présidente, "
        "Hélène Castagné. La direction a indiqué son directeur général, Arnaud Lefébure, "
        "dans un communiqué.\n"
    )
    assert {"Hélène Castagné", "Arnaud Lefébure"} <= _text_targets(text, registry)


def test_untitled_speaker_before_a_long_apposition(registry: Registry) -> None:
    text = (
        'Talks suspended\n\n"We are leaving with a calendar," Teodor Halmi, director of the '
        "Kestrian Water Authority and head of his country's delegation, told reporters.\n"
    )
    assert "Teodor Halmi" in _text_targets(text, registry)


def test_places_and_dates_are_not_speakers(registry: Registry) -> None:
    text = (
        "Drills\n\nThe colonel told reporters in Grand Harbour on Friday that nothing "
        "happened. On Saturday Kestria said the drills were over.\n"
    )
    quoted = _text_targets(text, registry)
    assert "Grand Harbour" not in quoted
    assert not any(name.startswith("Saturday") for name in quoted)


def _lang_targets(text: str, registry: Registry, lang: str) -> set[tuple[str, str, str]]:
    from dataclasses import replace

    doc = replace(parse_document(f"Note\n\n{text}\n".encode(), uri="note.txt"), language=lang)
    x = extract(doc, registry)
    nodes = {n.key: n for n in x.subgraph.nodes}
    return {
        (e.type.wire, nodes[e.target].name, nodes[e.target].kind.value) for e in x.subgraph.edges
    }


def test_an_unknown_medium_after_a_cue_is_an_outlet_and_a_name_a_person(
    registry: Registry,
) -> None:
    found = _lang_targets(
        "Según Radio Nacional de Venezuela, el apagón duró horas. "
        "Según Rosa Elvira Márquez, nadie fue advertido.",
        registry,
        "es",
    )
    assert ("cites", "Radio Nacional de Venezuela", "Outlet") in found
    assert any(k == "quotes" and n.startswith("Rosa Elvira") for k, n, _kind in found)
    # The cue's own "to"/"a" is not a place preposition.
    found = _lang_targets("According to John Halloway, the talks failed.", registry, "en")
    assert ("quotes", "John Halloway", "Person") in found


def test_spelled_out_abbreviations_and_headings_are_not_credits(registry: Registry) -> None:
    found = _lang_targets(
        "Le film a été diffusé sur Russia Today (RT).\nRELATED ARTICLES\nLa suite demain matin.",
        registry,
        "fr",
    )
    assert not [f for f in found if f[0] in ("cites", "written_by")]
    found = _lang_targets("Les négociations reprendront lundi (AFP).", registry, "fr")
    assert ("cites", "AFP", "Outlet") in found


def test_unregistered_outlet_crediting_its_own_translation(registry: Registry) -> None:
    """Regression: a site outside the registry is keyed by its domain on its own page
    but by its name in "Traduit … par Courier 0165"; that mismatch made the page look
    like a repost of someone else's translation, with a title-only stand-in between."""
    raw = (
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        "<title>Les sanctions frappent le secteur agricole</title>"
        "<meta property='og:site_name' content='Courier 0165'>"
        "<meta property='og:url' content='https://courier-0165.example/2026/03/sanctions'>"
        "</head><body><article><h1>Les sanctions frappent le secteur agricole</h1>"
        "<p>Les exportateurs de céréales de la région de Rostov affirment que les nouvelles "
        "restrictions bancaires retardent les paiements de plusieurs semaines.</p>"
        "<p>Les coopératives estiment que les pertes pourraient atteindre plusieurs millions "
        "de dollars avant la fin de la saison, selon les associations locales.</p>"
        "<p>Traduit de l'anglais par Courier 0165</p>"
        "<p>Source : <a href='https://www.rt.com/business/123456-grain/'>RT</a></p>"
        "</article></body></html>"
    ).encode()
    x = extract(parse_document(raw, uri="page.html"), registry)
    edges = {(e.type.wire, e.source, e.target) for e in x.subgraph.edges}
    assert ("translates", x.article, "article:https://rt.com/business/123456-grain") in edges
    assert not [
        n
        for n in x.subgraph.nodes
        if n.stub and n.key != "article:https://rt.com/business/123456-grain"
    ]
    assert {e.type.wire for e in x.subgraph.edges if e.source == x.article} == {
        "published_by",
        "translates",
    }


def test_whole_words_finds_what_the_word_bounded_pattern_finds() -> None:
    """The surname scan replaced a pattern per name; it must find the very same spans."""
    rng = random.Random(5)
    alphabet = "ab_ -é1.'Ж"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3)))
        expected = [
            (m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text)
        ]
        assert list(_whole_words(text, word)) == expected, (text, word)
