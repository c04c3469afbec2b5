"""A longer run of the property test in tests/test_fuzz.py (CI runs 25 examples).

    .venv/bin/python scripts/fuzz.py [--examples 2000] [--seed N]

Any exception other than reportgen's own ReportgenError fails the run; hypothesis prints the
smallest input that shows it. Bounded by --examples (about 0.2 s each on one core).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    env = {**os.environ, "REPORTGEN_FUZZ_EXAMPLES": str(args.examples)}
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_fuzz.py"]
    if args.seed is not None:
        argv.append(f"--hypothesis-seed={args.seed}")
    return subprocess.call(argv, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main())
