"""The explorer in real headless Chromium (Debian's), against a real server process.

Every request the page makes is routed: local ones go through, anything else is
recorded and aborted, so the test proves the explorer works offline.
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
from playwright.sync_api import Browser, Page, Route, sync_playwright

from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry
from tests.test_views import HOSTILE

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, registry: Registry
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "b.db"
    (folder / "hostile.html").write_text(HOSTILE)
    store = EmbeddedStore(db)
    ingest(
        [str(seeds_dir), str(ROOT / "examples" / "corpus"), str(folder / "hostile.html")],
        store,
        registry,
    )
    store.close()
    port = _free_port()
    cli = str(Path(sys.executable).parent / "citegraph")
    proc = subprocess.Popen(
        [cli, "serve", "--store", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
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
        if url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context = browser.new_context()
    context.route("**/*", guard)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg, outside
    context.close()
    assert errors == []


def test_explorer_finds_the_seed_chain_offline(server: str, page: tuple[Page, list[str]]) -> None:
    pg, outside = page
    pg.goto(server + "/")
    pg.wait_for_selector("#outlets li")
    assert "Réseau International" in pg.inner_text("#outlets")
    pg.fill("#origin", "RT")
    pg.fill("#destination", "Mondialisation.ca")
    pg.click("#path-form button")
    pg.wait_for_selector("#result .hop")
    result = pg.inner_text("#result")
    assert (
        result.index("RT")
        < result.index("Réseau International")
        < result.index("Mondialisation.ca")
    )
    assert "translates" in result and "republishes" in result
    assert "source : VIDEO of fake chemical attack" in result
    frame = pg.frame_locator("#view")
    frame.locator("canvas").wait_for()
    assert outside == []


def test_clicking_an_edge_shows_its_evidence(server: str, page: tuple[Page, list[str]]) -> None:
    pg, outside = page
    pg.goto(server + "/views/path?origin=Northwind%20Agency&destination=Klartext-Bote")
    pg.wait_for_selector("canvas")
    pg.wait_for_function("typeof network !== 'undefined' && typeof edges !== 'undefined'")
    # The layout is frozen once stable, so a large graph stops burning CPU.
    pg.wait_for_function("network.physics.physicsEnabled === false", timeout=20000)
    # Find where on screen vis-network itself would attribute a click to a translates
    # edge (curves and overlays make geometry guesses unreliable), then click there.
    point = pg.evaluate("""() => {
        const wanted = new Set(edges.get().filter(x => x.relation === 'translates').map(x => x.id));
        const canvas = document.querySelector("canvas");
        const rect = canvas.getBoundingClientRect();
        for (let y = 4; y < rect.height; y += 6) {
            for (let x = 4; x < rect.width; x += 6) {
                const dom = {x, y};
                if (!wanted.has(network.getEdgeAt(dom)) || network.getNodeAt(dom) !== undefined) continue;
                if (document.elementFromPoint(rect.left + x, rect.top + y) !== canvas) continue;
                return {x: rect.left + x, y: rect.top + y};
            }
        }
        return null;
    }""")
    assert point is not None, "no translates edge is visible to click"
    pg.mouse.click(point["x"], point["y"])
    box = pg.locator("#cg-evidence")
    box.wait_for(state="visible")
    text = box.inner_text()
    assert text.startswith("translates")
    assert "Source : Varnian MoD" in text or "Quelle:" in text or "Traduit de l'anglais" in text
    assert outside == []


def _hover_tooltip(pg: Page, title_part: str) -> dict[str, object]:
    pg.wait_for_function(
        "typeof network !== 'undefined' && network.physics.physicsEnabled === false", timeout=20000
    )
    point = pg.evaluate(
        """(part) => {
        const n = nodes.get().find(x => x.title && x.title.includes(part));
        const canvas = document.querySelector("canvas");
        const rect = canvas.getBoundingClientRect();
        const c = network.canvasToDOM(network.getPositions([n.id])[n.id]);
        // The node's centre, or the nearest visible point of it if something covers it.
        for (let r = 0; r < 30; r += 3) {
            for (const [dx, dy] of [[0, 0], [r, 0], [-r, 0], [0, r], [0, -r]]) {
                const dom = {x: c.x + dx, y: c.y + dy};
                if (network.getNodeAt(dom) !== n.id) continue;
                if (document.elementFromPoint(rect.left + dom.x, rect.top + dom.y) !== canvas) continue;
                return {x: rect.left + dom.x, y: rect.top + dom.y};
            }
        }
        return null;
    }""",
        title_part,
    )
    assert point is not None, f"no visible point on the node titled {title_part!r}"
    pg.mouse.move(point["x"], point["y"])
    pg.wait_for_selector(".vis-tooltip", state="visible")
    return pg.evaluate("""() => { const t = document.querySelector(".vis-tooltip");
        return {text: t.innerText, elements: t.querySelectorAll("*:not(br)").length}; }""")


def test_tooltips_show_titles_as_plain_text(server: str, page: tuple[Page, list[str]]) -> None:
    """A title with markup shows literally and runs nothing; apostrophes are not mangled."""
    pg, outside = page
    pg.goto(server + "/views/path?origin=RT&destination=evil.example")
    tip = _hover_tooltip(pg, "Breaking")
    assert str(tip["text"]).startswith("Breaking <img src=x onerror=alert(1)> news about the dam")
    assert tip["elements"] == 0
    pg.goto(server + "/views/path?origin=Northwind%20Agency&destination=Klartext-Bote")
    tip = _hover_tooltip(pg, "empoisonnement")
    assert "d'empoisonnement" in str(tip["text"])
    assert outside == []
