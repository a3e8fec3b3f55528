"""The HTTP API in-process: answers, the one error shape, and write protection."""

from __future__ import annotations

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

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, registry: Registry
) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    store = EmbeddedStore(db)
    examples = Path(__file__).resolve().parents[1] / "examples"
    ingest([str(seeds_dir), str(examples / "corpus")], store, registry)
    store.close()
    app = create_app(
        Settings(store=str(db), token=TOKEN, registry=[str(examples / "outlets.yaml")])
    )
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _is_error_shape(body: dict[str, Any]) -> bool:
    err = body.get("error")
    return isinstance(err, dict) and set(err) == {"code", "message", "details"}


def test_health(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["nodes"] > 0 and body["edges"] > 0


def test_paths_seed_chain(client: TestClient) -> None:
    body = client.get("/paths", params={"origin": "RT", "destination": "Mondialisation.ca"}).json()
    assert body["order"] == "flow"
    first = body["paths"][0]
    assert [n["outlet"] for n in first["nodes"]] == [
        "RT",
        "Réseau International",
        "Mondialisation.ca",
    ]
    assert [h["type"] for h in first["hops"]] == ["translates", "republishes"]
    assert all(h["evidence"][0]["text"] for h in first["hops"])


def test_lists_details_and_search(client: TestClient) -> None:
    outlets = client.get("/outlets", params={"kind": "state_media"}).json()
    assert outlets["count"] == len(outlets["data"]) >= 3
    assert {o["outlet_kind"] for o in outlets["data"]} == {"state_media"}
    rt = client.get("/outlets/outlet:rt").json()
    assert rt["name"] == "RT" and rt["articles"]
    article_key = rt["articles"][0]["key"]
    article = client.get(f"/articles/{article_key}").json()
    assert article["edges_in"] and article["edges_in"][0]["type"] == "translates"
    url_article = client.get("/articles", params={"outlet": "outlet:vtv-international"}).json()
    key = url_article["data"][0]["key"]
    assert key.startswith("article:https://")
    assert client.get(f"/articles/{key}").status_code == 200
    hits = client.get("/search", params={"q": "lavrov"}).json()
    assert [h["name"] for h in hits["data"]] == ["Sergey Lavrov"]


def test_amplification_outlet_graph_and_export(client: TestClient) -> None:
    amp = client.get("/amplification", params={"source": "VTV International"}).json()
    assert amp["size"] == 3 and amp["lag_hours"]["median"] is not None
    graph = client.get("/outlet-graph").json()
    assert {
        "from": "outlet:rt",
        "to": "outlet:reseau-international",
        "count": 1,
        "types": {"translates": 1},
    } in graph["edges"]
    export = client.get("/export").json()
    assert len(export["nodes"]) == client.get("/health").json()["nodes"]
    assert client.get("/export", params={"format": "graphml"}).text.lstrip().startswith("<")


@pytest.mark.parametrize(
    ("method", "url", "params", "status"),
    [
        ("GET", "/paths", {"origin": "RT"}, 400),
        ("GET", "/paths", {"origin": "RT", "destination": "Mondialisation.ca", "k": "many"}, 400),
        (
            "GET",
            "/paths",
            {"origin": "RT", "destination": "Mondialisation.ca", "max_hops": "-3"},
            400,
        ),
        (
            "GET",
            "/paths",
            {"origin": "RT", "destination": "Mondialisation.ca", "type": "launders"},
            400,
        ),
        ("GET", "/paths", {"origin": "RT", "destination": "x" * 3000}, 400),
        ("GET", "/paths", {"origin": "Nowhere", "destination": "RT"}, 404),
        ("GET", "/paths", {"origin": "RT", "destination": "RT", "min_confidence": "nan"}, 400),
        ("GET", "/amplification", {"source": ""}, 400),
        ("GET", "/amplification", {"source": "RT", "top": "0"}, 400),
        ("GET", "/outlets", {"kind": "tabloid"}, 400),
        ("GET", "/outlets", {"limit": "100000"}, 400),
        ("GET", "/outlets/outlet:none", {}, 404),
        ("GET", "/articles/article:none", {}, 404),
        ("GET", "/search", {}, 400),
        ("GET", "/export", {"format": "pdf"}, 400),
        ("GET", "/views/path", {"origin": "RT"}, 400),
        ("GET", "/edges/nope", {}, 404),
        ("GET", "/no-such-route", {}, 404),
    ],
)
def test_bad_parameters_never_500_and_share_one_error_shape(
    client: TestClient, method: str, url: str, params: dict[str, str], status: int
) -> None:
    response = client.request(method, url, params=params)
    assert response.status_code == status, response.text
    assert _is_error_shape(response.json())


def test_writes_need_the_token(client: TestClient) -> None:
    edge = client.get("/paths", params={"origin": "RT", "destination": "Mondialisation.ca"}).json()
    edge_id = edge["paths"][0]["hops"][0]["edge"]
    body = {"review": "confirmed"}
    assert client.patch(f"/edges/{edge_id}", json=body).status_code == 401
    bad = client.patch(f"/edges/{edge_id}", json=body, headers={"Authorization": "Bearer wrong"})
    assert bad.status_code == 401 and _is_error_shape(bad.json())
    ok = client.patch(f"/edges/{edge_id}", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 200 and ok.json()["review"] == "confirmed"
    assert client.get(f"/edges/{edge_id}").json()["confidence"] == 1.0
    invalid = client.patch(
        f"/edges/{edge_id}", json={"review": "maybe"}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert invalid.status_code == 400
    assert client.post("/ingest", json={"urls": ["https://x.example/"]}).status_code == 401
    local = client.post(
        "/ingest", json={"urls": ["/etc/passwd"]}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert local.status_code == 400 and _is_error_shape(local.json())


def test_ingest_endpoint_reports_a_dead_url(client: TestClient) -> None:
    response = client.post(
        "/ingest",
        json={"urls": ["http://127.0.0.1:9/dead"]},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["status"] == "error" and item["error"]["code"] == "fetch_failed"


def test_writes_are_disabled_without_a_configured_token(tmp_path: Path) -> None:
    app = create_app(Settings(store=str(tmp_path / "w.db"), token=None))
    with TestClient(app) as c:
        response = c.patch(
            "/edges/x", json={"review": "confirmed"}, headers={"Authorization": "Bearer anything"}
        )
    assert response.status_code == 403 and _is_error_shape(response.json())


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for route in (
        "/health",
        "/paths",
        "/amplification",
        "/outlets",
        "/articles",
        "/search",
        "/outlet-graph",
        "/export",
        "/ingest",
        "/edges/{edge_id}",
    ):
        assert route in paths
