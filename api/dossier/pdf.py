"""The dossier as PDF: headless Chromium prints the HTML page (playwright).

The page loads nothing, and the browser is told so twice: every request other than
the page itself is aborted, so a report printed from a hostile title cannot reach out
either. The executable is the caller's (``Settings.chromium``, ``CITEGRAPH_CHROMIUM``;
Debian's Chromium by default).
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import CitegraphError

__all__ = ["PdfUnavailable", "html_to_pdf"]


class PdfUnavailable(CitegraphError, status=503, code="pdf_unavailable"):
    """No browser to print with (playwright or Chromium missing)."""


def html_to_pdf(html: str, chromium: str) -> bytes:
    """Return ``html`` printed to A4 PDF by the headless Chromium at ``chromium``."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise PdfUnavailable("PDF output needs playwright: pip install 'citegraph[pdf]'") from None
    if not Path(chromium).exists():
        raise PdfUnavailable(f"PDF output needs Chromium at {chromium} (CITEGRAPH_CHROMIUM)")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())
                page.set_content(html, wait_until="load")
                return page.pdf(
                    format="A4",
                    print_background=True,
                    margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"},
                )
            finally:
                browser.close()
    except Error as exc:
        raise PdfUnavailable(f"Chromium could not print the dossier: {exc.message}") from exc
