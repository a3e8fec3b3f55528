"""The ingest pipeline: batches go on past bad documents, and re-runs change nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry

ROOT = Path(__file__).resolve().parents[1]


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
        "message": by_name["empty.txt"].error["message"],
    }  # type: ignore[index]
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


def test_killed_ingest_resumes_without_duplicates(tmp_path: Path, registry: Registry) -> None:
    corpus = tmp_path / "corpus"
    _synthetic_corpus(corpus, 400)
    killed_db, clean_db = tmp_path / "killed.db", tmp_path / "clean.db"
    cmd = [sys.executable, "-m", "api", "ingest", str(corpus), "--json"]
    proc = subprocess.Popen(
        [*cmd, "--store", str(killed_db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Kill once the first batches are on disk, well before the run can finish.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if killed_db.exists() and EmbeddedStore(killed_db).counts().total_nodes > 0:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = EmbeddedStore(killed_db).counts().nodes.get("Article", 0)
    assert 0 < partial < 800, "the kill must land mid-ingest for this test to mean anything"

    subprocess.run([*cmd, "--store", str(killed_db)], check=True, capture_output=True)
    subprocess.run([*cmd, "--store", str(clean_db)], check=True, capture_output=True)
    assert EmbeddedStore(killed_db).counts() == EmbeddedStore(clean_db).counts()
