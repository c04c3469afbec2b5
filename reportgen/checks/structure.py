"""Checks of the document as a whole: dates, empty parts and sections, lengths of names and headings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ..document.build import text_width
from ..model.models import BrandSubmission, DocumentModel, Report, Section
from ..source.loader import PathKey
from .context import Context


def date_checks(ctx: Context, model: DocumentModel, today: dt.date) -> None:
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


def section_checks(ctx: Context, model: DocumentModel) -> None:
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


def _report_sections(ctx: Context, body: Sequence[Any], path: PathKey, limit: int) -> None:
    for i, block in enumerate(body):
        if isinstance(block, Section):
            here: PathKey = (*path, i)
            _heading_length(ctx, (*here, "heading"), block.heading, limit)
            if not block.body and not block.items:
                ctx.add(
                    "RG601", (*here, "heading"), f"小节“{block.heading}”只有标题，没有正文和条目"
                )
            _report_sections(ctx, block.body, (*here, "body"), limit)


def _heading_length(ctx: Context, path: PathKey, text: str, limit: int) -> None:
    width = text_width(text)
    if width > limit:
        ctx.add("RG603", path, f"小标题 {width:g} 字，超过模板规定的 {limit} 字，请精简")
