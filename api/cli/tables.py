"""Terminal tables: how each command's result reads without ``--json``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

from api.cli.options import out
from graph.schema import EdgeDirection, NodeKind, OutletKind

if TYPE_CHECKING:
    from graph.models import Counts
    from graph.results import AmplificationOut, NodeOut, OutletGraphOut, Page, PathsOut
    from loaders.ingest import IngestReport
    from loaders.preview import ExtractionRecord

__all__ = [
    "RANKINGS",
    "print_amplification",
    "print_extraction",
    "print_ingest_report",
    "print_outlets",
    "print_paths",
    "print_search",
]

RANKINGS = ("pagerank", "source_rank", "betweenness", "in_degree", "out_degree")


def print_extraction(record: ExtractionRecord) -> None:
    article = record.article
    out.print(
        f"[bold]{record.input}[/bold]: {article.title or article.name}"
        f" [dim]({article.outlet or 'outlet unknown'}, {article.language or '?'})[/dim]"
    )
    table = Table("type", "target", "evidence", "conf", show_edge=False)
    names = {n.key: n.name for n in record.nodes}
    for e in record.edges:
        table.add_row(
            e.type.wire,
            names.get(e.target, e.target),
            (e.evidence or "")[:80],
            f"{e.confidence:.2f}",
        )
    out.print(table)


_ALL_ROWS_UP_TO = 50
_PROBLEM_ROWS = 200


def print_ingest_report(report: IngestReport, counts: Counts) -> None:
    """Print a line per document, the counts per status and reason code, and the
    store's size after the ingest."""
    table = Table("input", "status", "nodes", "edges", "detail", show_edge=False)
    # A line per document is readable for a handful; for a large batch only the failed
    # and skipped ones are listed, up to a screenful. Warnings are counted by code in
    # the summary below, and --report lists every document.
    shown = report.items
    if len(shown) > _ALL_ROWS_UP_TO:
        shown = [i for i in report.items if i.status != "ok" or i.same_article][:_PROBLEM_ROWS]
    for item in shown:
        colour = {"ok": "green", "skipped": "yellow", "error": "red"}[item.status]
        reason = item.error or item.reason
        same = [f"same article ({s.reason}) as {s.other}" for s in item.same_article]
        detail = "; ".join(
            [f"{reason.code}: {reason.message}"] if reason else [*same, *item.warnings]
        )
        table.add_row(
            item.input,
            f"[{colour}]{item.status}[/{colour}]",
            str(item.nodes),
            str(item.edges),
            detail[:120],
        )
    if shown:
        out.print(table)
    hidden = len(report.items) - len(shown)
    if hidden:
        out.print(f"[dim]{hidden} more document(s) not listed; --report FILE lists every one[/dim]")
    summary = Table("status", "reason", "documents", title="Ingest report", show_edge=False)
    summary.add_row("[green]ok[/green]", "", str(report.ok))
    codes = report.codes()
    for status, colour in (
        ("skipped", "yellow"),
        ("errors", "red"),
        ("same_article", "cyan"),
        ("warnings", "dim"),
    ):
        for code, n in sorted(codes[status].items(), key=lambda kv: (-kv[1], kv[0])):
            summary.add_row(f"[{colour}]{status}[/{colour}]", code, str(n))
    out.print(summary)
    out.print(
        f"{report.ok} ingested, {report.skipped} skipped, {report.errors} failed; "
        f"{len(report.merges)} stub(s) merged. Store: {counts.total_nodes} nodes, "
        f"{counts.total_edges} edges."
    )


def _lag(hours: float | None) -> str:
    if hours is None:
        return "?"
    return f"{hours:.1f} h" if abs(hours) < 48 else f"{hours / 24:.1f} d"


def print_paths(result: PathsOut) -> None:
    """A table per path: each hop with its relation, lag, confidence and evidence."""
    for i, p in enumerate(result.paths, 1):
        # ⇔: a hop of unknown direction (text reuse between undated texts), taken only
        # with --undirected-reuse; the path's order is then no claim of who copied whom.
        chain = "".join(
            [p.outlet_hops[0].from_name]
            + [
                f" {'⇔' if h.direction is EdgeDirection.UNKNOWN else '⇒'} {h.to_name}"
                for h in p.outlet_hops
            ]
            if p.outlet_hops
            else []
        )
        table = Table(
            "#",
            "from",
            "relation",
            "to",
            "lag",
            "conf",
            "evidence",
            title=f"Path {i}: {chain or 'within one outlet'} "
            f"({p.length} hops, strength {p.strength})",
            title_justify="left",
            show_edge=False,
        )
        names = {n.key: n.outlet or n.name for n in p.nodes}
        for j, hop in enumerate(p.hops, 1):
            ev = hop.evidence[0].text if hop.evidence else ""
            unknown = hop.direction is EdgeDirection.UNKNOWN
            relation = f"{hop.type.wire} (direction unknown)" if unknown else hop.type.wire
            table.add_row(
                str(j),
                names.get(hop.from_, hop.from_),
                f"[magenta]{relation}[/magenta]",
                names.get(hop.to, hop.to),
                _lag(hop.lag_hours),
                f"{hop.confidence:.2f}",
                f"“{ev[:70]}”" if ev else "",
            )
        out.print(table)


def print_amplification(result: AmplificationOut) -> None:
    """The cascade's figures, then its top amplifiers and the share each carries."""
    lags = result.lag_hours
    languages = ", ".join(f"{k} {v}" for k, v in result.languages.items()) or "-"
    out.print(
        f"[bold]{result.source.name}[/bold]: {result.size} articles downstream, "
        f"depth {result.depth}, breadth {result.breadth}, "
        f"{len(result.outlets)} outlets, languages {languages}; "
        f"lag per hop min {_lag(lags.min)}, median {_lag(lags.median)}"
    )
    table = Table(
        "outlet", "kind", "articles", "first hop", "languages", "carries", show_edge=False
    )
    carries = {b.key: b.share for b in result.bridge_outlets}
    for o in result.top_amplifiers:
        table.add_row(
            o.name,
            o.kind.value,
            str(o.articles),
            str(o.first_depth),
            ", ".join(o.languages),
            f"{carries[o.key]:.0%}" if o.key in carries else "",
        )
    out.print(table)
    if result.timeline:
        days = result.timeline
        busiest = max(days, key=lambda d: d.articles)
        out.print(f"Timeline: {days[0].date} … {days[-1].date}, busiest day {busiest.date}")


def print_outlets(result: OutletGraphOut, *, sort: str, limit: int) -> None:
    """The ``limit`` outlets ranked highest by ``sort``, with their centralities."""
    table = Table("outlet", "kind", "in", "out", *RANKINGS[:3], show_edge=False)
    ranked = sorted(result.outlets, key=lambda o: (-getattr(o, sort), o.key))
    for o in ranked[:limit]:
        table.add_row(
            o.name,
            (o.outlet_kind or OutletKind.UNKNOWN).value,
            str(o.in_degree),
            str(o.out_degree),
            *(f"{getattr(o, key):.4f}" for key in RANKINGS[:3]),
        )
    out.print(table)
    out.print(f"{len(result.outlets)} outlets, {len(result.edges)} outlet→outlet edges.")


def print_search(result: Page[NodeOut]) -> None:
    """One row per match: kind, name, outlet and key."""
    table = Table("kind", "name", "outlet", "key", show_edge=False)
    for node in result.data:
        outlet = (node.outlet or "") if node.kind is not NodeKind.OUTLET else ""
        table.add_row(node.kind.value, node.name[:70], outlet, node.key)
    out.print(table)
    out.print(f"{result.count} match(es).")
