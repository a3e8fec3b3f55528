"""The medium a statement was given to, past the name of one of its programmes (it-04,
pt-c02, paraphrased with made-up names)."""

from __future__ import annotations

from loaders.documents import parse_document
from loaders.extract import extract
from loaders.registry import Registry


def _cited(text: str, registry: Registry, lang: str) -> set[str]:
    raw = f"<html lang='{lang}'><body><article><p>Title</p><p>{text}</p></article></body></html>"
    x = extract(parse_document(raw.encode(), uri="https://www.site.example/a/1"), registry)
    names = {n.key: n.name for n in x.subgraph.nodes}
    return {names[e.target] for e in x.subgraph.edges if e.type.wire == "cites"}


def test_programme_then_channel(registry: Registry) -> None:
    assert "La7" in _cited(
        "Lo dice Lorena Villa a Piazza Aperta su La7 mostrando i dati.", registry, "it"
    )
    assert "RT" in _cited(
        "The reform failed, Marta Ruiz told the Entrevista program on RT Spanish.", registry, "en"
    )


def test_programme_without_a_channel_cites_nothing(registry: Registry) -> None:
    assert _cited("Lo dice Lorena Villa a Piazza Aperta sulla riforma.", registry, "it") == set()
    assert (
        _cited(
            "The reform failed, Marta Ruiz told the Entrevista program about RT.", registry, "en"
        )
        == set()
    )
