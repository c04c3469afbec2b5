"""The Starlette application of ``reportgen serve``: the page, its assets and the guards."""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from . import routes
from .pool import PoolError, RenderPool
from .security import (
    SESSION_COOKIE,
    host_ok,
    load_secret,
    new_session,
    token_for,
)
from .workspace import Workspace, WorkspaceError

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})


class HostGuard:
    """Refuses requests whose Host is not this machine's loopback name (DNS rebinding)."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            host = headers.get(b"host", b"").decode("latin-1") or None
            if not host_ok(host, self.allowed):
                response = JSONResponse({"error": "主机名不被允许"}, status_code=421)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def page(request: Request) -> Response:
    session = request.cookies.get(SESSION_COOKIE) or ""
    fresh = len(session) < 16 or len(session) > 64
    if fresh:
        session = new_session()
    token = token_for(request.app.state.secret, session)
    text = (STATIC / "index.html").read_text(encoding="utf-8")
    text = text.replace("{{token}}", token).replace(
        "{{workspace}}", html.escape(request.app.state.workspace.root.name)
    )
    response = HTMLResponse(
        text,
        headers={
            "Cache-Control": "no-store",
            "Content-Security-Policy": "default-src 'self'; img-src 'self' data: blob:; "
            "object-src 'none'; frame-ancestors 'none'; base-uri 'none'",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
        },
    )
    if fresh:
        response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
    return response


async def _workspace_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WorkspaceError)
    return JSONResponse({"error": exc.message}, status_code=exc.status)


async def _pool_error(request: Request, exc: Exception) -> Response:
    return JSONResponse({"error": str(exc)}, status_code=503)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("request failed: %s %s", request.method, request.url.path)
    return JSONResponse({"error": "服务器内部错误，请重试；问题仍在时请报告"}, status_code=500)


def create_app(
    root: Path,
    *,
    workers: int = 2,
    loopback_only: bool = True,
    warm: bool = True,
) -> ASGIApp:
    """The app serving the workspace ``root``; stateless apart from the files in it, so
    several uvicorn workers may serve one folder (they share ``.reportgen/secret``)."""
    workspace = Workspace(root)
    pool = RenderPool(workspace.root, workers)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        if warm:
            pool.warm()
        yield
        pool.close()

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        WorkspaceError: _workspace_error,
        PoolError: _pool_error,
        HTTPException: _http_error,
        Exception: _server_error,
    }
    app = Starlette(
        routes=[
            Route("/", page),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            *routes.ROUTES,
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers=handlers,
        lifespan=lifespan,
    )
    app.state.workspace = workspace
    app.state.pool = pool
    app.state.secret = load_secret(workspace.root)
    app.state.status_cache = {}
    return HostGuard(app, LOOPBACK_NAMES if loopback_only else None)


def from_env() -> ASGIApp:
    """For ``uvicorn --factory reportgen.web.app:from_env --workers N`` on an office server:
    the folder comes from ``REPORTGEN_WORKSPACE``; Host names are not restricted."""
    import os

    root = Path(os.environ.get("REPORTGEN_WORKSPACE", "."))
    return create_app(
        root, workers=int(os.environ.get("REPORTGEN_RENDER_WORKERS", "2")), loopback_only=False
    )
