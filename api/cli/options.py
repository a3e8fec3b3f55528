"""What every command shares: consoles, options, and opening the store and registry."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from api.settings import get_settings, open_configured_store, registry_for
from graph.errors import CitegraphError
from graph.limits import MAX_HOPS
from graph.schema import FLOW_EDGES, EdgeKind, EvidenceMethod

if TYPE_CHECKING:
    from rich.console import Console

    from graph.store import Store
    from loaders.registry import Registry

__all__ = [
    "EXAMPLES",
    "ExcludeOpt",
    "JsonOpt",
    "MaxHopsOpt",
    "MinConfOpt",
    "RegistryOpt",
    "StoreOpt",
    "TypesOpt",
    "UndirectedOpt",
    "edge_types",
    "err",
    "evidence_methods",
    "fail",
    "opened_store",
    "out",
    "print_json",
    "registry_from",
]


class _LazyConsole:
    """A rich Console made on first use. Importing rich is a tenth of a query command's
    start-up, and a ``--json`` answer never prints through it."""

    def __init__(self, *, stderr: bool = False) -> None:
        self._stderr = stderr

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(stderr=self._stderr)

    def print(self, *objects: Any, **kwargs: Any) -> None:
        self.console.print(*objects, **kwargs)

    @property
    def is_terminal(self) -> bool:
        return self.console.is_terminal


out = _LazyConsole()
err = _LazyConsole(stderr=True)

# The demo corpus sits beside the packages in a checkout; an installed copy (the Docker
# image) finds it in the working directory instead.
EXAMPLES = next(
    (
        p
        for p in (Path(__file__).resolve().parents[2] / "examples", Path.cwd() / "examples")
        if (p / "corpus").is_dir()
    ),
    Path.cwd() / "examples",
)

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store URI: a SQLite file path, or bolt://host:port for Neo4j. "
        "Default: $CITEGRAPH_STORE or ./citegraph.db",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output")]
RegistryOpt = Annotated[
    list[Path] | None,
    typer.Option("--registry", help="Extra outlet/actor registry YAML (repeatable)"),
]
TypesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--type",
        "-t",
        help="Relation types to follow (repeatable). "
        f"Default: {', '.join(k.wire for k in FLOW_EDGES)}",
    ),
]


# The Neo4j driver logs each retry at WARNING; the CLI reports the final outcome itself.
logging.getLogger("neo4j").setLevel(logging.ERROR)


def fail(exc: CitegraphError) -> None:
    """Print the one error shape and exit: 2 for bad input, 1 for everything else."""
    err.print(f"[red]error[/red] ({exc.code}): {exc.message}")
    for key, value in exc.details.items():
        if key == "suggestions" and isinstance(value, list):
            names = [v["name"] if isinstance(v, dict) else str(v) for v in value]
            err.print(f"  did you mean: {', '.join(names) or '(nothing close)'}")
        else:
            err.print(f"  {key}: {value}")
    raise typer.Exit(2 if exc.status < 500 else 1)


@contextmanager
def opened_store(uri: str | None) -> Iterator[Store]:
    try:
        # One command, one question: no whole-store networkx view (EmbeddedStore).
        store = open_configured_store(get_settings(), uri, keep_view=False)
    except CitegraphError as exc:
        fail(exc)
    try:
        yield store
    except CitegraphError as exc:
        fail(exc)
    finally:
        store.close()


def registry_from(paths: list[Path] | None) -> Registry:
    """The built-in registry with $CITEGRAPH_REGISTRY and --registry files merged over it."""
    try:
        return registry_for(get_settings(), [str(p) for p in paths or []])
    except CitegraphError as exc:
        fail(exc)
        raise  # unreachable: _fail exits


def edge_types(values: list[str] | None) -> tuple[EdgeKind, ...]:
    if not values:
        return FLOW_EDGES
    try:
        return tuple(EdgeKind.parse(v) for v in values)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def evidence_methods(values: list[str] | None) -> frozenset[EvidenceMethod]:
    try:
        return frozenset(EvidenceMethod.parse(v) for v in values or ())
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--exclude-method") from None


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


ExcludeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--exclude-method",
        help="Ignore evidence read by this method (repeatable), e.g. text_reuse",
    ),
]
MaxHopsOpt = Annotated[
    int, typer.Option(min=1, max=MAX_HOPS, help=f"Most hops to follow (at most {MAX_HOPS})")
]
MinConfOpt = Annotated[float, typer.Option(min=0.0, max=1.0)]
UndirectedOpt = Annotated[
    bool,
    typer.Option(
        "--undirected-reuse",
        help="Also follow text reuse whose direction is unknown (undated copies and "
        "translations), both ways; such hops are marked",
    ),
]
