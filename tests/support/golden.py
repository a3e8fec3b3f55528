"""Golden copies of what users read: query JSON, exports, served views and pages.

The seeds and the demo corpus are ingested into a fresh embedded store, then every
answer below is taken from the CLI's JSON printer and from the app in-process, and
compared byte for byte with the copies under tests/fixtures/golden/ (see
tests/test_golden.py). A change in any of them is a change users see.

Regenerate them, deliberately, after a change that is meant to alter these outputs
(an extraction rewrite, a new field), and review the diff:

    .venv/bin/python -m tests.support.golden

Served pages inline the vis-network build of the pinned pyvis wheel (half a megabyte
each); the copies hold a marker with that file's SHA-256 in its place, so they stay
readable and the vendored build is still checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.app import create_app
from api.settings import Settings
from graph.queries import amplification, find_paths
from graph.results import dump
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import load_registry
from tests.support.paths import CORPUS, EXAMPLES, FIXTURES, ROOT

__all__ = ["CASES", "GOLDEN", "outputs", "seeds_dir", "write"]

GOLDEN = FIXTURES / "golden"
_FIXED_MTIME = 1_767_225_600  # 2026-01-01T00:00:00Z
REGISTRY = EXAMPLES / "outlets.yaml"


@dataclass(frozen=True)
class Case:
    """A corpus and the questions asked of it."""

    name: str
    origin: str
    destination: str
    source: str
    outlet: str
    search: str


CASES = (
    Case("seeds", "RT", "Mondialisation.ca", "RT", "Réseau International", "lavrov"),
    Case(
        "examples",
        "Northwind Agency",
        "Klartext-Bote",
        "VTV International",
        "Northwind Agency",
        "northwind",
    ),
)


def seeds_dir() -> Path:
    return Path(os.environ.get("CITEGRAPH_SEEDS", ROOT.parent / "shared" / "seeds"))


def _pyvis_asset(name: str) -> str:
    path = resources.files("pyvis").joinpath(f"templates/lib/vis-9.1.2/{name}")
    return path.read_text(encoding="utf-8")


_VENDORED = {name: _pyvis_asset(name) for name in ("vis-network.min.js", "vis-network.css")}


def _unvendor(text: str) -> str:
    for name, asset in _VENDORED.items():
        digest = hashlib.sha256(asset.encode()).hexdigest()
        text = text.replace(asset, f"/* {name} sha256={digest} */")
    return text


# GEXF's <meta lastmodifieddate="..."> is the day the file was written (networkx sets
# it): the golden copies keep a placeholder, or they would fail on every new day.
_GEXF_DATE = re.compile(r'lastmodifieddate="\d{4}-\d{2}-\d{2}"')


def _undated(text: str) -> str:
    return _GEXF_DATE.sub('lastmodifieddate="$TODAY"', text)


def _json(result: BaseModel) -> str:
    # What `citegraph path --json` and `citegraph amplification --json` print.
    return json.dumps(dump(result), ensure_ascii=False, indent=2, default=str) + "\n"


@contextlib.contextmanager
def _ingested(case: Case) -> Iterator[Path]:
    """Yield a store path holding ``case``'s corpus, copied to a temporary folder.

    Evidence records the path its document was read from; the folder is written as
    ``$CORPUS`` in the copies, so they do not depend on where anything lives."""
    corpus = seeds_dir() if case.name == "seeds" else CORPUS
    with tempfile.TemporaryDirectory(prefix="citegraph-golden-") as tmp:
        work = Path(tmp)
        shutil.copytree(corpus, work / case.name)
        # Captures record each file's modification time; a checkout's are its own.
        for path in (work / case.name).rglob("*"):
            os.utime(path, (_FIXED_MTIME, _FIXED_MTIME))
        store_path = work / "store.db"
        with EmbeddedStore(store_path) as store:
            ingest([str(work / case.name)], store, load_registry([REGISTRY]))
        yield store_path


def _requests(case: Case, client: TestClient) -> dict[str, str]:
    """Return file name -> request URL for every route the golden copies cover."""
    path_q = urlencode({"origin": case.origin, "destination": case.destination})
    source_q = urlencode({"source": case.source})
    outlet_q = urlencode({"outlet": case.outlet})
    paths = client.get(f"/paths?{path_q}").json()
    article = paths["paths"][0]["nodes"][-1]["key"]
    outlet_key = paths["origin"]["key"]
    return {
        "api_paths.json": f"/paths?{path_q}",
        "api_paths_no_reuse.json": f"/paths?{path_q}&exclude_methods=text_reuse&k=5",
        "api_amplification.json": f"/amplification?{source_q}",
        "api_outlet_graph.json": "/outlet-graph",
        "api_outlets.json": "/outlets",
        "api_outlet.json": f"/outlets/{quote(case.outlet)}",
        "api_articles.json": "/articles?limit=20",
        "api_article.json": f"/articles/{quote(article, safe='')}",
        "api_search.json": f"/search?q={case.search}",
        "api_autocomplete.json": f"/autocomplete?q={case.search[:3]}",
        "export.json": "/export?format=json",
        "export.graphml": "/export?format=graphml",
        "export.gexf": "/export?format=gexf",
        "export.csv": "/export?format=csv",
        "view_path.html": f"/views/path?{path_q}",
        "view_path_embed.html": f"/views/path?{path_q}&embed=1",
        "view_path_download.html": f"/views/path?{path_q}&download=1",
        "view_path.svg": f"/views/path?{path_q}&format=svg",
        "view_cascade.html": f"/views/cascade?{source_q}",
        "view_cascade_time.html": f"/views/cascade?{source_q}&layout=time",
        "view_cascade.svg": f"/views/cascade?{source_q}&format=svg",
        "view_outlet.html": f"/views/outlet?{outlet_q}",
        "view_outlet.svg": f"/views/outlet?{outlet_q}&format=svg",
        "view_outlet_graph.html": "/views/outlet-graph",
        "view_outlet_graph.svg": "/views/outlet-graph?format=svg",
        "page_home.html": "/",
        "page_search.html": f"/?q={case.search}",
        "page_outlet.html": f"/explore/outlet/{quote(outlet_key, safe='')}",
        "page_paths.html": f"/explore/paths?{path_q}",
        "page_article.html": f"/explore/article/{quote(article, safe='')}",
    }


def outputs(case: Case) -> dict[str, str]:
    """Return file name -> text of every golden output for ``case``."""
    with _ingested(case) as store_path:
        found: dict[str, str] = {}
        here = str(store_path.parent)
        with EmbeddedStore(store_path) as store:
            found["cli_path.json"] = _json(find_paths(store, case.origin, case.destination))
            found["cli_amplification.json"] = _json(amplification(store, case.source))
        settings = Settings(store=str(store_path), registry=[str(REGISTRY)])
        with TestClient(create_app(settings)) as client:
            for name, url in _requests(case, client).items():
                response = client.get(url)
                if response.status_code != 200:
                    raise AssertionError(f"{url}: {response.status_code} {response.text[:300]}")
                found[name] = f"GET {url}\n" + _undated(_unvendor(response.text))
    return {name: text.replace(here, "$CORPUS") for name, text in found.items()}


def write() -> None:
    """Write every case's outputs under tests/fixtures/golden/<case>/."""
    for case in CASES:
        folder = GOLDEN / case.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in sorted(outputs(case).items()):
            (folder / name).write_bytes(text.encode("utf-8"))
        print(f"wrote {len(list(folder.iterdir()))} files to {folder}", file=sys.stderr)


if __name__ == "__main__":
    write()
