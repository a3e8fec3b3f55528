"""FastAPI dependencies shared by the JSON routes, the served views and the explorer:
the app's store, registry and time budget, and the query options built from parameters.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends, Query, Request

from api.settings import Settings
from graph.queries import MAX_HOPS, AmplificationOptions, PathOptions
from graph.queries.amplification import MAX_LISTED
from graph.queries.paths import MAX_PATHS
from graph.schema import FLOW_EDGES, EdgeKind, EvidenceMethod, Relation
from graph.store import Store
from loaders.registry import Registry

__all__ = [
    "REF_EXAMPLES",
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
    "UndirectedReuse",
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


# Typed as what is accepted, so /openapi.json says it: one relation type or method per
# parameter, repeated for several (comma lists and other spellings were accepted but
# not documented).
TypeParam = Annotated[
    list[Relation] | None,
    Query(
        alias="type",
        description="Relation types to follow (repeat the parameter for several); default "
        f"{', '.join(k.wire for k in FLOW_EDGES)}",
    ),
]
ExcludeParam = Annotated[
    list[EvidenceMethod] | None,
    Query(
        description="Evidence methods to ignore (repeat the parameter for several), e.g. "
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
UndirectedReuse = Annotated[
    bool,
    Query(
        description="Also follow text reuse whose direction is unknown (undated copies and "
        "translations), both ways; such hops say `direction: unknown`"
    ),
]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]
# Names from the bundled examples: /docs offers them, and the contract test starts from
# them, so its requests reach answers and not only 404s.
REF_EXAMPLES = {
    "name": {"value": "VTV International"},
    "domain": {"value": "klartext-bote.example"},
    "key": {"value": "outlet:northwind-agency"},
}
RefQuery = Annotated[
    str,
    Query(
        min_length=1,
        max_length=2000,
        description="Name, alias, domain, URL or key",
        openapi_examples=REF_EXAMPLES,
    ),
]


def relation_types(values: list[Relation] | None) -> tuple[EdgeKind, ...]:
    return tuple(dict.fromkeys(v.kind for v in values or ())) or FLOW_EDGES


def methods(values: list[EvidenceMethod] | None) -> frozenset[EvidenceMethod]:
    return frozenset(values or ())


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
    undirected_reuse: UndirectedReuse = False,
) -> PathOptions:
    return PathOptions(
        types=relation_types(types),
        max_hops=max_hops,
        k=k,
        time_respecting=time_respecting,
        min_confidence=min_confidence,
        exclude_methods=methods(exclude_methods),
        undirected_reuse=undirected_reuse,
        timeout=timeout,
    )


PathOptionsDep = Annotated[PathOptions, Depends(_path_options)]


async def _amplification_options(
    timeout: TimeoutDep,
    types: TypeParam = None,
    max_hops: MaxHops = 6,
    min_confidence: MinConfidence = 0.0,
    exclude_methods: ExcludeParam = None,
    undirected_reuse: UndirectedReuse = False,
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
        undirected_reuse=undirected_reuse,
        since=since,
        until=until,
        top=top,
        limit=limit,
        timeout=timeout,
    )


AmplificationOptionsDep = Annotated[AmplificationOptions, Depends(_amplification_options)]
