"""Mangled versions of real pages never crash extraction, and evidence stays verbatim;
hostile query parameters never make the API answer 500."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.store.embedded import EmbeddedStore
from loaders.documents import parse_document
from loaders.errors import DocumentError
from loaders.extract import extract
from loaders.ingest import ingest
from loaders.registry import Registry
from tests.support.paths import CORPUS

MARKERS = [
    "Annexe article publié par RT :",
    "source : ",
    "traduit par ",
    "Originally published by ",
    "Quelle: https://",
    "« ",
    ":",
    "a déclaré",
    "selon",
    "le Colonel",
    "Par : ",
    "\n\n",
    "<p>",
    "</a>",
]


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(5)
        i = rng.randrange(len(lines)) if lines else 0
        if op == 0 and lines:
            del lines[i]
        elif op == 1:
            lines.insert(i, rng.choice(MARKERS) + rng.choice(lines or [""])[: rng.randint(0, 80)])
        elif op == 2 and lines:
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
        elif op == 3:
            rng.shuffle(lines)
        else:
            lines.append(rng.choice(MARKERS) * rng.randint(1, 3))
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(200))
def test_mangled_pages_extract_cleanly(seed: int, seeds_dir: Path, registry: Registry) -> None:
    rng = random.Random(seed)
    sources = sorted(seeds_dir.glob("*.txt")) + sorted(CORPUS.glob("*.*"))
    source = sources[seed % len(sources)]
    if source.suffix == ".csv":
        source = sources[0]
    mangled = _mutate(source.read_text("utf-8"), rng)
    try:
        doc = parse_document(mangled.encode("utf-8"), uri=source.name)
    except DocumentError:
        return  # a clear, typed refusal is an acceptable answer to garbage
    result = extract(doc, registry)
    assert result.subgraph.validate_kinds() == []
    for edge in result.subgraph.edges:
        for ev in edge.evidence:
            assert doc.text[ev.start : ev.end] == ev.text


# -- the HTTP API: hostile parameters never answer 500 ------------------------------

_HOSTILE = [
    "",
    " ",
    "RT",
    "rt.com",
    "outlet:rt",
    "https://francais.rt.com/international/1",
    "Mondialisation.ca",
    "Russia Todey",
    "' OR 1=1 --",
    '") MATCH (n) DETACH DELETE n //',
    "`x`]->(m) RETURN m //",
    "\x00\x1f",
    "é" * 300,
    "Минобороны России",
    "وزارة",
    "%s%n%x",
    "../../etc/passwd",
    "-1",
    "0",
    "1e309",
    "nan",
    "inf",
    "99",
    "abc",
    "true",
    "2026-13-45",
    "2026-01-01T00:00:00+99:00",
    "cites",
    "translates,cites",
    "text_reuse",
]
_ROUTES = {
    "/paths": [
        "origin",
        "destination",
        "max_hops",
        "k",
        "type",
        "min_confidence",
        "time_respecting",
        "exclude_methods",
    ],
    "/amplification": [
        "source",
        "max_hops",
        "type",
        "since",
        "until",
        "top",
        "limit",
        "min_confidence",
    ],
    "/outlet-graph": ["type", "min_confidence", "exclude_methods"],
    "/search": ["q", "kind", "limit", "offset"],
    "/autocomplete": ["q", "limit"],
    "/outlets": ["kind", "limit", "offset"],
    "/articles": ["outlet", "stub", "limit", "offset"],
}


_REFS = [
    "RT",
    "Mondialisation.ca",
    "Réseau International",
    "VTV International",
    "Northwind Agency",
    "Klartext-Bote",
    "rt.com",
    "lavrov",
]
# Plausible values, so most requests get past validation into the queries themselves.
_PLAUSIBLE = {
    "origin": _REFS,
    "destination": _REFS,
    "source": _REFS,
    "q": _REFS,
    "outlet": ["outlet:rt", "outlet:vtv-international"],
    "max_hops": [str(n) for n in range(1, 11)],
    "k": ["1", "3", "20"],
    "type": ["cites", "translates", "republishes", "quotes"],
    "min_confidence": ["0", "0.5", "0.95", "1"],
    "time_respecting": ["true", "false"],
    "exclude_methods": ["text_reuse", "pattern", "hyperlink,pattern"],
    "since": ["2017-01-01", "2026-01-01T00:00:00Z"],
    "until": ["2030-01-01", "2018-06-01"],
    "top": ["1", "10", "100"],
    "limit": ["1", "10", "50"],
    "offset": ["0", "3", "1000"],
    "kind": ["state_media", "alternative", "Outlet", "Person"],
    "stub": ["true", "false"],
}


@pytest.fixture(scope="module")
def api(
    tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path, registry: Registry
) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    store = EmbeddedStore(db)
    ingest([str(seeds_dir), str(CORPUS)], store, registry)
    store.close()
    with TestClient(create_app(Settings(store=str(db))), raise_server_exceptions=False) as c:
        yield c


def _is_error_shape(body: Any) -> bool:
    err = body.get("error") if isinstance(body, dict) else None
    return isinstance(err, dict) and set(err) == {"code", "message", "details"}


@pytest.mark.parametrize("seed", range(120))
def test_hostile_query_parameters_never_answer_500(api: TestClient, seed: int) -> None:
    rng = random.Random(seed)
    route = sorted(_ROUTES)[seed % len(_ROUTES)]
    names = _ROUTES[route]
    required = [n for n in names if n in ("origin", "destination", "source", "q")]
    chosen = required + rng.sample(names, rng.randint(0, len(names)))
    params = {
        name: rng.choice(_HOSTILE if rng.random() < 0.15 else _PLAUSIBLE[name]) for name in chosen
    }
    response = api.get(route, params=params)
    assert response.status_code < 500 or response.status_code in (503, 504), (
        route,
        params,
        response.text[:500],
    )
    if response.status_code >= 400:
        assert _is_error_shape(response.json()), response.text[:500]


@pytest.mark.parametrize("ref", _HOSTILE)
def test_hostile_path_segments_never_answer_500(api: TestClient, ref: str) -> None:
    for route in ("/outlets/", "/articles/", "/edges/"):
        response = api.get(route + quote(ref, safe=""))
        assert response.status_code < 500, (route, ref, response.text[:300])
        if response.status_code >= 400:
            assert _is_error_shape(response.json())
