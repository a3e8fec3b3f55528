"""Known-answer query cases, run on both stores with the same expected answers.

The graph (content flows left to right; edges are stored the other way, derived ->
source, as citations point)::

    s1 (S, en, t0) --translates .9--> i1 (I, fr, +5h) --republishes .8--> d1 (D, fr, +30h)
       |                                   ^                               |   |
       |                                   +------- cites .5 (a cycle) ----+   |
       +--republishes .7, text_reuse--> j1 (J, en, undated) --cites .6--> d1   |
       +--translates .95--> d2 (D, de, -2h: "before" its source)              |
    d1 --translates .9--> f1 (F, it, +40h) --republishes .9--> f2 (F, it, +50h)
    x1 (X) is unrelated.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from graph.errors import BadInput, NotFound, QueryTimeout
from graph.models import Edge, Evidence, Node
from graph.queries import (
    AmplificationOptions,
    FlowOptions,
    PathOptions,
    amplification,
    article_detail,
    autocomplete,
    find_paths,
    outlet_graph,
    outlet_profile,
    search,
)
from graph.results import dump
from graph.schema import EdgeKind, NodeKind, OutletKind
from graph.store import Store

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
OUTLETS = {
    "S": ("Source Today", OutletKind.STATE_MEDIA, "source-today.example"),
    "I": ("Intermedia", OutletKind.ALTERNATIVE, "intermedia.example"),
    "J": ("Jumper News", OutletKind.AGGREGATOR, "jumper.example"),
    "D": ("Destination Daily", OutletKind.ALTERNATIVE, "destination.example"),
    "F": ("Fiume Libero", OutletKind.ALTERNATIVE, "fiume.example"),
    "X": ("Xeno Control", OutletKind.MAINSTREAM, "xeno.example"),
}
# key: (outlet, language, hours after T0 or None)
ARTICLES = {
    "s1": ("S", "en", 0),
    "i1": ("I", "fr", 5),
    "j1": ("J", "en", None),
    "d1": ("D", "fr", 30),
    "d2": ("D", "de", -2),
    "f1": ("F", "it", 40),
    "f2": ("F", "it", 50),
    "x1": ("X", "en", 1),
}
# (derived, relation, source, confidence, method)
FLOWS = [
    ("i1", EdgeKind.TRANSLATES, "s1", 0.9, "pattern"),
    ("j1", EdgeKind.REPUBLISHES, "s1", 0.7, "text_reuse"),
    ("d2", EdgeKind.TRANSLATES, "s1", 0.95, "pattern"),
    ("d1", EdgeKind.REPUBLISHES, "i1", 0.8, "pattern"),
    ("d1", EdgeKind.CITES, "j1", 0.6, "hyperlink"),
    ("i1", EdgeKind.CITES, "d1", 0.5, "pattern"),
    ("f1", EdgeKind.TRANSLATES, "d1", 0.9, "pattern"),
    ("f2", EdgeKind.REPUBLISHES, "f1", 0.9, "pattern"),
]


def _outlet(code: str) -> str:
    return f"outlet:{code.lower()}"


def _art(code: str) -> str:
    return f"article:{code}"


def _evidence(text: str, confidence: float, method: str) -> Evidence:
    return Evidence(
        text=text,
        start=0,
        end=len(text),
        document="doc:known",
        method=method,
        pattern=None if method == "text_reuse" else "known",
        confidence=confidence,
    )


@pytest.fixture
def known(store: Store) -> Store:
    nodes = [
        Node(
            key=_outlet(code),
            kind=NodeKind.OUTLET,
            name=name,
            outlet_kind=kind,
            domains=[domain],
        )
        for code, (name, kind, domain) in OUTLETS.items()
    ]
    edges = []
    for code, (outlet, language, hours) in ARTICLES.items():
        nodes.append(
            Node(
                key=_art(code),
                kind=NodeKind.ARTICLE,
                name=f"Article {code}",
                title=f"Article {code}",
                language=language,
                outlet=_outlet(outlet),
                published=None if hours is None else T0 + timedelta(hours=hours),
            )
        )
        edges.append(Edge(type=EdgeKind.PUBLISHED_BY, source=_art(code), target=_outlet(outlet)))
    for derived, kind, source, confidence, method in FLOWS:
        edges.append(
            Edge(
                type=kind,
                source=_art(derived),
                target=_art(source),
                evidence=[_evidence(f"{derived} {kind.wire} {source}", confidence, method)],
            )
        )
    store.upsert(nodes, edges)
    return store


def _chains(result: dict[str, Any]) -> list[list[str]]:
    return [[n["key"].removeprefix("article:") for n in p["nodes"]] for p in result["paths"]]


def test_paths_rank_by_strength_in_flow_order(known: Store) -> None:
    result = dump(find_paths(known, "Source Today", "Destination Daily", options=PathOptions(k=5)))
    assert result["order"] == "flow"
    assert _chains(result) == [["s1", "d2"], ["s1", "i1", "d1"], ["s1", "j1", "d1"]]
    second = result["paths"][1]
    assert [h["type"] for h in second["hops"]] == ["translates", "republishes"]
    assert [h["lag_hours"] for h in second["hops"]] == [5.0, 25.0]
    assert second["hops"][0]["evidence"][0]["text"] == "i1 translates s1"
    assert second["confidence"] == 0.8 and second["strength"] == 0.72
    assert result["paths"][2]["hops"][0]["lag_hours"] is None  # j1 has no date
    assert [h["from_name"] for h in second["outlet_hops"]] == ["Source Today", "Intermedia"]
    assert [h["hops"] for h in second["outlet_hops"]] == [[0], [1]]
    assert [c["outlets"] for c in result["outlet_chains"]] == [
        ["Source Today", "Destination Daily"],
        ["Source Today", "Intermedia", "Destination Daily"],
        ["Source Today", "Jumper News", "Destination Daily"],
    ]


def test_path_options_narrow_the_answer(known: Store) -> None:
    def chains(**kw: Any) -> list[list[str]]:
        options = PathOptions(k=5, **kw)
        return _chains(
            dump(find_paths(known, "Source Today", "Destination Daily", options=options))
        )

    # Names, domains and keys all name the same outlets.
    assert chains() == _chains(
        dump(find_paths(known, "source-today.example", "outlet:d", options=PathOptions(k=5)))
    )
    assert chains(time_respecting=True) == [["s1", "i1", "d1"], ["s1", "j1", "d1"]]
    assert chains(exclude_methods=frozenset({"text_reuse"})) == [["s1", "d2"], ["s1", "i1", "d1"]]
    assert chains(min_confidence=0.75) == [["s1", "d2"], ["s1", "i1", "d1"]]
    assert chains(types=(EdgeKind.TRANSLATES,)) == [["s1", "d2"]]
    assert chains(max_hops=1) == [["s1", "d2"]]
    assert _chains(
        dump(find_paths(known, "Source Today", "Destination Daily", options=PathOptions(k=1)))
    ) == [["s1", "d2"]]


def test_paths_between_articles_cycles_and_direction(known: Store) -> None:
    assert _chains(dump(find_paths(known, "article:s1", "article:d1"))) == [
        ["s1", "i1", "d1"],
        ["s1", "j1", "d1"],
    ]
    # The cycle i1 -> d1 -> i1 gives a second, longer route into I, never a loop.
    assert _chains(dump(find_paths(known, "outlet:s", "Intermedia", options=PathOptions(k=5)))) == [
        ["s1", "i1"],
        ["s1", "j1", "d1", "i1"],
    ]
    assert dump(find_paths(known, "Destination Daily", "Source Today"))["paths"] == []  # flow order
    assert dump(find_paths(known, "Source Today", "Xeno Control"))["paths"] == []
    through_f = dump(find_paths(known, "outlet:s", "Fiume Libero"))
    assert _chains(through_f)[0] == ["s1", "i1", "d1", "f1"]
    assert through_f["paths"][0]["outlet_hops"][-1]["to_name"] == "Fiume Libero"


def test_unknown_names_suggest_close_matches(known: Store) -> None:
    with pytest.raises(NotFound) as info:
        dump(find_paths(known, "Sourse Todai", "outlet:d"))
    assert info.value.details["suggestions"][0] == {
        "key": "outlet:s",
        "name": "Source Today",
        "kind": "Outlet",
    }
    with pytest.raises(NotFound) as info:
        dump(amplification(known, "zzzz qqqq"))
    assert info.value.details["suggestions"] == []
    with pytest.raises(NotFound) as info:
        dump(outlet_profile(known, "Fiume Libro"))
    assert [s["key"] for s in info.value.details["suggestions"]] == ["outlet:f"]


def test_amplification_known_answer(known: Store) -> None:
    result = dump(amplification(known, "Source Today"))
    assert (result["size"], result["depth"], result["breadth"]) == (6, 4, 3)
    assert result["per_depth"] == [
        {"depth": 1, "articles": 3},
        {"depth": 2, "articles": 1},
        {"depth": 3, "articles": 1},
        {"depth": 4, "articles": 1},
    ]
    assert [(o["name"], o["articles"], o["first_depth"]) for o in result["outlets"]] == [
        ("Destination Daily", 2, 1),
        ("Intermedia", 1, 1),
        ("Jumper News", 1, 1),
        ("Fiume Libero", 2, 3),
    ]
    assert result["languages"] == {"de": 1, "en": 1, "fr": 2, "it": 2}
    lag = result["lag_hours"]
    # Dated hops: s1>i1 5, s1>d2 -2, d1>i1 -25 (the cycle), i1>d1 25, d1>f1 10, f1>f2 10.
    assert (lag["hops_dated"], lag["min"], lag["median"]) == (6, -25.0, 7.5)
    assert lag["per_depth"][0] == {"depth": 1, "hops_dated": 3, "min": -25.0, "median": -2.0}
    # d1 is reached by two independent routes, so no article carries it alone; f1 and
    # f2 are reached only through d1 (Destination Daily).
    assert [(b["key"], b["through"], b["share"]) for b in result["bridges"]] == [
        ("article:d1", 2, 0.3333),
        ("article:f1", 1, 0.1667),
    ]
    assert [(b["key"], b["through"]) for b in result["bridge_outlets"]] == [("outlet:d", 2)]
    assert [o["key"] for o in result["top_amplifiers"]] == [
        "outlet:d",
        "outlet:f",
        "outlet:i",
        "outlet:j",
    ]
    assert result["timeline"] == [
        {"date": "2026-03-01", "articles": 2},
        {"date": "2026-03-02", "articles": 1},
        {"date": "2026-03-03", "articles": 2},
    ]
    assert result["articles_total"] == 6 and len(result["edges"]) == 8


def test_amplification_filters(known: Store) -> None:
    def size(**kw: Any) -> int:
        return int(
            dump(amplification(known, "outlet:s", options=AmplificationOptions(**kw)))["size"]
        )

    assert size(max_hops=1) == 3
    assert size(types=(EdgeKind.TRANSLATES,)) == 2  # i1 and d2: d1 only republishes i1
    assert size(min_confidence=0.75) == 5  # j1 (.7) is out; d1 still comes via i1
    assert size(exclude_methods=frozenset({"text_reuse"})) == 5
    # The window counts d1, f1, f2 (j1 is undated) but still follows the cascade.
    assert size(since=datetime(2026, 3, 2, tzinfo=UTC)) == 3
    assert size(until=datetime(2026, 3, 1, 23, 59, tzinfo=UTC)) == 2
    listed = dump(amplification(known, "outlet:s", options=AmplificationOptions(limit=2)))
    assert listed["articles_total"] == 6 and len(listed["articles"]) == 2
    article = dump(amplification(known, "article:d1"))
    assert [a["key"] for a in article["articles"]] == ["article:f1", "article:i1", "article:f2"]
    with pytest.raises(BadInput):
        AmplificationOptions(since=datetime(2026, 3, 2), until=datetime(2026, 3, 1))


def test_outlet_graph_analytics(known: Store) -> None:
    graph = dump(outlet_graph(known))
    edges = {(e["from"], e["to"]): e["types"] for e in graph["edges"]}
    assert edges == {
        ("outlet:s", "outlet:i"): {"translates": 1},
        ("outlet:s", "outlet:j"): {"republishes": 1},
        ("outlet:s", "outlet:d"): {"translates": 1},
        ("outlet:i", "outlet:d"): {"republishes": 1},
        ("outlet:j", "outlet:d"): {"cites": 1},
        ("outlet:d", "outlet:i"): {"cites": 1},
        ("outlet:d", "outlet:f"): {"translates": 1},
    }
    by_key = {o["key"]: o for o in graph["outlets"]}
    assert "outlet:x" not in by_key  # exchanges nothing
    assert {k: (o["in_degree"], o["out_degree"]) for k, o in by_key.items()} == {
        "outlet:d": (3, 2),
        "outlet:f": (1, 0),
        "outlet:i": (2, 1),
        "outlet:j": (1, 1),
        "outlet:s": (0, 3),
    }
    assert max(by_key.values(), key=lambda o: o["betweenness"])["key"] == "outlet:d"
    assert by_key["outlet:s"]["betweenness"] == 0.0 and by_key["outlet:f"]["betweenness"] == 0.0
    assert max(by_key.values(), key=lambda o: o["source_rank"])["key"] == "outlet:s"
    narrow = dump(
        outlet_graph(known, options=FlowOptions(exclude_methods=frozenset({"text_reuse"})))
    )
    assert ("outlet:s", "outlet:j") not in {(e["from"], e["to"]) for e in narrow["edges"]}


def test_lookups(known: Store) -> None:
    hits = dump(search(known, "source"))
    assert hits["count"] == 1 and hits["data"][0]["key"] == "outlet:s"
    articles = dump(search(known, "article", kinds=(NodeKind.ARTICLE,), limit=3, offset=2))
    assert articles["count"] == 8 and [a["key"] for a in articles["data"]] == [
        "article:f1",
        "article:f2",
        "article:i1",
    ]
    assert [c["key"] for c in dump(autocomplete(known, "Fi"))] == ["outlet:f"]
    assert [c["name"] for c in dump(autocomplete(known, "art", limit=2))] == [
        "Article d1",
        "Article d2",
    ]
    assert dump(autocomplete(known, "?!")) == []
    profile = dump(outlet_profile(known, "destination.example"))
    assert profile["key"] == "outlet:d" and profile["article_count"] == 2
    assert profile["article_languages"] == {"de": 1, "fr": 1}
    assert [(o["key"], o["edges"]) for o in profile["upstream_outlets"]] == [
        ("outlet:i", 1),
        ("outlet:j", 1),
        ("outlet:s", 1),
    ]
    assert [o["key"] for o in profile["downstream_outlets"]] == ["outlet:f", "outlet:i"]
    detail = dump(article_detail(known, "article:d1"))
    assert {(e["type"], e["node"]["key"]) for e in detail["edges_out"]} == {
        ("published_by", "outlet:d"),
        ("republishes", "article:i1"),
        ("cites", "article:j1"),
    }
    assert {e["node"]["key"] for e in detail["edges_in"]} == {"article:i1", "article:f1"}
    with pytest.raises(NotFound):
        dump(article_detail(known, "article:none"))


def test_timeout_is_a_clean_error(known: Store) -> None:
    with pytest.raises(QueryTimeout):
        dump(
            find_paths(
                known, "Source Today", "Destination Daily", options=PathOptions(timeout=1e-9)
            )
        )
    with pytest.raises(QueryTimeout):
        dump(amplification(known, "outlet:s", options=AmplificationOptions(timeout=1e-9)))


def test_empty_graph(store: Store) -> None:
    with pytest.raises(NotFound) as info:
        dump(find_paths(store, "RT", "Mondialisation.ca"))
    assert info.value.details["suggestions"] == []
    assert dump(outlet_graph(store)) == {"order": "flow", "outlets": [], "edges": []}
    assert dump(search(store, "rt")) == {"data": [], "count": 0}
    assert dump(autocomplete(store, "rt")) == []


def test_isolated_source_has_an_empty_cascade(known: Store) -> None:
    result = dump(amplification(known, "Xeno Control"))
    assert (result["size"], result["depth"], result["breadth"]) == (0, 0, 0)
    assert result["lag_hours"] == {"hops_dated": 0, "min": None, "median": None, "per_depth": []}
    assert result["bridges"] == [] and result["timeline"] == []


def test_parallel_relations_keep_the_strongest(known: Store) -> None:
    # A second, stronger relation between d1 and i1 (its id sorts after the first one's).
    extra = Edge(
        type=EdgeKind.TRANSLATES,
        source=_art("d1"),
        target=_art("i1"),
        evidence=[_evidence("d1 translates i1", 0.85, "pattern")],
    )
    known.upsert([], [extra])
    [path] = dump(find_paths(known, "article:s1", "article:d1", options=PathOptions(k=1)))["paths"]
    assert [(h["type"], h["confidence"]) for h in path["hops"]] == [
        ("translates", 0.9),
        ("translates", 0.85),
    ]
    assert path["hops"][1]["edge"] == extra.id
    cascade = dump(amplification(known, "article:i1"))
    [into_d1] = [e for e in cascade["edges"] if e["to"] == "article:d1"]
    assert into_d1["edge"] == extra.id
