"""Views and explorer in real headless Chromium (Debian's), against a real server process.

Every request a page makes is routed: local ones go through, anything else is
recorded and aborted, so each test proves its page works offline.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Frame,
    Page,
    Route,
    sync_playwright,
)

from api.dossier import build_dossier
from api.dossier.render import render_dossier
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.rawstore import RawStore
from loaders.registry import Registry
from tests.support.pages import HOSTILE
from tests.support.paths import INPUTS, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SEED_SHA = "78bc48ef09fbab41cc23d24353025b78420965dd031df84b7b337cab5cac2383"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CLI = str(Path(sys.executable).parent / "citegraph")
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:", "file:")

VIEWS = {
    "path": "/views/path?origin=RT&destination=Mondialisation.ca",
    "cascade": "/views/cascade?source=Northwind%20Agency",
    "cascade-time": "/views/cascade?source=Northwind%20Agency&layout=time",
    "outlet": "/views/outlet?outlet=R%C3%A9seau%20International",
    "overview": "/views/outlet-graph",
    "embed": "/views/outlet-graph?embed=1",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, registry: Registry) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "b.db"
    (folder / "hostile.html").write_text(HOSTILE, encoding="utf-8")
    store = EmbeddedStore(db)
    ingest(
        [str(seeds_dir), str(ROOT / "examples" / "corpus"), str(folder / "hostile.html")],
        store,
        registry,
    )
    store.close()
    return db


@pytest.fixture(scope="module")
def server(store_db: Path) -> Iterator[str]:
    yield from _serve(store_db)


@pytest.fixture(scope="module")
def infra_server(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Iterator[str]:
    """A server over the four sites sharing analytics, verification and CMS tags."""
    db = tmp_path_factory.mktemp("browser-infra") / "i.db"
    store = EmbeddedStore(db)
    ingest([str(INPUTS / "infrastructure")], store, registry)
    store.close()
    yield from _serve(db)


def _serve(store_db: Path) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [CLI, "serve", "--store", str(store_db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ | {"CITEGRAPH_TOKEN": "review-token"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        message = f"{CHROMIUM} missing: run scripts/install-system-deps"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    outside: list[str] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context = browser.new_context(viewport={"width": 1200, "height": 760})
    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))

    def on_dialog(dialog: Dialog) -> None:
        errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)

    # A CSP violation means the page tried something its policy forbids: fail on it.
    def on_console(message: ConsoleMessage) -> None:
        if "Content Security" in message.text:
            errors.append(message.text)

    pg.on("console", on_console)
    yield pg, outside
    context.close()
    assert errors == []


def _ready(target: Page | Frame) -> None:
    # A selector wait, not wait_for_function: polling a string predicate needs eval,
    # which the pages' Content-Security-Policy forbids.
    target.wait_for_selector("body[data-ready='1']", state="attached", timeout=20000)


def _ink(target: Page | Frame) -> float:
    """Share of canvas pixels that are not background: 0 for a blank drawing."""
    return float(
        target.evaluate("""() => {
        const c = document.querySelector("#cg-net canvas");
        const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) ink++;
        }
        return ink / (d.length / 4);
    }""")
    )


def _click_point(pg: Page | Frame, kind: str, wanted_js: str) -> dict[str, float]:
    """Where vis-network's own hit test attributes a click to a wanted node or edge.

    ``wanted_js`` is an expression giving the ids (curves and overlays make geometric
    guesses unreliable, so the page's own ``getNodeAt``/``getEdgeAt`` decide).
    """
    ids = pg.evaluate(wanted_js)
    assert ids, f"no {kind} matches {wanted_js}"
    point = pg.evaluate(
        """([kind, ids]) => {
        const wanted = new Set(ids);
        const canvas = document.querySelector("#cg-net canvas");
        const rect = canvas.getBoundingClientRect();
        for (let y = 4; y < rect.height; y += 5) {
            for (let x = 4; x < rect.width; x += 5) {
                const dom = {x, y};
                const node = network.getNodeAt(dom);
                const hit = kind === "node" ? node : (node === undefined ? network.getEdgeAt(dom) : undefined);
                if (!wanted.has(hit)) continue;
                if (document.elementFromPoint(rect.left + x, rect.top + y) !== canvas) continue;
                return {x: rect.left + x, y: rect.top + y};
            }
        }
        return null;
    }""",
        [kind, ids],
    )
    assert point is not None, f"no visible {kind} to click"
    return dict(point)


def _no_label_overlap(pg: Page) -> list[list[str]]:
    return list(
        pg.evaluate("""() => {
        const ids = nodes.getIds(), boxes = ids.map(id => [id, network.getBoundingBox(id)]);
        const bad = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const [a, p] = boxes[i], [b, q] = boxes[j];
            if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) bad.push([a, b]);
        }
        return bad;
    }""")
    )


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_draws_offline(server: str, page: tuple[Page, list[str]], name: str) -> None:
    pg, outside = page
    response = pg.goto(server + VIEWS[name])
    assert response is not None and "content-security-policy" in response.headers
    _ready(pg)
    pg.wait_for_timeout(200)
    assert pg.evaluate("nodes.length") >= 2
    assert _ink(pg) > 0.002, "the drawing is blank"
    assert pg.evaluate("network.physics.physicsEnabled") is False
    assert _no_label_overlap(pg) == []
    assert (pg.locator("#cg-head").count() == 0) == (name == "embed")
    assert pg.locator("#cg-legend").inner_text() != ""
    assert outside == []


def test_cli_file_opened_from_disk_draws_the_chain_and_shows_evidence(
    store_db: Path, tmp_path: Path, page: tuple[Page, list[str]]
) -> None:
    """Done-when 1: `citegraph view path RT Mondialisation.ca -o path.html`, from disk."""
    out = tmp_path / "path.html"
    subprocess.run(
        [CLI, "view", "path", "RT", "Mondialisation.ca", "--store", str(store_db), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    pg, outside = page
    pg.goto(out.as_uri())
    _ready(pg)
    labels = pg.evaluate(
        "nodes.get().sort((a, b) => network.getPosition(a.id).x - network.getPosition(b.id).x)"
        ".map(n => n.cg.outlet)"
    )
    assert labels == ["RT", "Réseau International", "Mondialisation.ca"]
    assert _ink(pg) > 0.002
    point = _click_point(
        pg, "edge", "edges.get().filter(e => e.cg.relation === 'translates').map(e => e.id)"
    )
    pg.mouse.click(point["x"], point["y"])
    box = pg.locator("#cg-evidence")
    box.wait_for(state="visible")
    text = pg.inner_text("#cg-evidence-body")
    assert text.startswith("translates")
    assert "RT" in text and "Réseau International" in text
    assert "traduit par Réseau International" in text
    assert "000_36acb322796571a3.txt" in text  # the document it was read from
    point = _click_point(
        pg, "node", "nodes.get().filter(n => n.cg.outlet === 'Mondialisation.ca').map(n => n.id)"
    )
    pg.mouse.click(point["x"], point["y"])
    pg.locator("#cg-evidence h3", has_text="Casques blancs").wait_for()
    assert outside == []


def test_clicking_an_edge_in_a_served_view_shows_its_evidence(
    server: str, page: tuple[Page, list[str]]
) -> None:
    pg, outside = page
    pg.goto(server + "/views/path?origin=Northwind%20Agency&destination=Klartext-Bote")
    _ready(pg)
    point = _click_point(
        pg, "edge", "edges.get().filter(e => e.cg.relation === 'translates').map(e => e.id)"
    )
    pg.mouse.click(point["x"], point["y"])
    box = pg.locator("#cg-evidence")
    box.wait_for(state="visible")
    text = pg.inner_text("#cg-evidence-body")
    assert text.startswith("translates")
    assert "Source : Varnian MoD" in text or "Quelle:" in text or "Traduit de l'anglais" in text
    assert box.locator("a", has_text="review this edge").count() == 1
    assert outside == []


def _hover_tooltip(pg: Page, title_part: str) -> dict[str, object]:
    _ready(pg)
    point = _click_point(
        pg, "node", f"nodes.get().filter(n => n.title.includes({title_part!r})).map(n => n.id)"
    )
    pg.mouse.move(point["x"], point["y"])
    pg.wait_for_selector(".vis-tooltip", state="visible")
    return dict(
        pg.evaluate("""() => { const t = document.querySelector(".vis-tooltip");
        return {text: t.innerText, elements: t.querySelectorAll("*:not(br)").length}; }""")
    )


def test_hostile_title_shows_as_text_and_runs_nothing(
    server: str, page: tuple[Page, list[str]]
) -> None:
    """Tooltip, evidence panel and explorer pages: markup from a page stays text."""
    pg, outside = page
    pg.add_init_script("window.__pwned = 0;")
    pg.goto(server + "/views/path?origin=RT&destination=evil.example")
    tip = _hover_tooltip(pg, "Breaking")
    assert str(tip["text"]).startswith("Breaking <img src=x onerror=alert(1)> news about the dam")
    assert tip["elements"] == 0
    point = _click_point(
        pg, "node", "nodes.get().filter(n => n.title.includes('Breaking')).map(n => n.id)"
    )
    pg.mouse.click(point["x"], point["y"])
    panel = pg.locator("#cg-evidence")
    panel.wait_for(state="visible")
    assert "Breaking <img src=x onerror=alert(1)>" in panel.inner_text()
    assert pg.locator("#cg-evidence img, .vis-tooltip img").count() == 0
    pg.goto(server + "/?q=Breaking")
    assert "Breaking <img src=x onerror=alert(1)>" in pg.inner_text("main")
    assert pg.locator("main img").count() == 0
    # Apostrophes are not mangled into entities on the way.
    pg.goto(server + "/views/path?origin=Northwind%20Agency&destination=Klartext-Bote")
    assert "d'empoisonnement" in str(_hover_tooltip(pg, "empoisonnement")["text"])
    assert outside == []  # the page fixture also fails on any alert() dialog


def test_embed_mode_works_inside_an_iframe_of_another_page(
    server: str, page: tuple[Page, list[str]]
) -> None:
    pg, outside = page
    pg.goto(server + VIEWS["path"])
    snippet = pg.locator("#cg-snippet").input_value()
    assert snippet.startswith("<iframe src=") and "embed=1" in snippet
    # A report on another origin (localhost is not 127.0.0.1) pastes the snippet.
    pg.goto(server.replace("127.0.0.1", "localhost") + "/health")
    pg.set_content(f"<html><body><h1>Our report</h1>{snippet}</body></html>")
    frame = pg.frame_locator("iframe")
    frame.locator("#cg-net canvas").wait_for()
    inner = next(f for f in pg.frames if "embed=1" in f.url)
    _ready(inner)
    assert inner.locator("#cg-head").count() == 0
    assert _ink(inner) > 0.002
    assert outside == []


def test_path_finder_form_returns_the_seed_chain(server: str, page: tuple[Page, list[str]]) -> None:
    pg, outside = page
    pg.goto(server + "/")
    pg.fill("input[name=origin]", "RT")
    pg.fill("input[name=destination]", "Mondialisation.ca")
    pg.click("form[action='/explore/paths'] button")
    pg.wait_for_selector("#result .hop")
    result = pg.inner_text("#result ol.path")
    assert (
        result.index("RT")
        < result.index("Réseau International")
        < result.index("Mondialisation.ca")
    )
    assert "translates" in result and "republishes" in result
    assert "source : VIDEO of fake chemical attack" in result
    pg.frame_locator("section.view iframe").locator("body[data-ready='1']").wait_for(
        state="attached"
    )
    frame = next(f for f in pg.frames if "/views/path" in f.url)
    assert _ink(frame) > 0.002
    assert outside == []


def test_search_suggests_and_article_review_buttons_save(
    server: str, page: tuple[Page, list[str]]
) -> None:
    pg, outside = page
    pg.goto(server + "/")
    pg.fill("#q", "Mondial")
    # (Explorer pages forbid eval, so waits use selectors, not wait_for_function.)
    pg.wait_for_selector("#q-suggest option", state="attached")
    assert "Mondialisation.ca" in pg.evaluate(
        "[...document.querySelectorAll('#q-suggest option')].map(o => o.value)"
    )
    pg.goto(server + "/explore/paths?origin=RT&destination=Mondialisation.ca")
    pg.click("#result .node:nth-child(3) a")
    pg.wait_for_selector(".review-btn")
    pg.fill("#token", "wrong")
    pg.locator(".review-btn[data-review=confirmed]").first.click()
    pg.wait_for_selector("#review-status:has-text('Not saved')")
    pg.fill("#token", "review-token")
    pg.locator(".review-btn[data-review=confirmed]").first.click()
    pg.wait_for_selector("#review-status:has-text('Saved: confirmed')")
    assert pg.locator(".edge .review").first.inner_text() == "confirmed"
    assert outside == []


def _dossier_file(
    folder: Path, registry: Registry, inputs: list[str], origin: str, destination: str
) -> Path:
    raw = RawStore(folder / "raw")
    with EmbeddedStore(folder / "d.db") as store:
        ingest(inputs, store, registry, keep_raw=raw)
        report = build_dossier(store, origin, destination, raw=raw)
    target = folder / "dossier.html"
    target.write_text(render_dossier(report), encoding="utf-8")
    return target


def _open_offline(browser: Browser, target: Path) -> tuple[Page, list[str], list[str]]:
    """Open ``target`` from disk with the network off; every other request is recorded."""
    context = browser.new_context(offline=True)
    asked: list[str] = []
    errors: list[str] = []

    def guard(route: Route) -> None:
        if route.request.url == target.as_uri():
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda m: errors.append(m.text) if "Content Security" in m.text else None)

    def on_dialog(dialog: Dialog) -> None:
        errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.goto(target.as_uri())
    return pg, asked, errors


def _report_view(pg: Page) -> Frame:
    """The interactive view inside a dossier: its srcdoc frame, once drawn."""
    pg.locator("iframe.interactive").wait_for()
    frame = next(f for f in pg.frames if f.url == "about:srcdoc")
    _ready(frame)
    return frame


def _on_paper(pg: Page) -> None:
    """Printed, the report shows the static drawing in place of the interactive view."""
    assert pg.locator("iframe.interactive").is_visible()
    assert not pg.locator(".drawing").is_visible()
    pg.emulate_media(media="print")
    assert not pg.locator("iframe.interactive").is_visible()
    assert pg.locator(".drawing svg").is_visible()
    pg.emulate_media(media="screen")


def test_the_dossier_reads_offline_with_chain_evidence_and_hashes(
    browser: Browser, tmp_path: Path, seeds_dir: Path, registry: Registry
) -> None:
    target = _dossier_file(tmp_path, registry, [str(seeds_dir)], "RT", "Mondialisation.ca")
    pg, asked, errors = _open_offline(browser, target)
    assert pg.inner_text("#chain") == "RT ⇒ Réseau International ⇒ Mondialisation.ca"
    hops = pg.locator("section.hop")
    assert hops.count() == 2
    for i, span in enumerate(
        ["traduit par Réseau International", "Annexe article publié par RT :"]
    ):
        quote = hops.nth(i).locator("blockquote", has=pg.locator("mark", has_text=span))
        assert quote.count() == 1
        text = quote.inner_text()
        # Highlighted inside its paragraph: there is text of the document around it.
        assert len(text) > len(span) + 40 and span in text
        assert quote.locator("mark").evaluate("m => getComputedStyle(m).backgroundColor") != (
            "rgba(0, 0, 0, 0)"
        )
    rows = pg.locator("#documents tr.document")
    assert rows.count() == 1  # both hops rest on one seed document
    assert SEED_SHA in rows.first.inner_text()
    assert "file_mtime" in rows.first.inner_text()
    # The interactive view, drawn inside the report: the chain's three articles, and
    # a click on a hop shows that hop's evidence in the view's own panel.
    view = _report_view(pg)
    assert _ink(view) > 0.002
    assert view.evaluate("() => network.body.data.nodes.length") == 3
    point = _click_point(
        view,
        "edge",
        "network.body.data.edges.get().filter(e => e.title.startsWith('republishes')).map(e => e.id)",
    )
    box = pg.locator("iframe.interactive").bounding_box()
    assert box is not None
    pg.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    panel = view.locator("#cg-evidence")
    panel.wait_for(state="visible")
    assert "Annexe article publié par RT" in panel.inner_text()
    _on_paper(pg)
    assert asked == [] and errors == []
    pg.context.close()


def test_a_hostile_dossier_runs_nothing(
    browser: Browser, tmp_path: Path, registry: Registry
) -> None:
    (tmp_path / "hostile.html").write_text(HOSTILE, encoding="utf-8")
    target = _dossier_file(
        tmp_path, registry, [str(tmp_path / "hostile.html")], "RT", "evil.example"
    )
    pg, asked, errors = _open_offline(browser, target)
    body = pg.inner_text("body")
    assert "Breaking <img src=x onerror=alert(1)>" in body
    assert "RT <script>alert(2)</script>" in body
    assert pg.locator("img").count() == 0 and pg.locator("body script").count() == 0
    # In the report's view too the title is text, and nothing of it runs.
    view = _report_view(pg)
    assert _ink(view) > 0.002
    assert view.evaluate(
        "() => network.body.data.nodes.get().some("
        "n => n.title.startsWith('Breaking <img src=x onerror=alert(1)>'))"
    )
    assert view.locator("img").count() == 0
    assert asked == [] and errors == []  # errors holds any alert() dialog
    pg.context.close()


def test_an_article_page_links_to_its_dossier_with_the_view_drawn(
    server: str, page: tuple[Page, list[str]]
) -> None:
    pg, outside = page
    pg.goto(server + "/explore/article/article:reseau-international:604a886d766857d3")
    pg.click("#dossier")
    pg.wait_for_selector("#summary")
    assert "translates RT" in pg.inner_text("#summary")
    came = pg.locator("section.hop", has_text="(translates)")
    assert "traduit par Réseau International" in came.first.inner_text()
    assert pg.locator("section.hop", has_text="Mondialisation.ca (republishes)").count() == 1
    view = _report_view(pg)
    assert _ink(view) > 0.002
    # The article, RT's, Mondialisation.ca's and the five it quotes.
    assert view.evaluate("() => network.body.data.nodes.length") == 8
    _on_paper(pg)
    assert outside == []


def test_the_path_finder_links_to_the_dossier(server: str, page: tuple[Page, list[str]]) -> None:
    pg, outside = page
    pg.goto(server + "/explore/paths?origin=RT&destination=Mondialisation.ca")
    pg.click("#dossier")
    pg.wait_for_selector("#chain")
    assert pg.inner_text("#chain") == "RT ⇒ Réseau International ⇒ Mondialisation.ca"
    # This server keeps no raw captures: the spans are quoted alone, and it says so.
    assert "raw capture not kept" in pg.inner_text("#documents")
    assert outside == []


def test_shared_infrastructure_is_drawn_dotted_and_shows_its_identifiers(
    infra_server: str, page: tuple[Page, list[str]]
) -> None:
    pg, outside = page
    pg.goto(infra_server + "/explore/outlet/kestra-monitor.example")
    assert pg.locator("main", has_text="UA-48213377").count() == 0  # off by default
    pg.click("#show-infrastructure")
    pg.wait_for_selector("main :text('UA-48213377')")
    assert "varnia-today.example" in pg.inner_text("main")
    pg.goto(infra_server + "/views/outlet?outlet=kestra-monitor.example&infrastructure=1")
    _ready(pg)
    shared = "edges.get().filter(e => e.cg.relation === 'shares_infrastructure').map(e => e.id)"
    (edge,) = pg.evaluate(shared)
    # As vis-network draws it: dotted, no arrowhead (the relation has no direction).
    drawn = pg.evaluate(
        "(id) => { const o = network.body.edges[id].options;"
        " return {dashes: o.dashes, to: o.arrows.to.enabled}; }",
        edge,
    )
    assert drawn == {"dashes": [2, 6], "to": False}
    assert _ink(pg) > 0.002
    point = _click_point(pg, "edge", shared)
    pg.mouse.click(point["x"], point["y"])
    pg.locator("#cg-evidence").wait_for(state="visible")
    text = pg.inner_text("#cg-evidence-body")
    assert text.startswith("shares_infrastructure")
    assert "UA-48213377" in text and "google-site-verification" in text
    assert outside == []
