"""OFD renderer benchmark: render time against the PDF renderer's, build time, package size.

Run: .venv/bin/python bench/bench_ofd.py [INPUT ...] [-n N] [--runs N] [--long PAGES]
Target (issue 14): OFD render time within 1.5x of the PDF render time, warm in-process (both
lay the document out the same way; the OFD writer replaces reportlab's) and as a fresh
`reportgen build --format ofd` process against `--format pdf`. Wall and CPU times are printed;
the verdict is on CPU time, which other work on the machine hardly changes.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.document.tree import DocumentTree, Rendered  # noqa: E402
from reportgen.model.template import Template, load_template  # noqa: E402
from reportgen.pipeline import prepare  # noqa: E402
from reportgen.render.ofd.render import render_ofd  # noqa: E402
from reportgen.render.pdf.render import render_pdf  # noqa: E402

LIMIT = 1.5


# (wall seconds, CPU seconds): other processes on a shared machine stretch the first, hardly
# the second, so the verdict is on CPU time; both are printed.
Timing = tuple[float, float]


def _timed(fn: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def _median(timings: list[Timing]) -> Timing:
    return statistics.median(t[0] for t in timings), statistics.median(t[1] for t in timings)


def _warm(
    tree: DocumentTree, template: Template, n: int
) -> tuple[Timing, Timing, Rendered, Rendered]:
    pdf = render_pdf(tree, template)  # registers the fonts once for both
    ofd = render_ofd(tree, template)
    # interleaved rounds, so that load from other processes falls on both alike
    pdf_times, ofd_times = [], []
    for _ in range(n):
        pdf_times.append(_timed(lambda: render_pdf(tree, template)))
        ofd_times.append(_timed(lambda: render_ofd(tree, template)))
    return _median(pdf_times), _median(ofd_times), pdf, ofd


def _run(cmd: list[str]) -> Timing:
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    subprocess.run(cmd, check=True, **quiet)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


def _fresh(path: Path, runs: int) -> tuple[Timing, Timing]:
    """`reportgen build --format pdf` and `--format ofd` as fresh processes, interleaved."""
    exe = ROOT / ".venv" / "bin" / "reportgen"
    with tempfile.TemporaryDirectory() as tmp:
        cmds = {
            fmt: [str(exe), "-q", "build", str(path), "-o", tmp, "--format", fmt, "-j", "1"]
            for fmt in ("pdf", "ofd")
        }
        for cmd in cmds.values():
            _run(cmd)  # font cache and OS file cache warm
        times: dict[str, list[Timing]] = {"pdf": [], "ofd": []}
        for _ in range(runs):
            for fmt, cmd in cmds.items():
                times[fmt].append(_run(cmd))
    return _median(times["pdf"]), _median(times["ofd"])


def _row(name: str, pages: str, pdf: Timing, ofd: Timing, note: str = "") -> float:
    ratio = ofd[1] / pdf[1]
    verdict = "ok" if ratio <= LIMIT else "MISSED"
    print(
        f"{name:<30} {pages:>5} {pdf[0] * 1000:>8.1f} {ofd[0] * 1000:>8.1f} "
        f"{pdf[1] * 1000:>8.1f} {ofd[1] * 1000:>8.1f} {ratio:>6.2f}  {verdict}{note}"
    )
    return ratio


HEADER = (
    f"{'input':<30} {'pages':>5} {'PDF wall':>8} {'OFD wall':>8} {'PDF cpu':>8} {'OFD cpu':>8} "
    f"{'ratio':>6}  (ms; ratio of CPU times)"
)


def _long_report(folder: Path, pages: int) -> Path:
    """A report of about ``pages`` pages: sections of headings and body paragraphs (a page holds
    about three 130-character paragraphs with their headings)."""
    sentence = "坚持以人民为中心的发展思想，推动各项工作落地见效，切实把各项部署转化为实际成效。"
    lines = [
        "kind: report",
        "title: 年度工作总结（长文档）",
        "organization: 示例单位",
        "date: 2024-12-01",
    ]
    lines.append("body:")
    for i in range(pages):
        lines.append(f"  - heading: 第{i + 1}项重点工作")
        lines.append("    body:")
        for _ in range(3):
            lines.append(f"      - {sentence * 3}")
    path = folder / f"long-{pages}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "inputs",
        nargs="*",
        type=Path,
        default=[
            ROOT / "inputs" / "tanzhou-2024.yaml",
            ROOT / "inputs" / "shili-union-2024-summary.yaml",
        ],
    )
    parser.add_argument("-n", type=int, default=20, help="repetitions for the warm renders")
    parser.add_argument("--runs", type=int, default=5, help="fresh-process builds per format")
    parser.add_argument(
        "--long", type=int, default=60, help="also a report of about this many pages (0: none)"
    )
    args = parser.parse_args()
    template = load_template()
    scratch = tempfile.TemporaryDirectory()
    if args.long:
        args.inputs.append(_long_report(Path(scratch.name), args.long))
    print("warm in-process render (median of interleaved rounds)")
    print(HEADER)
    worst = 0.0
    for path in args.inputs:
        tree = prepare(path, template).tree
        pdf_t, ofd_t, pdf, ofd = _warm(tree, template, args.n)
        sizes = f"   PDF {len(pdf.data) / 1024:.0f} KB, OFD {len(ofd.data) / 1024:.0f} KB"
        worst = max(worst, _row(path.name, str(ofd.pages), pdf_t, ofd_t, sizes))
    print(f"\nfresh `reportgen build -j 1` process, font cache warm (median of {args.runs})")
    print(HEADER)
    for path in args.inputs:
        pdf_t, ofd_t = _fresh(path, args.runs)
        worst = max(worst, _row(path.name, "", pdf_t, ofd_t))
    print(f"\nworst OFD/PDF ratio {worst:.2f} (target <= {LIMIT})")


if __name__ == "__main__":
    main()
