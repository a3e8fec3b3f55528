"""The ingest pipeline: batches go on past bad documents, and re-runs change nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.crash import differences, ingest_command, kill_and_resume, snapshot
from graph.store import Store, open_store
from graph.store.embedded import EmbeddedStore
from graph.store.neo4j import Neo4jStore
from loaders.ingest import ingest
from loaders.ingest.pool import WORKER_NICENESS, make_pool
from loaders.registry import Registry


def _mixed_folder(tmp_path: Path, seeds_dir: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for seed in seeds_dir.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "latin1.txt").write_bytes(
        "Une dépêche\n\nLe porte-parole a déclaré que la réunion était reportée, selon l'agence Tass.\n".encode(
            "latin-1"
        )
    )
    return folder


def test_bad_documents_are_reported_and_the_batch_goes_on(
    tmp_path: Path, seeds_dir: Path, registry: Registry
) -> None:
    store = EmbeddedStore(tmp_path / "s.db")
    report = ingest(
        [str(_mixed_folder(tmp_path, seeds_dir)), str(tmp_path / "missing.html")], store, registry
    )
    by_name = {Path(i.input).name: i for i in report.items}
    assert by_name["empty.txt"].error == {
        "code": "empty_document",
        "message": by_name["empty.txt"].error["message"],  # type: ignore[index]
        "details": {"uri": str(tmp_path / "batch" / "empty.txt")},
    }
    assert by_name["binary.txt"].status == "error"
    assert by_name["missing.html"].error["code"] == "not_found"  # type: ignore[index]
    assert by_name["latin1.txt"].status == "ok"
    assert report.ok == 3 and report.errors == 3
    assert store.counts().nodes["Article"] >= 4


def test_reingest_skips_known_documents_and_force_changes_no_counts(
    tmp_path: Path, seeds_dir: Path, registry: Registry
) -> None:
    store = EmbeddedStore(tmp_path / "s.db")
    ingest([str(seeds_dir)], store, registry)
    before = store.counts()
    again = ingest([str(seeds_dir)], store, registry)
    assert again.skipped == 2 and again.ok == 0
    forced = ingest([str(seeds_dir)], store, registry, force=True)
    assert forced.ok == 2
    assert store.counts() == before


def _synthetic_corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"doc{i:04d}.txt").write_text(
            f"Dépêche numéro {i} sur le barrage\n\n"
            f"Le ministre Alexandre Verine a déclaré le {i % 28 + 1} mars que la vidéo numéro {i} "
            "était une mise en scène, selon l'agence Tass.\n\n"
            f"source : Original dispatch number {i} about the dam\n\ntraduit par Réseau International\n",
            encoding="utf-8",
        )


def test_killed_ingest_resumes_to_the_same_graph(
    tmp_path: Path, store: Store, request: pytest.FixtureRequest
) -> None:
    """SIGKILL a two-worker ingest ten times at seeded random points, resuming each
    time: the final graph equals one uninterrupted single-worker run's, evidence
    included, with nothing duplicated or lost."""
    corpus = tmp_path / "corpus"
    _synthetic_corpus(corpus, 800)
    env = dict(os.environ)
    if isinstance(store, EmbeddedStore):
        killed_uri, clean_uri = store.uri, str(tmp_path / "clean.db")
    else:
        uri, user, password = request.getfixturevalue("neo4j_credentials")
        env |= {"NEO4J_USER": user, "NEO4J_PASSWORD": password}
        killed_uri = clean_uri = uri
    # The uninterrupted single-worker run goes first: its size paces the kills.
    subprocess.run(ingest_command(corpus, clean_uri), check=True, capture_output=True, env=env)
    clean_store = open_store(
        clean_uri, user=env.get("NEO4J_USER"), password=env.get("NEO4J_PASSWORD")
    )
    clean = snapshot(clean_store)
    clean_store.close()
    assert len(clean) > 1600
    if isinstance(store, Neo4jStore):
        # One database: the killed runs start from an emptied server and a new index.
        store.clear()
        index = Path(env["CITEGRAPH_REUSE_INDEX"])
        for side in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
            side.unlink(missing_ok=True)
    assert store.counts().total_nodes == 0

    result = kill_and_resume(
        corpus,
        killed_uri,
        kills=10,
        seed=3,
        final_total=len(clean),
        workers=2,
        max_delay=0.4,
        early=0.5,
        batch_size=10,
        env=env,
    )
    assert result.kills == 10
    # Writes grew from kill to kill, and the last kill still left work to do.
    assert result.size_at_kill == sorted(result.size_at_kill)
    assert 0 < result.size_at_kill[-1] < len(clean)
    killed = snapshot(store)
    assert not any(k.startswith("duplicate") for k in killed)
    assert differences(killed, clean) == []


def test_workers_do_not_outlive_a_killed_ingest(tmp_path: Path) -> None:
    """SIGKILL the writer: its workers (children of the forkserver, not of the writer)
    exit within seconds instead of waiting for work forever."""
    import signal
    import time

    import psutil

    corpus = tmp_path / "corpus"
    _synthetic_corpus(corpus, 400)
    cmd = [sys.executable, "-m", "api", "ingest", str(corpus), "--no-reuse", "--workers", "2"]
    cmd += ["--json", "--store", str(tmp_path / "s.db")]
    writer = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        pool: list[psutil.Process] = []
        while len(pool) < 3 and time.monotonic() < deadline:  # forkserver + 2 workers
            pool = writer.children(recursive=True)
            time.sleep(0.1)
        assert len(pool) >= 3, "the pool never started"
        writer.send_signal(signal.SIGKILL)
        writer.wait(10)
        _gone, alive = psutil.wait_procs(pool, timeout=15)
        assert alive == [], f"left behind: {[p.pid for p in alive]}"
    finally:
        for p in [writer, *writer.children(recursive=True)] if writer.is_running() else []:
            p.kill()


def test_workers_yield_the_cores_to_the_writer(registry: Registry) -> None:
    """The writer is the serial stage: workers run at a lower scheduling priority."""
    with make_pool(1, registry) as pool:
        assert pool.submit(os.nice, 0).result() == min(19, os.nice(0) + WORKER_NICENESS)
