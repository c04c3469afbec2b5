"""The engine: runs every check over one input (validation problems first) and maps layout findings."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..document.build import build_tree
from ..errors import InputError, Location, Problem, ReportgenError
from ..model.editions import load_edition
from ..model.models import DocumentModel, Metric, document_adapter
from ..model.template import Template, load_template
from ..model.validate import input_problems
from ..source.loader import Loaded, walk_inputs
from .context import Context, disabled_codes, suppressed
from .figures import figure_checks
from .findings import ChecksFailed, FileReport, Finding, format_finding
from .prose import repeat_checks, text_checks
from .rules import ERROR, RULES, WARNING
from .structure import date_checks, section_checks

log = logging.getLogger(__name__)


def run_checks(
    loaded: Loaded,
    model: DocumentModel | None,
    template: Template,
    previous: Mapping[str, Metric] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Every check over one input; model-level checks need ``model`` (a valid input)."""
    disabled, bad = disabled_codes(loaded.data, template)
    ctx = Context(loaded, template, disabled)
    for path, code in bad:
        rule = RULES.get(code)
        why = "不能停用（属于格式校验）" if rule else "不存在（reportgen rules 列出全部规则）"
        ctx.add("RG009", path, f"规则代码“{code}”{why}")
    text_checks(ctx)
    if model is not None:
        figure_checks(ctx, model.metrics, previous)
        date_checks(ctx, model, today or dt.date.today())
        section_checks(ctx, model)
        repeat_checks(ctx)
    return suppressed(ctx.findings, loaded.positions)


def _validation_code(problem: Problem, schema: bool) -> str:
    """The rule code of a problem found by validation (which does not know codes)."""
    if schema:
        return "RG001"
    if problem.field.startswith("metrics."):
        return "RG402" if problem.field.endswith(".value") else "RG002"
    if "嵌套" in problem.message:
        return "RG002"
    return "RG208"


def _coded(problem: Problem, code: str) -> Finding:
    p = Problem(
        problem.location, problem.field, problem.message, problem.title, code, ERROR, problem.fix
    )
    return Finding(p, validation=True)


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (not f.validation, f.problem.location, f.problem.code, f.problem.field),
    )


def check_file(
    path: Path, template: Template | None = None, today: dt.date | None = None
) -> FileReport:
    """Run validation and every check on one input file; never raises for input problems."""
    template = template or load_template()
    report = FileReport(path)
    try:
        edition = load_edition(path)
    except InputError as exc:
        report.findings = [_coded(p, "RG001") for p in exc.problems]
        return report
    loaded = edition.loaded
    if edition.abstract:
        # A base is checked for what it writes; whether it is complete shows in its editions.
        report.note = "基础文件（abstract），只检查文字；完整检查在继承它的文件上进行"
        report.findings = _sorted(run_checks(loaded, None, template, today=today))
        return report
    schema, cross_field = input_problems(loaded, edition.previous)
    validation = [_coded(p, _validation_code(p, True)) for p in schema]
    validation += [_coded(p, _validation_code(p, False)) for p in cross_field]
    model: DocumentModel | None = None
    if not validation:
        model = document_adapter.validate_python(loaded.data)
        try:
            build_tree(
                model,
                loaded.positions,
                edition.previous,
                title_chars=template.limits.title_chars_per_line,
            )
        except InputError as exc:
            validation = [_coded(p, "RG002") for p in exc.problems]
            model = None
        except ReportgenError as exc:
            where = Location(loaded.source.name)
            validation = [_coded(Problem(where, "", exc.message), "RG002")]
            model = None
    findings = run_checks(loaded, model, template, edition.previous, today)
    report.findings = _sorted(validation + findings)
    return report


def preflight(
    loaded: Loaded,
    model: DocumentModel,
    template: Template,
    previous: Mapping[str, Metric] | None = None,
) -> list[Finding]:
    """The checks ``build`` runs first: raise ChecksFailed on errors, return the warnings.
    ``previous`` is last year's metrics, as the caller already loaded them."""
    findings = run_checks(loaded, model, template, previous)
    errors = [f.problem for f in findings if f.severity == ERROR]
    if errors:
        for f in findings:
            if f.severity != ERROR:
                log.warning("%s", format_finding(f))
        raise ChecksFailed(errors)
    return _sorted(findings)


# Renderers name their findings (reportgen.fonts uses "font-substitute", "glyph-fallback");
# a renderer may also use the RG7xx code itself.
LAYOUT_ALIASES = {
    "last-page-closing": "RG701",
    "closing-alone": "RG701",
    "font-substitute": "RG702",
    "glyph-fallback": "RG703",
}
_LAYOUT_HINTS = (
    ("RG701", ("末页", "最后一页", "last page")),
    ("RG702", ("替代字体", "substitute")),
    ("RG703", ("后备", "fallback")),
)


def layout_findings(
    findings: Iterable[Problem], template: Template, model: DocumentModel | None = None
) -> list[Problem]:
    """A renderer's findings as warnings with their RG7xx code, minus the switched-off ones."""
    disabled = set(template.checks.disable)
    if model is not None:
        disabled.update(c.upper() for c in model.checks.disable)
    out = []
    for p in findings:
        code = LAYOUT_ALIASES.get(p.code, p.code)
        if code not in RULES:
            text = p.message.lower()
            code = next((c for c, words in _LAYOUT_HINTS if any(w in text for w in words)), "RG700")
        if code in disabled:
            continue
        out.append(Problem(p.location, p.field, p.message, p.title, code, WARNING, p.fix))
    return out


# --------------------------------------------------------------------------- inputs


def collect_inputs(paths: Iterable[Path]) -> list[Path]:
    """The named files, and the input files found (recursively, sorted) in named folders."""
    out: list[Path] = []
    for path in paths:
        out.extend(walk_inputs(path) if path.is_dir() else [path])
    return list(dict.fromkeys(out))
