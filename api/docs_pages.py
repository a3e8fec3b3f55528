"""The API's documentation pages (``/docs``, ``/redoc``), served from this server alone.

FastAPI's defaults load Swagger UI and ReDoc from a CDN, with no Content-Security-Policy,
on the origin where a reviewer types the write token: a third party's script running
there could read it. The same pages are served here with the assets the
``fastapi-offline`` package bundles (Swagger UI and ReDoc builds, MIT), under a CSP
that allows scripts from this origin and the one inline Swagger UI start-up script,
pinned by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response

from graph.errors import NotFound

__all__ = ["docs_router"]

_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
_PREFIX = "/assets/docs"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _asset_dir() -> Path:
    return Path(str(resources.files("fastapi_offline").joinpath("static")))


def _csp(html: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(html)
    )
    # Swagger UI and ReDoc set inline styles; ReDoc runs its search in a blob: worker.
    return (
        f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ).replace("script-src 'self' ;", "script-src 'self';")


_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def docs_router(app: FastAPI) -> APIRouter:
    """Return the routes of ``/docs``, ``/redoc`` and their bundled assets for ``app``."""
    router = APIRouter(include_in_schema=False)
    openapi = app.openapi_url or "/openapi.json"
    swagger = get_swagger_ui_html(
        openapi_url=openapi,
        title=f"{app.title} - API",
        swagger_js_url=f"{_PREFIX}/swagger-ui-bundle.js",
        swagger_css_url=f"{_PREFIX}/swagger-ui.css",
        swagger_favicon_url=f"{_PREFIX}/favicon.png",
        oauth2_redirect_url=None,
        swagger_ui_parameters={"validatorUrl": None},
    ).body
    redoc = get_redoc_html(
        openapi_url=openapi,
        title=f"{app.title} - API",
        redoc_js_url=f"{_PREFIX}/redoc.standalone.js",
        redoc_favicon_url=f"{_PREFIX}/favicon.png",
        with_google_fonts=False,
    ).body
    swagger_html, redoc_html = bytes(swagger).decode(), bytes(redoc).decode()

    @router.get("/docs")
    def swagger_page() -> HTMLResponse:
        return HTMLResponse(
            swagger_html, headers={"Content-Security-Policy": _csp(swagger_html), **_HEADERS}
        )

    @router.get("/redoc")
    def redoc_page() -> HTMLResponse:
        return HTMLResponse(
            redoc_html, headers={"Content-Security-Policy": _csp(redoc_html), **_HEADERS}
        )

    @router.get(_PREFIX + "/{name}")
    def asset(name: str) -> Response:
        if name not in _ASSETS:
            raise NotFound(f"no documentation asset {name!r}")
        return FileResponse(_asset_dir() / name, media_type=_ASSETS[name], headers=_HEADERS)

    return router
