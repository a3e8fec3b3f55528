"""A Neo4j that dies mid-ingest: a clear error and a non-zero exit; after a restart the
same command completes, with exactly the counts of an uninterrupted run.

This uses a second, private Neo4j instance (its own NEO4J_LOCAL_HOME), so killing it
does not disturb the server the rest of the suite uses.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import load_registry
from tests.support.paths import ROOT

SCRIPT = str(ROOT / "scripts" / "neo4j-local")
CLI = str(Path(sys.executable).parent / "citegraph")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _env_file(home: Path) -> dict[str, str]:
    pairs = (
        line.split("=", 1) for line in (home / "neo4j.env").read_text().splitlines() if "=" in line
    )
    return {k: v for k, v in pairs}


def _start(home: Path) -> dict[str, str]:
    env = os.environ | {
        "NEO4J_LOCAL_HOME": str(home),
        "NEO4J_LOCAL_HEAP": "512m",
        "NEO4J_LOCAL_PAGECACHE": "128m",
    }
    proc = subprocess.run([SCRIPT, "start"], capture_output=True, text=True, env=env, timeout=300)
    if proc.returncode != 0:
        message = f"second Neo4j instance did not start:\n{proc.stderr[-2000:]}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    assert proc.stdout.strip().splitlines()[-1] == _env_file(home)["NEO4J_URI"]
    return _env_file(home)


@pytest.fixture
def private_neo4j(tmp_path: Path, neo4j_credentials: tuple[str, str, str]) -> Iterator[Path]:
    home = tmp_path / "neo4j-b"
    try:
        yield home
    finally:
        subprocess.run(
            [SCRIPT, "stop"],
            env=os.environ | {"NEO4J_LOCAL_HOME": str(home)},
            capture_output=True,
            timeout=120,
        )


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"d{i:05d}.txt").write_text(
            f"Dépêche {i} sur le barrage de Lorn\n\n"
            f"Le ministre Alexandre Verine a déclaré que la vidéo {i} était truquée, selon "
            f"l'agence Tass. La BBC vient de publier une enquête numéro {i}.\n\n"
            f"source : Original dispatch {i} on the Lorn dam\n\ntraduit par Réseau International\n",
            encoding="utf-8",
        )


def _graph_counts(creds: dict[str, str]) -> tuple[int, int, int]:
    auth = (creds["NEO4J_USER"], creds["NEO4J_PASSWORD"])
    with GraphDatabase.driver(creds["NEO4J_URI"], auth=auth, notifications_min_severity="OFF") as d:
        records, _, _ = d.execute_query(
            "MATCH (n) WHERE NOT n:Document WITH count(n) AS n, count(DISTINCT n.key) AS k "
            "OPTIONAL MATCH ()-[r]->() RETURN n, k, count(r) AS r"
        )
    row = records[0]
    return row["n"], row["k"], row["r"]


def test_neo4j_killed_mid_ingest_then_resumed(tmp_path: Path, private_neo4j: Path) -> None:
    corpus = tmp_path / "corpus"
    _corpus(corpus, 1500)
    creds = _start(private_neo4j)
    env = os.environ | {
        "NEO4J_USER": creds["NEO4J_USER"],
        "NEO4J_PASSWORD": creds["NEO4J_PASSWORD"],
    }
    cmd = [CLI, "ingest", str(corpus), "--store", creds["NEO4J_URI"], "--json"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _graph_counts(creds)[0] == 0:
        time.sleep(0.2)
    pid = int((private_neo4j / "run" / "neo4j.pid").read_text().strip())
    os.kill(pid, signal.SIGKILL)  # a crash, not a polite shutdown
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 1, stderr
    assert "store_unavailable" in stderr and "Traceback" not in stderr

    creds = _start(private_neo4j)
    env = os.environ | {
        "NEO4J_USER": creds["NEO4J_USER"],
        "NEO4J_PASSWORD": creds["NEO4J_PASSWORD"],
    }
    cmd[cmd.index("--store") + 1] = creds["NEO4J_URI"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["summary"]["errors"] == 0

    reference = EmbeddedStore(tmp_path / "ref.db")
    ingest([str(corpus)], reference, load_registry())
    nodes, distinct, edges = _graph_counts(creds)
    assert nodes == distinct, "duplicate keys after resume"
    assert (nodes, edges) == (reference.counts().total_nodes, reference.counts().total_edges)


def test_fresh_instance_accepts_a_password_that_looks_like_an_option(
    private_neo4j: Path,
) -> None:
    # Regression: the generated password was token_urlsafe, which starts with '-' about
    # one time in 64; neo4j-admin then read it as an option and the start failed in CI.
    password = "-Xstarts-like-an-option"
    private_neo4j.mkdir(parents=True)
    (private_neo4j / "neo4j.env").write_text(f"NEO4J_PASSWORD={password}\n")
    creds = _start(private_neo4j)
    assert creds["NEO4J_PASSWORD"] == password
    assert _graph_counts(creds) == (0, 0, 0)
