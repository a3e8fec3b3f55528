"""Parsing, extraction and reuse verification on a Dask cluster (``--executor dask://…``).

Ingest already runs that work through a ``concurrent.futures.Executor`` (a local process
pool by default) while this process alone writes, batch by batch in input order. A Dask
``Client`` offers the same interface (``Client.get_executor``), so a cluster takes the
pool's place and nothing else changes: results are still taken in submission order,
and the store receives the same batches as a local run.

Each Dask worker gets the registry once, from a worker plugin (the local pool passes it
to its initializer). What a cluster does not give is the per-document CPU budget: Dask
runs tasks in worker threads, and the budget's timer signal reaches only a main thread
(loaders/budget.py), so on a cluster a document is not stopped at ``--cpu-limit``; the
workers' own memory limits and restarts (the Dask nanny) are the backstop there.

Workers need this package installed at the same version (a Dask requirement anyway:
the tasks are this package's functions). This module, and ``distributed`` with it, is
imported only when an executor is asked for (loaders.ingest.executors).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Any

from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin

from graph.errors import BadInput
from loaders.ingest import pool as local_pool
from loaders.registry import Registry

__all__ = ["dask_executor"]


class _WorkerState(WorkerPlugin):
    """What the local pool's initializer sets in each worker, set on each Dask worker."""

    idempotent = True

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def setup(self, worker: Any) -> None:
        # No CPU budget: tasks run in worker threads (see the module's docstring).
        local_pool.set_worker_state(self.registry, None)


@contextlib.contextmanager
def dask_executor(address: str, registry: Registry, *, timeout: float = 30.0) -> Iterator[Executor]:
    """Connect to the Dask scheduler at ``address`` (tcp://host:port) and yield an
    executor on its workers."""
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except OSError as exc:
        raise BadInput(
            f"no Dask scheduler answered at {address}: {exc}", executor=address
        ) from None
    try:
        client.register_plugin(_WorkerState(registry), name="citegraph-worker-state")
        yield client.get_executor()
    finally:
        client.close()
