"""Importing pasted text or a Word file: cleaning, structure detection, metrics, an input-shaped result."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError, Location, Problem, display_path
from .blocks import Block, classify
from .brand import quoted_brand, read_brand
from .figures import lift_metrics
from .frontback import front_back
from .furniture import strip_furniture
from .reading import read_source
from .result import KINDS, Imported
from .sections import nest
from .tables import metric_tables

_UNITS = "党支部|党总支|党工委|党委|党组|总工会|工会|委员会|人民政府|办公室|办事处|居委会|村委会|局|中心|协会|联合会|档案馆|馆"
_ORG_SUFFIX = re.compile(f"(?:{_UNITS})$")
# A sentence fragment ends like a unit but starts with a verb or preposition: 依托党支部.
_FRAGMENT = re.compile(
    "^(?:依托|通过|在|由|经|以|把|将|对|向|为|是|推动|组织|发挥|加强|带领|围绕|按照|根据|联合|配合|协调|"
    "寓意|指导|支持|成立|建立|组建|设立|打造|依靠|会同|和|与|及|同|各|全体|广大|本|我|该)"
)
_ORG = re.compile(f"(?:^|[。，；：\n])([^。，；：“”（）\n]{{2,30}}(?:{_UNITS}))")


def import_file(path: Path, kind: str = "auto", metrics: bool = True) -> Imported:
    """Read, clean and structure one text or Word file into input-shaped data."""
    if kind not in KINDS:
        raise ValueError(kind)
    hints: dict[str, str] = {}
    paras, cleaned, encoding = read_source(path, hints)
    imported = Imported({}, display_path(path), cleaned, encoding=encoding, hints=hints)
    imported.review.extend(cleaned.review)
    if not paras:
        raise InputError([Problem(Location(imported.source), "", "文件里没有文字")])
    imported.removed.extend(cleaned.removed)
    paras = strip_furniture(paras, imported)
    data: dict[str, Any] = {}
    body_paras = front_back(paras, data, imported)
    blocks = classify(body_paras, imported)
    structured = _structure(blocks, kind, data, imported)
    organization = data.pop("organization", None)
    if organization is None:
        organization = _infer_organization("\n".join(p.text for p in paras), imported)
    if (
        structured.get("kind") == "brand-submission"
        and data.get("title") == f"{organization}党建品牌申报材料"
    ):
        del data[
            "title"
        ]  # the default title; leaving it out keeps it in step with the organization
    result = _assemble(structured, data, organization, imported)
    imported.data = result
    if metrics:
        lift_metrics(result, imported)
        metric_tables(result, imported)
    return imported


def _structure(
    blocks: list[Block], kind: str, data: dict[str, Any], imported: Imported
) -> dict[str, Any]:
    """The body as a brand submission (when asked or when it reads as one) or as a report."""
    structured: dict[str, Any] = {}
    is_brand = False
    if kind in ("auto", "brand-submission"):
        # Decisions of a brand reading only count when the text is read as a brand submission.
        trial = Imported({}, imported.source)
        is_brand = read_brand(blocks, structured, trial, data.get("title", ""))
        if is_brand:
            imported.notes.extend(trial.notes)
            for where, texts in trial.comments.items():
                imported.comments.setdefault(where, []).extend(texts)
        if not is_brand and kind == "brand-submission":
            imported.notes.append(
                "没有找到“品牌名称”部分，仍按党建品牌申报材料导入，请补全品牌名称"
            )
            name = quoted_brand(data.get("title", ""), blocks)
            structured = {
                "kind": "brand-submission",
                "brand": {
                    "name": name or "（待填写）",
                    "meaning": "\n\n".join(b.text for b in blocks if b.kind != "heading")
                    or "（待填写）",
                },
            }
            if name:
                imported.comment(("brand", "name"), "原文没有品牌名称，名称取自引号，请核对")
            else:
                imported.comment(("brand", "name"), "原文没有品牌名称，请填写")
            is_brand = True
    if not is_brand:
        structured = {"kind": "report", "body": nest(blocks, imported)}
        if "title" not in data:
            data["title"] = "（待填写标题）"
            imported.comment(("title",), "原文没有标题，请填写")
    return structured


def _infer_organization(text: str, imported: Imported) -> str:
    """No signature: the byline's 来源, else a unit named in the text, else a placeholder."""
    source = imported.hints.get("source", "")
    if source and _ORG_SUFFIX.search(source):
        imported.comment(("organization",), "原文没有落款，发文机关取自网页的“来源”，请核对")
        imported.notes.append(f"原文没有落款，发文机关取网页“来源”中的“{source}”")
        return source
    for m in _ORG.finditer(text):
        organization = m.group(1).strip()
        suffix = _ORG_SUFFIX.search(organization)
        if _FRAGMENT.match(organization) or suffix is None or suffix.start() < 2:
            continue
        imported.comment(("organization",), "原文没有落款，发文机关按正文推断，请核对")
        imported.notes.append(f"原文没有落款，发文机关推断为“{organization}”")
        return organization
    imported.comment(("organization",), "原文没有落款，请填写发文机关")
    imported.notes.append("原文没有落款，也没有可靠的发文机关，已写“（待填写）”")
    return "（待填写）"


def _assemble(
    structured: dict[str, Any], data: dict[str, Any], organization: str, imported: Imported
) -> dict[str, Any]:
    """The fields in the order an input file has them."""
    result: dict[str, Any] = {"kind": structured.pop("kind")}
    if "title" in data:
        result["title"] = data.pop("title")
    result["organization"] = organization
    if "date" in data:
        result["date"] = data.pop("date")
    if "recipient" in data:
        if result["kind"] == "report":
            result["recipient"] = data.pop("recipient")
        else:
            imported.notes.append(f"主送机关“{data.pop('recipient')}”不属于申报材料，已略去")
    result.update(structured)
    if "attachments" in data:
        result["attachments"] = data.pop("attachments")
    if "parts" in result:
        result["parts"] = result.pop("parts")
    return result


def summary_lines(imported: Imported, out: Path | None = None) -> list[str]:
    """What the import changed and what a person must look at, as lines for stderr."""
    data = imported.data
    lines = [f"{imported.source}: 导入为 {data['kind']}（编码 {imported.encoding}）"]
    if data["kind"] == "brand-submission":
        counts = "、".join(str(len(a.get("items", []))) for a in data.get("achievements", []))
        lines.append(
            f"  品牌名称：{data['brand']['name']}；创建成效 {len(data.get('achievements', []))} 节"
            + (f"（条目 {counts}）" if counts else "")
        )
    if imported.cleaned is not None:
        for label, count, where in imported.cleaned.summary():
            shown = "、".join(map(str, where[:20])) + ("…" if len(where) > 20 else "")
            lines.append(f"  已修改 · {label}：{count} 行（第 {shown} 行）")
        for change in imported.cleaned.changes:
            if change.step == "mojibake":
                lines.append(
                    f"    第{change.line}行 乱码“{change.before}”→“{change.after.strip('　')}”"
                )
    for removal in imported.removed:
        lines.append(f"  已删除 · 第{removal.line}行“{removal.text}”：{removal.reason}")
    for note in imported.notes:
        lines.append(f"  结构 · {note}")
    if imported.review:
        lines.append(f"  需要人工核对 {len(imported.review)} 处：")
        for review in imported.review:
            lines.append(f"    第{review.line}行“{review.span}”：{review.message}")
    flagged = sum(len(v) for v in imported.comments.values())
    if flagged:
        lines.append(f"  输出文件中有 {flagged} 条“请核对/请填写”注释")
    if out is not None:
        lines.append(f"  已写入 {out}，请运行 reportgen check {out}")
    return lines
