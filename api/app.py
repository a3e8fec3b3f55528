"""The FastAPI application: JSON API, HTML views and the explorer page."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.explorer import router as explorer_router
from api.routes import router
from api.served_views import router as views_router
from api.settings import Settings, get_settings, open_configured_store, registry_for
from graph.errors import CitegraphError

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def _error(status: int, code: str, message: str, **details: object) -> JSONResponse:
    body = CitegraphError(message, **details).to_json()
    body["error"]["code"] = code
    return JSONResponse(status_code=status, content=body)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the app bound to ``settings`` (the store is opened at startup)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_configured_store(settings)
        app.state.registry = registry_for(settings)
        try:
            yield
        finally:
            app.state.store.close()

    app = FastAPI(
        title="citegraph",
        version="0.1.0",
        description="How stories travel between outlets: paths, amplification and evidence. "
        "All paths are returned in flow order (origin first).",
        lifespan=lifespan,
    )
    app.state.settings = settings

    # One error shape for every failure: {"error": {"code", "message", "details"}}.
    @app.exception_handler(CitegraphError)
    async def _citegraph_error(_: Request, exc: CitegraphError) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content=exc.to_json())

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        return _error(422, "bad_input", "invalid request parameters", problems=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
        }.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return _error(500, "internal_error", f"{type(exc).__name__}: the server failed")

    app.include_router(explorer_router)  # explorer pages (CSP headers)
    app.include_router(views_router)  # /views/... (CSP headers)
    app.include_router(router)
    return app
