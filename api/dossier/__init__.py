"""Evidence-grade dossiers: a report on a path, a cascade or one article that can be
published and re-verified.

build.py gathers the chain, its evidence in context and its documents' captures;
render.py writes the self-contained HTML (and pdf.py prints it); bundle.py packs the
report with the raw captures and a manifest of hashes, and checks a bundle again.
"""

from api.dossier.build import (
    Dossier,
    build_article_dossier,
    build_cascade_dossier,
    build_dossier,
)

__all__ = ["Dossier", "build_article_dossier", "build_cascade_dossier", "build_dossier"]
