"""The HTTP API in-process: answers, the one error shape, and write protection."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.queries import MAX_HOPS
from graph.results import AmplificationOut, OutletGraphOut, OutletProfileOut, PathsOut
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry, load_registry
from tests.support.paths import EXAMPLES

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def client(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, registry: Registry
) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    store = EmbeddedStore(db)
    examples = EXAMPLES
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
        ("GET", "/paths", {"origin": "RT"}, 422),
        ("GET", "/paths", {"origin": "RT", "destination": "Mondialisation.ca", "k": "many"}, 422),
        (
            "GET",
            "/paths",
            {"origin": "RT", "destination": "Mondialisation.ca", "max_hops": "-3"},
            422,
        ),
        (
            "GET",
            "/paths",
            {"origin": "RT", "destination": "Mondialisation.ca", "type": "launders"},
            422,
        ),
        ("GET", "/paths", {"origin": "RT", "destination": "x" * 3000}, 422),
        ("GET", "/paths", {"origin": "Nowhere", "destination": "RT"}, 404),
        (
            "GET",
            "/paths",
            {"origin": "RT", "destination": "Mondialisation.ca", "max_hops": "abc"},
            422,
        ),
        (
            "GET",
            "/paths",
            {"origin": "RT", "destination": "Mondialisation.ca", "max_hops": "99"},
            422,
        ),
        (
            "GET",
            "/paths",
            {"origin": "RT", "destination": "Mondialisation.ca", "max_hops": "11"},
            422,
        ),
        ("GET", "/paths", {"origin": "RT", "destination": "Mondialisation.ca", "k": "21"}, 422),
        ("GET", "/amplification", {"source": "RT", "since": "yesterday"}, 422),
        (
            "GET",
            "/amplification",
            {"source": "RT", "since": "2026-02-01", "until": "2026-01-01"},
            422,
        ),
        ("GET", "/amplification", {"source": "RT", "limit": "100000"}, 422),
        ("GET", "/autocomplete", {"q": ""}, 422),
        ("GET", "/search", {"q": "rt", "kind": "Planet"}, 422),
        ("GET", "/paths", {"origin": "RT", "destination": "RT", "type": "TRANSLATES"}, 422),
        ("GET", "/paths", {"origin": "RT", "destination": "RT", "type": "cites,quotes"}, 422),
        ("GET", "/outlets/Mondialisaton", {}, 404),
        ("GET", "/paths", {"origin": "RT", "destination": "RT", "min_confidence": "nan"}, 422),
        ("GET", "/amplification", {"source": ""}, 422),
        ("GET", "/amplification", {"source": "RT", "top": "0"}, 422),
        ("GET", "/outlets", {"kind": "tabloid"}, 422),
        ("GET", "/outlets", {"limit": "100000"}, 422),
        ("GET", "/outlets/outlet:none", {}, 404),
        ("GET", "/articles/article:none", {}, 404),
        ("GET", "/search", {}, 422),
        ("GET", "/export", {"format": "pdf"}, 422),
        ("GET", "/views/path", {"origin": "RT"}, 422),
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
    assert invalid.status_code == 422
    assert client.post("/ingest", json={"urls": ["https://x.example/"]}).status_code == 401
    local = client.post(
        "/ingest", json={"urls": ["/etc/passwd"]}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert local.status_code == 422 and _is_error_shape(local.json())


def test_ingest_endpoint_queues_a_job_whose_report_has_each_url(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    response = client.post("/ingest", json={"urls": ["http://127.0.0.1:9/dead"]}, headers=auth)
    assert response.status_code == 202
    job = response.json()["id"]
    for _ in range(600):
        body = client.get(f"/jobs/{job}", headers=auth).json()
        if body["status"] in ("done", "failed"):
            break
        time.sleep(0.05)
    assert body["status"] == "done"
    [item] = body["report"]["items"]
    # The server refuses loopback unless configured to fetch it.
    assert item["status"] == "error" and item["error"]["code"] == "blocked_address"


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


def test_done_when_seed_chain_with_evidence_and_amplification(client: TestClient) -> None:
    """The issue's first "done when": the chain with evidence, depth, outlets and lags."""
    body = client.get("/paths", params={"origin": "RT", "destination": "Mondialisation.ca"}).json()
    PathsOut.model_validate(body)
    [chain] = body["outlet_chains"]
    assert chain["outlets"] == ["RT", "Réseau International", "Mondialisation.ca"]
    hops = body["paths"][0]["outlet_hops"]
    assert [(h["from_name"], h["types"]) for h in hops] == [
        ("RT", ["translates"]),
        ("Réseau International", ["republishes"]),
    ]
    amp = client.get("/amplification", params={"source": "RT"}).json()
    AmplificationOut.model_validate(amp)
    assert amp["depth"] == 2
    assert [(o["name"], o["first_depth"]) for o in amp["outlets"]] == [
        ("Réseau International", 1),
        ("Mondialisation.ca", 2),
    ]
    assert set(amp["lag_hours"]) == {"hops_dated", "min", "median", "per_depth"}
    vtv = client.get("/amplification", params={"source": "VTV International"}).json()
    assert vtv["lag_hours"]["min"] is not None and vtv["lag_hours"]["per_depth"]


def test_unknown_outlet_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/paths", params={"origin": "Russia Todey", "destination": "RT"})
    assert response.status_code == 404
    body = response.json()
    assert _is_error_shape(body)
    assert body["error"]["details"]["suggestions"][0]["key"] == "outlet:rt"
    profile = client.get("/outlets/Mondialisaton").json()
    assert [s["name"] for s in profile["error"]["details"]["suggestions"]] == ["Mondialisation.ca"]


def test_max_hops_above_the_cap_is_refused_not_capped(client: TestClient) -> None:
    params = {"origin": "RT", "destination": "Mondialisation.ca"}
    assert client.get("/paths", params=params | {"max_hops": str(MAX_HOPS)}).status_code == 200
    refused = client.get("/paths", params=params | {"max_hops": "99"}).json()
    assert refused["error"]["details"]["problems"][0]["loc"] == ["query", "max_hops"]
    spec = client.get("/openapi.json").json()
    [hops] = [p for p in spec["paths"]["/paths"]["get"]["parameters"] if p["name"] == "max_hops"]
    assert hops["schema"]["maximum"] == MAX_HOPS and str(MAX_HOPS) in hops["description"]


def test_outlet_profile_article_detail_and_lookups(client: TestClient) -> None:
    rt = client.get("/outlets/rt.com").json()
    OutletProfileOut.model_validate(rt)
    assert rt["key"] == "outlet:rt" and rt["article_count"] >= 1
    assert [o["name"] for o in rt["downstream_outlets"]] == ["Réseau International"]
    article = client.get(f"/articles/{rt['articles'][0]['key']}").json()
    assert article["edges_in"][0]["node"]["outlet"] == "Réseau International"
    assert client.get("/autocomplete", params={"q": "mondi"}).json()[0]["key"] == (
        "outlet:mondialisation-ca"
    )
    first = client.get("/search", params={"q": "a", "limit": 2}).json()
    second = client.get("/search", params={"q": "a", "limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] > 4
    assert not {n["key"] for n in first["data"]} & {n["key"] for n in second["data"]}
    graph = client.get("/outlet-graph").json()
    OutletGraphOut.model_validate(graph)
    assert {"pagerank", "betweenness", "in_degree", "out_degree"} <= set(graph["outlets"][0])


def test_exclude_methods_over_http(client: TestClient) -> None:
    params = {"origin": "RT", "destination": "Mondialisation.ca"}
    kept = client.get("/paths", params=params | {"exclude_methods": "text_reuse"}).json()
    assert kept["paths"]  # the seed chain rests on attribution lines, not on text reuse
    methods = {ev["method"] for h in kept["paths"][0]["hops"] for ev in h["evidence"]}
    dropped = client.get("/paths", params={**params, "exclude_methods": sorted(methods)}).json()
    assert dropped["paths"] == []
    # One method per parameter, as the schema says: a comma list is refused, not guessed.
    listed = client.get("/paths", params=params | {"exclude_methods": "pattern,text_reuse"})
    assert listed.status_code == 422


@pytest.mark.parametrize("route", ["/paths", "/amplification", "/outlet-graph"])
def test_a_misspelt_evidence_method_is_a_422_not_an_empty_filter(
    client: TestClient, route: str
) -> None:
    """Regression: ``exclude_methods=text_reus`` used to exclude nothing, silently."""
    params = {"origin": "RT", "destination": "Mondialisation.ca", "source": "RT"}
    response = client.get(route, params=params | {"exclude_methods": "pattern,text_reus"})
    assert response.status_code == 422 and _is_error_shape(response.json())
    [problem] = response.json()["error"]["details"]["problems"]
    assert problem["loc"][:2] == ["query", "exclude_methods"]


def test_a_query_past_the_time_budget_is_a_clean_504(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "slow.db"
    store = EmbeddedStore(db)
    ingest([str(seeds_dir)], store, load_registry([EXAMPLES / "outlets.yaml"]))
    store.close()
    app = create_app(Settings(store=str(db), query_timeout=1e-9))
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/amplification", params={"source": "RT"})
    assert response.status_code == 504 and _is_error_shape(response.json())
    assert response.json()["error"]["code"] == "query_timeout"


def test_ingest_is_refused_without_a_configured_token(tmp_path: Path) -> None:
    app = create_app(Settings(store=str(tmp_path / "w.db"), token=None))
    with TestClient(app) as c:
        response = c.post(
            "/ingest", json={"urls": ["https://x.example/"]}, headers={"Authorization": "Bearer x"}
        )
    assert response.status_code == 403 and _is_error_shape(response.json())


def test_openapi_documents_models_and_errors(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name in ("PathsOut", "AmplificationOut", "OutletGraphOut", "ErrorOut", "HopOut"):
        assert name in schemas
    paths_get = spec["paths"]["/paths"]["get"]
    assert paths_get["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/PathsOut"
    )
    assert paths_get["responses"]["404"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ErrorOut"
    )
    assert client.get("/docs").status_code == 200


def test_evidence_names_documents_relative_to_the_input_never_by_local_path(
    client: TestClient, seeds_dir: Path
) -> None:
    """Regression: every evidence item exposed the absolute path of its source file
    through /export, /edges and /articles."""
    exported = client.get("/export").json()
    uris = {ev.get("document_uri") for e in exported["edges"] for ev in e["evidences"]}
    local = {u for u in uris if u and not u.startswith(("http://", "https://"))}
    assert local and all(not u.startswith("/") for u in local), sorted(local)[:5]
    assert f"{seeds_dir.name}/000_36acb322796571a3.txt" in local
    assert "corpus/a3_eveil-des-peuples_fr.txt" in local
    text = client.get("/export").text + client.get("/export", params={"format": "csv"}).text
    assert str(seeds_dir) not in text and str(EXAMPLES) not in text
    edge = exported["edges"][0]
    assert str(EXAMPLES) not in client.get(f"/edges/{edge['id']}").text
    rt = client.get("/outlets/outlet:rt").json()
    article = client.get(f"/articles/{rt['articles'][0]['key']}").text
    assert str(seeds_dir) not in article and str(EXAMPLES) not in article


def test_an_article_lists_the_documents_its_evidence_was_read_in_with_their_capture(
    client: TestClient, seeds_dir: Path
) -> None:
    mondialisation = client.get("/outlets/Mondialisation.ca").json()["articles"][0]["key"]
    article = client.get(f"/articles/{mondialisation}").json()
    [document] = article["documents"]
    capture = document["capture"]
    raw = (seeds_dir / document["uri"].rsplit("/", 1)[-1]).read_bytes()
    assert document["id"] == "doc:" + capture["sha256"][:20]
    assert (capture["via"], capture["size"], capture["captured_at_kind"]) == (
        "file",
        len(raw),
        "file_mtime",
    )
    evidence_docs = {ev["document"] for e in article["edges_out"] for ev in e["evidences"]}
    assert evidence_docs == {document["id"]}
    page = client.get(f"/explore/article/{mondialisation}").text
    assert capture["sha256"] in page and f"{len(raw)} bytes" in page


def test_documents_recorded_before_captures_show_none_not_a_guess(
    tmp_path: Path, seeds_dir: Path, registry: Registry
) -> None:
    db = tmp_path / "old.db"
    with EmbeddedStore(db) as store:
        ingest([str(seeds_dir)], store, registry)
    # What an older version left: the same records, without a capture.
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE documents SET capture = NULL")
    with TestClient(create_app(Settings(store=str(db)))) as c:
        key = c.get("/outlets/Mondialisation.ca").json()["articles"][0]["key"]
        [document] = c.get(f"/articles/{key}").json()["documents"]
        page = c.get(f"/explore/article/{key}").text
    assert document["capture"] is None and document["uri"].endswith(".txt")
    row = page.split('id="documents"')[1]
    assert row.count("<td>unknown</td>") == 4
