"""Benchmark: `reportgen import` per text of the corpus, in process (target < 100 ms per text),
and as a fresh process for the seed and a reportgen DOCX, as a table."""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.importer.structure import import_file  # noqa: E402
from reportgen.importer.yamlout import dump  # noqa: E402

SEED = ROOT / "tests" / "data" / "seed" / "000_5dbfb90da61d6c0c.txt"
DATA = ROOT / "tests" / "data" / "import"
RUNS = 5
TARGET_S = 0.100


def in_process(path: Path, kind: str = "auto") -> tuple[float, float]:
    """Median seconds of import + YAML writing (with its read-back check), warm: wall clock and
    CPU time of this process (the second is what a loaded machine distorts least)."""
    import_file(path, kind)  # warm the one-time tables (GBK index, OpenCC)
    wall, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        dump(import_file(path, kind))
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def fresh(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    texts = [*sorted(DATA.glob("*.txt")), SEED]
    print(f"{'text (in process)':40} {'bytes':>6} {'wall ms':>8} {'cpu ms':>7}")
    worst = 0.0
    for path in texts:
        kind = "brand-submission" if "forced-kind" in path.name else "auto"
        wall, cpu = in_process(path, kind)
        worst = max(worst, cpu)
        size = path.stat().st_size
        print(f"{path.name[:40]:40} {size:>6} {wall * 1000:8.1f} {cpu * 1000:7.1f}")
    print(f"worst CPU {worst * 1000:.1f} ms; target < {TARGET_S * 1000:.0f} ms; {RUNS} runs each")
    exe = [sys.executable, "-m", "reportgen"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subprocess.run(
            [
                *exe,
                "build",
                "--format",
                "docx",
                "-o",
                str(folder),
                str(ROOT / "inputs" / "tanzhou-2024.yaml"),
            ],
            check=True,
            capture_output=True,
        )
        docx_file = folder / "tanzhou-2024.docx"
        wall, cpu = in_process(docx_file)
        size = docx_file.stat().st_size
        print(f"{'reportgen DOCX (in process)':40} {size:>6} {wall * 1000:8.1f} {cpu * 1000:7.1f}")
        print(f"\n{'fresh process':40} {'median s':>10}")
        cases = [("python -m reportgen --version", [*exe, "--version"])]
        for name, path in (("seed", SEED), ("reportgen DOCX", docx_file)):
            cases.append(
                (f"import {name}", [*exe, "import", str(path), "-o", str(folder / "o.yaml")])
            )
        for name, args in cases:
            print(f"{name:40} {statistics.median(fresh(args) for _ in range(3)):10.3f}")


if __name__ == "__main__":
    main()
