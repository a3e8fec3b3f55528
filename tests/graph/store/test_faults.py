"""Fault injection: a process killed inside any multi-step store write, then resumed,
leaves the same graph as a run that was never interrupted, on both stores.

``tests/fault_injection.py`` runs the scenario (ingest with stubs folded into real
articles, then a review) in a child process. A whole run lists the statements each write method
runs; then, for every write method, the scenario is killed just before each distinct
statement of its first call that has more than one, and resumed by running it again.
Regression: the embedded store's ``merge_into`` deleted the stub's edges in one
transaction and wrote them onto the real article in a second; a kill between the two
lost that evidence, and resume could not bring it back.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from bench.crash import differences, snapshot
from graph.store import Store, open_store
from graph.store.embedded import EmbeddedStore
from tests.support.fault_injection import WRITES, fault_corpus, run_scenario, scenario


def _steps(uri: str, corpus: Path, tmp_path: Path) -> list[list]:
    log = tmp_path / "steps.json"
    assert run_scenario(uri, corpus, log) == 0
    return json.loads(log.read_text(encoding="utf-8"))


def _killed(uri: str, corpus: Path, tmp_path: Path, point: int) -> None:
    code = run_scenario(uri, corpus, tmp_path / "unused.json", kill_at=point)
    assert code == -signal.SIGKILL, f"not killed at step {point} (exit code {code})"


def kill_points(steps: list[list]) -> list[int]:
    """Step numbers (1-based) to kill before: in the first multi-statement call of each
    write method, every statement that writes (the first row of an executemany, which
    runs one statement per row), the transaction's start and its commit. Killing before
    a read adds nothing a kill before the next write does not."""
    points: list[int] = []
    for method in WRITES:
        calls: dict[int, list[int]] = {}
        for number, (name, call, _statement) in enumerate(steps, start=1):
            if name == method:
                calls.setdefault(call, []).append(number)
        chosen = next((numbers for numbers in calls.values() if len(numbers) > 1), [])
        for number in chosen:
            statement = steps[number - 1][2]
            new = number == chosen[0] or statement != steps[number - 2][2]
            if new and not statement.upper().startswith(("SELECT", "UNWIND $KEYS AS K MATCH")):
                points.append(number)
    return sorted(set(points))


def test_kill_points_cover_every_write_method_of_the_scenario(tmp_path: Path) -> None:
    steps = _steps(str(tmp_path / "s.db"), fault_corpus(tmp_path / "corpus"), tmp_path)
    assert {name for name, _call, _sql in steps} == set(WRITES)
    points = kill_points(steps)
    assert {steps[p - 1][0] for p in points} == set(WRITES)
    merge = [s for s in steps if s[0] == "merge_stubs" and s[1] == 1]
    assert merge[0][2] == "BEGIN IMMEDIATE" and merge[-1][2] == "COMMIT"
    assert sum(s[2] == "BEGIN IMMEDIATE" for s in merge) == 1, "merge_stubs is one transaction"


@pytest.mark.long
def test_a_kill_inside_any_multi_step_write_resumes_to_the_uninterrupted_graph(
    tmp_path: Path, store: Store, request: pytest.FixtureRequest
) -> None:
    corpus = fault_corpus(tmp_path / "corpus")
    if isinstance(store, EmbeddedStore):
        fresh = iter(range(10_000))

        def reset() -> str:
            return str(tmp_path / f"killed{next(fresh)}.db")

        clean_uri = str(tmp_path / "clean.db")
    else:
        uri, user, password = request.getfixturevalue("neo4j_credentials")
        monkeypatch: pytest.MonkeyPatch = request.getfixturevalue("monkeypatch")
        monkeypatch.setenv("NEO4J_USER", user)
        monkeypatch.setenv("NEO4J_PASSWORD", password)
        index = Path(os.environ["CITEGRAPH_REUSE_INDEX"])

        def reset() -> str:
            store.clear()
            for side in (index, Path(f"{index}-wal"), Path(f"{index}-shm")):
                side.unlink(missing_ok=True)
            return uri

        clean_uri = reset()
    steps = _steps(clean_uri, corpus, tmp_path)
    clean = _snapshot(clean_uri)
    assert sum(1 for k in clean if k.startswith("edge ")) > 20

    killed_at: list[str] = []
    for point in kill_points(steps):
        uri = reset()
        _killed(uri, corpus, tmp_path, point)
        resumed = _open(uri)
        try:
            scenario(resumed, corpus)  # the resume: the same command again
            where = "{} call {}, before {!r}".format(*steps[point - 1])
            assert differences(snapshot(resumed), clean) == [], f"killed in {where}"
        finally:
            resumed.close()
        killed_at.append(where)
    assert len(killed_at) >= 12, killed_at


def _open(uri: str) -> Store:
    return open_store(
        uri, user=os.environ.get("NEO4J_USER"), password=os.environ.get("NEO4J_PASSWORD")
    )


def _snapshot(uri: str) -> dict[str, dict]:
    opened = _open(uri)
    try:
        return snapshot(opened)
    finally:
        opened.close()
