"""reportgen's changes to reportlab: what they write, pinned byte for byte."""

from __future__ import annotations

import random

from reportgen.render.pdf import patches


def _numbers() -> list[float]:
    rng = random.Random(9704)
    values: list[float] = [
        0,
        0.0,
        -0.0,
        1e-8,
        -1e-7,
        2e-7,
        1,
        -1,
        16,
        100,
        0.5,
        1000,
        1e6,
        123456789,
    ]
    for exp in range(-8, 9):
        for base in (1, 9.9999995, 9.99999949, 5.0000005, 0.99999995):
            values += [base * 10.0**exp, -base * 10.0**exp]
    values += [rng.uniform(-1000, 1000) for _ in range(3000)]
    values += [rng.uniform(-2, 2) for _ in range(2000)]
    values += [rng.randint(0, 600) * 28.95 / 7 for _ in range(500)]
    return values


def test_number_format_is_reportlabs_fp_str() -> None:
    # The renderer writes Tm/Tz/Tf/TJ numbers itself; they must be byte for byte what reportlab
    # writes, or the PDFs would change (reproducibility across versions, golden hashes).
    from reportlab.lib.rl_accel import fp_str

    for value in _numbers():
        assert patches.format_number(value) == fp_str(value), value
        assert patches.num(value) == fp_str(value), value
