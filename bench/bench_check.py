"""Benchmark: `reportgen check inputs/` as one fresh process (target < 1 s wall), as a table."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 7
TARGET_S = 1.0


def timed(args: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run(args, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - start, proc.returncode


def row(name: str, files: int, times: list[float], code: int, target: bool) -> str:
    median, worst = statistics.median(times), max(times)
    per_file = f"{1000 * median / files:7.1f}" if files else f"{'':7}"
    verdict = ("ok" if worst < TARGET_S else "SLOW") if target else ""
    return f"{name:44} {files:>5} {median:9.3f} {worst:7.3f} {per_file} {code:>4}  {verdict}"


def main() -> None:
    exe = ROOT / ".venv" / "bin" / "reportgen"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "reportgen"]
    inputs = sorted(p for p in (ROOT / "inputs").rglob("*") if p.suffix in (".yaml", ".json"))
    with tempfile.TemporaryDirectory() as tmp:
        # 20 copies of the bundled inputs: how the time grows with a folder of filings.
        many = Path(tmp) / "many"
        for i in range(20):
            shutil.copytree(ROOT / "inputs", many / f"set{i:02}")
        many_files = sum(1 for _ in many.rglob("*.yaml"))
        cases = [
            ("reportgen --version (startup)", 0, [*cmd, "--version"]),
            ("reportgen check inputs/", len(inputs), [*cmd, "check", "inputs/"]),
            (
                "reportgen check --format json inputs/",
                len(inputs),
                [*cmd, "check", "--format", "json", "inputs/"],
            ),
            (
                "reportgen check --strict seed sample",
                1,
                [*cmd, "check", "--strict", "tests/data/seed-artifacts.yaml"],
            ),
            (
                f"reportgen check 20 × inputs/ ({many_files} files)",
                many_files,
                [*cmd, "check", str(many)],
            ),
        ]
        print(
            f"target: check inputs/ under {TARGET_S:.1f} s wall ({RUNS} runs, fresh process each)"
        )
        print(
            f"{'command':44} {'files':>5} {'median s':>9} {'max s':>7} {'ms/file':>7} {'exit':>4}"
        )
        for name, files, args in cases:
            results = [timed(args, ROOT) for _ in range(RUNS)]
            target = name.endswith("inputs/")
            print(row(name, files, [t for t, _ in results], results[-1][1], target))


if __name__ == "__main__":
    main()
