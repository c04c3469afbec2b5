"""The work the render pool does: check and render a draft, build downloads, import uploads.

Everything here runs in a worker process (``pool.py``) whose working folder is the workspace,
so file names in findings read as the secretary sees them in the file list."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import io
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..checks.engine import check_file, examine, layout_findings
from ..checks.findings import Finding
from ..checks.fix import apply_fixes
from ..checks.rules import ERROR
from ..errors import InputError, ReportgenError, display_path
from ..model.editions import edition_year, load_edition
from ..model.models import json_schema
from ..model.template import Template, load_template
from ..pipeline import build_file, prepare, render
from ..source.loader import parse_text
from ..source.yamledit import update_text

log = logging.getLogger(__name__)

PAGE_SCALE = 1.0  # 72 dpi: an A4 page is 595 px wide, readable beside the form
_template: Template | None = None
_IMAGES: dict[str, str] = {}  # page key → PNG (base64), in this worker
_IMAGE_CACHE = 64


def warm() -> bool:
    """Load the template, fonts and renderers once, so the first preview is not the slow one."""
    sample = Path(__file__).parent / "examples" / "brand-submission.yaml"
    template = _tpl()
    prepared = prepare(sample, template)
    _pages(render(prepared.tree, "pdf", template).data)
    return True


def _tpl() -> Template:
    global _template
    if _template is None:
        _template = load_template()
    return _template


def plain(value: Any) -> Any:
    """Loaded data as JSON: Decimals become numbers."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@contextlib.contextmanager
def draft(path: Path, text: str) -> Iterator[Path]:
    """A hidden copy of the unsaved text beside the file, so ``extends`` and ``previous``
    resolve as they will once it is saved; removed afterwards."""
    fd, name = tempfile.mkstemp(prefix=f".{path.stem}.draft-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
        yield Path(name)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _finding(f: Finding, draft_name: str, rel: str) -> dict[str, Any]:
    p = f.problem
    file = rel if p.location.file == draft_name else p.location.file
    return {
        "file": file,
        "here": file == rel,
        "line": p.location.line,
        "column": p.location.col,
        "field": p.field,
        "title": p.title,
        "code": p.code,
        "severity": p.severity,
        "message": p.message,
        "fix": p.fix or None,
        "fixable": f.fixable,
    }


def _raster(page: Any) -> str:
    # In colour: the 版头 and the seal are red on paper, and a secretary checks them on screen.
    image = page.render(scale=PAGE_SCALE).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return base64.b64encode(buffer.getvalue()).decode()


def _pages(pdf: bytes, have: frozenset[str] = frozenset()) -> list[dict[str, str | None]]:
    """Page images of ``pdf``. A page is known by its text (line breaks included) and size: a
    page that reads the same is drawn the same (the template is fixed), so its image is reused,
    and not sent at all when the page already shows it (``have``)."""
    import pypdfium2 as pdfium

    out: list[dict[str, str | None]] = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            textpage = page.get_textpage()
            seen = f"{page.get_size()}|{textpage.get_text_range()}"
            textpage.close()
            key = hashlib.sha1(seen.encode("utf-8")).hexdigest()[:16]
            if key in have:
                out.append({"hash": key, "png": None})
            else:
                if key not in _IMAGES:
                    _IMAGES[key] = _raster(page)
                    while len(_IMAGES) > _IMAGE_CACHE:
                        _IMAGES.pop(next(iter(_IMAGES)))
                out.append({"hash": key, "png": _IMAGES[key]})
            page.close()
    finally:
        doc.close()
    return out


def schema() -> dict[str, Any]:
    return json_schema()


def next_edition(rel: str, text: str) -> tuple[str, int] | None:
    """Next year's edition of ``text``: ``previous`` names it, its date and year move on a year."""
    try:
        doc = plain(parse_text(text))
    except InputError:
        return None
    if not isinstance(doc, dict):
        return None
    year = status(rel).get("year") or dt.date.today().year
    doc["previous"] = Path(rel).name
    if isinstance(doc.get("date"), str) and doc["date"][:4].isdigit():
        doc["date"] = f"{int(doc['date'][:4]) + 1}{doc['date'][4:]}"
    if isinstance(doc.get("year"), int):
        doc["year"] += 1
    return update_text(text, doc), int(year)


def analyse(
    rel: str,
    text: str,
    pages: bool = True,
    have: frozenset[str] = frozenset(),
    data: Any = None,
) -> dict[str, Any] | None:
    """Findings of ``text`` (with the form's ``data`` merged in, when given) as if saved at
    ``rel``, its data for the form, and its pages; None when ``data`` cannot be merged."""
    path = Path(rel)
    if data is not None:
        try:
            text = update_text(text, data)
        except Exception:  # text that is not YAML, or data no YAML can hold: the page says so
            return None
    result: dict[str, Any] = {"findings": [], "data": None, "pages": None, "error": None}
    result["text"] = text
    with contextlib.suppress(InputError):  # the findings say where the syntax is wrong
        result["data"] = plain(parse_text(text))
    with draft(path, text) as tmp:
        name = display_path(tmp)
        # The same examination as ``reportgen check`` (one load for the checks and the tree).
        exam = examine(tmp, _tpl())
        findings, result["note"] = exam.findings, exam.note
        result["findings"] = [_finding(f, name, rel) for f in findings]
        ready = exam.stop is None and exam.tree is not None
        if pages and ready and not any(f.severity == ERROR for f in findings):
            assert exam.tree is not None
            try:
                rendered = render(exam.tree, "pdf", _tpl())
            except ReportgenError as exc:
                result["error"] = "\n".join(exc.lines())
            else:
                result["pages"] = _pages(rendered.data, have)
                for p in layout_findings(rendered.findings, _tpl(), exam.model):
                    result["findings"].append(_finding(Finding(p), name, rel))
    return result


def fix(rel: str, text: str, only: tuple[str, int, int] | None = None) -> dict[str, Any]:
    """``text`` with the automatic fixes applied (as ``check --fix`` would), and what changed;
    ``only`` (code, line, column) picks one finding."""
    path = Path(rel)
    with draft(path, text) as tmp:
        report = check_file(tmp, _tpl())
        findings = report.findings
        if only is not None:
            findings = [
                f
                for f in findings
                if (f.code, f.problem.location.line, f.problem.location.col) == only
            ]
        result = apply_fixes(tmp, findings)
        fixed = tmp.read_text(encoding="utf-8")
    changes = [f"{c.code} “{c.old}”→“{c.new}”" for c in result.changes]
    return {"text": fixed, "changes": changes, "elsewhere": len(result.elsewhere)}


def status(rel: str) -> dict[str, Any]:
    """Kind, year and worst finding of one saved input, for the file list."""
    path = Path(rel)
    entry: dict[str, Any] = {"path": rel, "kind": None, "year": None, "abstract": False}
    try:
        edition = load_edition(path)
        data = edition.loaded.data
        if isinstance(data, dict):
            entry["kind"] = data.get("kind") if isinstance(data.get("kind"), str) else None
        entry["year"] = edition_year(edition.loaded)
        entry["abstract"] = edition.abstract
    except InputError:
        pass
    report = check_file(path, _tpl())
    entry["errors"] = report.errors
    entry["warnings"] = report.warnings
    entry["status"] = "errors" if report.errors else "warnings" if report.warnings else "ok"
    return entry


def build(rel: str, fmt: str) -> dict[str, Any]:
    """One saved input rendered to ``fmt``: the bytes, or the lines saying why not."""
    with tempfile.TemporaryDirectory(prefix="reportgen-web-") as out:
        try:
            built = build_file(Path(rel), Path(out), (fmt,), _tpl())
        except ReportgenError as exc:
            return {"ok": False, "lines": exc.lines()}
        return {"ok": True, "data": built.outputs[0].read_bytes(), "warnings": built.warnings}


def build_folder(rel: str) -> dict[str, Any]:
    """Every input of a folder built in one go, as a zip with ``manifest.json``."""
    from ..batch import build_many, discover, failure_line

    with tempfile.TemporaryDirectory(prefix="reportgen-web-") as out:
        out_root = Path(out) / "out"
        jobs, failures = discover([Path(rel)], out_root)
        result = build_many(jobs, out_root, ("docx", "pdf"), _tpl(), workers=1, failures=failures)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for file in sorted(out_root.rglob("*")):
                if file.is_file() and not file.name.startswith("."):
                    info = zipfile.ZipInfo(
                        file.relative_to(out_root).as_posix(), (2024, 1, 1, 0, 0, 0)
                    )
                    info.compress_type = zipfile.ZIP_DEFLATED
                    zf.writestr(info, file.read_bytes())
        problems = [failure_line(o) for o in result.outcomes if o.status == "failed"]
        return {"data": buffer.getvalue(), "built": result.built, "failed": problems}


def import_upload(name: str, raw: bytes, kind: str) -> dict[str, Any]:
    """An uploaded .docx/.txt through the importer: the YAML it makes and its report."""
    from ..importer.structure import import_file, summary_lines
    from ..importer.yamlout import dump

    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="reportgen-import-") as tmp:
        src = Path(tmp) / f"upload{suffix}"
        src.write_bytes(raw)
        try:
            imported = import_file(src, kind)
        except ReportgenError as exc:
            return {"ok": False, "lines": [line.replace(str(src), name) for line in exc.lines()]}
        except Exception as exc:  # a damaged Word file can fail deep inside python-docx
            log.info("import failed: %r", exc)
            return {"ok": False, "lines": [f"{name}: 无法读取这个文件（文件损坏或不是 Word 文档）"]}
        text = dump(imported, None).replace(str(src), name)
        lines = [line.replace(str(src), name) for line in summary_lines(imported, None)]
    return {"ok": True, "text": text, "lines": lines, "kind": imported.data.get("kind")}
