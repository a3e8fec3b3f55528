"""Shared fixtures: the seeds, the examples, registries, and stores of both backends.

Neo4j tests run against a real Neo4j 5.26 server. ``make test`` (and CI) start it with
``scripts/neo4j-local start`` and export its URI; when run by hand without it, this
file starts the server itself. Under ``CI=true`` a Neo4j that cannot start is a test
failure, never a skip.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import Store
from graph.store.embedded import EmbeddedStore
from loaders.registry import Registry, load_registry
from tests.support.paths import EXAMPLES, ROOT

SEEDS = Path(os.environ.get("CITEGRAPH_SEEDS", ROOT.parent / "shared" / "seeds"))
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            values[key.strip()] = value.strip()
    return values


def _neo4j_credentials() -> tuple[str, str, str]:
    """Return (uri, user, password) of a running local Neo4j, starting one if needed."""
    if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
        return (
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_USER", "neo4j"),
            os.environ["NEO4J_PASSWORD"],
        )
    proc = subprocess.run(
        [str(ROOT / "scripts" / "neo4j-local"), "start"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"scripts/neo4j-local start failed:\n{proc.stderr[-3000:]}")
    env = _read_env_file(ROOT / ".cache" / "neo4j" / "neo4j.env")
    return env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"]


@pytest.fixture(scope="session")
def neo4j_credentials() -> tuple[str, str, str]:
    try:
        return _neo4j_credentials()
    except Exception as exc:  # the server is part of the suite: say loudly why it is missing
        if IN_CI:
            pytest.fail(f"Neo4j could not be started: {exc}")
        pytest.skip(f"Neo4j not available outside CI: {exc}")


def pytest_report_header(config: pytest.Config) -> list[str]:
    """Show which real Neo4j the suite talks to (the CI log must show it)."""
    if not os.environ.get("NEO4J_URI"):
        return ["neo4j: not started by the runner (the fixture will start it)"]
    try:
        from neo4j import GraphDatabase

        with GraphDatabase.driver(
            os.environ["NEO4J_URI"],
            auth=(os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")),
        ) as driver:
            records, _, _ = driver.execute_query("CALL dbms.components()")
        rows = [f"{r['name']} {r['versions']} {r['edition']}" for r in records]
        return [f"neo4j: {os.environ['NEO4J_URI']} CALL dbms.components() -> {'; '.join(rows)}"]
    except Exception as exc:
        return [f"neo4j: {os.environ['NEO4J_URI']} unreachable: {exc}"]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.fail(f"the seed articles are missing: {SEEDS} (set CITEGRAPH_SEEDS)")
    return SEEDS


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry([EXAMPLES / "outlets.yaml"])


# The Neo4j leg carries the ``neo4j`` marker, so `pytest -m "not neo4j and not browser"`
# is the fast tier: everything that needs neither a server nor a browser.
BACKENDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark a test that reaches the real Neo4j through its credentials (as each test is
    collected, before any ``pytest_collection_modifyitems`` reads the markers)."""
    if "neo4j_credentials" in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.neo4j)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a Neo4j leg left unmarked (it would start a server in the fast tier).
    Tests marked ``long`` go first: a worker that starts one last is the run's tail."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
    for item in items:
        callspec = getattr(item, "callspec", None)
        legs = callspec.params.values() if callspec is not None else ()
        if "neo4j" in legs and item.get_closest_marker("neo4j") is None:
            raise pytest.UsageError(
                f"{item.nodeid}: a Neo4j parameter without the neo4j marker "
                "(use tests/conftest.py BACKENDS or pytest.param(..., marks=...))"
            )


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend: a fresh SQLite file, or the real Neo4j wiped."""
    if request.param == "embedded":
        st: Store = EmbeddedStore(tmp_path / "test.db")
    else:
        from graph.store.neo4j import Neo4jStore

        uri, user, password = request.getfixturevalue("neo4j_credentials")
        st = Neo4jStore(uri, user=user, password=password)
        st.clear()
        # The reuse index of a wiped database starts empty too, and in the test's own
        # folder: the default is under the user's home (~/.cache/citegraph/reuse/), one
        # file per server port; the CLI and the server take CITEGRAPH_REUSE_INDEX.
        monkeypatch: pytest.MonkeyPatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setenv("HOME", str(tmp_path))
        monkeypatch.setenv("CITEGRAPH_REUSE_INDEX", str(tmp_path / "reuse.sqlite"))
    try:
        yield st
    finally:
        st.close()


@pytest.fixture(autouse=True)
def _own_home(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A home of its own for every test: a Neo4j store's reuse index defaults to
    ~/.cache/citegraph/reuse/<server>, so tests sharing the suite's one server and one
    home read each other's index entries (order-dependent counts on re-ingest)."""
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
