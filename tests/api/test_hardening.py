"""The API under hostile or careless requests: ingest as a job, no fetch of internal
addresses, bounded bodies, honest headers, docs without third-party scripts, and links
that do not come from the Host header."""

from __future__ import annotations

import asyncio
import html
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import BodyLimit
from api.settings import Settings
from graph.store import Store
from graph.store.embedded import EmbeddedStore
from tests.loaders.inputs.test_netguard import _Listener
from tests.support.local_site import LocalSite, Route, serve
from tests.support.paths import ROOT

PAGE = (ROOT / "examples" / "corpus" / "a2_relais-libre_fr.html").read_bytes()
TOKEN = "job-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _settings(store: Store, request: pytest.FixtureRequest, **extra: Any) -> Settings:
    """Server settings on the test's store (either backend)."""
    if isinstance(store, EmbeddedStore):
        return Settings(store=store.uri, token=TOKEN, fetch_host_delay=0, **extra)
    uri, user, password = request.getfixturevalue("neo4j_credentials")
    return Settings(
        store=uri,
        token=TOKEN,
        neo4j_user=user,
        neo4j_password=password,
        fetch_host_delay=0,
        **extra,
    )


def _wait(client: TestClient, job: str, until: set[str], timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(f"/jobs/{job}", headers=AUTH).json()
        if body["status"] in until:
            return body
        time.sleep(0.1)
    raise AssertionError(f"job {job} never reached {until}")


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serve() as s:
        yield s


def test_ingest_is_a_job_and_reads_answer_while_it_runs(
    store: Store, request: pytest.FixtureRequest, site: LocalSite
) -> None:
    """Regression: ingest ran on the request thread (45 calls stalled /health 24 s)."""
    release = threading.Event()
    held = site.url("/held.html")
    site.routes["/held.html"] = Route(
        body=PAGE, headers={"Content-Type": "text/html; charset=utf-8"}, hold=release
    )
    settings = _settings(store, request, fetch_allow=["127.0.0.1/32"])
    with TestClient(create_app(settings)) as client:
        answer = client.post("/ingest", json={"urls": [held]}, headers=AUTH)
        assert answer.status_code == 202, answer.text
        job = answer.json()
        assert answer.headers["Location"] == f"/jobs/{job['id']}"
        assert job["status"] in ("queued", "running") and job["urls"] == 1
        running = _wait(client, job["id"], {"running"})
        assert running["progress"]["documents"] == 0
        # The job is stuck on its fetch; reads go on.
        for route in ("/health", "/outlets", "/search?q=relais"):
            assert client.get(route).status_code == 200
        release.set()
        done = _wait(client, job["id"], {"done", "failed"})
    assert done["status"] == "done", done
    assert done["progress"] == {"documents": 1, "ok": 1, "skipped": 0, "errors": 0}
    [item] = done["report"]["items"]
    assert item["status"] == "ok" and item["input"] == held
    assert store.counts().total_nodes > 0


def test_an_ingest_job_fetches_no_internal_address(
    tmp_path: Path, store: Store, request: pytest.FixtureRequest
) -> None:
    listener = _Listener()
    try:
        port = listener.port
        urls = [
            f"http://127.0.0.1:{port}/",
            f"http://[::1]:{port}/",
            "http://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            f"http://2130706433:{port}/",
            f"http://0x7f000001:{port}/",
        ]
        with TestClient(create_app(_settings(store, request))) as client:
            job = client.post("/ingest", json={"urls": urls}, headers=AUTH).json()
            done = _wait(client, job["id"], {"done", "failed"})
        assert listener.accepted == []
    finally:
        listener.close()
    items = done["report"]["items"]
    assert [i["input"] for i in items] == urls
    assert {i["error"]["code"] for i in items} == {"blocked_address"}
    assert all("refused" not in i["error"]["message"] for i in items)
    assert store.counts().total_nodes == 0


def test_the_job_queue_is_bounded(tmp_path: Path, site: LocalSite) -> None:
    release = threading.Event()
    site.routes["/held.html"] = Route(
        body=PAGE, headers={"Content-Type": "text/html"}, hold=release
    )
    settings = Settings(
        store=str(tmp_path / "q.db"),
        token=TOKEN,
        fetch_allow=["127.0.0.1/32"],
        fetch_host_delay=0,
        max_queued_jobs=1,
    )
    with TestClient(create_app(settings)) as client:
        first = client.post("/ingest", json={"urls": [site.url("/held.html")]}, headers=AUTH)
        _wait(client, first.json()["id"], {"running"})
        queued = client.post("/ingest", json={"urls": [site.url("/held.html")]}, headers=AUTH)
        refused = client.post("/ingest", json={"urls": [site.url("/held.html")]}, headers=AUTH)
        release.set()
        assert queued.status_code == 202
        assert refused.status_code == 429
        assert refused.json()["error"]["code"] == "busy"
        assert _wait(client, queued.json()["id"], {"done"})["status"] == "done"


def test_jobs_need_the_token_and_unknown_ones_are_404(tmp_path: Path) -> None:
    with TestClient(create_app(Settings(store=str(tmp_path / "j.db"), token=TOKEN))) as client:
        assert client.get("/jobs/nope").status_code == 401
        missing = client.get("/jobs/nope", headers=AUTH)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_a_body_over_the_limit_is_refused_before_it_is_read() -> None:
    """Regression: a 300 MB body without a token was read whole before the 401."""
    pulled = 0
    reached = False

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal reached
        reached = True
        while (await receive()).get("more_body"):
            pass

    async def chunks() -> Any:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * 65_536, "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    declared = {"type": "http", "headers": [(b"content-length", b"300000000")]}
    asyncio.run(BodyLimit(app, max_bytes=1_000_000)(declared, chunks, send))
    assert (pulled, reached) == (0, False), "refused on the declared length alone"
    assert sent[0]["status"] == 413

    chunked = {"type": "http", "headers": [(b"transfer-encoding", b"chunked")]}
    with pytest.raises(Exception) as info:
        asyncio.run(BodyLimit(app, max_bytes=1_000_000)(chunked, chunks, lambda m: None))
    assert getattr(info.value, "status_code", None) == 413
    assert pulled == 1_000_000 // 65_536 + 1, "stopped at the first chunk past the limit"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_real_server_answers_413_to_a_huge_declared_body_at_once(tmp_path: Path) -> None:
    """Over a socket: the server answers without waiting for the 300 MB it was promised."""
    port = _free_port()
    cli = str(Path(sys.executable).parent / "citegraph")
    proc = subprocess.Popen(
        [cli, "serve", "--store", str(tmp_path / "s.db"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CITEGRAPH_TOKEN": TOKEN},
    )
    try:
        for _ in range(200):
            try:
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
            conn.sendall(
                b"POST /ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 300000000\r\n\r\n" + b"[" * 1000
            )
            received = b""
            while chunk := conn.recv(4096):
                received += chunk
            answer = received.decode("latin-1")
    finally:
        proc.terminate()
        proc.wait(10)
    assert answer.startswith("HTTP/1.1 413"), answer
    assert '"code":"too_large"' in answer


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=str(tmp_path / "h.db"), token=TOKEN))) as c:
        yield c


def test_a_body_that_is_not_utf8_is_a_422(client: TestClient) -> None:
    """Regression: it was a 400 outside every documented status."""
    answer = client.post(
        "/ingest",
        content='{"urls": ["https://x.example/é"]}'.encode("latin-1"),
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "bad_input"


def test_405_lists_every_method_of_the_path_and_401_names_its_scheme(client: TestClient) -> None:
    wrong = client.delete("/edges/e1")
    assert wrong.status_code == 405
    assert wrong.headers["Allow"] == "GET, PATCH"
    assert wrong.json()["error"]["code"] == "method_not_allowed"
    unauthorised = client.patch("/edges/e1", json={"review": "confirmed"})
    assert unauthorised.status_code == 401
    assert unauthorised.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("page", "script"), [("/docs", "swagger-ui-bundle.js"), ("/redoc", "redoc.standalone.js")]
)
def test_docs_are_served_from_this_origin_under_a_csp(
    client: TestClient, page: str, script: str
) -> None:
    """Regression: /docs and /redoc loaded scripts from a CDN, with no CSP, on the
    origin that holds the write token."""
    answer = client.get(page)
    csp = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    assert "http" not in csp, "no third-party origin allowed"
    assert "cdn" not in answer.text and "https://" not in answer.text
    asset = client.get(f"/assets/docs/{script}")
    assert asset.status_code == 200 and len(asset.content) > 100_000
    assert client.get("/assets/docs/../settings.py").status_code == 404


def test_view_links_do_not_come_from_the_host_header(tmp_path: Path, seeds_dir: Path) -> None:
    """Regression: the Host header was reflected into view links and the embed snippet."""
    from loaders.ingest import ingest
    from loaders.registry import load_registry

    db = tmp_path / "v.db"
    st = EmbeddedStore(db)
    ingest([str(seeds_dir)], st, load_registry([ROOT / "examples" / "outlets.yaml"]))
    st.close()
    params = {"origin": "RT", "destination": "Mondialisation.ca"}
    evil = {"Host": "evil.example"}
    with TestClient(create_app(Settings(store=str(db)))) as plain:
        relative = plain.get("/views/path", params=params, headers=evil).text
    configured = Settings(store=str(db), public_url="https://graph.example.org")
    with TestClient(create_app(configured)) as public:
        absolute = public.get("/views/path", params=params, headers=evil).text
    assert "evil.example" not in relative and "evil.example" not in absolute
    assert 'src="/views/path?' in html.unescape(relative)
    assert "https://graph.example.org/views/path?" in absolute


def test_an_ingest_job_records_the_capture_and_keeps_the_raw_bytes(
    tmp_path: Path, site: LocalSite
) -> None:
    url = site.page("/2026/03/14/barrage.html", PAGE)
    with EmbeddedStore(tmp_path / "j.db") as store:
        settings = Settings(
            store=store.uri,
            token=TOKEN,
            fetch_host_delay=0,
            allow_private_fetch=True,
            raw_dir=tmp_path / "raw",
        )
        with TestClient(create_app(settings)) as client:
            job = client.post("/ingest", json={"urls": [url]}, headers=AUTH).json()
            done = _wait(client, job["id"], {"done", "failed"})
        [item] = done["report"]["items"]
        record = store.document(item["document"])
    assert record is not None and record.capture is not None
    capture = record.capture
    assert (capture.via.value, capture.url, capture.final_url, capture.http_status) == (
        "url",
        url,
        url,
        200,
    )
    kept = tmp_path / "raw" / capture.sha256[:2] / capture.sha256
    assert kept.read_bytes() == PAGE
