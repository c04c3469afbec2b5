"""Push-in against push-out at line ends (CLREQ §3.1.7): how many lines each leaves stretched.

Run: .venv/bin/python bench/bench_linebreak.py [INPUT ...]   (default: every example in inputs/)

A justified line that pushed a character out to keep a closing mark off the next line's start
is spread over the gaps between its characters: it is *stretched*. Pushing in squeezes the
line's punctuation instead (half a cell each at most, in the faces where the mark's ink sits in
one half). For both settings of the template's ``linebreak.line_end`` the script lays out every
input's PDF and counts the lines of text (not last lines), the stretched ones (slack of at least
half a cell), the squeezed ones, and the pages.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.errors import ReportgenError  # noqa: E402
from reportgen.model.template import load_template  # noqa: E402
from reportgen.pipeline import prepare  # noqa: E402
from reportgen.render.pdf import layout as pdf_layout  # noqa: E402
from reportgen.render.pdf.render import render_pdf  # noqa: E402

STRETCHED = 0.5  # cells of slack that make a line count as stretched


@contextmanager
def recording(counts: dict[str, int]) -> Iterator[None]:
    """Count the justified paragraph lines that the layout breaks, while the block runs."""
    original: Callable[..., Any] = pdf_layout.break_lines

    def wrapper(text: str, measure: Callable[[str], float], **kw: Any) -> Any:
        lines = original(text, measure, **kw)
        if kw.get("justify", True):
            cells = kw.get("cells", 28)
            for line in lines:
                if line.last:
                    continue
                slack = cells - line.indent - line.cells
                counts["lines"] += 1
                counts["stretched"] += slack >= STRETCHED
                counts["squeezed"] += slack < -1e-6
        return lines

    pdf_layout.break_lines = wrapper  # type: ignore[assignment]
    try:
        yield
    finally:
        pdf_layout.break_lines = original  # type: ignore[assignment]


def measure(paths: list[Path], line_end: str) -> dict[str, int]:
    base = load_template()
    template = base.model_copy(
        update={"linebreak": base.linebreak.model_copy(update={"line_end": line_end})}
    )
    counts = {"inputs": 0, "lines": 0, "stretched": 0, "squeezed": 0, "pages": 0}
    with recording(counts):
        for path in paths:
            try:
                tree = prepare(path, template).tree
            except ReportgenError:
                continue  # a data-only file (used as `previous`) or a deliberately bad one
            counts["inputs"] += 1
            counts["pages"] += render_pdf(tree, template).pages
    return counts


def main() -> None:
    paths = [Path(a) for a in sys.argv[1:]] or sorted((ROOT / "inputs").rglob("*.yaml"))
    print(
        f"{'line_end':<10} {'inputs':>6} {'lines':>6} {'stretched':>9} {'squeezed':>8} {'pages':>5}"
    )
    for line_end in ("push-out", "push-in"):
        c = measure(paths, line_end)
        print(
            f"{line_end:<10} {c['inputs']:>6} {c['lines']:>6} {c['stretched']:>9} "
            f"{c['squeezed']:>8} {c['pages']:>5}"
        )


if __name__ == "__main__":
    main()
