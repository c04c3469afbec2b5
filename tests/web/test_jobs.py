"""The editor's render jobs: page images as the secretary sees them."""

from __future__ import annotations

import base64
import io

from PIL import Image

from reportgen.pipeline import prepare, render
from reportgen.web.jobs import _pages, _tpl
from tests.conftest import INPUTS


def test_preview_pages_are_in_colour_so_the_red_header_shows() -> None:
    template = _tpl()
    tree = prepare(INPUTS / "gongwen" / "tanzhou-request-2024.yaml", template).tree
    pdf = render(tree, "pdf", template).data
    first = _pages(pdf)[0]
    data = first["png"]
    assert data is not None
    image = Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB")
    width, height = image.size
    pixels = image.load()
    red = sum(
        1
        for y in range(0, height, 2)
        for x in range(0, width, 2)
        if (p := pixels[x, y])[0] > 180 and p[1] < 90 and p[2] < 90
    )
    assert red > 500, red  # the 发文机关标志 and the red line (§7.2.4, §7.2.7)
