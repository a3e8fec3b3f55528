"""Shared infrastructure over HTTP, in the explorer, in the views and on the command line."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry
from tests.support.cli import invoke, run_process
from tests.support.paths import INPUTS


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Path:
    path = tmp_path_factory.mktemp("operators") / "o.db"
    store = EmbeddedStore(path)
    ingest([str(INPUTS / "infrastructure"), str(INPUTS / "telegram")], store, registry)
    store.close()
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(store=str(db))), raise_server_exceptions=False) as c:
        yield c


def _view_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    assert found, "the view's data block"
    text = found.group(1).replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u0026", "&")
    data: dict[str, Any] = json.loads(text)
    return data


def test_the_route_lists_operators_strongest_first(client: TestClient) -> None:
    body = client.get("/outlets/kestra-monitor.example/infrastructure").json()
    assert body["outlet"]["key"] == "outlet:kestra-monitor-example"
    (op,) = body["operators"]
    assert op["outlet"]["name"] == "varnia-today.example" and op["tier"] == "conclusive"
    kinds = [i["kind"] for i in op["identifiers"]]
    assert kinds == ["ga", "verification", "cms"]  # conclusive before weak
    seen = op["identifiers"][0]["seen"]
    assert {s["url"] for s in seen} == {
        "https://www.kestra-monitor.example/2025/03/04/grain-ships-waiting",
        "https://varnia-today.example/news/dockers-back-protest",
    }
    weak = client.get("/outlets/sarna-herald.example/infrastructure", params={"min_tier": "weak"})
    assert [o["tier"] for o in weak.json()["operators"]] == ["weak"]
    none = client.get(
        "/outlets/sarna-herald.example/infrastructure", params={"min_tier": "conclusive"}
    )
    assert none.json()["operators"] == []
    # A Telegram channel found by its t.me address: no shared infrastructure.
    channel = client.get("/outlets/t.me/vestnik_varnii/infrastructure").json()
    assert channel["outlet"]["name"] == "Вестник Варнии" and channel["operators"] == []


def test_the_route_answers_bad_requests_in_the_one_error_shape(client: TestClient) -> None:
    unknown = client.get("/outlets/kestra-monitr.example/infrastructure")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["details"]["suggestions"][0]["key"] == (
        "outlet:kestra-monitor-example"
    )
    bad = client.get("/outlets/kestra-monitor.example/infrastructure", params={"min_tier": "x"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_input"
    # The profile route is still the profile.
    assert client.get("/outlets/kestra-monitor.example").json()["article_count"] == 1


def test_the_outlet_page_shows_shared_infrastructure_only_when_asked(client: TestClient) -> None:
    page = client.get("/explore/outlet/kestra-monitor.example").text
    assert 'id="show-infrastructure"' in page and "UA-48213377" not in page
    assert "/views/outlet?outlet=kestra-monitor.example&amp;infrastructure=1" not in page
    shown = client.get("/explore/outlet/kestra-monitor.example?infrastructure=1").text
    assert "UA-48213377" in shown and "varnia-today.example" in shown
    assert "infrastructure=1" in shown


def test_views_draw_shared_infrastructure_only_when_asked(client: TestClient) -> None:
    plain = _view_data(client.get("/views/outlet?outlet=kestra-monitor.example").text)
    assert not any("shares_infrastructure" in json.dumps(e) for e in plain["edges"])
    asked = client.get("/views/outlet?outlet=kestra-monitor.example&infrastructure=1").text
    data = _view_data(asked)
    (edge,) = [e for e in data["edges"] if e["cg"]["relation"] == "shares_infrastructure"]
    assert edge["dashes"] == [2, 6] and edge["arrows"] == {"to": {"enabled": False}}
    assert {edge["from"], edge["to"]} == {
        "outlet:kestra-monitor-example",
        "outlet:varnia-today-example",
    }
    assert "shares_infrastructure —" in asked  # the legend: its own style, no arrow
    svg = client.get("/views/outlet-graph?infrastructure=1&format=svg").text
    dotted = re.findall(r'<line [^>]*stroke-dasharray="2 6"[^>]*/>', svg)
    assert len(dotted) == 1 + 2  # the legend's line, and the two pairs of sites
    assert not any("marker-end" in line for line in dotted)
    assert 'stroke-dasharray="2 6"' not in client.get("/views/outlet-graph?format=svg").text


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return invoke(*args, env={"COLUMNS": "200"}, check=False)


def test_the_operators_command(db: Path, tmp_path: Path) -> None:
    proc = run_process(  # the installed command once; the rest in this process
        "operators", "varnia-today.example", "--store", str(db), "--json", check=False
    )
    assert proc.returncode == 0, proc.stderr
    body = json.loads(proc.stdout)
    assert [o["outlet"]["name"] for o in body["operators"]] == ["kestra-monitor.example"]
    text = run("operators", "varnia-today.example", "--store", str(db)).stdout
    assert "conclusive" in text and "UA-48213377" in text and "Not shared (yet)" in text
    missing = run("operators", "nowhere.example", "--store", str(db))
    assert missing.returncode != 0 and "no outlet matches" in missing.stderr
    svg = tmp_path / "o.svg"
    assert (
        run("view", "overview", "--infrastructure", "-o", str(svg), "--store", str(db)).returncode
        == 0
    )
    assert 'stroke-dasharray="2 6"' in svg.read_text(encoding="utf-8")


def test_a_bad_columns_option_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    proc = run("ingest", str(INPUTS / "declared"), "--columns", "sauce=Source", "--store", str(db))
    assert proc.returncode == 2
    assert "unknown field 'sauce'" in proc.stderr and not db.exists()
