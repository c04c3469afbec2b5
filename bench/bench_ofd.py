"""OFD renderer benchmark: render time against the PDF renderer's, build time, package size.

Run: .venv/bin/python bench/bench_ofd.py [INPUT ...] [-n N]
Target (issue 14): OFD render time within 1.5x of the PDF render time, warm in-process (both
lay the document out the same way; the OFD writer replaces reportlab's) and as a fresh
`reportgen build --format ofd` process against `--format pdf`.
"""

from __future__ import annotations

import argparse
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


def _median(fn: Callable[[], object], n: int) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _warm(
    tree: DocumentTree, template: Template, n: int
) -> tuple[float, float, Rendered, Rendered]:
    pdf = render_pdf(tree, template)  # registers the fonts once for both
    ofd = render_ofd(tree, template)
    # interleaved rounds, so that load from other processes falls on both alike
    pdf_times, ofd_times = [], []
    for _ in range(n):
        pdf_times.append(_median(lambda: render_pdf(tree, template), 1))
        ofd_times.append(_median(lambda: render_ofd(tree, template), 1))
    return statistics.median(pdf_times), statistics.median(ofd_times), pdf, ofd


def _fresh(path: Path, fmt: str, runs: int) -> float:
    exe = ROOT / ".venv" / "bin" / "reportgen"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [str(exe), "-q", "build", str(path), "-o", tmp, "--format", fmt]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(cmd, check=True, **quiet)  # font cache and OS file cache warm
        return _median(lambda: subprocess.run(cmd, check=True, **quiet), runs)


def _long_report(folder: Path, pages: int) -> Path:
    """A report of about ``pages`` pages: sections of headings and body paragraphs (a page holds
    about three 130-character paragraphs with their headings)."""
    sentence = (
        "坚持以人民为中心的发展思想，推动各项工作落地见效，完成年度目标任务的百分之九十八点五。"
    )
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
    header = f"{'input':<34} {'pages':>5} {'PDF ms':>8} {'OFD ms':>8} {'ratio':>6}  result"
    print("warm in-process render (median of interleaved rounds)")
    print(header)
    worst = 0.0
    for path in args.inputs:
        tree = prepare(path, template).tree
        pdf_s, ofd_s, pdf, ofd = _warm(tree, template, args.n)
        ratio = ofd_s / pdf_s
        worst = max(worst, ratio)
        verdict = "ok" if ratio <= LIMIT else "MISSED"
        print(
            f"{path.name:<34} {ofd.pages:>5} {pdf_s * 1000:>8.1f} {ofd_s * 1000:>8.1f} "
            f"{ratio:>6.2f}  {verdict}   (PDF {len(pdf.data) / 1024:.0f} KB, "
            f"OFD {len(ofd.data) / 1024:.0f} KB)"
        )
    print(f"\nfresh `reportgen build` process, font cache warm (median of {args.runs})")
    print(f"{'input':<34} {'':>5} {'PDF ms':>8} {'OFD ms':>8} {'ratio':>6}  result")
    for path in args.inputs:
        pdf_s = _fresh(path, "pdf", args.runs)
        ofd_s = _fresh(path, "ofd", args.runs)
        ratio = ofd_s / pdf_s
        worst = max(worst, ratio)
        verdict = "ok" if ratio <= LIMIT else "MISSED"
        print(
            f"{path.name:<34} {'':>5} {pdf_s * 1000:>8.0f} {ofd_s * 1000:>8.0f} {ratio:>6.2f}  "
            f"{verdict}"
        )
    print(f"\nworst OFD/PDF ratio {worst:.2f} (target <= {LIMIT})")


if __name__ == "__main__":
    main()
