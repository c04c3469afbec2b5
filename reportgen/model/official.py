"""The filed 公文 kinds (请示, 报告, 通知, 函, 纪要): 版头, 版记, 附件, seals (GB/T 9704-2012 §7, §10)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Discriminator, Field, Tag

from .models import Block, BrandSubmission, NonEmpty, Report, Section, _Common, _Model

# A 附件 filed from another input: a brand submission or a report, with its own structure.
AttachedDocument = Annotated[BrandSubmission | Report, Field(discriminator="kind")]


class Header(_Model):
    """版头 (§7.2): everything above the red separator line."""

    model_config = ConfigDict(
        title="版头",
        json_schema_extra={
            "description": "份号、密级和保密期限、紧急程度、发文机关标志、发文字号、签发人（GB/T 9704-2012 §7.2）"
        },
    )

    issuer: NonEmpty | list[NonEmpty] = Field(
        title="发文机关标志",
        description="发文机关全称或规范化简称；联合行文写成列表，主办机关在前（§7.2.4）",
    )
    issuer_suffix: str = Field(
        "文件",
        title="标志后缀",
        description='标志后的“文件”二字；函、纪要等不用时写空字符串 ""',
    )
    number: NonEmpty | None = Field(
        None,
        title="发文字号",
        description="机关代字〔年份〕序号号，如 坦委〔2024〕12号：六角括号，年份写全，不编虚位，不加“第”",
    )
    signers: list[NonEmpty] = Field(
        default_factory=list,
        title="签发人",
        description="上行文（请示、报告）的签发人姓名；联合行文写多人（§7.2.6）",
    )
    copy_number: str | None = Field(
        None, title="份号", description="6 位阿拉伯数字，如 000123；涉密公文必须标注（§7.2.1）"
    )
    secrecy: NonEmpty | None = Field(
        None, title="密级和保密期限", description="如 机密★1年（§7.2.2）"
    )
    urgency: Literal["特急", "加急"] | None = Field(
        None, title="紧急程度", description="特急 或 加急（§7.2.3）"
    )
    preprinted: bool = Field(
        False,
        title="预印红头纸",
        description="true 表示打印在预印版头的红头纸上：标志和红色分隔线留空不印，其余照常",
    )


class Imprint(_Model):
    """版记 (§7.4): 抄送机关, 印发机关和印发日期, between separator rules."""

    model_config = ConfigDict(
        title="版记",
        json_schema_extra={
            "description": "末页下端的抄送机关、印发机关和印发日期（GB/T 9704-2012 §7.4）"
        },
    )

    copy_to: list[NonEmpty] = Field(
        default_factory=list, title="抄送机关", description="抄送机关名称，依次以顿号连接"
    )
    printed_by: NonEmpty | None = Field(
        None, title="印发机关", description="一般是发文机关的办公厅（室）或文秘部门"
    )
    printed_on: dt.date | None = Field(
        None, title="印发日期", description="写成 2024-12-01；不得早于成文日期"
    )


class Attachment(_Model):
    """One 附件: its name in the 附件说明 and, when bound with the document, its pages."""

    model_config = ConfigDict(
        title="附件",
        json_schema_extra={
            "description": "附件说明中的名称；写 body 时附件随正文装订，另起一页（§7.3.7）"
        },
    )

    name: NonEmpty = Field(title="附件名称", description="附件说明中的名称，不加序号和标点")
    title: NonEmpty | None = Field(
        None, title="附件标题", description="附件页上的标题；默认同附件名称，两者必须一致"
    )
    body: list[Block] = Field(
        default_factory=list, title="附件正文", description="段落或小节，与正文写法相同"
    )
    from_: NonEmpty | None = Field(
        None,
        alias="from",
        title="附件文件",
        description="另一个输入文件的路径（相对本文件），如 ../tanzhou-2024.yaml：党建品牌申报材料"
        "或报告，按其自身结构（一、（一）……）印在附件页上；本文的正文可引用它的指标",
    )
    document: AttachedDocument | None = Field(
        None, title="附件文件内容", description="由 from 读入的文件内容，不必手写"
    )


def _attachment_tag(value: Any) -> str:
    return "name" if isinstance(value, str) else "attachment"


# A 附件 is its name alone or an object; one branch's errors only (a mistake in an object is not
# also reported as “应为文本”).
AttachmentItem = Annotated[
    Annotated[NonEmpty, Tag("name")] | Annotated[Attachment, Tag("attachment")],
    Discriminator(_attachment_tag),
]


class _Official(_Common):
    header: Header | None = Field(None, title="版头", description="发文机关标志、发文字号等")
    recipient: NonEmpty | None = Field(
        None, title="主送机关", description="顶格书写，末尾自动加全角冒号"
    )
    title: NonEmpty = Field(title="标题", description="公文标题；可用换行指定标题的分行位置")
    body: list[Block] = Field(
        default_factory=list, title="正文", description="段落（文字）或小节（带 heading 的对象）"
    )
    attachments: list[AttachmentItem] = Field(  # type: ignore[assignment]
        default_factory=list,
        title="附件",
        description="附件名称，或 {name, body}：带正文的附件另起一页，印在版记之前",
    )
    sealed: bool = Field(
        False,
        title="加盖印章",
        description="true：成文日期右空四字，署名居中于日期之上，留出印章位置（§7.3.5.1）",
    )
    seal_image: NonEmpty | None = Field(
        None, title="印章图片", description="PNG 图片路径（相对本文件），盖在署名和成文日期上"
    )
    note: NonEmpty | None = Field(
        None, title="附注", description="如 此件公开发布；自动加全角圆括号（§7.3.6）"
    )
    imprint: Imprint | None = Field(None, title="版记", description="抄送机关、印发机关和印发日期")


class Request(_Official):
    """请示: 上行文, one 主送机关, 签发人 required."""

    model_config = ConfigDict(
        title="请示",
        json_schema_extra={"description": "请示（上行文）：一个主送机关，版头须有签发人"},
    )
    kind: Literal["request"] = Field(title="文档类型")


class OfficialReport(_Official):
    """报告 as a filed 公文: 上行文 with a 版头 and 签发人."""

    model_config = ConfigDict(
        title="报告（公文）",
        json_schema_extra={"description": "报告（上行文，带版头）：版头须有签发人，须有主送机关"},
    )
    kind: Literal["official-report"] = Field(title="文档类型")


class Notice(_Official):
    """通知: 下行文 (or 平行文); no 签发人."""

    model_config = ConfigDict(
        title="通知",
        json_schema_extra={"description": "通知（下行文）：版头不标签发人"},
    )
    kind: Literal["notice"] = Field(title="文档类型")


class Minutes(_Official):
    """纪要 (§10.3): “×××纪要” as the 标志; 出席, 请假 and 列席 lists after the body."""

    model_config = ConfigDict(
        title="纪要",
        json_schema_extra={
            "description": "纪要：标志为“×××纪要”，正文后列出出席、请假、列席人员（§10.3）"
        },
    )
    kind: Literal["minutes"] = Field(title="文档类型")
    attendees: list[NonEmpty] = Field(
        default_factory=list, title="出席", description="出席人员的单位和姓名，每项一人或一个单位"
    )
    absent: list[NonEmpty] = Field(default_factory=list, title="请假", description="请假人员")
    observers: list[NonEmpty] = Field(default_factory=list, title="列席", description="列席人员")


class Letter(_Official):
    """函 (§10.1): 平行文 in the 信函格式: the 标志 30 mm from the page top between red double rules,
    no 签发人, a 主送机关, a 版记 of 抄送 only."""

    model_config = ConfigDict(
        title="函",
        json_schema_extra={
            "description": "函（平行文，信函格式）：标志距上页边 30 mm，上下红色双线，首页不显示页码，"
            "版记只有抄送（§10.1）"
        },
    )
    kind: Literal["letter"] = Field(title="文档类型")


OfficialModel = Request | OfficialReport | Notice | Minutes | Letter

OFFICIAL_KINDS: dict[str, type[_Official]] = {
    "request": Request,
    "official-report": OfficialReport,
    "notice": Notice,
    "minutes": Minutes,
    "letter": Letter,
}
# 上行文: the kinds whose 版头 names 签发人 (§7.2.6).
UPWARD_KINDS = {"request", "official-report"}
# The 文种 name of each kind, as users and messages say it.
GENRES = {
    "request": "请示",
    "official-report": "报告",
    "notice": "通知",
    "minutes": "纪要",
    "letter": "函",
}
OFFICIAL_TITLES = {
    "request": "请示",
    "official-report": "报告（公文）",
    "notice": "通知",
    "minutes": "纪要",
    "letter": "函",
}
# Section is named so that pydantic resolves the body's forward reference in this module.
__all__ = ["Section"]


def issuers(header: Header) -> list[str]:
    """The issuing organs of a header, lead organ first."""
    return [header.issuer] if isinstance(header.issuer, str) else list(header.issuer)
