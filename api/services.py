"""Glue between settings and the library: open stores, load registries, export."""

from __future__ import annotations

from collections.abc import Iterable

from api.settings import Settings
from graph.store import Store, open_store
from loaders.registry import Registry, load_registry

__all__ = ["open_configured_store", "registry_for"]


def open_configured_store(settings: Settings, uri: str | None = None) -> Store:
    """Open ``uri`` (or the configured store) with the configured credentials."""
    return open_store(
        uri or settings.store, user=settings.neo4j_user, password=settings.neo4j_password
    )


def registry_for(settings: Settings, extra: Iterable[str] = ()) -> Registry:
    return load_registry([*settings.registry, *extra])
