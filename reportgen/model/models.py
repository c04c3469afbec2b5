"""The input contract: pydantic models for both document kinds, with Chinese titles for editors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, TypeAdapter

SCHEMA_ID = "https://reportgen.invalid/schemas/reportgen.schema.json"

NonEmpty = Annotated[str, Field(min_length=1)]

# What a metric may hold: finite, at most 10^15 in size and six decimal places, so that every
# rate and change is computed exactly and printed in a few characters (issue 16).
METRIC_LIMIT = Decimal(10**15)
METRIC_PLACES = 6
Figure = Annotated[
    Decimal,
    Field(ge=-METRIC_LIMIT, le=METRIC_LIMIT, decimal_places=METRIC_PLACES, allow_inf_nan=False),
]
# GB/T 9704 dates are this century's; a year outside these is a typing mistake.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2200, 12, 31)
# A title is two or three lines; a longer one is pasted text, not a title.
MAX_TITLE_CHARS = 200
Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE_CHARS)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Metric(_Model):
    """A named figure that text can cite as {key}, {key.target}, {key.rate}, {key.unit}, {key.label}."""

    model_config = ConfigDict(
        title="指标",
        json_schema_extra={
            "description": "具名数据：正文中用 {键} 引用数值，{键.target} 目标数，{键.rate} 完成率，{键.unit} 单位，{键.label} 名称"
        },
    )

    label: NonEmpty = Field(
        title="指标名称", description="指标的中文名称，如“新建25人以上基层工会”"
    )
    value: Figure = Field(
        title="完成数",
        description="实际数值；正文中用 {key} 引用（绝对值不超过 10^15，最多 6 位小数）",
    )
    unit: str = Field("", title="单位", description="计量单位，如“家”“人”")
    target: Figure | None = Field(
        None,
        title="目标数",
        description="目标数值；{key.rate} 按 value/target 计算完成率（范围同完成数）",
    )
    part_of: str | None = Field(
        None,
        title="所属指标（其中）",
        description="上级指标的键；本指标是其“其中”项，数值不得超过上级",
    )
    decimals: int = Field(
        1, ge=0, le=4, title="百分比小数位", description="完成率保留的小数位数（四舍五入）"
    )


class LeadItem(_Model):
    """An 一是/二是 paragraph with a lead sentence that the template may style."""

    model_config = ConfigDict(
        title="带引导句的条目",
        json_schema_extra={
            "description": "以“一是”“二是”开头的段落：lead 为段首概括句（样式由模板决定），text 为其后的正文"
        },
    )

    lead: str = Field("", title="引导句", description="段首的概括句，样式（是否加粗）由模板决定")
    text: str = Field("", title="正文", description="引导句之后的正文")


def _item_tag(value: Any) -> str:
    return "text" if isinstance(value, str) else "lead"


Item = Annotated[
    Annotated[NonEmpty, Tag("text")] | Annotated[LeadItem, Tag("lead")],
    Discriminator(_item_tag),
    Field(title="条目", description="以“一是”“二是”开头的段落：一段文字，或 {lead, text}"),
]


class Achievement(_Model):
    """A （一）（二） sub-section of the achievements part."""

    model_config = ConfigDict(
        title="成效小节",
        json_schema_extra={"description": "第三部分下的（一）（二）小节：小标题、段落和条目"},
    )

    heading: NonEmpty = Field(title="成效小标题", description="不写序号，（一）（二）自动生成")
    body: list[NonEmpty] = Field(
        default_factory=list, title="段落", description="条目之前的段落（可选）"
    )
    items: list[Item] = Field(
        default_factory=list, title="条目", description="依次生成“一是”“二是”“三是”……"
    )


class Brand(_Model):
    model_config = ConfigDict(title="品牌", json_schema_extra={"description": "品牌名称和品牌内涵"})
    name: NonEmpty = Field(title="品牌名称")
    meaning: NonEmpty = Field(title="品牌内涵", description="一段或多段，段与段之间空一行")


class Parts(_Model):
    """The three part headings of a brand submission (printed as 一、二、三、)."""

    model_config = ConfigDict(
        title="部分标题",
        json_schema_extra={"description": "三个部分的标题，依次打印为 一、二、三、"},
    )

    name: NonEmpty = Field("品牌名称", title="第一部分标题")
    meaning: NonEmpty = Field("品牌内涵", title="第二部分标题")
    achievements: NonEmpty = Field("党建品牌创建成效", title="第三部分标题")


class CheckSettings(_Model):
    """Per-file settings of the pre-filing checks (reportgen check)."""

    model_config = ConfigDict(
        title="检查设置",
        json_schema_extra={"description": "本文件的发文前检查设置（reportgen check）"},
    )

    disable: list[str] = Field(
        default_factory=list,
        title="停用的检查规则",
        description="规则代码，如 RG207；reportgen rules 列出全部规则",
    )


class _Common(_Model):
    title: Title | None = Field(
        None, title="标题", description="公文标题；可用换行指定标题的分行位置"
    )
    organization: NonEmpty = Field(title="发文机关署名", description="落款单位，同时作为文档作者")
    date: dt.date | None = Field(
        None,
        ge=FIRST_DATE,
        le=LAST_DATE,
        title="成文日期",
        description="写成 2024-12-01；打印为 2024年12月1日（1900 至 2200 年）",
    )
    year: int | None = Field(
        None, ge=1900, le=2200, title="年度", description="默认取成文日期的年份"
    )
    attachments: list[NonEmpty] = Field(
        default_factory=list, title="附件说明", description="附件名称，不加序号和标点"
    )
    metrics: dict[str, Metric] = Field(
        default_factory=dict, title="指标", description="具名数据，正文中以 {键} 引用"
    )
    extends: NonEmpty | None = Field(
        None,
        title="继承",
        description="基础文件的路径（相对本文件），如 base.yaml；对象逐键合并，列表和单个值整体替换",
    )
    abstract: bool = Field(
        False, title="基础文件", description="true 表示本文件只供继承，批量生成时跳过，不能单独生成"
    )
    previous: NonEmpty | None = Field(
        None,
        title="上一年",
        description="上一年文件的路径（相对本文件），如 2023.yaml；正文可用 {键.prev} 和 {键.change}",
    )
    checks: CheckSettings = Field(
        default_factory=CheckSettings, title="检查设置", description="本文件停用的检查规则等"
    )


class BrandSubmission(_Common):
    """党建品牌申报材料."""

    model_config = ConfigDict(
        title="党建品牌申报材料",
        json_schema_extra={"description": "党建品牌申报材料：品牌名称、品牌内涵、党建品牌创建成效"},
    )

    kind: Literal["brand-submission"] = Field(title="文档类型")
    brand: Brand = Field(title="品牌")
    achievements: list[Achievement] = Field(
        default_factory=list, title="创建成效", description="打印在第三部分下，编号（一）（二）……"
    )
    parts: Parts = Field(default_factory=Parts, title="部分标题")


def _cell_tag(value: Any) -> str:
    return "whole" if isinstance(value, int) and not isinstance(value, bool) else "text"


# A table cell: text (placeholders allowed) or a whole number; decimals are written in quotes
# (YAML would read 1.50 as 1.5), so anything but an integer is checked as text.
Cell = Annotated[
    Annotated[str, Tag("text")] | Annotated[int, Tag("whole")], Discriminator(_cell_tag)
]
ColumnAlign = Literal["left", "center", "right"]
# A column is at least two characters of 四号 on the 156 mm line; a table of a few thousand rows
# is a data file, not a page of a 公文.
MAX_TABLE_COLUMNS = 12
MAX_TABLE_ROWS = 1000


class Table(_Model):
    """A 表格 (GB/T 9704-2012 §8): column heads and rows of cells, or a table of chosen metrics."""

    model_config = ConfigDict(
        title="表格",
        json_schema_extra={
            "description": "表格：columns 为表头，rows 为各行（每行的格数与表头相同），"
            "单元格可用 {键} 引用指标；或写 metrics 列出指标，自动生成指标表"
        },
    )

    caption: NonEmpty | None = Field(
        None, title="表题", description="表格上方居中的标题，如“主要指标完成情况”"
    )
    columns: list[NonEmpty] = Field(
        default_factory=list,
        max_length=MAX_TABLE_COLUMNS,
        title="表头",
        description="各列的列名；写 metrics 时省略",
    )
    rows: list[list[Cell]] = Field(
        default_factory=list,
        max_length=MAX_TABLE_ROWS,
        title="表格行",
        description="每行一个列表，格数与表头相同；单元格为文字（可用 {键}）或整数",
    )
    metrics: list[NonEmpty] | None = Field(
        None,
        title="指标表",
        description="指标的键，每个一行：指标、单位、完成数、目标数、完成率、上年、增减"
        "（没有的列不印）",
    )
    widths: list[Annotated[float, Field(gt=0)]] | None = Field(
        None, title="列宽比例", description="各列宽度的比例，如 [3, 1, 1]；默认按内容分配"
    )
    align: list[ColumnAlign] | None = Field(
        None,
        title="对齐方式",
        description="各列单元格的对齐：left、center 或 right；默认首列居左，其余居中",
    )
    landscape: bool = Field(
        False,
        title="横排",
        description="true：另起页面横排（§8），表头朝左，单页在订口一侧、双页在切口一侧；"
        "表格宽 225 mm，每页 15 行；页码位置与其他页相同",
    )


METRICS_TABLE = "metrics"


def _table_tag(value: Any) -> str:
    return "metrics_word" if isinstance(value, str) else "table_spec"


class TableBlock(_Model):
    """A table in a body: ``table:`` with the table, or ``table: metrics`` for every metric."""

    model_config = ConfigDict(
        title="表格块",
        json_schema_extra={
            "description": "正文中的表格：table 为表格对象，或写 table: metrics 列出全部指标"
        },
    )

    table: Annotated[
        Annotated[Table, Tag("table_spec")] | Annotated[Literal["metrics"], Tag("metrics_word")],
        Discriminator(_table_tag),
    ] = Field(
        title="表格", description="表格对象（columns、rows 等），或 metrics：全部指标的指标表"
    )


def _block_tag(value: Any) -> str:
    if isinstance(value, str):
        return "paragraph"
    if isinstance(value, TableBlock) or (isinstance(value, dict) and "table" in value):
        return "table_block"
    return "section"


Block = Annotated[
    Annotated[NonEmpty, Tag("paragraph")]
    | Annotated["Section", Tag("section")]
    | Annotated[TableBlock, Tag("table_block")],
    Discriminator(_block_tag),
]


class Section(_Model):
    """A numbered section of a report: 一、 （一） 1. （1） by depth, at most four levels."""

    model_config = ConfigDict(
        title="小节",
        json_schema_extra={"description": "报告的小节：按层级编号 一、（一）1.（1），最多四层"},
    )

    heading: NonEmpty = Field(title="小标题", description="不写序号，按层级自动生成")
    body: list[Block] = Field(
        default_factory=list,
        title="正文",
        description="段落（文字）、表格（table）或下级小节（带 heading 的对象）",
    )
    items: list[Item] = Field(
        default_factory=list, title="条目", description="依次生成“一是”“二是”……"
    )


class Report(_Common):
    """公文式报告：工作总结、汇报材料、情况报告."""

    model_config = ConfigDict(
        title="报告",
        json_schema_extra={
            "description": "公文式报告：工作总结、汇报材料、情况报告，正文可分四级小节"
        },
    )

    kind: Literal["report"] = Field(title="文档类型")
    title: Title = Field(title="标题", description="公文标题；可用换行指定标题的分行位置")
    recipient: NonEmpty | None = Field(
        None, title="主送机关", description="顶格书写，末尾自动加全角冒号"
    )
    body: list[Block] = Field(
        default_factory=list,
        title="正文",
        description="段落（文字）、表格（table）或小节（带 heading 的对象）",
    )


# The filed 公文 kinds build on the models above (official.py imports them).
from .official import (  # noqa: E402
    OFFICIAL_KINDS,
    OFFICIAL_TITLES,
    Letter,
    Minutes,
    Notice,
    OfficialReport,
    Request,
)

Document = Annotated[
    BrandSubmission | Report | Request | OfficialReport | Notice | Minutes | Letter,
    Field(discriminator="kind"),
]
DocumentModel = BrandSubmission | Report | Request | OfficialReport | Notice | Minutes | Letter

document_adapter: TypeAdapter[DocumentModel] = TypeAdapter(Document)

KINDS: dict[str, type[_Common]] = {
    "brand-submission": BrandSubmission,
    "report": Report,
    **OFFICIAL_KINDS,
}
# kind → its Chinese name, for messages.
KIND_TITLES = {"brand-submission": "党建品牌申报材料", "report": "报告", **OFFICIAL_TITLES}

METRIC_ATTRIBUTES = ("value", "target", "rate", "unit", "label")


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of the input contract."""
    schema = document_adapter.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "reportgen 输入文件",
        "description": "reportgen 的输入：党建品牌申报材料（brand-submission）、公文式报告（report），"
        "或带版头、版记的公文：请示（request）、报告（official-report）、通知（notice）、纪要（minutes）、函（letter）",
        **schema,
    }
