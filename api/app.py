"""The FastAPI application: JSON API, HTML views and the explorer page."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route
from starlette.types import Scope

from api.docs_pages import docs_router
from api.explorer import router as explorer_router
from api.jobs import JobQueue, ingest_runner
from api.limits import BodyLimit
from api.routes import router
from api.served_views import router as views_router
from api.settings import Settings, get_settings, open_configured_store, registry_for
from graph.errors import CitegraphError

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def _error(
    status: int,
    code: str,
    message: str,
    headers: Mapping[str, str] | None = None,
    **details: object,
) -> JSONResponse:
    body = CitegraphError(message, **details).to_json(code)
    return JSONResponse(status_code=status, content=body.model_dump(mode="json"), headers=headers)


# RFC 9110: a 401 names the scheme it wants.
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="citegraph"'}


def _allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some route on this path answers."""
    methods: set[str] = set()
    # FastAPI nests included routers; iter_route_contexts lists the routes inside.
    for context in iter_route_contexts(app.router.routes):
        route = context.original_route
        if isinstance(route, Route) and route.matches(scope)[0] is not Match.NONE:
            methods |= route.methods or set()
    return sorted(methods)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the app bound to ``settings`` (the store is opened at startup)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = open_configured_store(settings)
        app.state.registry = registry_for(settings)
        app.state.jobs = JobQueue(
            ingest_runner(settings, app.state.store, app.state.registry),
            max_queued=settings.max_queued_jobs,
        )
        try:
            yield
        finally:
            app.state.jobs.close()
            app.state.store.close()

    app = FastAPI(
        title="citegraph",
        version="0.1.0",
        description="How stories travel between outlets: paths, amplification and evidence. "
        "All paths are returned in flow order (origin first).",
        lifespan=lifespan,
        # Served by api/docs_pages.py from this origin, under a CSP.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)

    # One error shape for every failure: {"error": {"code", "message", "details"}}.
    @app.exception_handler(CitegraphError)
    async def _citegraph_error(_: Request, exc: CitegraphError) -> JSONResponse:
        headers = _CHALLENGE if exc.status == 401 else None
        body = exc.to_json().model_dump(mode="json")
        return JSONResponse(status_code=exc.status, content=body, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        return _error(422, "bad_input", "invalid request parameters", problems=problems)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # FastAPI's "error parsing the body" (a body that is not UTF-8, or not the
            # declared form): a bad input like any other, so the same 422.
            return _error(
                422,
                "bad_input",
                "the request body cannot be read",
                problems=[{"loc": ["body"], "msg": str(exc.detail)}],
            )
        code = {
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "too_large",
        }.get(exc.status_code, "http_error")
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette lists the methods of the first route on the path only
            # (PATCH /edges/{id} answered "Allow: PATCH" though GET is there too).
            headers["Allow"] = ", ".join(_allowed_methods(request.app, request.scope))
        if exc.status_code == 401:
            headers |= _CHALLENGE
        return _error(exc.status_code, code, str(exc.detail), headers=headers or None)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return _error(500, "internal_error", f"{type(exc).__name__}: the server failed")

    app.include_router(explorer_router)  # explorer pages (CSP headers)
    app.include_router(views_router)  # /views/... (CSP headers)
    app.include_router(router)
    app.include_router(docs_router(app))
    return app
