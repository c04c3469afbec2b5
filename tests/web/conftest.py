"""Fixtures for the web editor: a scratch workspace with the bundled inputs, and a client."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reportgen.web.app import create_app

from ..conftest import INPUTS


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(INPUTS, root)
    return root


class Client(TestClient):
    token = ""

    def write(self, method: str, url: str, **kwargs: object) -> object:
        headers = {"X-Reportgen-Token": self.token, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
        return self.request(method, url, headers=headers, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def client(workspace: Path) -> Iterator[Client]:
    app = create_app(workspace, workers=1, warm=False)
    with Client(app, base_url="http://127.0.0.1:8765") as c:
        page = c.get("/")
        c.token = re.search(r'name="reportgen-token" content="(\w+)"', page.text).group(1)  # type: ignore[union-attr]
        yield c
