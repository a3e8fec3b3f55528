"""``citegraph operators``: the outlets that share infrastructure with an outlet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.options import JsonOpt, StoreOpt, opened_store, out, print_json
from graph.schema import InfrastructureTier

if TYPE_CHECKING:
    from graph.results import OperatorsOut

__all__ = ["operators_cmd", "print_operators"]


def operators_cmd(
    outlet: Annotated[str, typer.Argument(help="Outlet name, domain, t.me address or key")],
    store: StoreOpt = None,
    min_tier: Annotated[
        InfrastructureTier | None,
        typer.Option(help="Only links at least this strong: conclusive, associative, weak"),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Show the outlets sharing analytics, ad, verification or hosting identifiers with
    OUTLET, each identifier with the pages (or published list rows) it was seen on."""
    from graph.queries.infrastructure import operators

    with opened_store(store) as st:
        result = operators(st, outlet, min_tier=min_tier)
    if as_json:
        print_json(result.model_dump(mode="json"))
        return
    print_operators(result)


def print_operators(result: OperatorsOut) -> None:
    from rich.table import Table

    name = result.outlet.name
    if not result.operators:
        out.print(f"No outlet shares infrastructure with {name}.")
    else:
        out.print(
            f"[bold]{len(result.operators)} outlet(s) share infrastructure with {name}[/bold]"
        )
        table = Table("outlet", "tier", "identifier", "seen on", show_edge=False)
        for op in result.operators:
            for i, ident in enumerate(op.identifiers):
                pages = sorted({s.url or s.document_uri or s.document for s in ident.seen})
                table.add_row(
                    op.outlet.name if i == 0 else "",
                    op.tier.value if i == 0 else "",
                    f"{ident.label}: {ident.identifier} [dim]({ident.tier.value})[/dim]",
                    "\n".join(pages[:4]) + (f"\n… {len(pages) - 4} more" if len(pages) > 4 else ""),
                )
        out.print(table)
    if result.identifiers:
        shared = {i.key for op in result.operators for i in op.identifiers}
        alone = [i for i in result.identifiers if i.key not in shared]
        if alone:
            listed = ", ".join(f"{i.label} {i.identifier}" for i in alone[:10])
            out.print(f"[dim]Not shared (yet): {listed}[/dim]")
