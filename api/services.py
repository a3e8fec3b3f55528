"""Glue between settings and the library: open stores, load registries, export."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.jobs import IngestJob, Runner
from api.settings import Settings
from graph.store import Store, open_store
from loaders.ingest import ingest
from loaders.registry import Registry, load_registry
from loaders.source import InputOptions

__all__ = ["ingest_runner", "open_configured_store", "registry_for"]


def open_configured_store(settings: Settings, uri: str | None = None) -> Store:
    """Open ``uri`` (or the configured store) with the configured credentials."""
    return open_store(
        uri or settings.store, user=settings.neo4j_user, password=settings.neo4j_password
    )


def registry_for(settings: Settings, extra: Iterable[str] = ()) -> Registry:
    return load_registry([*settings.registry, *extra])


def ingest_runner(settings: Settings, store: Store, registry: Registry) -> Runner:
    """Return what runs one ingest job: the job's URLs, fetched under the server's
    address policy and politeness, into ``store``."""
    options = InputOptions(
        fetch=settings.fetch,
        allow_private=settings.allow_private_fetch,
        allowed_networks=tuple(settings.fetch_allow),
        host_delay=settings.fetch_host_delay,
    )

    def run(job: IngestJob) -> dict[str, Any]:
        report = ingest(
            job.urls,
            store,
            registry,
            force=job.force,
            options=options,
            progress=lambda item: job.tick(item.status),
            workers=settings.ingest_workers,
        )
        return report.to_json()

    return run
