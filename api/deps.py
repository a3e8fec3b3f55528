"""FastAPI dependencies shared by the JSON routes, the served views and the explorer:
the app's store, registry and time budget, and the query options built from parameters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query, Request

from api.settings import Settings
from graph.errors import BadInput
from graph.queries import MAX_HOPS, AmplificationOptions, PathOptions
from graph.queries.amplification import MAX_LISTED
from graph.queries.paths import MAX_PATHS
from graph.schema import FLOW_EDGES, EdgeKind, EvidenceMethod
from graph.store import Store
from loaders.registry import Registry

__all__ = [
    "AmplificationOptionsDep",
    "ExcludeParam",
    "Limit",
    "MaxHops",
    "MinConfidence",
    "Offset",
    "PathOptionsDep",
    "RefQuery",
    "RegistryDep",
    "SettingsDep",
    "StoreDep",
    "TimeoutDep",
    "TypeParam",
    "methods",
    "relation_types",
]

# Dependencies that only read app state or build options are ``async``: FastAPI runs
# every sync dependency in a worker thread, and each hop costs more than they do. The
# query routes are ``async`` too and hand the query itself to one worker thread, so a
# request crosses threads once instead of four or five times.


async def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def _registry(request: Request) -> Registry:
    registry: Registry = request.app.state.registry
    return registry


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _timeout(request: Request) -> float:
    return float(request.app.state.settings.query_timeout)


StoreDep = Annotated[Store, Depends(_store)]
RegistryDep = Annotated[Registry, Depends(_registry)]
SettingsDep = Annotated[Settings, Depends(_settings)]
TimeoutDep = Annotated[float, Depends(_timeout)]


TypeParam = Annotated[
    list[str] | None,
    Query(
        alias="type",
        description="Relation types to follow (repeatable or comma-separated; "
        f"{', '.join(k.wire for k in EdgeKind)}); default "
        f"{', '.join(k.wire for k in FLOW_EDGES)}",
    ),
]
ExcludeParam = Annotated[
    list[str] | None,
    Query(
        description="Evidence methods to ignore (repeatable or comma-separated), e.g. "
        "`text_reuse` to follow only attributed edges"
    ),
]
MaxHops = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_HOPS,
        description=f"Most hops to follow; at most {MAX_HOPS} (422 above the cap)",
    ),
]
MinConfidence = Annotated[float, Query(ge=0.0, le=1.0)]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]
RefQuery = Annotated[
    str, Query(min_length=1, max_length=2000, description="Name, alias, domain, URL or key")
]


def relation_types(values: list[str] | None) -> tuple[EdgeKind, ...]:
    names = [n for v in values or [] for n in v.split(",") if n.strip()]
    try:
        return tuple(dict.fromkeys(EdgeKind.parse(n) for n in names)) or FLOW_EDGES
    except ValueError as exc:
        raise BadInput(str(exc), type=names) from None


def methods(values: list[str] | None) -> frozenset[EvidenceMethod]:
    """Parse ``exclude_methods``: a name the schema lacks answers 422, since a typo
    would otherwise exclude nothing."""
    names = [m.strip() for v in values or [] for m in v.split(",") if m.strip()]
    try:
        return frozenset(EvidenceMethod.parse(n) for n in names)
    except ValueError as exc:
        raise BadInput(str(exc), exclude_methods=names) from None


async def _path_options(
    timeout: TimeoutDep,
    types: TypeParam = None,
    max_hops: MaxHops = 6,
    k: Annotated[int, Query(ge=1, le=MAX_PATHS, description="Alternative paths")] = 3,
    time_respecting: Annotated[
        bool, Query(description="Each dated hop published no earlier than the one before")
    ] = False,
    min_confidence: MinConfidence = 0.0,
    exclude_methods: ExcludeParam = None,
) -> PathOptions:
    return PathOptions(
        types=relation_types(types),
        max_hops=max_hops,
        k=k,
        time_respecting=time_respecting,
        min_confidence=min_confidence,
        exclude_methods=methods(exclude_methods),
        timeout=timeout,
    )


PathOptionsDep = Annotated[PathOptions, Depends(_path_options)]


async def _amplification_options(
    timeout: TimeoutDep,
    types: TypeParam = None,
    max_hops: MaxHops = 6,
    min_confidence: MinConfidence = 0.0,
    exclude_methods: ExcludeParam = None,
    since: Annotated[datetime | None, Query(description="Count articles published from")] = None,
    until: Annotated[datetime | None, Query(description="Count articles published until")] = None,
    top: Annotated[int, Query(ge=1, le=100)] = 10,
    limit: Annotated[
        int, Query(ge=0, le=MAX_LISTED, description="Articles and edges listed")
    ] = 1000,
) -> AmplificationOptions:
    return AmplificationOptions(
        types=relation_types(types),
        max_hops=max_hops,
        min_confidence=min_confidence,
        exclude_methods=methods(exclude_methods),
        since=since,
        until=until,
        top=top,
        limit=limit,
        timeout=timeout,
    )


AmplificationOptionsDep = Annotated[AmplificationOptions, Depends(_amplification_options)]
