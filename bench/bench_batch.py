"""Benchmark of batch builds: docs/s at -j 1 and -j 2, memory per worker, a 100-page report, LibreOffice.

Run:  .venv/bin/python bench/bench_batch.py            (full run, a few minutes on 2 cores)
      .venv/bin/python bench/bench_batch.py --quick    (smaller numbers, for a smoke test)

Everything is written under bench/_work/ (git-ignored); the script prints a table and exits 0.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "_work"
sys.path.insert(0, str(ROOT))

from reportgen import pipeline  # noqa: E402
from reportgen.model.template import load_template  # noqa: E402
from reportgen.source.loader import iter_strings, load  # noqa: E402

CHARS_PER_PAGE = 520  # 22 lines × 28 chars, less headings, indents and short last lines


# --------------------------------------------------------------------------- synthetic inputs


_ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")
_PAIRS = ("“”", "（）", "《》", "‘’")


def _clean(sentence: str) -> bool:
    return all(sentence.count(a) == sentence.count(b) for a, b in _PAIRS) and not _ORDINAL.match(
        sentence
    )


def corpus() -> tuple[list[str], list[str]]:
    """Sentences and lead sentences of realistic official prose, from the bundled inputs.

    Only sentences that pass the project's own checks on their own are kept (balanced quotes
    and brackets, no hand-written 一是), so every synthetic input is a valid one.
    """
    sentences: set[str] = set()
    leads: set[str] = set()
    for path in sorted((ROOT / "inputs").rglob("*.yaml")):
        data = load(path).data
        for where, text in iter_strings(data):
            if "{" in text or where[:1] in (("kind",), ("date",), ("metrics",)):
                continue
            if where[-1:] == ("lead",) and _clean(text):
                leads.add(text)
                continue
            for part in re.split("[。\n]", text):
                part = part.strip()
                if len(part) >= 12 and _clean(part) and part[-1] not in "，；：、":
                    sentences.add(part + "。")
    return sorted(sentences), sorted(leads)


def synthetic(
    rng: random.Random,
    text: tuple[list[str], list[str]],
    pages: float,
    n: int,
    kind: str = "",
) -> dict[str, Any]:
    """One submission of about ``pages`` pages: a report or a brand submission with metrics."""
    sentences, leads = text
    budget = int(pages * CHARS_PER_PAGE)
    metrics = {
        f"m{i}": {
            "label": f"指标{i}",
            "value": rng.randint(10, 5000),
            "unit": rng.choice("家人项次个"),
            "target": rng.randint(10, 5000),
        }
        for i in range(rng.randint(2, 6))
    }
    keys = list(metrics)

    def para(limit: int) -> str:
        out = ""
        while len(out) < limit:
            out += rng.choice(sentences)
        if rng.random() < 0.4:
            k = rng.choice(keys)
            out += f"全年完成{{{k}}}{metrics[k]['unit']}，完成率达{{{k}.rate}}。"
        return out

    used = 0

    def take(limit: int) -> str:
        nonlocal used
        text = para(limit)
        used += len(text)
        return text

    org = f"示例镇第{n}党支部"
    kind = kind or rng.choice(("brand-submission", "report"))
    if kind == "brand-submission":
        # Items carry a lead sentence, headings and spacing the budget does not count:
        # measured, the same budget gives about 1.6 times the pages of a report.
        budget = int(budget / 1.6)
        achievements = []
        while used < budget:
            items = [
                {
                    "lead": rng.choice(leads),
                    "text": take(rng.randint(80, 200)),
                }
                for _ in range(rng.randint(2, 4))
            ]
            achievements.append(
                {"heading": f"第{len(achievements) + 1}方面工作成效", "items": items}
            )
        return {
            "kind": "brand-submission",
            "organization": org,
            "date": "2024-12-01",
            "brand": {"name": "党建引领，凝聚力量", "meaning": take(200)},
            "achievements": achievements,
            "metrics": metrics,
        }
    body: list[Any] = [take(120)]
    while used < budget:
        sub = [
            {
                "heading": f"第{j + 1}项具体工作",
                "body": [take(rng.randint(100, 260))],
                "items": [take(rng.randint(60, 150)) for _ in range(rng.randint(0, 3))],
            }
            for j in range(rng.randint(1, 3))
        ]
        body.append({"heading": f"第{len(body)}部分工作情况", "body": sub})
    return {
        "kind": "report",
        "title": f"{org}2024年工作总结",
        "organization": org,
        "date": "2024-12-20",
        "recipient": "示例镇党委",
        "body": body,
        "metrics": metrics,
        "attachments": ["2024年工作台账"] if rng.random() < 0.3 else [],
    }


def write_inputs(
    folder: Path,
    count: int,
    pages: tuple[float, float],
    seed: int,
    exact: tuple[int, int] | None = None,
) -> list[Path]:
    """``count`` synthetic inputs of about ``pages`` pages. With ``exact``, each one is rendered
    once and regenerated (shorter or longer) until its PDF has that many pages."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    text = corpus()
    paths = []
    for i in range(count):
        path = folder / f"unit{i % 10}" / f"doc{i:04}.yaml"
        path.parent.mkdir(exist_ok=True)
        want = rng.uniform(*pages)
        for _ in range(12):
            data = synthetic(rng, text, want, i)
            path.write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
            if exact is None:
                break
            got = pdf_pages(path)
            if exact[0] <= got <= exact[1]:
                break
            want *= (exact[0] + exact[1]) / 2 / max(got, 1)
        paths.append(path)
    return paths


def pdf_pages(path: Path) -> int:
    """Pages of an input's PDF, rendered in this process (for sizing synthetic inputs)."""
    from reportgen.model.template import load_template
    from reportgen.pipeline import prepare, render

    template = load_template()
    return render(prepare(path, template).tree, "pdf", template).pages


# --------------------------------------------------------------------------- measurements


FORMATS = "docx,pdf"
LO_SINGLE: list[float] = []


def reportgen(*args: str | Path) -> list[str]:
    fmt = ["--format", FORMATS] if args and args[0] == "build" else []
    return [sys.executable, "-m", "reportgen", "-q", *(str(a) for a in args), *fmt]


def run_build(inputs: Path, out: Path, jobs: int, watch_memory: bool = False) -> dict[str, Any]:
    """Run ``reportgen build`` as a user would; sample the workers' peak RSS from /proc."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(
        reportgen("build", inputs, "-o", out, "-j", str(jobs)),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        if watch_memory:
            for pid in [proc.pid, *children(proc.pid)]:
                hwm = vm_hwm_kb(pid)
                if hwm:
                    peaks[pid] = max(peaks.get(pid, 0), hwm)
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    stdout, stderr = proc.communicate()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    built = sum(1 for e in manifest["inputs"] if e["status"] == "built")
    return {
        "seconds": seconds,
        "built": built,
        "failed": len(manifest["inputs"]) - built,
        "summary": stdout.decode().strip().splitlines()[-1:]
        + stderr.decode().strip().splitlines()[:3],
        "main_mb": peaks.pop(proc.pid, 0) / 1024,
        "worker_mb": [v / 1024 for v in peaks.values()],
    }


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def vm_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def pages_of(out: Path) -> list[int]:
    """Page counts of the PDFs."""
    import pdfplumber

    counts = []
    for pdf in out.rglob("*.pdf"):
        with pdfplumber.open(pdf) as doc:
            counts.append(len(doc.pages))
    return counts


def stage_times(paths: list[Path], out: Path) -> dict[str, float]:
    """Seconds per document in each stage, in this process (after a warm-up)."""
    template = load_template()
    totals: dict[str, float] = defaultdict(float)
    for i, path in enumerate(paths):
        t0 = time.perf_counter()
        prepared = pipeline.prepare(path, template)
        t1 = time.perf_counter()
        if i:  # the first document is the warm-up: fonts and templates
            totals["load+validate+tree"] += t1 - t0
        for fmt in FORMATS.split(","):
            t2 = time.perf_counter()
            rendered = pipeline.render(prepared.tree, fmt, template)
            if i:
                totals[f"render {fmt}"] += time.perf_counter() - t2
            (out / f"{i}.{fmt}").write_bytes(rendered.data)
    n = max(1, len(paths) - 1)
    return {k: v / n for k, v in totals.items()}


def profile(paths: list[Path], top: int) -> str:
    template = load_template()
    pipeline.prepare(paths[0], template)
    profiler = cProfile.Profile()
    profiler.enable()
    for path in paths:
        prepared = pipeline.prepare(path, template)
        for fmt in FORMATS.split(","):
            pipeline.render(prepared.tree, fmt, template)
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_module: dict[str, float] = defaultdict(float)
    for (file, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        by_module[module_of(file)] += tottime
    total = sum(by_module.values()) or 1.0
    lines = [
        f"    {name:<36} {secs / len(paths) * 1000:8.1f} ms/doc  {secs / total:6.1%}"
        for name, secs in sorted(by_module.items(), key=lambda kv: -kv[1])[:top]
    ]
    return "\n".join(lines)


def module_of(file: str) -> str:
    if "/reportgen/" in file:
        return "reportgen." + Path(file).stem
    match = re.search(r"site-packages/([^/]+)", file)
    if match:
        return match.group(1).removesuffix(".py")
    if file.startswith("<") or "/lib/python" in file:
        return "python stdlib/builtins"
    return Path(file).name


def libreoffice(docx_files: list[Path], out: Path) -> float | None:
    """Seconds for one soffice call converting all the files (a warm profile, as users have)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    profile_dir = WORK / "lo-profile"
    base = [soffice, f"-env:UserInstallation=file://{profile_dir}", "--headless", "--norestore"]
    with tempfile.TemporaryDirectory() as warm:  # first start creates the profile: not counted
        subprocess.run(
            [*base, "--convert-to", "pdf", "--outdir", warm, str(docx_files[0])],
            capture_output=True,
            timeout=300,
            check=False,
        )
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    for docx in docx_files[:3]:  # one call per document, as a user converting a file would
        subprocess.run(
            [*base, "--convert-to", "pdf", "--outdir", str(out), str(docx)],
            capture_output=True,
            timeout=300,
            check=False,
        )
    LO_SINGLE.append((time.perf_counter() - start) / min(3, len(docx_files)))
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    start = time.perf_counter()
    subprocess.run(
        [*base, "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_files)],
        capture_output=True,
        timeout=1800,
        check=False,
    )
    seconds = time.perf_counter() - start
    converted = len(list(out.glob("*.pdf")))
    return seconds / converted if converted else None


# --------------------------------------------------------------------------- main


def main() -> int:
    global FORMATS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="2-4 page documents for docs/s")
    parser.add_argument("--memory-docs", type=int, default=1000, help="documents for peak memory")
    parser.add_argument("--lo-docs", type=int, default=20, help="documents LibreOffice converts")
    parser.add_argument("--pages", type=int, default=100, help="pages of the long report")
    parser.add_argument("--quick", action="store_true", help="small numbers for a smoke test")
    parser.add_argument("--profile", action="store_true", help="print where the time goes")
    parser.add_argument("--format", default=FORMATS, help="formats to build (default docx,pdf)")
    args = parser.parse_args()
    FORMATS = args.format
    if args.quick:
        args.docs, args.memory_docs, args.lo_docs = 20, 40, 3
    WORK.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str, str, str]] = []

    def row(what: str, value: str, target: str, ok: bool | None) -> None:
        rows.append((what, value, target, {True: "ok", False: "MISSED", None: "-"}[ok]))
        print(f"  {what}: {value}", file=sys.stderr, flush=True)

    print("generating inputs …", file=sys.stderr, flush=True)
    write_inputs(WORK / "typical", args.docs, (2.0, 4.0), seed=1, exact=(2, 4))
    write_inputs(WORK / "mixed", args.memory_docs, (1.0, 6.0), seed=2)
    long_path = WORK / "long" / "long.yaml"
    rng = random.Random(3)
    long_data = synthetic(rng, corpus(), args.pages * 1.0, 0, kind="report")
    long_path.parent.mkdir(exist_ok=True)
    long_path.write_text(yaml.safe_dump(long_data, allow_unicode=True, sort_keys=False), "utf-8")

    per_doc_j1 = None
    for jobs in (1, 2):
        result = run_build(WORK / "typical", WORK / f"out-j{jobs}", jobs)
        rate = result["built"] / result["seconds"]
        if jobs == 1:
            per_doc_j1 = result["seconds"] / max(1, result["built"])
        target_ok = rate >= 30 if jobs == 2 else None
        row(
            f"{FORMATS.upper().replace(',', '+')}, 2-4 pages, -j {jobs} ({result['built']} docs, {result['failed']} failed)",
            f"{rate:.1f} docs/s ({result['seconds']:.1f} s)",
            "≥ 30 docs/s at -j 2",
            target_ok,
        )
    pages = pages_of(WORK / "out-j2")
    if pages:
        row(
            "pages of those PDFs (min/median/max)",
            f"{min(pages)}/{sorted(pages)[len(pages) // 2]}/{max(pages)}",
            "2-4",
            None,
        )

    result = run_build(WORK / "mixed", WORK / "out-mixed", 2, watch_memory=True)
    worst = max(result["worker_mb"], default=0.0)
    row(
        f"peak RSS per worker, {result['built']} docs of 1-6 pages, -j 2",
        " / ".join(f"{mb:.0f} MB" for mb in result["worker_mb"]) or "n/a",
        "≤ 250 MB",
        worst <= 250 if result["worker_mb"] else None,
    )
    row("peak RSS of the main process", f"{result['main_mb']:.0f} MB", "-", None)
    row(
        "docs/s over the 1-6 page mix, -j 2",
        f"{result['built'] / result['seconds']:.1f}",
        "-",
        None,
    )

    start = time.perf_counter()
    proc = subprocess.run(
        reportgen("build", long_path, "-o", WORK / "out-long"),
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    long_pages = pages_of(WORK / "out-long")
    row(
        f"one long report ({long_pages[0] if long_pages else '?'} pages), CLI wall time",
        f"{seconds:.2f} s" + ("" if proc.returncode == 0 else f" (exit {proc.returncode})"),
        "≤ 3 s",
        seconds <= 3 and proc.returncode == 0,
    )

    stage_dir = WORK / "stages"
    stage_dir.mkdir(exist_ok=True)
    sample = sorted((WORK / "typical").rglob("*.yaml"))[:21]
    for stage, secs in stage_times(sample, stage_dir).items():
        row(f"  in-process {stage}, per 2-4 page doc", f"{secs * 1000:.1f} ms", "-", None)
    for stage, secs in stage_times([long_path, long_path], stage_dir).items():
        row(f"  in-process {stage}, long report", f"{secs * 1000:.0f} ms", "-", None)

    docx_files = sorted((WORK / "out-j1").rglob("*.docx"))[: args.lo_docs]
    lo = libreoffice(docx_files, WORK / "out-lo") if docx_files else None
    if lo is None or per_doc_j1 is None:
        row("LibreOffice DOCX→PDF", "not measured (soffice missing or failed)", "≥ 20×", None)
    else:
        ratio = lo / per_doc_j1
        row(
            f"LibreOffice DOCX→PDF per doc ({len(docx_files)} docs, one soffice call)",
            f"{lo * 1000:.0f} ms vs ours {per_doc_j1 * 1000:.0f} ms ({FORMATS}, -j 1) = {ratio:.1f}×",
            "≥ 20×",
            ratio >= 20,
        )
        if LO_SINGLE:
            ratio = LO_SINGLE[0] / per_doc_j1
            row(
                "LibreOffice DOCX→PDF, one soffice call per doc (3 docs)",
                f"{LO_SINGLE[0] * 1000:.0f} ms vs ours {per_doc_j1 * 1000:.0f} ms = {ratio:.1f}×",
                "≥ 20×",
                ratio >= 20,
            )

    width = max(len(r[0]) for r in rows)
    print()
    print(f"{'measure':<{width}}  {'result':<60}  {'target':<22}  ok")
    for what, value, target, ok in rows:
        print(f"{what:<{width}}  {value:<60}  {target:<22}  {ok}")
    if args.profile:
        print("\nwhere the time goes (self time by module, 2-4 page docs, in-process):")
        print(profile(sample[:10], 15))
        print("\nwhere the time goes (long report):")
        print(profile([long_path], 15))
    return 0


if __name__ == "__main__":
    sys.exit(main())
