from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from graph.models import Edge, Evidence, Node, Subgraph, merge_edges, merge_nodes
from graph.schema import (
    EDGE_SPECS,
    EdgeKind,
    NodeKind,
    OutletKind,
    Relation,
    ReviewStatus,
    edge_allowed,
)


def _ev(start: int = 0, conf: float = 0.8, doc: str = "doc:1") -> Evidence:
    return Evidence(
        text="x" * (5 - 0),
        start=start,
        end=start + 5,
        document=doc,
        method="pattern",
        pattern="p",
        confidence=conf,
    )


def test_evidence_rejects_reversed_span_and_bad_confidence() -> None:
    with pytest.raises(ValidationError):
        Evidence(text="x", start=5, end=2, document="d", method="m", confidence=0.5)
    with pytest.raises(ValidationError):
        Evidence(text="x", start=0, end=1, document="d", method="m", confidence=1.5)


def test_edge_type_accepts_any_case_and_rejects_unknown() -> None:
    assert Edge(type="translates", source="a", target="b").type is EdgeKind.TRANSLATES
    with pytest.raises(ValidationError, match="unknown relation type"):
        Edge(type="launders", source="a", target="b")


def test_edge_json_uses_lower_case_type_and_best_evidence() -> None:
    edge = Edge(type=EdgeKind.CITES, source="a", target="b", evidence=[_ev(0, 0.5), _ev(10, 0.9)])
    data = edge.to_json()
    assert data["type"] == "cites"
    assert data["start"] == 10 and data["confidence"] == 0.9
    assert len(data["evidences"]) == 2


def test_review_overrides_confidence() -> None:
    edge = Edge(type=EdgeKind.CITES, source="a", target="b", evidence=[_ev()])
    assert edge.model_copy(update={"review": ReviewStatus.REJECTED}).confidence == 0.0
    assert edge.model_copy(update={"review": ReviewStatus.CONFIRMED}).confidence == 1.0


def test_real_article_replaces_stub_fields_and_unions_lists() -> None:
    stub = Node(
        key="k",
        kind=NodeKind.ARTICLE,
        name="cited title",
        title="cited title",
        stub=True,
        authors=["A"],
    )
    real = Node(
        key="k",
        kind=NodeKind.ARTICLE,
        name="Real title",
        title="Real title",
        language="en",
        authors=["B"],
    )
    merged = merge_nodes(stub, real)
    assert merged.stub is False
    assert merged.title == "Real title" and merged.language == "en"
    assert merged.authors == ["A", "B"]
    # ...but a later citation never degrades a real article
    again = merge_nodes(merged, stub)
    assert again.stub is False and again.title == "Real title"


def test_merge_nodes_refuses_kind_change() -> None:
    with pytest.raises(ValueError):
        merge_nodes(
            Node(key="k", kind=NodeKind.PERSON, name="x"),
            Node(key="k", kind=NodeKind.ORGANIZATION, name="x"),
        )


def test_merge_edges_dedupes_evidence_and_keeps_human_review() -> None:
    a = Edge(
        type=EdgeKind.CITES,
        source="a",
        target="b",
        evidence=[_ev(0)],
        review=ReviewStatus.CONFIRMED,
    )
    b = Edge(type=EdgeKind.CITES, source="a", target="b", evidence=[_ev(0), _ev(20)])
    merged = merge_edges(a, b)
    assert [e.start for e in merged.evidence] == [0, 20]
    assert merged.review is ReviewStatus.CONFIRMED


def test_schema_directions() -> None:
    assert edge_allowed(EdgeKind.TRANSLATES, NodeKind.ARTICLE, NodeKind.ARTICLE)
    assert edge_allowed(EdgeKind.CITES, NodeKind.ARTICLE, NodeKind.OUTLET)
    assert not edge_allowed(EdgeKind.QUOTES, NodeKind.ARTICLE, NodeKind.OUTLET)
    assert not edge_allowed(EdgeKind.PUBLISHED_BY, NodeKind.OUTLET, NodeKind.ARTICLE)
    assert set(EDGE_SPECS) == set(EdgeKind)


def test_subgraph_reports_schema_violations() -> None:
    sub = Subgraph(
        nodes=[
            Node(key="o", kind=NodeKind.OUTLET, name="O"),
            Node(key="p", kind=NodeKind.PERSON, name="P"),
        ],
        edges=[Edge(type=EdgeKind.QUOTES, source="o", target="p")],
    )
    assert sub.validate_kinds() == ["quotes not allowed from Outlet to Person"]


def test_an_outlet_named_by_its_domain_takes_the_name_that_a_later_node_gives() -> None:
    from_link = Node(
        key="outlet:t-me-x",
        kind=NodeKind.OUTLET,
        name="t.me/x",
        domains=["t.me/x"],
        outlet_kind=OutletKind.UNKNOWN,
    )
    export = Node(
        key="outlet:t-me-x",
        kind=NodeKind.OUTLET,
        name="Канал Икс",
        domains=["t.me/x", "t.me/c/123456"],
        outlet_kind=OutletKind.SOCIAL_CHANNEL,
    )
    merged = merge_nodes(from_link, export)
    assert (merged.name, merged.outlet_kind) == ("Канал Икс", OutletKind.SOCIAL_CHANNEL)
    assert merged.domains == ["t.me/x", "t.me/c/123456"]
    # A real name is never replaced by a later guess from a URL.
    again = merge_nodes(merged, from_link)
    assert (again.name, again.outlet_kind) == ("Канал Икс", OutletKind.SOCIAL_CHANNEL)


def test_publication_times_are_held_in_utc() -> None:
    """One zone for every date: a page's local time and a zone-less one compare, and
    fall on days, in UTC."""
    local = Node(
        key="article:a", kind=NodeKind.ARTICLE, name="a", published="2026-03-14T00:30:00+02:00"
    )  # type: ignore[arg-type]
    naive = Node(key="article:b", kind=NodeKind.ARTICLE, name="b", published="2026-03-13T22:30:00")  # type: ignore[arg-type]
    assert local.published == naive.published == datetime(2026, 3, 13, 22, 30, tzinfo=UTC)
    assert local.to_json()["published"] == "2026-03-13T22:30:00Z"


def test_every_edge_kind_has_its_api_relation_name() -> None:
    """``Relation`` (what a ``type`` parameter accepts) lists exactly the schema's kinds."""
    assert {r.kind for r in Relation} == set(EdgeKind)
    assert all(r.value == r.kind.wire for r in Relation)
