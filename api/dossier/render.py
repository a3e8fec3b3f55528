"""The dossier as one self-contained HTML file: nothing loaded, one pinned view.

Same rules as the views (api/views/html.py): autoescaped template, a CSP in a meta
tag that allows nothing to load (``default-src 'none'``), styles inline. On screen the
report carries the interactive view: the view's own page (vis-network inlined) in a
sandboxed ``<iframe srcdoc>``. A srcdoc frame inherits the report's policy, so the
report allows exactly the view's two scripts, by hash, and the frame adds its own
CSP; the report itself has no script element. On paper the view gives way to its
static SVG (``@media print``), and the PDF is rendered without the frame at all
(``interactive=False``), so nothing in it depends on interaction.
"""

from __future__ import annotations

from markupsafe import Markup

from api import views
from api.dossier.build import Dossier
from api.views import TEMPLATES
from api.views.html import VIEW_SCRIPT_HASHES

__all__ = ["DOSSIER_CSP", "DOSSIER_VIEW_CSP", "dossier_csp", "render_dossier"]

#: The report without the view (the PDF's): no script at all.
DOSSIER_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
#: The report with the interactive view: the view's two scripts, pinned by hash.
DOSSIER_VIEW_CSP = DOSSIER_CSP.replace(
    "default-src 'none'; ", f"default-src 'none'; script-src {VIEW_SCRIPT_HASHES}; ", 1
)


def dossier_csp(dossier: Dossier, *, interactive: bool = True) -> str:
    """The policy of ``dossier``'s page (the meta tag's, and a server's header)."""
    return DOSSIER_VIEW_CSP if interactive and dossier.view else DOSSIER_CSP


def render_dossier(dossier: Dossier, *, bundled: bool = False, interactive: bool = True) -> str:
    """Return the dossier's HTML page; ``interactive=False`` leaves out the view (for
    the PDF: paper gets the static drawing only)."""
    # The SVG comes from our own autoescaped template (view.svg): markup, not text.
    drawing = Markup(dossier.drawing) if dossier.drawing else None
    # The view's page is text here: the template escapes it into the srcdoc attribute.
    page = views.render_html(dossier.view, embed=True) if interactive and dossier.view else None
    return TEMPLATES.get_template("dossier.html").render(
        d=dossier,
        csp=dossier_csp(dossier, interactive=interactive),
        drawing=drawing,
        view_page=page,
        bundled=bundled,
    )
