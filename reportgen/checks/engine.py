"""The front half of the pipeline that ``check`` and ``build`` share: load, validate, build, check."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..document.build import build_tree
from ..document.tree import DocumentTree
from ..errors import InputError, Location, Problem, ReportgenError
from ..model.editions import AbstractInputError, Edition, load_edition, require_buildable
from ..model.models import DocumentModel, Metric
from ..model.template import Template, load_template
from ..model.validate import metric_values, validate
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
    if model is None and isinstance(loaded.data, dict) and not loaded.data.get("abstract"):
        # An input that did not validate (an unknown placeholder): its wrong rates still show,
        # checked against the metrics that are valid on their own.
        figure_checks(ctx, metric_values(loaded.data), None)
    if model is not None:
        figure_checks(ctx, model.metrics, previous)
        date_checks(ctx, model, today or dt.date.today())
        section_checks(ctx, model)
        repeat_checks(ctx)
    return suppressed(ctx.findings, loaded.positions)


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    """Validation problems first, then by place, rule and field (ties keep their order)."""
    return sorted(
        findings,
        key=lambda f: (not f.validation, f.problem.location, f.problem.code, f.problem.field),
    )


def _blocking(problems: Iterable[Problem]) -> list[Finding]:
    """Problems that stop an input from being validated or built, as error findings."""
    return [Finding(replace(p, severity=ERROR), validation=True) for p in problems]


@dataclass
class Examined:
    """One input after the front half of the pipeline, shared by ``check`` and ``build``: its
    edition loaded, validated, built into a tree and (unless asked not to) checked.

    Input problems never raise here: they are findings, and ``stop`` is the error that keeps
    the input from being built (``model`` and ``tree`` are then None)."""

    path: Path
    edition: Edition | None = None
    model: DocumentModel | None = None
    tree: DocumentTree | None = None
    findings: list[Finding] = field(default_factory=list)
    note: str = ""
    stop: ReportgenError | None = None

    @property
    def loaded(self) -> Loaded:
        assert self.edition is not None, "the input could not be loaded"
        return self.edition.loaded

    @property
    def previous(self) -> Mapping[str, Metric] | None:
        """Last year's metrics, when the input names a ``previous`` edition."""
        return self.edition.previous if self.edition is not None else None

    @property
    def report(self) -> FileReport:
        return FileReport(self.path, self.findings, self.note)

    def buildable(self) -> Prepared:
        """The input ready to render, with the checks' warnings; raises what keeps it from being
        built: its ``stop``, else ChecksFailed with the checks' errors (the warnings logged)."""
        if self.stop is not None:
            raise self.stop
        errors = [f.problem for f in self.findings if f.severity == ERROR]
        if errors:
            for f in self.findings:
                if f.severity != ERROR:
                    log.warning("%s", format_finding(f))
            raise ChecksFailed(errors)
        assert self.model is not None and self.tree is not None
        return Prepared(self.loaded, self.model, self.tree, self.previous, self.findings)


@dataclass
class Prepared:
    """One input, loaded, validated and built into a tree: what the renderers need."""

    loaded: Loaded
    model: DocumentModel
    tree: DocumentTree
    # Last year's metrics, when the input names a ``previous`` edition.
    previous: Mapping[str, Metric] | None = None
    # The checks' warnings (empty when the checks were not run).
    warnings: list[Finding] = field(default_factory=list)


def examine(
    path: Path,
    template: Template | None = None,
    today: dt.date | None = None,
    *,
    checks: bool = True,
) -> Examined:
    """Load, validate and build one input, then run every check on it (``checks``)."""
    template = template or load_template()
    out = Examined(path)
    try:
        out.edition = load_edition(path, collect=True)
    except InputError as exc:
        out.findings, out.stop = _blocking(exc.problems), exc
        return out
    loaded = out.edition.loaded
    if out.edition.abstract:
        # A base is checked for what it writes; whether it is complete shows in its editions.
        out.note = "基础文件（abstract），只检查文字；完整检查在继承它的文件上进行"
        try:
            require_buildable(out.edition)
        except AbstractInputError as exc:
            out.stop = exc
    else:
        _build(out, template)
    if checks:
        previous = out.previous if out.model is not None else None
        found = run_checks(loaded, out.model, template, previous, today)
        # A value the schema refused gets that one message: an empty field is "不能为空", not
        # also RG605's "内容只有空白"; ``- heading:标题`` is a missing space, not also RG101.
        invalid = {f.problem.field for f in out.findings if f.code == "RG001"}
        found = [f for f in found if f.problem.field not in invalid]
        out.findings = sorted_findings(out.findings + found)
    return out


def _build(out: Examined, template: Template) -> None:
    """Validate and build the tree; the problems that stop either become findings."""
    assert out.edition is not None
    loaded = out.edition.loaded
    try:
        try:
            model = validate(loaded, out.edition.previous)
        except InputError as exc:  # with an attached file's problems, all at once
            # One message for a bad ``from``; and no "unknown placeholder" while an attached
            # file is unread (its metrics are what the placeholders may name).
            said = {p.location for p in out.edition.problems}
            rest = [
                p
                for p in exc.problems
                if p.location not in said and not (out.edition.problems and p.code == "RG208")
            ]
            raise InputError([*out.edition.problems, *rest]) from None
        if out.edition.problems:
            raise InputError(out.edition.problems)
        out.tree = build_tree(
            model,
            loaded.positions,
            out.edition.previous,
            title_chars=template.limits.title_chars_per_line,
        )
    except InputError as exc:
        out.findings, out.stop = _blocking(exc.problems), exc
        return
    except ReportgenError as exc:
        where = Location(loaded.source.name)
        out.findings = _blocking([Problem(where, "", exc.message, code="RG002")])
        out.stop = exc
        return
    out.model = model


def check_file(
    path: Path, template: Template | None = None, today: dt.date | None = None
) -> FileReport:
    """Run validation and every check on one input file; never raises for input problems."""
    return examine(path, template, today).report


# Renderers name their findings (reportgen.fonts uses "font-substitute", "glyph-fallback");
# a renderer may also use the RG7xx code itself.
LAYOUT_ALIASES = {
    "last-page-closing": "RG701",
    "closing-alone": "RG701",
    "font-substitute": "RG702",
    "glyph-fallback": "RG703",
}


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
        if code not in RULES or RULES[code].stage != "build":
            code = "RG700"  # a renderer's finding without a layout code of its own
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
