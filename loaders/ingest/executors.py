"""Where ingest parses and extracts: this process, a local process pool, or a cluster.

``executor`` names it: ``local`` (the default; ``workers`` processes, or none) or
``dask://HOST:PORT``, the scheduler of a Dask cluster (loaders.ingest.cluster). A
caller may also hand ingest an ``Executor`` of its own (bench/writer.py replays
precomputed extractions through one, to measure the writer alone).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor
from urllib.parse import urlsplit

from graph.errors import BadInput
from loaders.budget import can_enforce
from loaders.ingest.pool import make_pool
from loaders.registry import Registry

__all__ = ["DASK", "LOCAL", "open_executor", "scheduler_address"]

LOCAL = "local"
DASK = "dask://"


def scheduler_address(spec: str) -> str:
    """Return the scheduler address of ``dask://HOST:PORT`` (BadInput if it is not one).

    >>> scheduler_address("dask://10.0.0.5:8786")
    'tcp://10.0.0.5:8786'
    >>> scheduler_address("dask://[::1]:8786")
    'tcp://[::1]:8786'
    """
    problem = BadInput(f"{spec!r}: an executor is 'local' or dask://HOST:PORT", executor=spec)
    if not spec.startswith(DASK):
        raise problem
    parts = urlsplit("tcp://" + spec[len(DASK) :])
    try:
        port = parts.port
    except ValueError:  # "dask://host:port" taken literally
        raise problem from None
    if not parts.hostname or port is None or parts.path not in ("", "/") or parts.query:
        raise problem
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"tcp://{host}:{port}"


@contextlib.contextmanager
def open_executor(
    executor: str | Executor, workers: int, registry: Registry, cpu_seconds: float | None
) -> Iterator[Executor | None]:
    """Yield where documents are extracted (None: in this process)."""
    if isinstance(executor, Executor):
        yield executor
        return
    if executor != LOCAL:
        address = scheduler_address(executor)
        try:
            from loaders.ingest.cluster import dask_executor
        except ImportError:
            raise BadInput(
                "a Dask executor needs the 'distributed' package "
                "(pip install 'citegraph[cluster]')",
                executor=executor,
            ) from None
        with dask_executor(address, registry) as pool:
            yield pool
        return
    # A CPU budget needs a main thread: called from another one (the server's ingest
    # jobs), documents are parsed in a worker process even for one worker.
    if workers > 1 or (cpu_seconds is not None and not can_enforce()):
        with make_pool(workers, registry, cpu_seconds) as pool:
            yield pool
    else:
        yield None
