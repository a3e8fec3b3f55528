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
from tests.support.cli import invoke
from tests.support.paths import CORPUS


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
    empty = by_name["empty.txt"].error
    assert empty is not None and empty.code == "empty_document"
    assert empty.details == {"uri": "batch/empty.txt"}  # named relative to the input folder
    assert by_name["binary.txt"].status == "error"
    assert by_name["missing.html"].error.code == "not_found"  # type: ignore[union-attr]
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


@pytest.mark.long
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
    # The uninterrupted single-worker run goes first: its size paces the kills. It is
    # the same command line, run in this process (tests/support/cli.py): what is killed
    # and resumed below are real processes; the reference need not pay a start-up.
    _python, _m, _api, *args = ingest_command(corpus, clean_uri)
    invoke(*args, env={k: v for k, v in env.items() if k.startswith(("CITEGRAPH_", "NEO4J_"))})
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


def _million_links_page(path: Path) -> Path:
    """The page of the report: 1M links in 20.9 MB, under the 20 MB size cap."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(
            "<!doctype html><html lang='en'><head><title>Links</title></head><body>"
            "<article><h1>Many links</h1><p>"
        )
        for start in range(0, 1_000_000, 10_000):
            fh.write("".join(f"<a href=/{i:x}>w</a> " for i in range(start, start + 10_000)))
        fh.write("</p></article></body></html>")
    assert 20_000_000 < path.stat().st_size < 20 * 1024 * 1024
    return path


@pytest.mark.long
def test_the_million_link_page_is_ingested_with_a_warning(
    tmp_path: Path, registry: Registry
) -> None:
    """Regression: this page ran over 600 s at 100% CPU (two quadratic loops). It now
    goes through inside the default per-document CPU budget, its extra links read as text."""
    page = _million_links_page(tmp_path / "links.html")
    store = EmbeddedStore(tmp_path / "s.db")
    report = ingest([str(page)], store, registry)
    [item] = report.items
    assert item.status == "ok", item.error
    assert item.warnings[0].startswith("too_many_links: 1000000 links; the first 5000")
    assert store.counts().nodes["Article"] >= 1


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_its_cpu_budget_is_stopped_and_the_batch_goes_on(
    tmp_path: Path, registry: Registry, workers: int
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(CORPUS / "a2_relais-libre_fr.html", folder / "a.html")
    _million_links_page(folder / "b.html")  # about 6 s of CPU
    shutil.copy(CORPUS / "c1_meridian-press_en.html", folder / "c.html")
    store = EmbeddedStore(tmp_path / "s.db")
    report = ingest([str(folder)], store, registry, workers=workers, cpu_seconds=2.5)
    by_name = {Path(i.input).name: i for i in report.items}
    assert by_name["a.html"].status == by_name["c.html"].status == "ok"
    stopped = by_name["b.html"]
    assert stopped.status == "error" and stopped.error is not None
    assert stopped.error.code == "over_budget"
    assert "more than 2.5 s of CPU" in stopped.error.message
    assert len(store.documents([i.document for i in report.items if i.document])) == 2


def test_off_the_main_thread_ingest_parses_in_a_worker_process_under_its_budget(
    tmp_path: Path, registry: Registry
) -> None:
    """The budget's signal reaches only a main thread: the server's ingest jobs run on
    another, so their documents go to a worker process, whose main thread gets it."""
    import threading

    page = _million_links_page(tmp_path / "links.html")
    store = EmbeddedStore(tmp_path / "s.db")
    reports = []
    thread = threading.Thread(
        target=lambda: reports.append(ingest([str(page)], store, registry, cpu_seconds=1.0))
    )
    thread.start()
    thread.join(120)
    [item] = reports[0].items
    assert item.error is not None and item.error.code == "over_budget"


def test_a_malformed_link_is_skipped_not_the_page(tmp_path: Path, registry: Registry) -> None:
    """Regression (issue 21): text where the port should be ("example.com:port") made
    the URL parser raise, and the whole page failed as ``extraction_failed``."""
    body = "The flood reached the valley on Monday, officials said in a short note. " * 4
    page = tmp_path / "links.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><title>Flood</title>"
        "<link rel='canonical' href='https://site.example/flood.html'></head><body>"
        f"<article><h1>Flood in the valley</h1><p>{body}</p>"
        "<p>See <a href='http://example.com:port/x'>the map</a>, "
        "<a href='http://[::1'>the list</a> and "
        "<a href='https://www.bbc.com/news/world-1'>the BBC's report</a>.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    store = EmbeddedStore(tmp_path / "s.db")
    report = ingest([str(page)], store, registry)
    [item] = report.items
    assert item.status == "ok", item.error
    targets = {e.target for e in store.iter_edges()}
    assert "outlet:bbc" in targets
    assert not any("example.com" in t for t in targets)
