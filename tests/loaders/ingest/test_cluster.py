"""Ingest on a Dask cluster (``--executor dask://HOST:PORT``): a real LocalCluster of two
worker processes parses, extracts and verifies reuse, this process writes, and the graph
is the one a local run gives."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import LocalCluster

from bench.crash import differences, snapshot
from graph.errors import BadInput
from graph.schema import EvidenceMethod
from graph.store.embedded import EmbeddedStore
from loaders.ingest import ingest
from loaders.ingest.cluster import dask_executor
from loaders.ingest.executors import scheduler_address
from loaders.registry import Registry
from tests.support.paths import CORPUS


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as running:
        yield running


def _dask(cluster: LocalCluster) -> str:
    return "dask://" + cluster.scheduler_address.removeprefix("tcp://")


def test_a_cluster_run_gives_the_graph_of_a_local_run(
    tmp_path: Path, seeds_dir: Path, registry: Registry, cluster: LocalCluster
) -> None:
    inputs = [str(CORPUS), str(seeds_dir)]
    local = EmbeddedStore(tmp_path / "local.db")
    on_cluster = EmbeddedStore(tmp_path / "cluster.db")
    here = ingest(inputs, local, registry, batch_size=4)
    there = ingest(inputs, on_cluster, registry, batch_size=4, executor=_dask(cluster))
    assert there.ok == here.ok > 10 and there.errors == here.errors
    # The corpus has translations and copies: reuse verification ran on the workers too.
    expected = snapshot(local)
    methods = {
        ev["method"] for e in local.iter_edges() for ev in e.model_dump(mode="json")["evidence"]
    }
    assert EvidenceMethod.TEXT_REUSE in methods, methods
    assert differences(snapshot(on_cluster), expected) == []


def test_the_workers_did_the_extracting(registry: Registry, cluster: LocalCluster) -> None:
    """The tasks run in the cluster's worker processes, which got the registry."""
    import os

    from loaders.ingest import pool as local_pool

    def where() -> tuple[int, bool]:
        return os.getpid(), local_pool._worker_registry is not None

    with dask_executor(cluster.scheduler_address, registry) as pool:
        pid, has_registry = pool.submit(where).result()
    assert pid != os.getpid() and has_registry


@pytest.mark.parametrize(
    "spec", ["dask://", "dask://host", "dask://host:port", "spark://h:1", "dask://h:1/x"]
)
def test_a_bad_executor_is_refused_by_name(spec: str) -> None:
    with pytest.raises(BadInput, match="dask://HOST:PORT"):
        scheduler_address(spec)


def test_an_unreachable_scheduler_is_a_clear_error(registry: Registry) -> None:
    refused = pytest.raises(BadInput, match=re.escape("no Dask scheduler answered at tcp://"))
    with refused, dask_executor("tcp://127.0.0.1:9", registry, timeout=2):
        pass


def test_the_cli_takes_an_executor(tmp_path: Path, seeds_dir: Path, cluster: LocalCluster) -> None:
    cmd = [sys.executable, "-m", "api", "ingest", str(seeds_dir), "--json"]
    cmd += ["--store", str(tmp_path / "s.db")]
    ok = subprocess.run([*cmd, "--executor", _dask(cluster)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert '"ok": 2' in ok.stdout
    bad = subprocess.run([*cmd, "--executor", "dask://nowhere"], capture_output=True, text=True)
    assert bad.returncode == 2 and "dask://HOST:PORT" in bad.stderr
