"""Regenerate the README screenshots: `.venv/bin/python docs/img/shoot.py`.

Ingests the seeds and the demo corpus into a temporary store, writes each view type
with `citegraph view` and photographs it opened from disk in headless Chromium with the
network blocked, then photographs the path finder of a served explorer.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Route, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
CLI = str(Path(sys.executable).parent / "citegraph")
SEEDS = Path(os.environ.get("CITEGRAPH_SEEDS", ROOT.parent / "shared" / "seeds"))
VIEWS = {
    "view-path.png": ["path", "RT", "Mondialisation.ca"],
    "view-cascade.png": ["cascade", "Northwind Agency", "--layout", "time"],
    "view-outlet.png": ["outlet", "Northwind Agency"],
    "view-overview.png": ["overview"],
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        db = str(Path(tmp) / "demo.db")
        registry = str(ROOT / "examples" / "outlets.yaml")
        corpus = [str(SEEDS), str(ROOT / "examples" / "corpus")]
        subprocess.run(
            [CLI, "ingest", *corpus, "--store", db, "--registry", registry],
            check=True,
            capture_output=True,
        )
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 560})

        def guard(route: Route) -> None:
            url = route.request.url
            ok = url.startswith(("file:", "data:", "about:", "http://127.0.0.1"))
            route.continue_() if ok else route.abort()

        page.route("**/*", guard)
        for name, args in VIEWS.items():
            html = Path(tmp) / name.replace(".png", ".html")
            subprocess.run([CLI, "view", *args, "--store", db, "-o", str(html)], check=True)
            page.goto(html.as_uri())
            page.wait_for_selector("body[data-ready='1']", state="attached")
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / name))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([CLI, "serve", "--store", db, "--port", str(port)])
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    httpx.get(base + "/health", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            page.set_viewport_size({"width": 1280, "height": 720})
            page.goto(base + "/explore/paths?origin=RT&destination=Mondialisation.ca")
            page.frame_locator("section.view iframe").locator("body[data-ready='1']").wait_for(
                state="attached"
            )
            page.wait_for_timeout(300)
            page.screenshot(path=str(OUT / "explorer-paths.png"))
        finally:
            server.terminate()
            server.wait(timeout=10)
        browser.close()


if __name__ == "__main__":
    main()
