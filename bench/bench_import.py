"""Benchmark: `reportgen import` of a 3-page text as a fresh process (target < 1 s), as a table."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed" / "000_5dbfb90da61d6c0c.txt"
DATA = ROOT / "tests" / "data" / "import"
RUNS = 5


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    exe = [sys.executable, "-m", "reportgen"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cases = [
            ("seed (damaged, 2641 chars ≈ 4 pages)", SEED),
            ("工作总结 text", DATA / "summary-2024.txt"),
            ("工作总结 GBK", DATA / "summary-2024-gbk.txt"),
        ]
        built = folder / "docx"
        subprocess.run(
            [
                *exe,
                "build",
                "--format",
                "docx",
                "-o",
                str(built),
                str(ROOT / "inputs" / "tanzhou-2024.yaml"),
            ],
            check=True,
            capture_output=True,
        )
        cases.append(("reportgen DOCX", built / "tanzhou-2024.docx"))
        baseline = [timed([*exe, "--version"]) for _ in range(RUNS)]
        print(f"{'input':38} {'bytes':>6} {'median s':>9} {'max s':>7}")
        print(
            f"{'(python -m reportgen --version)':38} {'':>6} {statistics.median(baseline):9.3f} "
            f"{max(baseline):7.3f}"
        )
        for name, path in cases:
            times = [
                timed([*exe, "import", str(path), "-o", str(folder / "out.yaml")])
                for _ in range(RUNS)
            ]
            size = len(path.read_bytes())
            print(f"{name:38} {size:>6} {statistics.median(times):9.3f} {max(times):7.3f}")
        print(f"target: < 1 s per import; {RUNS} runs each")


if __name__ == "__main__":
    main()
