"""HTML views: self-contained (no external request), escaped, with a legend."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry

HOSTILE = (
    "<html lang='en'><head><title>x</title><link rel='canonical' href='https://evil.example/a'>"
    "</head><body><article><h1>Breaking &lt;img src=x onerror=alert(1)&gt; news about the dam</h1>"
    "<p>According to <a href='https://www.rt.com/news/1-dam/'>RT &lt;script&gt;alert(2)&lt;/script&gt;</a>"
    ", the ministry said on Monday that the dam was safe, which nobody could check on site.</p>"
    "<p>A second paragraph gives enough context for the extractor to keep the body text.</p>"
    "</article></body></html>"
)


def _client(tmp_path: Path, seeds_dir: Path, registry: Registry) -> TestClient:
    (tmp_path / "hostile.html").write_text(HOSTILE)
    store = EmbeddedStore(tmp_path / "v.db")
    ingest([str(seeds_dir), str(tmp_path / "hostile.html")], store, registry)
    store.close()
    return TestClient(create_app(Settings(store=str(tmp_path / "v.db"))))


def test_views_make_no_external_request_and_escape_text(
    tmp_path: Path, seeds_dir: Path, registry: Registry
) -> None:
    with _client(tmp_path, seeds_dir, registry) as client:
        pages = [
            client.get("/views/path", params={"origin": "RT", "destination": "Mondialisation.ca"}),
            client.get("/views/amplification", params={"source": "RT"}),
            client.get("/views/outlet-graph"),
            client.get(
                "/views/path",
                params={"origin": "RT", "destination": "evil.example", "embed": "true"},
            ),
            client.get("/"),
        ]
    for page in pages:
        assert page.status_code == 200
        html = page.text
        assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", html), "external resource"
        assert "<img src=x" not in html and "<script>alert" not in html
    path_page = pages[0].text
    assert "translates" in path_page and "republishes" in path_page  # legend
    assert "vis.Network" in path_page or "new vis" in path_page  # vis-network is inlined
    # The hostile title travels as JSON with "<" escaped, so it cannot close the script.
    assert "Breaking \\u003cimg src=x onerror=alert(1)\\u003e" in pages[3].text
