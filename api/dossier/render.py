"""The dossier as one self-contained HTML file: no script, nothing loaded.

Same rules as the views (api/views/html.py): autoescaped template, a CSP in a meta
tag that allows nothing to load (``default-src 'none'``), styles inline. A dossier has
no script at all, so its CSP allows none, and it prints the same as it shows: the
drawing is the view's static SVG, nothing depends on interaction.
"""

from __future__ import annotations

from markupsafe import Markup

from api.dossier.build import Dossier
from api.views import TEMPLATES

__all__ = ["DOSSIER_CSP", "render_dossier"]

DOSSIER_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def render_dossier(dossier: Dossier, *, bundled: bool = False) -> str:
    """Return the dossier's HTML page."""
    # The SVG comes from our own autoescaped template (view.svg): markup, not text.
    drawing = Markup(dossier.drawing) if dossier.drawing else None
    return TEMPLATES.get_template("dossier.html").render(
        d=dossier, csp=DOSSIER_CSP, drawing=drawing, bundled=bundled
    )
