"""The demo corpus's ground truth (examples/expected.yaml), checked edge by edge."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from graph.keys import article_key
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry
from tests.support.paths import EXAMPLES

EXPECTED: dict[str, Any] = yaml.safe_load((EXAMPLES / "expected.yaml").read_text("utf-8"))
ARTICLES = {a["id"]: a for a in EXPECTED["articles"]}


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Store:
    store = EmbeddedStore(tmp_path_factory.mktemp("examples") / "ex.db")
    report = ingest([str(EXAMPLES / "corpus")], store, registry)
    assert report.errors == 0, report.to_json()
    return store


def _key(article_id: str) -> str:
    return article_key(url=ARTICLES[article_id]["url"])


def _flow_edges(store: Store) -> set[tuple[str, str, str]]:
    return {
        (e.source, e.type.wire, e.target)
        for e in store.iter_edges()
        if e.type.wire in ("translates", "republishes", "cites")
    }


def test_every_article_is_ingested_with_its_metadata(corpus_store: Store) -> None:
    nodes = corpus_store.get_nodes(_key(i) for i in ARTICLES)
    assert len(nodes) == len(ARTICLES)
    for aid, spec in ARTICLES.items():
        node = nodes[_key(aid)]
        assert not node.stub, aid
        assert node.language == spec["language"], aid
        outlet = corpus_store.get_node(node.outlet or "")
        assert outlet is not None and outlet.name == spec["outlet"], aid


def test_all_links_resolve_inside_the_corpus(corpus_store: Store) -> None:
    stubs = [n.key for n in corpus_store.iter_nodes() if n.kind.value == "Article" and n.stub]
    assert stubs == []


@pytest.mark.parametrize("d", EXPECTED["derivations"], ids=lambda d: f"{d['from']}->{d['to']}")
def test_expected_derivations(corpus_store: Store, d: dict[str, Any]) -> None:
    assert (_key(d["from"]), d["type"], _key(d["to"])) in _flow_edges(corpus_store)


def test_no_other_derivations(corpus_store: Store) -> None:
    expected = {(_key(d["from"]), d["type"], _key(d["to"])) for d in EXPECTED["derivations"]}
    found = {e for e in _flow_edges(corpus_store) if e[1] != "cites"}
    assert found == expected


@pytest.mark.parametrize(
    "c", [c for c in EXPECTED["citations"] if "to" in c], ids=lambda c: f"{c['from']}->{c['to']}"
)
def test_expected_article_citations(corpus_store: Store, c: dict[str, Any]) -> None:
    edges = {(s, t) for s, _k, t in _flow_edges(corpus_store)}
    assert (_key(c["from"]), _key(c["to"])) in edges


@pytest.mark.parametrize(
    "bad", EXPECTED["not_expected"], ids=lambda b: f"{b['from']}->{b.get('to', b.get('to_outlet'))}"
)
def test_traps_are_avoided(corpus_store: Store, bad: dict[str, Any]) -> None:
    source = _key(bad["from"])
    edges = [e for e in _flow_edges(corpus_store) if e[0] == source]
    if bad.get("to") == "any":
        assert edges == []
    elif "to" in bad:
        assert not [e for e in edges if e[2] == _key(bad["to"])]
    else:
        outlet = next(n.key for n in corpus_store.iter_nodes() if n.name == bad["to_outlet"])
        assert not [e for e in edges if e[2] == outlet]
