"""One error shape, whoever reports the failure: ``{"code", "message", "details"}``.

Every producer is walked here: the HTTP API (bad parameters, unknown names, unknown
routes and methods, writes without a token, a query past its budget), the ingest
report (failed and skipped documents, from the library, ``ingest --json`` and
``POST /ingest``) and ``extract --json``. datasette's test_error_shape.py is the model.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.schemas import ErrorDetail
from api.settings import Settings
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry, load_registry
from tests.support.paths import EXAMPLES

TOKEN = "token-for-the-error-shape"


def assert_error(detail: Any) -> None:
    """``detail`` is the one shape: exactly code, message and details, typed."""
    assert isinstance(detail, dict) and set(detail) == {"code", "message", "details"}, detail
    ErrorDetail.model_validate(detail)
    assert detail["code"] and detail["message"]


@pytest.fixture(scope="module")
def bad_inputs(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> list[str]:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    return [str(folder), str(folder / "missing.html"), *sorted(map(str, seeds_dir.glob("*")))]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    with EmbeddedStore(db) as store:
        ingest([str(seeds_dir)], store, load_registry([EXAMPLES / "outlets.yaml"]))
    settings = Settings(store=str(db), token=TOKEN, registry=[str(EXAMPLES / "outlets.yaml")])
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


BEARER = {"Authorization": f"Bearer {TOKEN}"}
REQUESTS = [
    ("GET", "/paths?origin=Nowhere+Daily&destination=RT", None, {}, 404),
    ("GET", "/paths?origin=RT&destination=RT&max_hops=99", None, {}, 422),
    ("GET", "/paths?origin=RT&destination=RT&exclude_methods=text_reus", None, {}, 422),
    ("GET", "/amplification?source=RT&type=launders", None, {}, 422),
    ("GET", "/amplification?source=RT&since=2026-05-01&until=2026-01-01", None, {}, 422),
    ("GET", "/outlets/Nowhere%20Daily", None, {}, 404),
    ("GET", "/articles/article:none", None, {}, 404),
    ("GET", "/edges/e-missing", None, {}, 404),
    ("GET", "/no/such/route", None, {}, 404),
    ("DELETE", "/health", None, {}, 405),
    ("POST", "/ingest", {"urls": ["https://x.example/"]}, {}, 401),
    ("POST", "/ingest", {"urls": ["/etc/passwd"]}, BEARER, 422),
    ("PATCH", "/edges/e-missing", {"review": "confirmed"}, BEARER, 404),
    ("PATCH", "/edges/e-missing", {"review": "maybe"}, BEARER, 422),
    ("GET", "/views/path?origin=Nowhere+Daily&destination=RT", None, {}, 404),
]


@pytest.mark.parametrize(("method", "url", "body", "headers", "status"), REQUESTS)
def test_every_api_error_has_the_one_shape(
    client: TestClient,
    method: str,
    url: str,
    body: dict[str, Any] | None,
    headers: dict[str, str],
    status: int,
) -> None:
    response = client.request(method, url, json=body, headers=headers)
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}
    assert_error(response.json()["error"])


def test_a_query_past_its_budget_has_the_one_shape(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "slow.db"
    with EmbeddedStore(db) as store:
        ingest([str(seeds_dir)], store, load_registry([EXAMPLES / "outlets.yaml"]))
    with TestClient(create_app(Settings(store=str(db), query_timeout=1e-9))) as c:
        response = c.get("/amplification", params={"source": "RT"})
    assert response.status_code == 504
    assert_error(response.json()["error"])


def _failed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in items if i["status"] != "ok"]


def test_the_ingest_report_has_the_one_shape(
    tmp_path: Path, bad_inputs: list[str], registry: Registry
) -> None:
    store = EmbeddedStore(tmp_path / "lib.db")
    report = ingest(bad_inputs, store, registry)
    again = ingest(bad_inputs, store, registry)  # skipped: already ingested
    items = [
        i.to_json().model_dump(mode="json", exclude_unset=True)
        for i in [*report.items, *again.items]
    ]
    failed = _failed(items)
    assert {i["status"] for i in failed} == {"error", "skipped"}
    codes = {(i.get("error") or i["reason"])["code"] for i in failed}
    assert {"empty_document", "binary_content", "not_found"} <= codes
    assert {"unsupported_format", "already_ingested"} <= codes
    for item in failed:
        assert_error(item["error"] if item["status"] == "error" else item["reason"])


def test_the_cli_reports_have_the_one_shape(tmp_path: Path, bad_inputs: list[str]) -> None:
    runner = CliRunner()
    store = str(tmp_path / "cli.db")
    ingested = runner.invoke(cli, ["ingest", *bad_inputs, "--store", store, "--json"])
    assert ingested.exit_code == 0, ingested.output
    failed = _failed(json.loads(ingested.stdout)["items"])
    assert failed
    for item in failed:
        assert_error(item["error"] if item["status"] == "error" else item["reason"])
    extracted = runner.invoke(cli, ["extract", *bad_inputs, "--json"])
    lines = [json.loads(line) for line in extracted.stdout.splitlines()]
    errors = [line for line in lines if "error" in line]
    assert len(errors) >= 3 and len(errors) < len(lines)
    for line in errors:
        assert set(line) == {"input", "error"}
        assert_error(line["error"])


def test_an_ingest_job_reports_a_refused_url_in_the_one_shape(client: TestClient) -> None:
    response = client.post("/ingest", json={"urls": ["http://127.0.0.1:9/dead"]}, headers=BEARER)
    assert response.status_code == 202
    job = response.json()["id"]
    deadline = time.monotonic() + 120
    while (body := client.get(f"/jobs/{job}", headers=BEARER).json())["status"] not in {
        "done",
        "failed",
    }:
        assert time.monotonic() < deadline, body
        time.sleep(0.2)
    [item] = body["report"]["items"]
    assert item["status"] == "error"
    assert_error(item["error"])
