"""Resolution: cited titles attach to the real article (now or when it arrives later),
aliases in any language meet on one node, and near misses never merge."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.keys import article_key, entity_key
from graph.models import Edge, Evidence, Node
from graph.schema import EdgeKind, NodeKind
from graph.store.embedded import EmbeddedStore
from loaders.documents import parse_document
from loaders.extract import extract
from loaders.ingest import ingest
from loaders.registry import Registry
from loaders.resolve import Merge, find_merges, same_title

REAL_TITLE = "VIDEO of fake chemical attack in Syria already complete, White Helmets co-produced footage – Moscow"


def _real_page(title: str, url: str) -> str:
    return (
        f"<html lang='en'><head><title>{title}</title>"
        f"<link rel='canonical' href='{url}'></head><body><article><h1>{title}</h1>"
        "<p>The footage was filmed in a village in Idlib province, the ministry said, and "
        "will be shown as evidence of a chemical attack by government forces.</p>"
        "<p>A second paragraph gives the extractor enough text to keep the body.</p>"
        "</article></body></html>"
    )


def _citing_text(cited: str) -> str:
    return (
        "La vidéo de la prochaine fausse attaque chimique est prête\n\n"
        "Le tournage s'est achevé mardi dans un village de la province d'Idlib.\n\n"
        f"Source : {cited}\n"
        "Traduit par Réseau International\n"
    )


def _stubs(store: EmbeddedStore) -> list[Node]:
    return [n for n in store.iter_nodes(NodeKind.ARTICLE) if n.stub]


@pytest.mark.parametrize(
    "cited",
    [
        REAL_TITLE,
        REAL_TITLE.replace("–", "-"),
        REAL_TITLE.replace("already", "allready"),  # a typo in the copy
        REAL_TITLE.upper(),
    ],
)
def test_a_cited_title_attaches_to_the_real_article(
    tmp_path: Path, registry: Registry, cited: str
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    url = "https://www.rt.com/news/437893-fake-chemical-attack-video/"
    (corpus / "rt.html").write_text(_real_page(REAL_TITLE, url), encoding="utf-8")
    (corpus / "ri.txt").write_text(_citing_text(cited), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "g.db")
    report = ingest([str(corpus)], store, registry)
    assert report.errors == 0
    assert [m.into for m in report.merges] == [article_key(url=url)]
    translates = [e for e in store.iter_edges() if e.type is EdgeKind.TRANSLATES]
    assert [e.target for e in translates] == [article_key(url=url)]
    assert all(n.outlet != "outlet:rt" for n in _stubs(store))


def test_a_stub_merges_when_the_real_article_arrives_later(
    tmp_path: Path, registry: Registry
) -> None:
    store = EmbeddedStore(tmp_path / "g.db")
    first, second = tmp_path / "ri.txt", tmp_path / "rt.html"
    first.write_text(_citing_text(REAL_TITLE), encoding="utf-8")
    ingest([str(first)], store, registry)
    [stub] = [n for n in _stubs(store) if n.title == REAL_TITLE]
    url = "https://www.rt.com/news/437893-fake-chemical-attack-video/"
    second.write_text(_real_page(REAL_TITLE, url), encoding="utf-8")
    report = ingest([str(second)], store, registry)
    assert [(m.stub, m.into) for m in report.merges] == [(stub.key, article_key(url=url))]
    assert store.get_node(stub.key) is None
    [edge] = [e for e in store.iter_edges() if e.type is EdgeKind.TRANSLATES]
    assert edge.target == article_key(url=url)


def _upsert_articles(store: EmbeddedStore, titles: list[tuple[str, bool]]) -> list[str]:
    nodes, keys = [], []
    for title, stub in titles:
        key = (
            article_key(outlet=None, title=title)
            if stub
            else article_key(url=f"https://news.example/{len(keys)}")
        )
        keys.append(key)
        nodes.append(
            Node(key=key, kind=NodeKind.ARTICLE, name=title, title=title, stub=stub,
                 url=None if stub else f"https://news.example/{len(keys) - 1}")
        )  # fmt: skip
    cite = Edge(
        type=EdgeKind.CITES,
        source=keys[-1],
        target=keys[0],
        evidence=[Evidence(text="x", start=0, end=1, document="d", method="manual", pattern="t",
                           confidence=1.0)],
    )  # fmt: skip
    store.upsert(nodes, [cite] if keys[-1] != keys[0] else [])
    return keys


@pytest.mark.parametrize(
    ("stub_title", "real_title"),
    [
        ("Five killed in strike on Idlib hospital", "Six killed in strike on Idlib hospital"),
        ("US to send 2,000 troops to Poland", "US to send 3,000 troops to Poland"),
        ("Russia says drones shot down over Belgorod", "Russia says drones shot down over Kursk"),
        ("Kremlin denies talks with Kyiv", "Kremlin confirms talks with Kyiv"),
    ],
)
def test_a_near_miss_title_never_merges(tmp_path: Path, stub_title: str, real_title: str) -> None:
    assert same_title(stub_title, real_title) is None
    store = EmbeddedStore(tmp_path / "g.db")
    stub, real = _upsert_articles(store, [(stub_title, True), (real_title, False)])
    assert find_merges(store) == []
    assert store.get_node(stub) is not None and store.get_node(real) is not None


def test_an_ambiguous_title_is_left_alone(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g.db")
    title = "Moscow accuses Kyiv of staging provocation"
    keys = _upsert_articles(store, [(title, True), (title, False), (title, False)])
    assert find_merges(store) == []
    assert store.get_node(keys[0]) is not None


def test_two_stubs_of_one_cited_title_become_one(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "g.db")
    a = "How the West lost the information war"
    keys = _upsert_articles(store, [(a, True), (a.replace("West", "west") + " ", True)])
    # Same normalised title, same (no) outlet: the keys are already one node.
    assert keys[0] == keys[1]
    b_key = article_key(outlet=entity_key(NodeKind.OUTLET, "RT"), title=a.replace("lost", "lost,"))
    store.upsert(
        [Node(key=b_key, kind=NodeKind.ARTICLE, name=a, title=a + " –", stub=True,
              outlet=entity_key(NodeKind.OUTLET, "RT"))],
        [],
    )  # fmt: skip
    merges = find_merges(store)
    assert len(merges) == 1 and {merges[0].stub, merges[0].into} == {keys[0], b_key}
    assert len(_stubs(store)) == 2  # finding writes nothing
    store.merge_stubs([(m.stub, m.into) for m in merges])
    assert len(_stubs(store)) == 1


def test_an_unknown_name_becomes_a_new_node_not_a_near_match(registry: Registry) -> None:
    text = (
        "Déclarations\n\n« Rien n'est décidé », a déclaré Sergueï Lavrenko, conseiller "
        "régional. « Tout est prêt », a déclaré Sergueï Lavrov.\n"
    )
    doc = replace(parse_document(text.encode(), uri="n.txt"), language="fr")
    x = extract(doc, registry)
    nodes = {n.key: n for n in x.subgraph.nodes}
    quoted = {nodes[e.target].name for e in x.subgraph.edges if e.type is EdgeKind.QUOTES}
    assert quoted == {"Sergueï Lavrenko", "Sergey Lavrov"}
    assert entity_key(NodeKind.PERSON, "Sergueï Lavrenko") in nodes


@pytest.mark.parametrize(
    ("spelling", "known"),
    [("Dmitrij Peskov", "Dmitry Peskov"), ("Maria Zakharowa", "Maria Zakharova"),
     ("Sergueï Lavrenko", None), ("Dmitri Medvedchuk", None), ("Igor Konashenko", "Igor Konashenkov"),
     ("Sergei Lavrov Jr", None)],
)  # fmt: skip
def test_a_transliterated_name_finds_its_person_and_a_near_miss_does_not(
    registry: Registry, spelling: str, known: str | None
) -> None:
    entry = registry.by_spelling(spelling, kind=NodeKind.PERSON)
    assert (entry.name if entry else None) == known


@pytest.mark.parametrize(
    "name",
    ["Sergueï Lavrov", "Sergej Lawrow", "Сергей Лавров", "سيرغي لافروف", "SERGEI LAVROV"],
)
def test_a_person_in_any_language_is_one_node(registry: Registry, name: str) -> None:
    entry = registry.by_name(name, kinds=[NodeKind.PERSON])
    assert entry is not None and entry.key == entity_key(NodeKind.PERSON, "Sergey Lavrov")


def test_finding_merges_writes_nothing_and_the_writer_applies_them_at_once(
    tmp_path: Path,
) -> None:
    """Resolution reads; the ingest writer folds every stub in one transaction."""
    store = EmbeddedStore(tmp_path / "g.db")
    title = "Lavrov: West wants to destroy Russia"
    stub, real = _upsert_articles(store, [(title, True), (title.upper(), False)])
    merges = find_merges(store)
    assert merges == [Merge(stub, real, 100.0)]
    assert store.get_node(stub) is not None
    store.merge_stubs([(m.stub, m.into) for m in merges])
    assert store.get_node(stub) is None and store.get_node(real) is not None
