"""What kind of actor a name is, and whether a name before a verb is its subject:
regressions from real pages (en-e02, es-e02), paraphrased with made-up names."""

from __future__ import annotations

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.registry import Registry


def _edges(text: str, registry: Registry, lang: str) -> set[tuple[str, str]]:
    raw = f"<html lang='{lang}'><body><article><p>Title</p><p>{text}</p></article></body></html>"
    x = extract(parse_document(raw.encode(), uri="https://www.site.example/a/1"), registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    return {(e.type.wire, names[e.target]) for e in x.subgraph.edges}


def test_a_name_ending_in_a_media_word_before_a_role_is_a_person(registry: Registry) -> None:
    """es-e02: "Gerardo Peñalver Portal, director general de …": "Portal" is a surname."""
    found = _edges(
        "Tomás Ribera Portal, director general de Asuntos Bilaterales del ministerio, afirmó "
        "que no habrá cambios.",
        registry,
        "es",
    )
    assert ("quotes", "Tomás Ribera Portal") in found
    assert not any(kind == "cites" for kind, _ in found)


def test_an_outlet_before_a_comma_and_a_role_stays_an_outlet(registry: Registry) -> None:
    found = _edges("El Washington Post, director de la campaña, dijo algo.", registry, "es")
    assert not any(kind == "quotes" and "Post" in name for kind, name in found)


def test_a_name_after_a_cardinal_modifies_a_counted_noun(registry: Registry) -> None:
    """en-e02: "sent them to over 20 U.S. states and cities, Mao said": "states" is a noun."""
    found = _edges(
        "Local groups sent them to over 20 U.S. states and cities, Lin said.", registry, "en"
    )
    assert ("quotes", "Lin") in found
    assert not any("U.S" in name for _, name in found)


def test_a_date_or_a_year_before_the_subject_is_no_count(registry: Registry) -> None:
    assert ("cites", "Xinhua") in _edges(
        "On Sept. 18 Xinhua said the talks failed.", registry, "en"
    )
    assert ("cites", "Reuters") in _edges(
        "In 2023 Reuters reported the talks failed.", registry, "en"
    )
