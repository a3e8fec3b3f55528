"""A write scenario run in a child process that SIGKILLs itself just before a chosen step.

tests/graph/store/test_faults.py runs it once whole, to list the steps each store write method takes
(SQL statements on the embedded store, Cypher statements and commits on Neo4j), then
once per chosen step, killed just before it, and then resumes it: the resumed store
must equal the uninterrupted one. The child is forked from the test process, so it
starts with everything imported and the kill lands where the step says.

The scenario is what a user does: ingest a corpus (batches of 3, stubs folded into
the real articles at the end), then confirm an edge.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import re
import signal
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from graph.schema import EdgeKind, ReviewStatus
from graph.store import Store, open_store
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.registry import Registry, load_registry
from tests.support.paths import EXAMPLES

#: Every method of the store interface that writes.
WRITES = ("upsert", "merge_stubs", "set_review")
REGISTRY = EXAMPLES / "outlets.yaml"


def fault_corpus(folder: Path) -> Path:
    """Nine documents: six cite an original by its title (a stub each), three are the
    originals under their own URL, so ingest ends by folding the stubs into them."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        title = f"Original dispatch number {i} about the new dam on the river"
        (folder / f"orig{i}.md").write_text(
            f"---\ntitle: {title}\nurl: https://www.harbour-times.example/2026/dam-{i}\n---\n\n"
            f"{title}\n\nThe water commission said on Tuesday that dam number {i} would open "
            "in May, according to Reuters. Engineers have checked the flow figures for the "
            "dry season and the spillway gates were tested twice last week.\n",
            encoding="utf-8",
        )
        for j in range(2):
            (folder / f"copy{i}{j}.txt").write_text(
                f"Dépêche {i}.{j} sur le barrage\n\n"
                f"Le ministre Alexandre Verine a déclaré le {j + 1} mars que le barrage numéro "
                f"{i} ouvrira en mai, selon l'agence Tass.\n\n"
                f"source : {title}\n\ntraduit par Réseau International\n",
                encoding="utf-8",
            )
    return folder


@cache
def registry() -> Registry:
    """The scenario's registry, loaded once per test process (0.4 s each time, twice per
    kill point before): forked children inherit it, and ingest only reads a registry, so
    every run (whole, killed, resumed) works with the same outlets as a fresh load."""
    return load_registry([REGISTRY])


def scenario(store: Store, corpus: Path) -> None:
    """Ingest ``corpus``, then confirm the first citation; a re-run is the resume."""
    ingest([str(corpus)], store, registry(), batch_size=3)
    first = min(store.iter_edges([EdgeKind.CITES]), key=lambda e: e.id)
    store.set_review(first.id, ReviewStatus.CONFIRMED)


class Steps:
    """Counts the statements run inside store write methods; kills the process at one."""

    def __init__(self, kill_at: int | None) -> None:
        self.kill_at = kill_at
        self.log: list[tuple[str, int, str]] = []
        self.current: tuple[str, int] | None = None
        self.calls: Counter[str] = Counter()

    def step(self, statement: str) -> None:
        if self.current is None:
            return
        # SQLite traces statements with their values filled in; without them, the
        # rows of one executemany read as one statement.
        template = re.sub(r"'(?:[^']|'')*'|\b\d+\b", "?", statement)
        self.log.append((*self.current, " ".join(template.split())[:60]))
        if len(self.log) == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def wrap(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            if self.current is not None:  # a write method called by another one
                return method(*args, **kwargs)
            self.calls[name] += 1
            self.current = (name, self.calls[name])
            try:
                return method(*args, **kwargs)
            finally:
                self.current = None

        return counted


def instrument(store: Store, steps: Steps) -> None:
    for name in WRITES:
        setattr(store, name, steps.wrap(name, getattr(store, name)))
    if isinstance(store, EmbeddedStore):
        store._db.set_trace_callback(steps.step)
        return
    from neo4j._sync.work.transaction import TransactionBase

    run, commit = TransactionBase.run, TransactionBase._commit

    def counted_run(self: TransactionBase, query: Any, *args: Any, **kwargs: Any) -> Any:
        steps.step(str(query))
        return run(self, query, *args, **kwargs)

    def counted_commit(self: TransactionBase) -> Any:
        steps.step("COMMIT")
        return commit(self)

    TransactionBase.run = counted_run  # type: ignore[method-assign]
    TransactionBase._commit = counted_commit  # type: ignore[method-assign]


def _child(uri: str, corpus: Path, kill_at: int | None, log: Path) -> None:
    store = open_store(
        uri, user=os.environ.get("NEO4J_USER"), password=os.environ.get("NEO4J_PASSWORD")
    )
    steps = Steps(kill_at)
    instrument(store, steps)
    scenario(store, corpus)
    store.close()
    log.write_text(json.dumps(steps.log), encoding="utf-8")


def run_scenario(uri: str, corpus: Path, log: Path, kill_at: int | None = None) -> int:
    """Run the scenario in a forked child; return its exit code (-9 when it was killed)."""
    registry()  # loaded here, before the fork, so that no child spends its time on it
    child = multiprocessing.get_context("fork").Process(
        target=_child, args=(uri, corpus, kill_at, log)
    )
    # The child's collections would otherwise walk every object inherited from the test
    # process, copying each page they touch: 0.4 s of a 0.55 s child under pytest.
    gc.freeze()
    try:
        child.start()
    finally:
        gc.unfreeze()
    child.join(300)
    assert child.exitcode is not None, "the scenario did not end"
    return child.exitcode
