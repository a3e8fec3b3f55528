"""HTML views and explorer pages: self-contained, escaped, CSP-protected, readable."""

from __future__ import annotations

import json
import random
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import views
from api.app import create_app
from api.security import EXPLORER_CSP
from api.settings import Settings
from api.views import layout
from api.views.html import script, static_text
from graph.keys import article_key
from graph.schema import NodeKind
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry
from tests.support.cli import invoke, run_process
from tests.support.pages import HOSTILE
from tests.support.paths import ROOT

# Anything a browser would fetch by itself: src/href/action/poster attributes, CSS
# url(...) and @import, pointing at another host.
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster|srcset|data)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import\s+["']?(?:https?:)?//)""",
    re.I,
)
ANCHOR = re.compile(r"<a\b[^>]*>", re.I)


def external_resource(html: str) -> str | None:
    """The first external resource the page would load (links to click do not count)."""
    found = EXTERNAL.search(ANCHOR.sub("", html))
    return found.group(0) if found else None


@pytest.fixture(scope="module")
def store_path(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, registry: Registry
) -> Path:
    folder = tmp_path_factory.mktemp("views")
    (folder / "hostile.html").write_text(HOSTILE, encoding="utf-8")
    db = folder / "v.db"
    store = EmbeddedStore(db)
    ingest(
        [str(seeds_dir), str(ROOT / "examples" / "corpus"), str(folder / "hostile.html")],
        store,
        registry,
    )
    store.close()
    return db


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=str(store_path), token="t0ken"))) as c:
        yield c


VIEW_URLS = [
    "/views/path?origin=RT&destination=Mondialisation.ca",
    "/views/path?origin=RT&destination=evil.example&embed=1",
    "/views/cascade?source=Northwind%20Agency",
    "/views/cascade?source=Northwind%20Agency&layout=time",
    "/views/amplification?source=RT",
    "/views/outlet?outlet=R%C3%A9seau%20International",
    "/views/outlet-graph",
    "/views/outlet-graph?download=1",
]
PAGE_URLS = [
    "/",
    "/?q=Breaking",
    "/explore/paths?origin=RT&destination=Mondialisation.ca",
    "/explore/outlet/outlet:rt",
    "/explore/article/" + article_key(url="https://evil.example/a"),
]


@pytest.mark.parametrize("url", VIEW_URLS)
def test_served_views_are_self_contained_and_carry_a_csp(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200, page.text[:300]
    html = page.text
    assert external_resource(html) is None
    assert "<img src=x" not in html and "<script>alert" not in html
    csp = page.headers["content-security-policy"]
    assert (
        "default-src 'none'" in csp
        and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    )
    assert csp.startswith(views.VIEW_CSP)
    # The same policy travels inside the file, so a saved copy is just as locked down.
    assert f'content="{views.VIEW_CSP}"' in html.replace("&#39;", "'")
    assert "new vis.Network" in html and "@version 9.1.2" in html  # inlined, pinned


@pytest.mark.parametrize("url", PAGE_URLS)
def test_explorer_pages_are_escaped_and_carry_a_csp(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200, page.text[:300]
    assert page.headers["content-security-policy"] == EXPLORER_CSP
    assert external_resource(page.text) is None
    assert "<img src=x" not in page.text and "<script>alert" not in page.text
    assert "<script>" not in page.text  # the only script is /assets/explorer.js


def test_hostile_text_is_escaped_in_data_pages_and_svg(client: TestClient) -> None:
    view = client.get("/views/path", params={"origin": "RT", "destination": "evil.example"}).text
    # JSON with "<" escaped: no text can close the data script element.
    assert "Breaking \\u003cimg src=x onerror=alert(1)\\u003e" in view
    found = client.get("/", params={"q": "Breaking"}).text
    assert "Breaking &lt;img src=x onerror=alert(1)&gt;" in found
    svg = client.get(
        "/views/path", params={"origin": "RT", "destination": "evil.example", "format": "svg"}
    )
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert "&lt;img src=x" in svg.text and "<img" not in svg.text
    assert svg.headers["content-security-policy"].startswith("default-src 'none'")


def test_view_links_offer_download_svg_and_an_embed_snippet(client: TestClient) -> None:
    html = client.get("/views/path", params={"origin": "RT", "destination": "Mondialisation.ca"})
    text = html.text
    assert "download=1" in text and "format=svg" in text
    # No public address configured: relative to this server, never the Host header's.
    assert "&lt;iframe src=&#34;/views/path?" in text and "embed=1" in text
    saved = client.get(
        "/views/path",
        params={"origin": "RT", "destination": "Mondialisation.ca", "download": "1"},
    )
    assert saved.headers["content-disposition"].startswith("attachment")
    assert "download=1" not in saved.text and "testserver" not in saved.text  # stands alone
    assert (
        "<header" in text
        and "<header"
        not in client.get(
            "/views/path", params={"origin": "RT", "destination": "Mondialisation.ca", "embed": "1"}
        ).text
    )


def test_legend_colours_and_edge_styles_come_from_the_schema(client: TestClient) -> None:
    from graph.schema import EDGE_SPECS, OUTLET_KIND_COLOURS, EdgeKind, OutletKind

    html = client.get(
        "/views/path", params={"origin": "RT", "destination": "Mondialisation.ca"}
    ).text
    assert OUTLET_KIND_COLOURS[OutletKind.STATE_MEDIA] in html  # RT
    for kind in (EdgeKind.TRANSLATES, EdgeKind.REPUBLISHES):
        assert f"border-top-color:{EDGE_SPECS[kind].colour}" in html  # legend line
        assert f"{kind.wire} →" in html


def test_cli_writes_each_view_type_offline_and_as_utf8(store_path: Path, tmp_path: Path) -> None:
    runs = {
        "path.html": ["path", "RT", "Mondialisation.ca"],
        "cascade.html": ["cascade", "Northwind Agency", "--layout", "time"],
        "outlet.html": ["outlet", "Réseau International"],
        "overview.html": ["overview"],
        "overview.svg": ["outlet"],
    }
    for name, args in runs.items():
        out = tmp_path / name
        # One view through the installed command, the others in this process.
        run = run_process if name == "path.html" else invoke
        run("view", *args, "--store", str(store_path), "-o", str(out))
        raw = out.read_bytes()
        text = raw.decode("utf-8")  # written as UTF-8 whatever the platform default
        assert external_resource(text) is None, name
    assert "Réseau International" in (tmp_path / "outlet.html").read_text(encoding="utf-8")
    assert (tmp_path / "overview.svg").read_text(encoding="utf-8").startswith("<svg")


def test_cascade_filters_by_date_and_aggregates_large_cascades(client: TestClient) -> None:
    from graph.queries import AmplificationOptions, amplification

    store = client.app.state.store  # type: ignore[attr-defined]
    options = AmplificationOptions(start_nodes=True)
    result = amplification(store, "Northwind Agency", options=options)
    full = views.cascade(result)
    dated = sorted(str(n["published"])[:10] for n in full.nodes.values() if n.get("published"))
    assert len(set(dated)) >= 2
    early = views.cascade(result, until=dated[0])
    assert 0 < len(early.nodes) < len(full.nodes)
    assert all(
        str(n.get("published") or "")[:10] <= dated[0] or n.get("depth") == 0
        for n in early.nodes.values()
    )
    grouped = views.cascade(result, aggregate_above=2)
    assert {n["kind"] for n in grouped.nodes.values()} == {"Outlet"}
    assert len(grouped.nodes) < len(full.nodes)
    assert all(e.get("count") for e in grouped.edges)


def test_layered_layout_points_every_edge_right_and_never_overlaps() -> None:
    edges = [("a", "b"), ("b", "c"), ("a", "c"), ("a", "d"), ("d", "c"), ("c", "a")]  # a cycle
    layers = layout.longest_path("abcd", edges)
    assert layers["a"] == 0 and layers["c"] == 2
    pos = layout.layered(layers, edges)
    for a, b in edges[:-1]:
        assert pos[a][0] < pos[b][0]
    points = list(pos.values())
    assert len(set(points)) == len(points)


def test_overlap_removal_separates_label_boxes() -> None:
    positions = {str(i): (float(i % 3), float(i // 3)) for i in range(12)}  # all on top
    sizes = {k: (120.0, 38.0) for k in positions}
    spread = layout.remove_overlaps(positions, sizes)
    keys = sorted(spread)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            dx = abs(spread[a][0] - spread[b][0])
            dy = abs(spread[a][1] - spread[b][1])
            assert dx >= 120 or dy >= 38, (a, b)


def test_force_layout_places_ten_thousand_nodes() -> None:
    keys = [f"n{i}" for i in range(10_000)]
    edges = [(f"n{i}", f"n{(i * 7 + 1) % 10_000}") for i in range(10_000)]
    pos = layout.force(keys, edges)
    assert len(pos) == 10_000
    assert len({(round(x), round(y)) for x, y in pos.values()}) > 9_000


def test_a_hop_of_unknown_direction_is_drawn_without_an_arrowhead(
    tmp_path: Path, registry: Registry
) -> None:
    """Undated copies: the path view (asked to follow them) draws the hop with no
    arrowhead, says why in the legend and the tooltip, in HTML and in SVG."""
    from tests.support.paths import REUSE_CORPUS

    files = []
    for name in ("original_en", "partial_copy"):
        text = (REUSE_CORPUS / f"{name}.md").read_text(encoding="utf-8")
        path = tmp_path / f"{name}.md"
        path.write_text("".join(x for x in text.splitlines(True) if not x.startswith("date:")))
        files.append(str(path))
    db = tmp_path / "u.db"
    ingest(files, EmbeddedStore(db), registry)
    params = {
        "origin": "https://harbour-times.example/2025/03/grain-corridor-talks-stall",
        "destination": "https://free-voice.example/who-profits-odesa",
    }
    with TestClient(create_app(Settings(store=str(db)))) as c:
        assert '"arrows":{"to":{"enabled":false}}' not in c.get("/views/path", params=params).text
        page = c.get("/views/path", params=params | {"undirected_reuse": "true"}).text
        svg = c.get("/views/path", params=params | {"undirected_reuse": "true", "format": "svg"})
    assert '"arrows":{"to":{"enabled":false}}' in page
    assert "direction unknown" in page
    assert "<line" in svg.text and "marker-end" not in svg.text.split("</g>", 2)[-1]
    assert "no arrowhead: direction unknown" in svg.text


def test_force_layout_depends_on_the_graph_alone() -> None:
    """Regression: the server lays out views in worker threads, and igraph's draws from
    Python's global generator (seeded before each layout) came out differently in
    another thread, so the demo corpus's overview changed with the request's thread."""
    keys = [f"o{i}" for i in range(9)]
    edges = [("o0", "o1"), ("o1", "o2"), ("o2", "o0"), ("o3", "o4"), ("o4", "o5")]
    edges += [("o6", "o7"), ("o5", "o3"), ("o0", "o4")]
    here = layout.force(keys, edges)
    elsewhere: list[dict[str, tuple[float, float]]] = []
    worker = threading.Thread(target=lambda: elsewhere.append(layout.force(keys, edges)))
    worker.start()
    worker.join()
    random.random()
    assert elsewhere == [here]
    assert layout.force(keys, edges) == here


@pytest.mark.parametrize("name", ["view.js", "explorer.js"])
def test_the_scripts_take_node_kinds_from_the_schema(name: str) -> None:
    """The static scripts compare kinds to CG_KINDS, written by Python from NodeKind,
    never to string literals of their own (they used to spell "Article" and "Outlet")."""
    source = static_text(name)
    for kind in NodeKind:
        assert f'"{kind.value}"' not in source and f"'{kind.value}'" not in source
    prelude, _, rest = script(name).partition("\n")
    assert rest == source
    assert prelude.startswith("var CG_KINDS = Object.freeze(")
    written = prelude.removeprefix("var CG_KINDS = Object.freeze(").removesuffix(");")
    assert json.loads(written) == {k.name: k.value for k in NodeKind}
    assert "CG_KINDS.ARTICLE" in source
