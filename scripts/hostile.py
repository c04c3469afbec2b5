"""Hostile-input run: feed hundreds of malformed or extreme inputs to `reportgen check` and
`reportgen build` (each in its own subprocess, with a timeout) and count the answers.

    .venv/bin/python scripts/hostile.py [--timeout 10] [--only SUBSTRING] [-j 2] [--show]

A case is *clean* when the command exits 0, 1 or 2 within the CPU-time limit (--timeout), prints no Python
traceback and (on failure) says something in Chinese; a *traceback* when stderr holds one (or
the exit code is another number); a *hang* when it passes the CPU-time limit or blocks for
six times as long. Bounded: about 300 cases,
two commands each, a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = (ROOT / "inputs" / "tanzhou-2024.yaml").read_text(encoding="utf-8")

MINI = """kind: brand-submission
organization: 测试单位党支部
date: 2024-12-01
brand:
  name: 品牌
  meaning: 内涵。
"""

Setup = Callable[[Path], list[str]]  # writes files into a folder, returns the argv inputs


@dataclass
class Case:
    name: str
    setup: Setup


def text_case(name: str, text: str, filename: str = "input.yaml") -> Case:
    def setup(folder: Path) -> list[str]:
        (folder / filename).write_text(text, encoding="utf-8", errors="surrogatepass")
        return [filename]

    return Case(name, setup)


def bytes_case(name: str, data: bytes, filename: str = "input.yaml") -> Case:
    def setup(folder: Path) -> list[str]:
        (folder / filename).write_bytes(data)
        return [filename]

    return Case(name, setup)


def metric(**fields: str) -> str:
    inner = ", ".join(f"{k}: {v}" for k, v in fields.items())
    return (
        MINI
        + f"metrics:\n  m: {{{inner}}}\n"
        + 'achievements:\n  - heading: 小节\n    body: ["完成{m}，完成率{m.rate}。"]\n'
    )


def report(title: str, body: str = "  - 正文。\n") -> str:
    return (
        "kind: report\norganization: 测试单位\ndate: 2024-12-01\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\nbody:\n{body}"
    )


# --------------------------------------------------------------------------- the classes


def depth_cases() -> Iterator[Case]:
    for n in (50, 200, 1000, 5000, 20000):
        yield text_case(f"depth/flow-list-{n}", MINI + "extra: " + "[" * n + "]" * n + "\n")
        yield text_case(f"depth/flow-map-{n}", MINI + "extra: " + "{a: " * n + "1" + "}" * n + "\n")
        yield text_case(f"depth/json-{n}", '{"a": ' * n + "1" + "}" * n, "input.json")
    for n in (100, 1000, 3000):
        block = "".join("  " * i + "a:\n" for i in range(n)) + "  " * n + "b: 1\n"
        yield text_case(
            f"depth/block-map-{n}",
            MINI + "extra:\n" + "".join("  " + line + "\n" for line in block.splitlines()),
        )
        yield text_case(
            f"depth/block-list-{n}",
            MINI + "extra:\n" + "".join("  " * (i + 1) + "-\n" for i in range(n)),
        )
    for n in (5, 50, 300):
        body = "".join(
            "  " * (i + 1) + "- heading: 节\n" + "  " * (i + 2) + "body:\n" for i in range(n)
        )
        body += "  " * (n + 2) + "- 正文。\n"
        yield text_case(f"depth/sections-{n}", report("报告", body))


def control_cases() -> Iterator[Case]:
    chars = [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x80, 0x9F, 0xFFFE]
    for c in chars:
        ch = chr(c)
        yield text_case(f"control/value-U+{c:04X}", MINI.replace("内涵。", f"内{ch}涵。"))
    for c in (0, 0x1B, 0x7F):
        ch = chr(c)
        yield text_case(f"control/comment-U+{c:04X}", MINI + f"# 注释{ch}\n")
        yield text_case(f"control/key-U+{c:04X}", MINI + f"ke{ch}y: 1\n")
        yield text_case(
            f"control/json-U+{c:04X}",
            json.dumps({"kind": "report"})[:-1] + f', "x": "a{ch}b"}}',
            "input.json",
        )
        yield text_case(f"control/quoted-U+{c:04X}", MINI.replace("内涵。", f'"内{ch}涵。"'))
    yield text_case("control/surrogate-escape", MINI.replace("内涵。", '"内\\ud800涵。"'))
    yield text_case(
        "control/json-surrogate",
        '{"kind": "report", "organization": "\\ud800", "title": "t"}',
        "input.json",
    )
    yield bytes_case(
        "control/raw-surrogate-bytes", MINI.encode().replace("内涵".encode(), b"\xed\xa0\x80")
    )
    yield bytes_case("control/nul-bytes-everywhere", MINI.encode().replace(b"\n", b"\x00\n"))


def number_cases() -> Iterator[Case]:
    values = [
        ("huge-exp", "1e999999", "30"),
        ("huge-exp-target", "28", "1e999999"),
        ("tiny-target", "28", "1e-999999"),
        ("tiny-value", "1e-999999", "30"),
        ("both-extreme", "9e999999999", "1e-999999999"),
        ("huge-int", "9" * 5000, "30"),
        ("huge-int-target", "30", "9" * 5000),
        ("long-fraction", "0." + "1" * 5000, "3"),
        ("negative", "-28", "30"),
        ("zero-target", "28", "0"),
        ("nan", ".nan", "30"),
        ("inf", ".inf", "30"),
        ("neg-inf", "-.inf", "30"),
        ("nan-target", "28", ".nan"),
        ("neg-zero", "-0", "-0.0"),
        ("exp-40", "1e40", "1e-40"),
        ("string-nan", '"NaN"', "30"),
        ("string-inf", '"Infinity"', "30"),
        ("sNaN", '"sNaN"', "30"),
        ("hex", "0x1F", "30"),
        ("underscore", "1_000", "30"),
        ("decimals-9", "28", "30"),
    ]
    for name, value, target in values:
        extra = {"decimals": "9"} if name == "decimals-9" else {}
        yield text_case(
            f"numbers/{name}", metric(label="指标", value=value, unit="家", target=target, **extra)
        )
    yield text_case(
        "numbers/json-huge",
        json.dumps({"kind": "report"})[:-1] + ', "year": 1e999999}',
        "input.json",
    )
    yield text_case("numbers/year-huge", MINI + "year: " + "9" * 5000 + "\n")
    prev = metric(label="指标", value="1e-999999", unit="家", target="30")
    cur = (
        metric(label="指标", value="1e999999", unit="家", target="30").replace(
            "完成{m}", "完成{m}，{m.change}，去年{m.prev}"
        )
        + "previous: prev.yaml\n"
    )

    def previous(folder: Path) -> list[str]:
        (folder / "prev.yaml").write_text(
            prev.replace("2024-12-01", "2023-12-01"), encoding="utf-8"
        )
        (folder / "input.yaml").write_text(cur, encoding="utf-8")
        return ["input.yaml"]

    yield Case("numbers/previous-extreme", previous)


def count_cases() -> Iterator[Case]:
    for n in (100, 10000, 12000):
        yield text_case(
            f"counts/achievements-{n}", MINI + "achievements:\n" + "  - heading: 小节\n" * n
        )
        items = "".join(f"      - 第{i}条。\n" for i in range(n))
        yield text_case(
            f"counts/items-{n}", MINI + "achievements:\n  - heading: 小节\n    items:\n" + items
        )
        yield text_case(f"counts/report-sections-{n}", report("报告", "  - heading: 节\n" * n))
    yield text_case("counts/paragraphs-20000", report("报告", "  - 正文。\n" * 20000))
    yield text_case(
        "counts/metrics-5000",
        MINI
        + "metrics:\n"
        + "".join(f"  m{i}: {{label: 指标, value: {i}}}\n" for i in range(5000)),
    )


def long_cases() -> Iterator[Case]:
    for n in (60, 100, 200, 500, 2000, 20000):
        yield text_case(f"long/title-han-{n}", report("关于" * (n // 2) + "的报告"))
        yield text_case(f"long/title-latin-{n}", report("A" * n))
    yield text_case("long/title-mixed-300", report("关于2024年度" * 30 + "工作情况的报告"))
    yield text_case("long/title-punct-300", report("，" * 300))
    yield text_case("long/title-nobreak-300", report("（" * 150 + "）" * 150))
    yield text_case("long/paragraph-1MB", report("报告", "  - " + "长" * 350_000 + "\n"))
    yield text_case(
        "long/heading-50k", MINI + "achievements:\n  - heading: " + "长" * 50_000 + "\n"
    )
    yield text_case("long/key-100k", MINI + "k" * 100_000 + ": 1\n")
    yield text_case("long/file-10MB", MINI + "# " + "x" * 10_500_000 + "\n")
    yield text_case("long/file-10MB-values", report("报告", ("  - " + "长" * 1000 + "\n") * 3500))
    yield text_case(
        "long/single-line-json-5MB",
        json.dumps(
            {"kind": "report", "organization": "单位", "title": "t", "body": ["段" * 100] * 16000},
            ensure_ascii=False,
        ),
        "input.json",
    )


def alias_cases() -> Iterator[Case]:
    for levels in (3, 6, 9, 12):
        lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in range(1, levels):
            refs = ", ".join([f"*a{i - 1}"] * 9)
            lines.append(f"a{i}: &a{i} [{refs}]")
        bomb = "bomb:\n" + "".join(f"  {line}\n" for line in lines)
        yield text_case(f"alias/laughs-{levels}", MINI + bomb)
        yield text_case(
            f"alias/laughs-in-body-{levels}",
            report("报告", "  - " + f"*a{levels - 1}\n")
            + "anchors:\n"
            + "".join(f"  {line}\n" for line in lines),
        )
    yield text_case("alias/recursive-list", MINI + "extra: &x [*x]\n")
    yield text_case("alias/recursive-map", MINI + "extra: &x {a: *x}\n")
    yield text_case("alias/recursive-body", report("报告", "  - &s {heading: 节, body: [*s]}\n"))
    yield text_case("alias/merge-key", MINI + "base: &b {x: 1}\nother:\n  <<: *b\n")
    yield text_case(
        "alias/simple-reuse", MINI.replace("name: 品牌", "name: &n 品牌") + "title: *n\n"
    )
    yield text_case("alias/undefined", MINI + "x: *nope\n")
    yield text_case("alias/key-alias", MINI + "k: &k key\n*k : 1\n")


def fs_cases() -> Iterator[Case]:
    def fifo(folder: Path) -> list[str]:
        os.mkfifo(folder / "pipe.yaml")
        return ["pipe.yaml"]

    def fifo_in_folder(folder: Path) -> list[str]:
        (folder / "in").mkdir()
        (folder / "in" / "a.yaml").write_text(MINI, encoding="utf-8")
        os.mkfifo(folder / "in" / "pipe.yaml")
        return ["in"]

    def extends(target: str) -> Setup:
        def setup(folder: Path) -> list[str]:
            (folder / "input.yaml").write_text(
                MINI + f"extends: {json.dumps(target)}\n", encoding="utf-8"
            )
            return ["input.yaml"]

        return setup

    def previous(target: str) -> Setup:
        def setup(folder: Path) -> list[str]:
            (folder / "input.yaml").write_text(
                MINI + f"previous: {json.dumps(target)}\n", encoding="utf-8"
            )
            return ["input.yaml"]

        return setup

    def fifo_extends(folder: Path) -> list[str]:
        os.mkfifo(folder / "base.yaml")
        return extends("base.yaml")(folder)

    def symlink_loop(folder: Path) -> list[str]:
        (folder / "a.yaml").symlink_to("b.yaml")
        (folder / "b.yaml").symlink_to("a.yaml")
        return ["a.yaml"]

    def chain(n: int, broken: bool) -> Setup:
        def setup(folder: Path) -> list[str]:
            for i in range(n):
                text = MINI if i == n - 1 else f"extends: f{i + 1}.yaml\n"
                if i == n - 1 and broken:
                    text = MINI.replace("organization: 测试单位党支部", "organization: ''")
                (folder / f"f{i}.yaml").write_text(text, encoding="utf-8")
            return ["f0.yaml"]

        return setup

    def unreadable(folder: Path) -> list[str]:
        (folder / "sub").mkdir()
        return ["sub/missing.yaml"]

    yield Case("fs/fifo-input", fifo)
    yield Case("fs/fifo-in-folder", fifo_in_folder)
    yield Case("fs/fifo-extends", fifo_extends)
    yield Case("fs/symlink-loop", symlink_loop)
    yield Case("fs/missing-input", unreadable)
    for name, target in (
        ("nul", "base\x00.yaml"),
        ("long-4k", "a" * 4096 + ".yaml"),
        ("long-300", "a" * 300 + ".yaml"),
        ("deep-path", "/".join(["d"] * 3000) + "/b.yaml"),
        ("dev-zero", "/dev/zero"),
        ("dev-urandom", "/dev/urandom"),
        ("dev-stdin", "/dev/stdin"),
        ("proc-self-mem", "/proc/self/mem"),
        ("etc-passwd", "/etc/passwd"),
        ("folder", "/tmp"),
        ("self", "input.yaml"),
        ("newline", "a\nb.yaml"),
    ):
        yield Case(f"fs/extends-{name}", extends(target))
        yield Case(f"fs/previous-{name}", previous(target))
    yield Case("fs/extends-chain-40", chain(40, broken=False))
    yield Case("fs/extends-chain-40-broken", chain(40, broken=True))
    yield Case("fs/extends-chain-20-broken", chain(20, broken=True))


def bad_data_cases() -> Iterator[Case]:
    """Issue 17's "checks that let bad data through"."""
    for name, label, unit in (
        ("label-placeholder", "指标{y}", "家"),
        ("unit-placeholder", "指标", "{y}"),
    ):
        yield text_case(
            f"data/{name}",
            metric(
                label=json.dumps(label, ensure_ascii=False),
                value="1",
                unit=json.dumps(unit, ensure_ascii=False),
                target="2",
            ),
        )
    for name, text in (
        ("open-brace", "{x家"),
        ("close-brace", "x}家"),
        ("full-width", "\uff5bx\uff5d"),
        ("double", "{{x}"),
    ):
        yield text_case(
            f"data/brace-{name}",
            MINI
            + f"achievements:\n  - heading: 小节\n    body: [{json.dumps(text, ensure_ascii=False)}]\n",
        )
    yield text_case(
        "data/item-brace-plain",
        MINI + "achievements:\n  - heading: 小节\n    items:\n      - {x}家开展\n",
    )
    cyc2 = (
        "metrics:\n  a: {label: 甲, value: 1, part_of: b}\n  b: {label: 乙, value: 1, part_of: a}\n"
    )
    cyc3 = cyc2.replace("part_of: a}", "part_of: c}") + "  c: {label: 丙, value: 1, part_of: a}\n"
    yield text_case("data/part-of-cycle-2", MINI + cyc2)
    yield text_case("data/part-of-cycle-3", MINI + cyc3)
    yield text_case(
        "data/json-trailing-comma",
        '{"kind": "report", "organization": "单位", "title": "t",}',
        "input.json",
    )
    yield text_case(
        "data/json-comment",
        '{"kind": "report", // 注释\n "organization": "单位", "title": "t"}',
        "input.json",
    )
    yield text_case("data/yaml-tag", MINI + "title: !mytag 标题\n")
    yield text_case("data/yaml-tag-python", MINI + "title: !!python/object:os.system x\n")
    yield text_case("data/yaml-binary", MINI + "title: !!binary aGVsbG8=\n")
    yield text_case("data/date-0001", MINI.replace("2024-12-01", "0001-01-01"))
    yield text_case("data/date-9999", MINI.replace("2024-12-01", "9999-12-31"))
    yield text_case(
        "data/item-extra-key",
        MINI
        + "achievements:\n  - heading: 小节\n    items:\n      - {lead: 引导, text: 正文, extra: 1}\n",
    )
    yield text_case("data/empty-field", MINI.replace("name: 品牌", "name: ''"))
    yield text_case("data/nan-metric", metric(label="指标", value=".nan"))


def mutation_cases(count: int, seed: int = 16) -> Iterator[Case]:
    """Random byte mutations of the sample (deleted, repeated, swapped, odd bytes inserted)."""
    rng = random.Random(seed)
    base = SAMPLE.encode("utf-8")
    junk = [
        b"\x00",
        b"\x1b",
        b"{",
        b"}",
        b"&a ",
        b"*a",
        b"!x ",
        b": ",
        b"- ",
        b"\t",
        b"'",
        b'"',
        b"\xff",
        b"\xe4",
        b"[",
        b"]",
        b"#",
        b"|",
        b">",
        b"%",
    ]
    for i in range(count):
        data = bytearray(base)
        for _ in range(rng.randint(1, 8)):
            pos = rng.randrange(len(data))
            op = rng.randrange(4)
            if op == 0:
                del data[pos : pos + rng.randint(1, 40)]
            elif op == 1:
                data[pos:pos] = rng.choice(junk)
            elif op == 2:
                data[pos:pos] = data[pos : pos + rng.randint(1, 60)] * rng.randint(2, 50)
            else:
                j = rng.randrange(len(data))
                data[pos], data[j] = data[j], data[pos]
        yield bytes_case(f"mutation/{i:03d}", bytes(data))


def all_cases() -> list[Case]:
    groups = (
        depth_cases,
        control_cases,
        number_cases,
        count_cases,
        long_cases,
        alias_cases,
        fs_cases,
        bad_data_cases,
    )
    cases = [case for group in groups for case in group()]
    return cases + list(mutation_cases(80))


# --------------------------------------------------------------------------- running


@dataclass
class Result:
    case: str
    command: str
    verdict: str  # clean, ok, traceback, hang
    code: int | None
    tail: str


def run_case(case: Case, timeout: float) -> list[Result]:
    results = []
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        inputs = case.setup(folder)
        for command in ("check", "build"):
            argv = [sys.executable, "-m", "reportgen", command, *inputs]
            if command == "build":
                argv += ["-o", "out", "-j", "1"]
            results.append(run_one(case.name, command, argv, folder, timeout))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def _limit_cpu(seconds: float) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (int(seconds), int(seconds)))

    return limit


def run_one(name: str, command: str, argv: list[str], cwd: Path, timeout: float) -> Result:
    # A hang is either computing past the CPU limit (killed by SIGXCPU, whatever the load of the
    # machine) or blocking past the wall-clock limit (a FIFO), which is six times longer.
    try:
        proc = subprocess.run(
            argv,
            cwd=cwd,
            capture_output=True,
            timeout=timeout * 6,
            stdin=subprocess.DEVNULL,
            preexec_fn=_limit_cpu(timeout),
        )
    except subprocess.TimeoutExpired:
        return Result(name, command, "hang", None, "blocked past the wall-clock limit")
    if proc.returncode == -signal.SIGXCPU:
        return Result(name, command, "hang", None, "killed at the CPU-time limit")
    err = proc.stderr.decode("utf-8", "replace")
    said = proc.stdout.decode("utf-8", "replace") + err
    lines = [
        x
        for x in said.strip().splitlines()
        if not x.startswith(("WARNING", "共 ", "完成：", "已生成"))
    ]
    tail = next((x for x in lines if "内部错误" in x), lines[0] if lines else "")[:200]
    # build reports an unexpected exception per input as 内部错误（…）: a traceback by another name.
    if (
        "Traceback (most recent call last)" in err
        or "内部错误" in err
        or proc.returncode not in (0, 1, 2)
    ):
        return Result(name, command, "traceback", proc.returncode, tail)
    return Result(name, command, "ok" if proc.returncode == 0 else "clean", proc.returncode, tail)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=5.0, help="CPU seconds per run")
    parser.add_argument("--only", default="")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--show", action="store_true", help="print every case's last stderr line")
    parser.add_argument("--json", type=Path, help="write every result to this file")
    args = parser.parse_args()
    cases = [c for c in all_cases() if args.only in c.name]
    with ThreadPoolExecutor(args.jobs) as pool:
        results = [r for rs in pool.map(lambda c: run_case(c, args.timeout), cases) for r in rs]
    counts: dict[str, int] = {}
    for r in results:
        counts[r.verdict] = counts.get(r.verdict, 0) + 1
        if r.verdict in ("traceback", "hang") or args.show:
            print(f"{r.verdict:9} {r.command:5} {r.case}: {r.tail}")
    print(
        f"cases: {len(cases)}, runs: {len(results)}, "
        + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
    )
    if args.json:
        args.json.write_text(
            json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    return 1 if counts.get("traceback") or counts.get("hang") else 0


if __name__ == "__main__":
    sys.exit(main())
