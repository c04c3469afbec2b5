"""Style templates: the layout numbers of a document (page, grid, fonts per role), validated."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import InputError, Problem, TemplateError
from ..source.loader import format_path, load

BUILTIN_DIR = Path(__file__).parent.parent / "templates"
DEFAULT_TEMPLATE = "gbt9704"

MM_PER_PT = 25.4 / 72
TWIPS_PER_PT = 20

Align = Literal["left", "center", "right", "justify"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Page(_Model):
    width_mm: float = Field(gt=0)
    height_mm: float = Field(gt=0)
    margin_top_mm: float = Field(ge=0)
    margin_bottom_mm: float = Field(ge=0)
    margin_left_mm: float = Field(ge=0)
    margin_right_mm: float = Field(ge=0)
    header_distance_mm: float = Field(15, ge=0)

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.margin_left_mm - self.margin_right_mm

    @property
    def text_height_mm(self) -> float:
        return self.height_mm - self.margin_top_mm - self.margin_bottom_mm


class Grid(_Model):
    lines_per_page: int = Field(gt=0)
    chars_per_line: int = Field(gt=0)
    line_pitch_twips: int = Field(gt=0)
    docx_grid: Literal["lines", "linesAndChars"] = "lines"
    docx_char_spacing_pt: float = 0.0

    @property
    def line_pitch_pt(self) -> float:
        return self.line_pitch_twips / TWIPS_PER_PT


class Role(_Model):
    """How one kind of paragraph looks."""

    font: str
    size_pt: float = Field(gt=0)
    bold: bool = False
    align: Align = "justify"
    first_line_indent_chars: float = 2
    snap_to_grid: bool = True
    space_before_lines: int = Field(0, ge=0)
    space_after_lines: int = Field(0, ge=0)
    outline_level: int | None = Field(None, ge=0, le=8)
    keep_with_next: bool = False
    # Digits and Latin letters; None means the template's ``latin_font``.
    latin_font: str | None = None


def _role(font: str, size_pt: float = 16, **looks: Any) -> Any:
    """A default for a role added after templates were written (so older templates still load)."""
    return Field(default_factory=lambda: Role(font=font, size_pt=size_pt, **looks))


_FLUSH: dict[str, Any] = {"align": "left", "first_line_indent_chars": 0}


class Roles(_Model):
    title: Role
    recipient: Role
    heading1: Role
    heading2: Role
    heading3: Role
    heading4: Role
    body: Role
    attachment: Role
    signature: Role
    date: Role
    page_number: Role
    # The 公文 elements (GB/T 9704-2012 §7.2-§7.4), used only by the 公文 kinds.
    issuer: Role = _role("方正小标宋简体", 42, align="center", first_line_indent_chars=0)
    copy_number: Role = _role("仿宋_GB2312", **_FLUSH)
    classification: Role = _role("黑体", **_FLUSH)
    doc_number: Role = _role("仿宋_GB2312", align="center", first_line_indent_chars=0)
    signer: Role = _role("仿宋_GB2312", align="right", first_line_indent_chars=0)
    signer_name: Role = _role("楷体_GB2312", align="right", first_line_indent_chars=0)
    note: Role = _role("仿宋_GB2312")
    attachment_label: Role = _role("黑体", **_FLUSH)
    attachment_title: Role = _role(
        "方正小标宋简体", 22, align="center", first_line_indent_chars=0, snap_to_grid=False
    )
    imprint: Role = _role("仿宋_GB2312", 14, **_FLUSH)
    attendance_label: Role = _role("黑体")
    # Tables (§8): the standard leaves their type to practice; 公文 tables are commonly 四号.
    table_caption: Role = _role("黑体", align="center", first_line_indent_chars=0)
    table_header: Role = _role("黑体", 14, align="center", first_line_indent_chars=0)
    table_cell: Role = _role("仿宋_GB2312", 14, align="center", first_line_indent_chars=0)

    def heading(self, level: int) -> Role:
        return {1: self.heading1, 2: self.heading2, 3: self.heading3, 4: self.heading4}[level]


class PageNumber(_Model):
    format: str = "— {n} —"
    below_text_mm: float = 7
    indent_chars: float = 1
    odd: Literal["left", "center", "right"] = "right"
    even: Literal["left", "center", "right"] = "left"
    # Where the dash stroke sits above the bottom of the page-number line (exactly as tall as its
    # size), in ems: 0.57 measured in LibreOffice's PDF with 宋体 → AR PL SungtiL GB (the stroke's
    # ink rasterised; tests/test_docx_libreoffice.py checks it lands 7 mm below the text block).
    dash_above_line_bottom_em: float = Field(0.57, ge=0)


class ClosingRule(_Model):
    """§7.3.5 (and §7.3.5.5): the signature and date never stand on a page without body text."""

    # When they would open a page alone, at most this many lines of the paragraph before them go
    # with them: the whole paragraph when it is that short (DOCX: keep-with-next; LibreOffice
    # moves a kept paragraph whole, so a longer one is not kept), else its last lines (PDF).
    keep_lines: int = Field(4, ge=0)


class PaginationRule(_Model):
    """Widow and orphan control (a typesetting convention, not a GB/T 9704 clause; §5.2.3 keeps
    the 22-line grid, a page may end a line early): a paragraph split across pages leaves at least
    this many lines at the bottom of one page and at the top of the next. 1 turns it off."""

    min_lines_at_break: int = Field(2, ge=1, le=5)


class LineBreaking(_Model):
    """What a line does when a mark that may not start a line (GB/T 15834 §5.1) would open the
    next one: ``push-in`` squeezes the line's punctuation by up to half a cell each to keep it,
    as CLREQ §3.1.7 prefers; ``push-out`` moves the character before the mark down with it and
    spreads the line (what Word and LibreOffice do)."""

    line_end: Literal["push-in", "push-out"] = "push-in"


class FontSpec(_Model):
    """A logical face: names Word may know it by, and installed faces that may stand in for it."""

    alt_names: list[str] = Field(default_factory=list)
    substitutes: list[str] = Field(default_factory=list)
    # File names of the official face in the Windows/macOS/Linux font folders (simfang.ttf, …);
    # found even where fontconfig does not index those folders.
    files: list[str] = Field(default_factory=list)


class LetterFormat(_Model):
    """§10.1 信函格式 (函): the letterhead on page 1, measured from the page's edges, and its red
    double rules; widths the standard leaves open are common practice."""

    issuer_top_mm: float = Field(30, ge=0)  # §10.1: 标志上边缘至上页边为 30 mm
    rule_below_issuer_mm: float = Field(4, ge=0)  # §10.1: 标志下 4 mm 处红色双线（上粗下细）
    bottom_rule_above_page_mm: float = Field(20, ge=0)  # §10.1: 距下页边 20 mm 处（上细下粗）
    rule_length_mm: float = Field(170, gt=0)  # §10.1: 线长均为 170 mm，居中排布
    thick_mm: float = Field(0.53, gt=0)  # §10.1 fixes no width: 1.5 pt as common practice
    thin_mm: float = Field(0.26, gt=0)  # 0.75 pt as common practice
    rule_gap_mm: float = Field(0.4, ge=0)  # between the two lines of a double rule
    element_gap_em: float = Field(0.875, ge=0)  # §10.1: 与该线的距离为 3 号汉字高度的 7/8
    title_gap_lines: int = Field(2, ge=0)  # §10.1: 标题与其上最后一个要素相距二行

    @property
    def rule_height_mm(self) -> float:
        return self.thick_mm + self.rule_gap_mm + self.thin_mm


class Official(_Model):
    """Positions, colour and rules of the 公文 elements; each number cites its clause."""

    red: str = Field("FF0000", pattern="^[0-9A-F]{6}$")  # §6.2 红色 (Y80 M80 in print)
    issuer_top_mm: float = Field(35, ge=0)  # §7.2.4: 标志上边缘至版心上边缘 35 mm
    issuer_line_gap_em: float = Field(0.25, ge=0)  # §7.2.4 联合行文: stacked names
    number_gap_lines: int = Field(2, ge=0)  # §7.2.5: 标志下空二行
    number_indent_chars: float = Field(1, ge=0)  # §7.2.5: 上行文 发文字号居左空一字
    signer_indent_chars: float = Field(1, ge=0)  # §7.2.6: 签发人居右空一字
    rule_below_number_mm: float = Field(4, ge=0)  # §7.2.7: 发文字号之下 4 mm
    rule_mm: float = Field(0.35, gt=0)  # §7.2.7 does not fix it; 0.35 mm as common practice
    title_gap_lines: int = Field(2, ge=0)  # §7.3.1: 红色分隔线下空二行
    seal_diameter_mm: float = Field(42, gt=0)  # §7.3.5.1: space for the seal (4.2 cm seals)
    imprint_thick_mm: float = Field(0.35, gt=0)  # §7.4.1: 首条、末条分隔线 0.35 mm
    imprint_thin_mm: float = Field(0.25, gt=0)  # §7.4.1: 中间分隔线 0.25 mm
    imprint_indent_chars: float = Field(1, ge=0)  # §7.4.2-7.4.3: 左右各空一字
    letter: LetterFormat = Field(default_factory=LetterFormat)  # §10.1 信函格式


class TableRules(_Model):
    """Rules and padding of tables (§8 fixes neither; these are common practice). Every line of a
    cell takes one line of the 22-line grid, so body text after a table stays on the grid."""

    frame_mm: float = Field(0.5, gt=0)  # the table's outer frame
    rule_mm: float = Field(0.25, gt=0)  # the rules between rows and columns
    padding_mm: float = Field(1.5, ge=0)  # between a column's rules and its text, each side
    min_column_chars: float = Field(2, gt=0)  # no column narrower than this many cell characters


class Limits(_Model):
    title_chars_per_line: int = Field(20, gt=1)
    brand_name_max_chars: int = Field(20, gt=0)
    heading_max_chars: int = Field(40, gt=0)
    # A batch stops one input that takes longer (a pathological input must not stall the rest).
    seconds_per_document: float = Field(
        120, ge=0, description="单个文件的生成时间上限（秒），0 为不限"
    )


class Checks(_Model):
    disable: list[str] = Field(default_factory=list)


class Template(_Model):
    name: str
    description: str = ""
    page: Page
    grid: Grid
    latin_font: str = "Times New Roman"
    lead_bold: bool = False
    # What `build` writes when --format is not given (OFD on request: GB/T 33190 exchange).
    formats: tuple[Literal["docx", "pdf", "ofd"], ...] = Field(("docx", "pdf"), min_length=1)
    roles: Roles
    page_number: PageNumber = Field(default_factory=PageNumber)
    closing: ClosingRule = Field(default_factory=ClosingRule)
    pagination: PaginationRule = Field(default_factory=PaginationRule)
    linebreak: LineBreaking = Field(default_factory=LineBreaking)
    fonts: dict[str, FontSpec] = Field(default_factory=dict)
    limits: Limits = Field(default_factory=Limits)
    official: Official = Field(default_factory=Official)
    table: TableRules = Field(default_factory=TableRules)
    checks: Checks = Field(default_factory=Checks)

    def font_spec(self, name: str) -> FontSpec:
        return self.fonts.get(name, FontSpec())


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def resolve_template_path(name_or_path: str | None, search: tuple[Path, ...] = ()) -> Path:
    """A template given by NAME (built-in or under ``templates/``) or by PATH."""
    name = name_or_path or DEFAULT_TEMPLATE
    candidate = Path(name)
    if candidate.suffix in (".yaml", ".yml") and candidate.exists():
        return candidate
    for folder in (*search, Path.cwd() / "templates", BUILTIN_DIR):
        for suffix in (".yaml", ".yml"):
            path = folder / f"{name}{suffix}"
            if path.exists():
                return path
    known = sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml"))
    raise TemplateError(
        f"找不到样式模板“{name}”（内置模板：{'、'.join(known)}；也可以给出 YAML 文件路径）"
    )


def load_template(
    name_or_path: str | None = None, _seen: tuple[Path, ...] = (), _near: tuple[Path, ...] = ()
) -> Template:
    """Load and validate a template; a template may name a ``base:`` (looked up beside it first,
    then under ``templates/`` and among the built-ins) and override parts of it."""
    path = resolve_template_path(name_or_path, _near).resolve()
    if path in _seen:
        raise TemplateError(f"样式模板循环继承：{path}")
    try:
        loaded = load(path)
    except InputError as exc:
        raise TemplateError("样式模板有误：\n" + "\n".join(exc.lines())) from None
    data = loaded.data
    if not isinstance(data, dict):
        raise TemplateError(f"{loaded.source.name}: 样式模板应为对象（“键: 值”形式）")
    base_name = data.pop("base", None)
    if base_name is not None:
        base = load_template(str(base_name), (*_seen, path), (path.parent,))
        data = _deep_merge(base.model_dump(), data)
    try:
        return Template.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(
                loaded.positions.nearest(tuple(e["loc"])),
                format_path(tuple(e["loc"])),
                f"取值无效（{e['msg']}）",
            )
            for e in exc.errors(include_url=False)
        ]
        raise TemplateError("样式模板有误：\n" + "\n".join(str(p) for p in problems)) from None
