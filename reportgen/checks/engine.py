"""Pre-filing checks: the rule registry and the engine that runs it over a loaded, validated input."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..document.build import build_tree, paragraphs, text_width
from ..errors import InputError, Location, Problem, ReportgenError
from ..model.editions import load_edition
from ..model.metrics import change_text, find_placeholders, format_number, percent
from ..model.models import BrandSubmission, DocumentModel, Metric, Report, Section, document_adapter
from ..model.template import Template, load_template
from ..model.validate import field_title, input_problems
from ..source.loader import (
    Loaded,
    NodeInfo,
    PathKey,
    Source,
    SourceMap,
    format_path,
    iter_strings,
    walk_inputs,
)
from ..textscan import HEADING, ITEM, PARAGRAPH, Detector, Edit, Hit, heading_end, scan
from .rules import ERROR, RULES, SEVERITY_NAMES, WARNING

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class SourceEdit:
    """One automatic fix in a file: replace ``text[start:end]`` (== ``old``) with ``new``."""

    file: str
    start: int
    end: int
    old: str
    new: str
    location: Location
    code: str


@dataclass(frozen=True)
class Finding:
    """A problem with its rule code and severity, and the edits that fix it (if automatic)."""

    problem: Problem
    edits: tuple[SourceEdit, ...] = ()
    validation: bool = False

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def severity(self) -> str:
        return self.problem.severity

    @property
    def fixable(self) -> bool:
        return bool(self.edits)


def format_finding(item: Problem | Finding, fixable: bool | None = None) -> str:
    """``file:line:col: field（title）: message [RG101 错误，可自动修复：“,”→“，”]``."""
    if isinstance(item, Finding):
        problem, fixable = item.problem, item.fixable
    else:
        problem = item
    tag = SEVERITY_NAMES.get(problem.severity, problem.severity)
    if problem.code:
        tag = f"{problem.code} {tag}"
    if problem.fix:
        tag += ("，可自动修复：" if fixable else "，建议：") + problem.fix
    return f"{problem} [{tag}]"


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding in the documented shape of ``schemas/findings.schema.json``."""
    p = finding.problem
    return {
        "file": p.location.file,
        "line": p.location.line,
        "column": p.location.col,
        "field": p.field,
        "title": p.title,
        "code": p.code,
        "severity": p.severity,
        "message": p.message,
        "fix": p.fix or None,
        "fixable": finding.fixable,
    }


class ChecksFailed(InputError):
    """Checks found errors that block a build; lines carry each rule's code."""

    def lines(self) -> list[str]:
        return [format_finding(p) for p in self.problems]


@dataclass
class FileReport:
    """Everything ``check`` found in one input file."""

    path: Path
    findings: list[Finding] = field(default_factory=list)
    note: str = ""

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)

    def failed(self, strict: bool = False) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


# --------------------------------------------------------------------------- running the checks


@dataclass
class _Context:
    loaded: Loaded
    template: Template
    disabled: frozenset[str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def positions(self) -> SourceMap:
        return self.loaded.positions

    @property
    def data(self) -> Any:
        return self.loaded.data

    def add(
        self,
        code: str,
        path: PathKey,
        message: str,
        *,
        offset: int | None = None,
        fix: str = "",
        edits: tuple[SourceEdit, ...] = (),
    ) -> None:
        if code in self.disabled:
            return
        rule = RULES[code]
        if offset is None:
            location = self.positions.nearest(path)
        else:
            location = self.positions.char_location(path, offset)
        problem = Problem(
            location,
            format_path(path),
            message,
            field_title(path, self.data),
            code,
            rule.severity,
            fix,
        )
        self.findings.append(Finding(problem, edits))

    def add_hit(self, path: PathKey, text: str, hit: Hit) -> None:
        edits = self.source_edits(path, text, hit.code, hit.edits)
        self.add(hit.code, path, hit.message, offset=hit.start, fix=hit.fix, edits=edits)

    def source_edits(
        self, path: PathKey, text: str, code: str, edits: Sequence[Edit]
    ) -> tuple[SourceEdit, ...]:
        """The value edits as edits of the file, only where the value is written verbatim there
        (not through escapes or folded lines), so a fix can never change anything else."""
        node = self.positions.info(path)
        if node is None or not node.is_scalar or node.value != text:
            return ()
        out = []
        for edit in edits:
            found = self._verbatim(node, text, edit) or self._verbatim(
                node, text, _core(text, edit)
            )
            if found is None:
                return ()
            start, end = found
            old = node.source.text[start:end]
            location = node.source.location(start)
            out.append(SourceEdit(node.source.name, start, end, old, edit.new, location, code))
        return tuple(out)

    @staticmethod
    def _verbatim(node: NodeInfo, text: str, edit: Edit | None) -> tuple[int, int] | None:
        if edit is None or edit.end <= edit.start:
            return None
        start = node.char_index(edit.start)
        end = node.char_index(edit.end - 1) + 1
        if node.source.text[start:end] != text[edit.start : edit.end]:
            return None
        return start, end


def _core(text: str, edit: Edit) -> Edit | None:
    """The edit without the spaces around it (they may be a folded line break in the file)."""
    span = text[edit.start : edit.end]
    core = span.strip(" ")
    if not core or core == span:
        return None
    start = edit.start + (len(span) - len(span.lstrip(" ")))
    return Edit(start, start + len(core), edit.new)


_DATA_FIELDS = {"kind", "date", "year", "extends", "previous", "abstract", "checks", "template"}


def _detectors(path: PathKey, data: Any) -> tuple[Detector, ...] | None:
    """Which extra detectors apply to the string at ``path`` (None: not text, skip it)."""
    if not path or path[0] in _DATA_FIELDS:
        return None
    last = path[-1]
    if path[0] == "metrics":
        return () if last == "label" else None
    if last == "heading" or path[0] in ("parts", "attachments"):
        return HEADING
    if path in (("title",), ("brand", "name"), ("organization",)):
        return (heading_end,)
    if path == ("recipient",):
        return (_recipient_end,)
    if len(path) >= 2 and path[-2] == "items":
        return ITEM
    if last == "lead":
        return ITEM
    if last == "text" and len(path) >= 3 and path[-3] == "items":
        item = _get(data, path[:-1])
        return ITEM if isinstance(item, dict) and not item.get("lead") else ()
    if len(path) >= 2 and path[-2] == "body" and isinstance(last, int):
        return PARAGRAPH
    return ()


def _recipient_end(text: str) -> Iterator[Hit]:
    m = re.search(r"[：:]\s*\Z", text)
    if m:
        yield Hit(
            "RG109",
            m.start(),
            m.end(),
            "主送机关末尾的冒号会自动添加，这里不用写",
            (Edit(m.start(), m.end(), ""),),
            f"删去末尾的“{m.group().strip()}”",
        )


def _get(data: Any, path: PathKey) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _prose(path: PathKey) -> bool:
    return bool(path) and path[0] not in _DATA_FIELDS and path[0] != "metrics"


def _text_checks(ctx: _Context) -> None:
    for path, text in iter_strings(ctx.data):
        extra = _detectors(path, ctx.data)
        if extra is None:
            continue
        if not text.strip():
            ctx.add("RG605", path, "内容只有空白")
            continue
        for hit in scan(text, extra):
            if hit.code in ctx.disabled:
                continue
            ctx.add_hit(path, text, hit)


def _disabled_codes(
    data: Any, template: Template
) -> tuple[frozenset[str], list[tuple[PathKey, str]]]:
    """Codes switched off by the template and the file, and the file's entries that are unknown."""
    codes = set(template.checks.disable)
    bad: list[tuple[PathKey, str]] = []
    raw = _get(data, ("checks", "disable"))
    if isinstance(raw, list):
        for i, code in enumerate(raw):
            text = str(code).strip().upper()
            rule = RULES.get(text)
            if rule is None or not rule.can_disable:
                bad.append((("checks", "disable", i), text))
            else:
                codes.add(text)
    return frozenset(c for c in codes if c in RULES and RULES[c].can_disable), bad


# --------------------------------------------------------------------------- figures

_PERCENT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s?[%％]")
_CLAUSE_END = re.compile(r"[。；;！？!?\n]")
_RATE_WORDS = re.compile(
    r"完成率|达成率|完成[^，。；]{0,6}目标[^，。；]{0,3}的|完成[^，。；]{0,4}任务[^，。；]{0,3}的"
)
_SHARE_WORDS = re.compile(r"占比|占[^，。；]{0,8}的|比例|比重")
_GROWTH_WORDS = re.compile(r"(增长|增加|提高|提升|上升|下降|减少|降低)[了]?\s?$")
_ANY_WORDS = re.compile(r"率|占比|比例|比重|增长|增幅|下降|降低|提高|提升|目标的")
_NUMBER = re.compile(r"(?<![\d.{])(\d+(?:\.\d+)?)(?![\d.])")
_UNITS = sorted(
    (
        "人次",
        "场次",
        "户次",
        "万人",
        "万元",
        "亿元",
        "千元",
        "家",
        "个",
        "人",
        "名",
        "次",
        "场",
        "户",
        "件",
        "项",
        "元",
        "所",
        "支",
        "条",
        "份",
        "篇",
        "处",
        "座",
        "间",
        "台",
        "辆",
        "吨",
        "亩",
        "期",
        "批",
        "宗",
        "起",
        "组",
        "队",
        "站",
        "村",
        "栋",
        "套",
        "本",
        "册",
        "天",
        "小时",
    ),
    key=len,
    reverse=True,
)


def _metric_at(window: str, metrics: Mapping[str, Metric]) -> tuple[str, Metric] | None:
    """The metric a clause talks about: its last {key} placeholder, or a written figure
    (number and unit) equal to a metric's value."""
    found: tuple[int, str] | None = None
    for ph in find_placeholders(window):
        if ph.key in metrics and ph.attribute in ("value", "label"):
            found = (ph.start, ph.key)
    for m in _NUMBER.finditer(window):
        if found is not None and m.start() < found[0]:
            continue
        rest = window[m.end() :]
        if rest.startswith("年"):
            continue
        try:
            number = Decimal(m.group(1))
        except InvalidOperation:
            continue
        for key, metric in metrics.items():
            if metric.value == number and (not metric.unit or rest.startswith(metric.unit)):
                found = (m.start(), key)
                break
    if found is None:
        return None
    return found[1], metrics[found[1]]


def _decimals(stated: str) -> int:
    return len(stated.partition(".")[2])


def _percent_checks(
    ctx: _Context,
    path: PathKey,
    text: str,
    metrics: Mapping[str, Metric],
    previous: Mapping[str, Metric] | None,
) -> None:
    last_end = 0
    for m in _PERCENT.finditer(text):
        clause_start = max((c.end() for c in _CLAUSE_END.finditer(text, 0, m.start())), default=0)
        window = text[max(clause_start, last_end) : m.start()]
        last_end = m.end()
        tail = window[-14:]
        if not _ANY_WORDS.search(tail):
            continue
        stated = Decimal(m.group(1))
        places = _decimals(m.group(1))
        hit = _metric_at(window, metrics)
        expected: Decimal | None = None
        how = ""
        if hit is not None:
            key, metric = hit
            if _GROWTH_WORDS.search(tail) and previous and key in previous and previous[key].value:
                last = previous[key].value
                expected = abs(percent(metric.value - last, last, places))
                how = (
                    f"按上年 {format_number(last)} 计算，{change_text(metric.value, last, places)}"
                )
            elif _SHARE_WORDS.search(tail) and metric.part_of and metric.part_of in metrics:
                parent = metrics[metric.part_of]
                if parent.value:
                    expected = percent(metric.value, parent.value, places)
                    how = f"按 {format_number(metric.value)}/{format_number(parent.value)} 计算应为 {format_number(expected)}%"
            elif _RATE_WORDS.search(tail) and metric.target:
                expected = percent(metric.value, metric.target, places)
                shown = percent(metric.value, metric.target, max(places, metric.decimals))
                how = (
                    f"按 {format_number(metric.value)}/{format_number(metric.target)} 计算应为 "
                    f"{format_number(shown)}%，建议改用 {{{key}.rate}}"
                )
            if expected is not None:
                if expected != stated:
                    ctx.add(
                        "RG401",
                        path,
                        f"写的是“{m.group()}”，与指标 {key}（{metric.label}）不符：{how}",
                        offset=m.start(),
                    )
                continue
        if any(_rate_matches(stated, places, metric) for metric in metrics.values()):
            continue
        ctx.add(
            "RG404",
            path,
            f"“{tail.strip()[-8:]}”后的百分比“{m.group()}”与任何指标都对不上，"
            "请核对数字，或在 metrics 中定义指标后用 {键.rate} 引用",
            offset=m.start(),
        )


def _rate_matches(stated: Decimal, places: int, metric: Metric) -> bool:
    if not metric.target:
        return False
    return percent(metric.value, metric.target, places) == stated


def _unit_after(text: str, start: int) -> str:
    for unit in _UNITS:
        if text.startswith(unit, start):
            return unit
    return ""


def _unit_checks(ctx: _Context, path: PathKey, text: str, metrics: Mapping[str, Metric]) -> None:
    for ph in find_placeholders(text):
        metric = metrics.get(ph.key)
        if metric is None or ph.attribute not in ("value", "target", "prev") or not metric.unit:
            continue
        written = _unit_after(text, ph.end)
        if written and written != metric.unit and metric.unit in _UNITS:
            ctx.add(
                "RG405",
                path,
                f"{ph.source} 后写的单位是“{written}”，指标 {ph.key} 的单位是“{metric.unit}”",
                offset=ph.end,
            )


def _metric_checks(
    ctx: _Context, metrics: Mapping[str, Metric], previous: Mapping[str, Metric] | None
) -> None:
    for key, metric in metrics.items():
        for name in ("value", "target"):
            number = getattr(metric, name)
            if number is not None and number < 0:
                ctx.add("RG403", ("metrics", key, name), f"指标 {key} 的数值不能为负（{number}）")
        parent = metrics.get(metric.part_of or "")
        if parent is not None and metric.unit and parent.unit and metric.unit != parent.unit:
            ctx.add(
                "RG405",
                ("metrics", key, "unit"),
                f"“其中”项 {key} 的单位“{metric.unit}”与所属指标 {metric.part_of} 的单位“{parent.unit}”不同",
            )
        last = (previous or {}).get(key)
        if last is not None and metric.unit and last.unit and metric.unit != last.unit:
            ctx.add(
                "RG405",
                ("metrics", key, "unit"),
                f"指标 {key} 的单位“{metric.unit}”与上一年的“{last.unit}”不同，同比没有意义",
            )


# --------------------------------------------------------------------------- dates and lengths


def _date_checks(ctx: _Context, model: DocumentModel, today: dt.date) -> None:
    if model.date is not None and model.date > today:
        ctx.add(
            "RG501",
            ("date",),
            f"成文日期 {model.date.isoformat()} 晚于今天（{today.isoformat()}），请核对；"
            "提前准备的文件可忽略",
        )
    if model.date is not None and model.year is not None and abs(model.year - model.date.year) > 1:
        ctx.add(
            "RG502",
            ("year",),
            f"年度 {model.year} 与成文日期 {model.date.isoformat()} 相差一年以上，请核对",
        )


def _section_checks(ctx: _Context, model: DocumentModel) -> None:
    limit = ctx.template.limits.heading_max_chars
    if isinstance(model, BrandSubmission):
        if text_width(model.brand.name) > ctx.template.limits.brand_name_max_chars:
            ctx.add(
                "RG602",
                ("brand", "name"),
                f"品牌名称 {text_width(model.brand.name):g} 字，超过模板规定的 "
                f"{ctx.template.limits.brand_name_max_chars} 字",
            )
        if not model.achievements:
            ctx.add("RG601", ("achievements",), "第三部分（创建成效）没有内容")
        for i, ach in enumerate(model.achievements):
            here: PathKey = ("achievements", i)
            _heading_length(ctx, (*here, "heading"), ach.heading, limit)
            if not ach.body and not ach.items:
                ctx.add("RG601", (*here, "heading"), f"小节“{ach.heading}”只有标题，没有段落和条目")
    elif isinstance(model, Report):
        if not model.body:
            ctx.add("RG601", ("body",) if "body" in ctx.data else ("title",), "报告没有正文")
        _report_sections(ctx, model.body, ("body",), limit)


def _report_sections(ctx: _Context, body: Sequence[Any], path: PathKey, limit: int) -> None:
    for i, block in enumerate(body):
        if isinstance(block, Section):
            here: PathKey = (*path, i)
            _heading_length(ctx, (*here, "heading"), block.heading, limit)
            if not block.body and not block.items:
                ctx.add(
                    "RG601", (*here, "heading"), f"小节“{block.heading}”只有标题，没有正文和条目"
                )
            _report_sections(ctx, block.body, (*here, "body"), limit)


def _heading_length(ctx: _Context, path: PathKey, text: str, limit: int) -> None:
    width = text_width(text)
    if width > limit:
        ctx.add("RG603", path, f"小标题 {width:g} 字，超过模板规定的 {limit} 字，请精简")


_MIN_REPEAT = 12


def _repeat_checks(ctx: _Context) -> None:
    seen: dict[str, Location] = {}
    for path, text in iter_strings(ctx.data):
        if not _prose(path) or path[-1] == "heading" or path[0] in ("parts", "attachments"):
            continue
        for para in paragraphs(text):
            key = re.sub(r"\s+", "", para)
            if len(key) < _MIN_REPEAT:
                continue
            offset = max(text.find(para[:8]), 0)
            location = ctx.positions.char_location(path, offset)
            first = seen.get(key)
            if first is None:
                seen[key] = location
            else:
                ctx.add("RG604", path, f"这一段与 {first} 的段落完全相同", offset=offset)


# --------------------------------------------------------------------------- entry points


def run_checks(
    loaded: Loaded,
    model: DocumentModel | None,
    template: Template,
    previous: Mapping[str, Metric] | None = None,
    today: dt.date | None = None,
) -> list[Finding]:
    """Every check over one input; model-level checks need ``model`` (a valid input)."""
    disabled, bad = _disabled_codes(loaded.data, template)
    ctx = _Context(loaded, template, disabled)
    for path, code in bad:
        rule = RULES.get(code)
        why = "不能停用（属于格式校验）" if rule else "不存在（reportgen rules 列出全部规则）"
        ctx.add("RG009", path, f"规则代码“{code}”{why}")
    _text_checks(ctx)
    if model is not None:
        metrics = model.metrics
        for path, text in iter_strings(loaded.data):
            if _prose(path):
                _percent_checks(ctx, path, text, metrics, previous)
                _unit_checks(ctx, path, text, metrics)
        _metric_checks(ctx, metrics, previous)
        _date_checks(ctx, model, today or dt.date.today())
        _section_checks(ctx, model)
        _repeat_checks(ctx)
    return _suppressed(ctx.findings, loaded.positions)


_INLINE = re.compile(r"#.*?reportgen:\s*disable=([A-Za-z0-9, ]+)")


def _suppressed(findings: list[Finding], positions: SourceMap) -> list[Finding]:
    """Drop findings whose line carries ``# reportgen: disable=RG207`` (a YAML comment)."""
    sources: dict[str, Source] = {n.source.name: n.source for n in positions.nodes.values()}
    out = []
    for finding in findings:
        loc = finding.problem.location
        source = sources.get(loc.file)
        if source is not None and loc.line > 0 and "reportgen:" in source.text:
            line = (
                source.text.splitlines()[loc.line - 1]
                if loc.line <= source.text.count("\n") + 1
                else ""
            )
            m = _INLINE.search(line)
            if m and finding.code in {c.strip().upper() for c in m.group(1).split(",")}:
                continue
        out.append(finding)
    return out


def _validation_code(problem: Problem, schema: bool) -> str:
    """The rule code of a problem found by validation (unless validation gave it one)."""
    if problem.code:
        return problem.code
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
        report.findings = [_coded(p, p.code or "RG001") for p in exc.problems]
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
    # An empty field is the schema's "不能为空", not also RG605's "内容只有空白".
    invalid = {v.problem.field for v in validation}
    findings = [f for f in findings if f.problem.code != "RG605" or f.problem.field not in invalid]
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
