"""``citegraph extract`` and ``citegraph ingest``: documents in, report out."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.options import (
    JsonOpt,
    RegistryOpt,
    StoreOpt,
    err,
    opened_store,
    print_json,
    registry_from,
)
from api.settings import get_settings, reuse_options
from graph.errors import BadInput
from loaders.budget import DEFAULT_CPU_SECONDS
from loaders.columns import FIELDS
from loaders.inputs.source import InputOptions

if TYPE_CHECKING:
    from graph.store import Store
    from loaders.ingest.report import IngestItem
    from loaders.inputs import Source
    from loaders.registry import Registry

__all__ = ["extract", "ingest_cmd"]


def extract(
    files: Annotated[list[str], typer.Argument(help="Files, folders or URLs")],
    as_json: JsonOpt = False,
    registry: RegistryOpt = None,
    store: Annotated[
        str | None,
        typer.Option("--store", help="Also say which extracted nodes this store already holds"),
    ] = None,
) -> None:
    """Extract nodes and edges without storing them (--json: one object per document)."""
    from loaders.inputs import iter_sources

    reg = registry_from(registry)
    with ExitStack() as stack:
        known = stack.enter_context(opened_store(store)) if store else None
        failed = sum(_extract_one(source, reg, known, as_json) for source in iter_sources(files))
    if failed and not as_json:
        err.print(f"{failed} document(s) could not be extracted")


def _extract_one(source: Source, reg: Registry, known: Store | None, as_json: bool) -> bool:
    """Print one document's extraction; return True if it failed."""
    from api.cli.tables import print_extraction
    from graph.results import dump
    from loaders.preview import ExtractionFailure, preview

    record = preview(source, reg, known)
    if as_json:
        sys.stdout.write(json.dumps(dump(record), ensure_ascii=False) + "\n")
    elif isinstance(record, ExtractionFailure):
        err.print(f"[red]✗[/red] {record.input}: {record.error.message}")
    else:
        print_extraction(record)
    return isinstance(record, ExtractionFailure)


def ingest_cmd(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, folders, manifests (.csv/.jsonl), WARC files, feeds or URLs"),
    ],
    store: StoreOpt = None,
    registry: RegistryOpt = None,
    force: Annotated[bool, typer.Option(help="Re-extract documents already ingested")] = False,
    reuse: Annotated[
        bool,
        typer.Option(
            "--reuse/--no-reuse",
            help="Detect unattributed copies and translations (index beside the store)",
        ),
    ] = True,
    as_json: JsonOpt = False,
    report_file: Annotated[
        Path | None,
        typer.Option("--report", help="Also write the ingest report as JSON to this file"),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            help="Progress bar on stderr. Default: only when stderr is a terminal",
        ),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Largest document accepted (bytes, after decompression)")
    ] = InputOptions.max_bytes,
    timeout: Annotated[
        float, typer.Option(min=0.01, help="Seconds allowed per URL fetch")
    ] = InputOptions.timeout,
    host_delay: Annotated[
        float, typer.Option(min=0.0, help="Minimum seconds between requests to one host")
    ] = InputOptions.host_delay,
    fetch: Annotated[
        bool, typer.Option(help="Allow network requests (URLs, feed links)")
    ] = InputOptions.fetch,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Also fetch loopback, private and link-local addresses (refused by default)",
        ),
    ] = InputOptions.allow_private,
    allow_outside: Annotated[
        bool,
        typer.Option(
            "--allow-outside",
            help="Read files that manifests or folder links place outside their folder "
            "(refused by default)",
        ),
    ] = InputOptions.allow_outside,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Processes that parse and extract documents")
    ] = 1,
    executor: Annotated[
        str,
        typer.Option(
            "--executor",
            help="Where documents are parsed and extracted: 'local' (--workers processes) "
            "or dask://HOST:PORT, a Dask cluster's scheduler (needs citegraph[cluster])",
        ),
    ] = "local",
    batch_size: Annotated[
        int,
        typer.Option(min=1, max=10_000, help="Documents written to the store per transaction"),
    ] = 50,
    cpu_limit: Annotated[
        float,
        typer.Option(
            min=0.1, help="CPU seconds one document may take before it is stopped (over_budget)"
        ),
    ] = DEFAULT_CPU_SECONDS,
    keep_raw: Annotated[
        Path | None,
        typer.Option(
            "--keep-raw",
            help="Keep each document's bytes in this folder, named by SHA-256, for dossiers. "
            "Default: $CITEGRAPH_RAW_DIR, else not kept",
        ),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--columns",
            help="Declared-source dumps: field=Column Name pairs, comma-separated "
            f"(fields: {', '.join(FIELDS)}); over the built-in preset "
            "(Source Title, Source URL, Alternates, Publication Date, ...)",
        ),
    ] = None,
) -> None:
    """Ingest documents into the store, then print the ingest report."""
    from api.cli.tables import print_ingest_report
    from loaders.ingest import ingest
    from loaders.ingest.executors import LOCAL, scheduler_address
    from loaders.ingest.report import StoreSize
    from loaders.inputs.declared import parse_columns
    from loaders.rawstore import RawStore

    raw_dir = keep_raw or get_settings().raw_dir
    if executor != LOCAL:
        try:
            scheduler_address(executor)
        except BadInput as exc:
            raise typer.BadParameter(exc.message, param_hint="--executor") from None
    reg = registry_from(registry)
    try:
        mapping = parse_columns(columns)
    except BadInput as exc:
        raise typer.BadParameter(exc.message, param_hint="--columns") from None
    options = InputOptions(
        max_bytes=max_bytes,
        timeout=timeout,
        host_delay=host_delay,
        fetch=fetch,
        allow_private=allow_private,
        allow_outside=allow_outside,
        columns=tuple(sorted(mapping.items())),
    )
    with opened_store(store) as st:
        with _ingest_progress(progress) as tick:
            report = ingest(
                inputs,
                st,
                reg,
                force=force,
                progress=tick,
                options=options,
                reuse=reuse_options(get_settings(), enabled=reuse),
                workers=workers,
                batch_size=batch_size,
                cpu_seconds=cpu_limit,
                keep_raw=RawStore(raw_dir) if raw_dir else None,
                executor=executor,
            )
        counts = st.counts()
    data = report.to_json(StoreSize(nodes=counts.total_nodes, edges=counts.total_edges)).dump()
    if report_file is not None:
        report_file.write_text(
            json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n", encoding="utf-8"
        )
    if as_json:
        print_json(data)
    else:
        print_ingest_report(report, counts)
    if report.errors and not report.ok and not report.skipped:
        raise typer.Exit(1)


@contextmanager
def _ingest_progress(wanted: bool | None) -> Iterator[Callable[[IngestItem], None]]:
    """Yield the per-item callback of a progress bar on stderr (a no-op when hidden).

    Shown when stderr is a terminal, or when asked for (then drawn even into a pipe or
    a log); stdout is left alone either way, so ``--json`` output stays parseable.
    """
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = (
        err.console
        if wanted is None or err.is_terminal
        else Console(stderr=True, force_terminal=True)
    )
    show = err.is_terminal if wanted is None else wanted
    columns = (
        SpinnerColumn(),
        TextColumn(
            "{task.completed} documents: [green]{task.fields[ok]} ok[/], "
            "[yellow]{task.fields[skipped]} skipped[/], [red]{task.fields[errors]} failed[/]"
        ),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.description}"),
    )
    transient = console.is_terminal and wanted is None
    with Progress(*columns, console=console, transient=transient, disable=not show) as bar:
        task = bar.add_task("", total=None, ok=0, skipped=0, errors=0)
        seen = {"ok": 0, "skipped": 0, "error": 0}

        def tick(item: IngestItem) -> None:
            seen[item.status] += 1
            bar.update(
                task,
                advance=1,
                description=item.input.rstrip("/>").rsplit("/", 1)[-1][:24],
                ok=seen["ok"],
                skipped=seen["skipped"],
                errors=seen["error"],
            )

        yield tick
