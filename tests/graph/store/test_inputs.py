"""Telegram exports, declared-source dumps and infrastructure identifiers, end to end
through ``citegraph ingest``, on both stores (the ``store`` fixture is parametrised over
the embedded store and a real Neo4j).

The fixtures are written for the tests (tests/fixtures/inputs/telegram, declared,
infrastructure); the Information Laundromat's indicator list is the published file in
../shared/data/laundromat.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph.export import export_json
from graph.models import Edge
from graph.queries import (
    AmplificationOptions,
    PathOptions,
    amplification,
    find_paths,
    operators,
)
from graph.queries.infrastructure import shared_links
from graph.results import dump
from graph.schema import EdgeKind, EvidenceMethod, InfrastructureKind, InfrastructureTier, NodeKind
from graph.store import Store
from loaders.inputs.indicators import PROVENANCE
from tests.conftest import SEEDS
from tests.support.cli import invoke
from tests.support.paths import EXAMPLES, INPUTS

TELEGRAM = INPUTS / "telegram"
DUMP = INPUTS / "declared" / "portal_varnia.csv"
SITES = INPUTS / "infrastructure"
INDICATORS = SEEDS.parent / "data" / "laundromat" / "indicators.csv"

VESTNIK, FRONTLINE, RELAIS = (
    "outlet:t-me-vestnik_varnii",
    "outlet:t-me-frontline_digest",
    ("outlet:t-me-c-1934567890"),
)


def citegraph(store: Store, request: pytest.FixtureRequest, *args: str) -> dict[str, Any]:
    """Run ``citegraph ARGS --store <this store> --json`` (in this process, as
    tests/support/cli.py does) and return its JSON report."""
    env = {}
    if store.uri.startswith("bolt"):
        _uri, user, password = request.getfixturevalue("neo4j_credentials")
        env = {
            "NEO4J_USER": user,
            "NEO4J_PASSWORD": password,
            "CITEGRAPH_REUSE_INDEX": os.environ["CITEGRAPH_REUSE_INDEX"],
        }
    proc = invoke(*args, "--store", store.uri, "--json", env=env)
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def ingest(store: Store, request: pytest.FixtureRequest, *inputs: object) -> dict[str, Any]:
    registry = ["--registry", str(EXAMPLES / "outlets.yaml")]
    return citegraph(store, request, "ingest", *map(str, inputs), *registry, "--no-progress")


def _edges(store: Store, kind: EdgeKind) -> list[Edge]:
    return list(store.iter_edges([kind]))


def _methods(edge: Edge) -> set[str]:
    return {e.method for e in edge.evidence}


def _snapshot(store: Store) -> str:
    data = dump(export_json(store))
    for edge in data["edges"]:
        edge["evidences"] = sorted(edge["evidences"], key=lambda e: json.dumps(e, sort_keys=True))
    return json.dumps(data, sort_keys=True)


# -- Telegram --------------------------------------------------------------------------


def test_a_telegram_export_becomes_channels_posts_forwards_and_links(
    store: Store, request: pytest.FixtureRequest
) -> None:
    report = ingest(store, request, TELEGRAM)
    by_input = {i["input"].split("telegram/")[-1]: i for i in report["items"]}
    # 3 + 3 + 4 posts and the copying site; two media-only posts are skipped, service
    # messages and the export's photo file are not inputs at all.
    assert report["summary"]["ok"] == 11 and report["summary"]["errors"] == 0
    assert report["summary"]["by_code"]["skipped"] == {"media_only": 2}
    assert not any("photos/" in k for k in by_input)
    assert "edited_post" in by_input["vestnik_varnii/result.json#1712345678/4"]["warnings"][0]
    assert any(
        w.startswith("telegram_handle_unknown")
        for w in by_input["relais_express/result.json#1934567890/100"]["warnings"]
    )

    channels = {k: store.get_node(k) for k in (VESTNIK, FRONTLINE, RELAIS)}
    assert {k: n.name for k, n in channels.items() if n} == {
        VESTNIK: "Вестник Варнии",
        FRONTLINE: "Frontline Digest",
        RELAIS: "Relais Express",
    }
    assert channels[VESTNIK] is not None and "t.me/c/1712345678" in channels[VESTNIK].domains
    posts = Counter(n.outlet for n in store.iter_nodes(NodeKind.ARTICLE) if not n.stub)
    assert posts[VESTNIK] == 3 and posts[FRONTLINE] == 3 and posts[RELAIS] == 4
    post = store.get_node("article:https://t.me/vestnik_varnii/2")
    assert (
        post is not None
        and post.language == "ru"
        and post.title == ("Порт Кестры закрыт для варнийских судов.")
    )
    assert post.published is not None and post.published.isoformat() == "2025-03-02T08:15:00+00:00"

    republishes = {(e.source, e.target): e for e in _edges(store, EdgeKind.REPUBLISHES)}
    # Frontline forwarded Вестник's post: the forward meets the original post, and the
    # copied text is found by reuse too, on the same edge.
    forward = republishes[("article:https://t.me/frontline_digest/10", post.key)]
    assert _methods(forward) == {"declared", "text_reuse"}
    declared = next(e for e in forward.evidence if e.method == "declared")
    assert (
        declared.pattern == "telegram.forward" and declared.text == "Forwarded from Вестник Варнии"
    )
    relayed = republishes[
        ("article:https://t.me/c/1934567890/103", "article:https://t.me/frontline_digest/11")
    ]
    assert _methods(relayed) == {"declared"}
    # A forward from a channel nobody ingested stays a stub of a stub channel.
    sahel = [k for (s, k) in republishes if s == "article:https://t.me/c/1934567890/101"]
    assert len(sahel) == 1
    stub = store.get_node(sahel[0])
    assert stub is not None and stub.stub and stub.outlet == "outlet:telegram-voix-du-sahel"
    # The site that copied a post is found by text reuse alone.
    reuse_only = [e for e in republishes.values() if _methods(e) == {"text_reuse"}]
    assert [(e.source, e.target) for e in reuse_only] == [
        (
            "article:https://ostrov-novostei.example/proisshestviya/2025/03/03/navodnenie-v-doline-sarny",
            "article:https://t.me/vestnik_varnii/4",
        )
    ]

    cites = {(e.source, e.target): e for e in _edges(store, EdgeKind.CITES)}
    link = cites[
        (post.key, "article:https://northwind-agency.example/news/2025/03/02/kestra-port-closed")
    ]
    assert _methods(link) == {"hyperlink"}
    # A bare "link" entity without a scheme, and an @mention of a channel.
    assert (
        "article:https://t.me/frontline_digest/11",
        "article:https://northwind-agency.example/news/2025/03/02/kestra-denial",
    ) in cites
    mention = cites[("article:https://t.me/frontline_digest/11", VESTNIK)]
    assert [e.pattern for e in mention.evidence] == ["telegram.mention"]
    # The older export's message (text as a plain string, no text_entities) is a post.
    old = store.get_node("article:https://t.me/c/1934567890/104")
    assert old is not None and old.language == "fr"
    # A reply (Вестник's update to its own post 4) is a plain post: no edge to the post
    # it answers, and the pinning service message after it is nothing at all.
    reply = store.get_node("article:https://t.me/vestnik_varnii/5")
    assert reply is not None and not reply.stub
    assert [
        e.type for e in store.edges_touching([reply.key], types=list(EdgeKind), incoming=False)
    ] == [EdgeKind.PUBLISHED_BY]
    assert store.get_node("article:https://t.me/vestnik_varnii/6") is None

    before = _snapshot(store)
    again = ingest(store, request, TELEGRAM)
    assert again["summary"]["ok"] == 0
    assert again["summary"]["by_code"]["skipped"] == {"already_ingested": 11, "media_only": 2}
    assert _snapshot(store) == before


def test_a_forward_ingested_before_its_channel_merges_when_the_channel_arrives(
    store: Store, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    for channel in ("frontline_digest", "vestnik_varnii"):
        shutil.copytree(TELEGRAM / channel, tmp_path / channel)
    first = tmp_path / "frontline.csv"
    first.write_text("path,url\nfrontline_digest/result.json,https://t.me/frontline_digest\n")
    ingest(store, request, first)
    forward = store.edges_touching(
        ["article:https://t.me/frontline_digest/10"], types=[EdgeKind.REPUBLISHES], incoming=False
    )
    assert len(forward) == 1
    stub = store.get_node(forward[0].target)
    assert stub is not None and stub.stub and stub.fingerprint
    channel = store.get_node(stub.outlet or "")
    assert channel is not None and channel.stub and channel.name == "Вестник Варнии"

    later = tmp_path / "vestnik.csv"
    later.write_text("path,url\nvestnik_varnii/result.json,https://t.me/vestnik_varnii\n")
    report = ingest(store, request, later)
    merged = {(m["stub"], m["into"]) for m in report["merged_stubs"]}
    assert (channel.key, VESTNIK) in merged
    assert store.get_node(stub.key) is None and store.get_node(channel.key) is None
    forward = store.edges_touching(
        ["article:https://t.me/frontline_digest/10"], types=[EdgeKind.REPUBLISHES], incoming=False
    )
    assert [(e.target, _methods(e)) for e in forward] == [
        ("article:https://t.me/vestnik_varnii/2", {"declared", "text_reuse"})
    ]


# -- Declared-source dumps -------------------------------------------------------------


def test_a_declared_source_dump_gives_declared_edges_and_translations(
    store: Store, request: pytest.FixtureRequest
) -> None:
    report = ingest(store, request, DUMP)
    assert report["summary"]["ok"] == 50 and report["summary"]["errors"] == 3
    errors = {i["input"].rsplit(":", 1)[-1]: i["error"] for i in report["items"] if i.get("error")}
    assert {k: e["code"] for k, e in errors.items()} == {
        "52": "bad_dump_row",
        "53": "bad_dump_row",
        "54": "bad_dump_row",
    }
    assert "no URL" in errors["52"]["message"] and "not an http(s) URL" in errors["53"]["message"]
    assert report["summary"]["by_code"]["warnings"] == {"bad_dump_value": 2}

    rows = [n for n in store.iter_nodes(NodeKind.ARTICLE) if not n.stub]
    assert len(rows) == 50
    assert Counter(n.language for n in rows) == {"en": 10, "fr": 10, "de": 10, "es": 10, "it": 10}
    first = store.get_node(
        "article:https://en.portal-varnia.example/world/2025/03/kestra-port-0001.html"
    )
    assert first is not None and first.published is not None
    assert first.published.isoformat() == "2025-03-02T11:20:00+00:00"
    assert first.title == "Varnian grain ships stranded as Kestra port closes"

    declared: Counter[tuple[str, str | None]] = Counter()
    for edge in store.iter_edges([EdgeKind.REPUBLISHES, EdgeKind.CITES, EdgeKind.TRANSLATES]):
        assert _methods(edge) == {EvidenceMethod.DECLARED.value}, edge
        declared[(edge.type.wire, edge.evidence[0].pattern)] += 1
    # Every row declares its source: a relay (its title is the source's) republishes it,
    # the others cite it; the 5 editions of each of 10 stories translate one another.
    assert declared == {
        ("republishes", "declared.source"): 8,
        ("cites", "declared.source"): 42,
        ("translates", "declared.alternate"): 100,
    }
    relay = store.edges_touching([first.key], types=[EdgeKind.REPUBLISHES], incoming=False)
    assert [e.target for e in relay] == [
        "article:https://northwind-agency.example/news/2025/03/02/kestra-port-closed"
    ]
    ev = relay[0].evidence[0]
    assert ev.text.startswith("Varnian grain ships") and ev.text.endswith("kestra-port-closed")
    # An alternate listed by both editions is one edge with both rows' evidence.
    editions = [
        e
        for e in store.edges_touching([first.key], types=[EdgeKind.TRANSLATES], incoming=True)
        + store.edges_touching([first.key], types=[EdgeKind.TRANSLATES], incoming=False)
    ]
    assert len(editions) == 4 and all(len(e.evidence) == 2 for e in editions)
    assert all(e.evidence[0].text.endswith(")") for e in editions)


def test_dump_columns_map_through_the_option(store: Store, request: pytest.FixtureRequest) -> None:
    mapping = (
        "url=link,title=headline,published=pubdate,language=lang,"
        "source_title=relayed_from_title,source_url=relayed_from,source_language=source_lang,"
        "alternates=editions"
    )
    report = ingest(store, request, INPUTS / "declared" / "veille.jsonl", "--columns", mapping)
    assert report["summary"]["ok"] == 3 and report["summary"]["errors"] == 2
    source = "article:https://northwind-agency.example/news/2025/03/02/kestra-port-closed"
    kinds = {
        (e.source.split("//")[1][:2], e.type.wire)
        for e in store.edges_touching([source], types=list(EdgeKind), incoming=True)
        if e.type is not EdgeKind.PUBLISHED_BY
    }
    # relay=yes from an English source: a translation; relay=no: a citation.
    assert kinds == {("fr", "translates"), ("de", "translates")}
    cited = "article:https://vtv-international.example/world/2025/03/03/sarna-flood"
    assert [
        e.type
        for e in store.edges_touching([cited], types=list(EdgeKind), incoming=True)
        if e.type is not EdgeKind.PUBLISHED_BY
    ] == [EdgeKind.CITES]


# -- Infrastructure --------------------------------------------------------------------


def test_sites_sharing_analytics_and_verification_are_conclusively_linked(
    store: Store, request: pytest.FixtureRequest
) -> None:
    ingest(store, request, SITES)
    monitor, today = "outlet:kestra-monitor-example", "outlet:varnia-today-example"
    result = operators(store, "kestra-monitor.example")
    assert [(o.outlet.key, o.tier) for o in result.operators] == [
        (today, InfrastructureTier.CONCLUSIVE)
    ]
    shared = {(i.kind, i.identifier): i for i in result.operators[0].identifiers}
    assert set(shared) == {
        (InfrastructureKind.GOOGLE_ANALYTICS, "UA-48213377"),
        (
            InfrastructureKind.VERIFICATION,
            "google-site-verification|q7Zp0c9LkVw2mNs4Xr8TgHb1YdJfEu6AaKc3Qi5oPzS",
        ),
        (InfrastructureKind.CMS, "ghost"),
    }
    ga = shared[(InfrastructureKind.GOOGLE_ANALYTICS, "UA-48213377")]
    # Each side's page, with the tag as written there (two properties of one account).
    assert {(s.outlet, s.method, s.source) for s in ga.seen} == {
        (monitor, "markup", "page"),
        (today, "markup", "page"),
    }
    assert sorted(s.text for s in ga.seen) == [
        "UA-48213377-1",
        "UA-48213377-4",
    ]
    page = next(s for s in ga.seen if s.outlet == today)
    assert page.url == "https://varnia-today.example/news/dockers-back-protest"
    edge = store.get_edge(result.operators[0].edge)
    assert edge is not None and edge.type is EdgeKind.SHARES_INFRASTRUCTURE
    assert (edge.source, edge.target) == (monitor, today)  # stored once, smaller key first

    # A shared CMS alone: a weak link, nothing more.
    herald = operators(store, "sarna-herald.example")
    assert [(o.outlet.key, o.tier, [i.kind for i in o.identifiers]) for o in herald.operators] == [
        ("outlet:lindenfeld-post-example", InfrastructureTier.WEAK, [InfrastructureKind.CMS])
    ]
    assert (
        operators(store, "sarna-herald.example", min_tier=InfrastructureTier.ASSOCIATIVE).operators
        == []
    )
    # Its own identifiers, shared or not (the GTM-XXXXXXX placeholder is none).
    assert {(i.kind, i.identifier) for i in herald.identifiers} == {
        (InfrastructureKind.CMS, "wordpress"),
        (InfrastructureKind.ADSENSE, "pub-6120045791831264"),
    }
    assert len(shared_links(store).edges) == 2

    # Paths follow content only, unless asked to follow shared infrastructure too.
    none = find_paths(store, "kestra-monitor.example", "varnia-today.example")
    assert none.paths == []
    asked = find_paths(
        store,
        "kestra-monitor.example",
        "varnia-today.example",
        options=PathOptions(types=(EdgeKind.CITES, EdgeKind.SHARES_INFRASTRUCTURE)),
    )
    assert [[h.type for h in p.hops] for p in asked.paths] == [[EdgeKind.SHARES_INFRASTRUCTURE]]
    # Amplification too: asked, an outlet sharing infrastructure stands for its articles.
    assert amplification(store, "kestra-monitor.example").size == 0
    both = AmplificationOptions(types=(EdgeKind.CITES, EdgeKind.SHARES_INFRASTRUCTURE))
    network = amplification(store, "kestra-monitor.example", options=both)
    assert network.size == 1 and [o.key for o in network.outlets] == [today]
    assert [e.type for e in network.edges] == [
        EdgeKind.SHARES_INFRASTRUCTURE,
        EdgeKind.PUBLISHED_BY,
    ]

    before = _snapshot(store)
    ingest(store, request, SITES, "--force")
    assert _snapshot(store) == before


def test_the_laundromat_indicators_load_with_their_source(
    store: Store, request: pytest.FixtureRequest
) -> None:
    if not INDICATORS.is_file():
        pytest.fail(f"the Laundromat indicators are missing: {INDICATORS}")
    report = ingest(store, request, INDICATORS)
    (item,) = report["items"]
    assert item["status"] == "ok"
    warnings = " ".join(item["warnings"])
    assert "whois (21)" in warnings and "domain_suffix (21)" in warnings
    assert "42 ip/subnet rows" in warnings
    uses = _edges(store, EdgeKind.USES)
    assert uses and all(
        ev.method == "declared"
        and ev.infrastructure is not None
        and ev.infrastructure.source == PROVENANCE
        for e in uses
        for ev in e.evidence
    )
    nodes = list(store.iter_nodes(NodeKind.INFRASTRUCTURE))
    assert nodes and all(PROVENANCE in n.sources for n in nodes)
    # katehon.com and geopolitika.ru share a Google tag and a Yandex verification token.
    result = operators(store, "katehon.com")
    top = result.operators[0]
    assert top.outlet.domain == "geopolitika.ru" and top.tier is InfrastructureTier.CONCLUSIVE
    kinds = {i.kind for i in top.identifiers}
    assert {InfrastructureKind.GOOGLE_TAG, InfrastructureKind.VERIFICATION} <= kinds
    row = top.identifiers[0].seen[0]
    assert row.document_uri and "indicators.csv#line=" in row.document_uri
    assert row.text.split(",")[0] in {"ga_tag_id", "verification_id"}
    # Sharing only hosts (an IP and its subnet) is associative, not conclusive.
    hosted = operators(store, "odnarodyna.org").operators
    assert [(o.outlet.key, o.tier) for o in hosted] == [
        ("outlet:strategic-culture-foundation", InfrastructureTier.ASSOCIATIVE)
    ]
    assert {i.kind for i in hosted[0].identifiers} == {
        InfrastructureKind.IP,
        InfrastructureKind.SUBNET,
    }
    # The hosts of public services (mc.yandex.ru on ten sites) link no one.
    assert not any(n.key.startswith("infra:cdn:") and "yandex" in n.key for n in nodes)
