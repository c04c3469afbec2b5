"""Running the editor: uvicorn on one port, a browser tab opened on request, a clean Ctrl-C."""

from __future__ import annotations

import ipaddress
import threading
import webbrowser
from pathlib import Path

import uvicorn

from .app import create_app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(root: Path, host: str, port: int, open_browser: bool, workers: int = 2) -> None:
    """Serve ``root`` until Ctrl-C; render workers start in the background."""
    app = create_app(root, workers=workers, loopback_only=is_loopback(host))
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    if open_browser:
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
        url = f"http://{shown}:{port}/"

        def _open() -> None:
            webbrowser.open(url)

        threading.Timer(0.5, _open).start()
    server.run()
