"""``citegraph dossier`` (a publishable report on a path, a cascade or one article)
and ``citegraph verify``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.options import StoreOpt, err, fail, opened_store, out
from api.settings import get_settings
from graph.errors import BadInput, CitegraphError

__all__ = ["dossier", "verify"]


def dossier(
    origin: Annotated[
        str | None, typer.Argument(help="Where the story starts (name, domain, URL, key)")
    ] = None,
    destination: Annotated[str | None, typer.Argument(help="Where it arrived")] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Report on this source's cascade instead of a path"),
    ] = None,
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            help="Report on one article (key, URL or title): its sources, quotes and readers",
        ),
    ] = None,
    output: Annotated[
        list[Path] | None,
        typer.Option("-o", "--output", help="Write the report: .html or .pdf (repeatable)"),
    ] = None,
    bundle: Annotated[
        Path | None,
        typer.Option("--bundle", help="Also write a zip: report, raw captures, manifest"),
    ] = None,
    raw_dir: Annotated[
        Path | None,
        typer.Option(
            "--raw",
            help="Folder of raw captures (ingest --keep-raw). Default: $CITEGRAPH_RAW_DIR",
        ),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Write a dossier on the strongest path from ORIGIN to DESTINATION, on the
    cascade of --source, or on one --article."""
    # Imported here: the report builder loads the views and the loaders (start-up).
    from api.dossier import build_article_dossier, build_cascade_dossier, build_dossier
    from api.dossier.bundle import write_bundle
    from api.dossier.pdf import html_to_pdf
    from api.dossier.render import render_dossier
    from loaders.rawstore import RawStore

    path_given = origin is not None and destination is not None
    asked = [path_given or origin is not None, source is not None, article is not None]
    if sum(asked) != 1 or (origin is not None and not path_given):
        raise typer.BadParameter(
            "give ORIGIN DESTINATION, --source X or --article REF (one of them, not both)"
        )
    targets = output or []
    if not targets and bundle is None:
        raise typer.BadParameter("give -o report.html, -o report.pdf or --bundle d.zip")
    for target in targets:
        if target.suffix.lower() not in (".html", ".htm", ".pdf"):
            raise typer.BadParameter(f"{target}: write .html or .pdf", param_hint="-o")
    folder = raw_dir or get_settings().raw_dir
    with opened_store(store) as st:
        raw = RawStore(folder) if folder else None
        if source is not None:
            report = build_cascade_dossier(st, source, raw=raw)
        elif article is not None:
            report = build_article_dossier(st, article, raw=raw)
        else:
            assert origin is not None and destination is not None
            report = build_dossier(st, origin, destination, raw=raw)
    try:
        if not report.found:
            raise BadInput(f"nothing to report: {report.summary}")
        html = render_dossier(report)
        for target in targets:
            if target.suffix.lower() == ".pdf":
                # Paper gets the static drawing only: no interactive-only content.
                page = render_dossier(report, interactive=False)
                target.write_bytes(html_to_pdf(page, get_settings().chromium))
            else:
                target.write_text(html, encoding="utf-8")
            out.print(f"wrote {target}")
        if bundle is not None:
            write_bundle(report, bundle)
            out.print(f"wrote {bundle}")
    except CitegraphError as exc:
        fail(exc)
    out.print(report.summary)


def verify(
    bundle: Annotated[Path, typer.Argument(help="A dossier bundle (.zip)")],
) -> None:
    """Check a dossier bundle: every hash, and every evidence span at its offsets."""
    from api.dossier.bundle import verify_bundle

    problems = verify_bundle(bundle)
    for problem in problems:
        err.print(f"[red]✗[/red] {problem}")
    if problems:
        err.print(f"{bundle}: {len(problems)} problem(s); it does not verify")
        raise typer.Exit(1)
    out.print(f"{bundle}: every hash and every evidence span verifies")
