"""The PDF renderer's layout as placed pages (the lines and page numbers render_pdf draws)."""

from __future__ import annotations

from ...document.tree import DocumentTree
from ...errors import Problem, RenderError
from ...model.template import Template
from ..pdf import render as pdf
from ..pdf.fonts import fontset as fonts
from .placed import Bookmark, GlyphRun, PlacedDocument, PlacedPage


def place(tree: DocumentTree, template: Template) -> tuple[PlacedDocument, list[Problem]]:
    """Lay the tree out exactly as :func:`render_pdf` does and return where every glyph goes,
    with the same font findings."""
    font_set = fonts.font_set(template)
    roles_used = sorted({p.role for p in fonts.tree_pieces(tree)} | {"page_number"})
    missing = fonts.missing_role_fonts(font_set, roles_used)
    if missing:
        raise RenderError(
            f"找不到可用的字体：{'、'.join(missing)}（请安装官方字体，或 Debian 软件包 "
            "fonts-arphic-uming fonts-arphic-gkai00mp fonts-wqy-microhei fonts-noto-cjk）"
        )
    uses = fonts.check_coverage(tree, font_set)
    doc_fonts = pdf._DocFonts(font_set, uses)
    layout = pdf._Layout(tree, template, doc_fonts)
    geo = layout.geo
    rows_per_page = pdf._paginate(list(layout.blocks()), geo.lines)
    stroke = template.roles.body.size_pt * 0.03
    pages = []
    for number, rows in enumerate(rows_per_page, start=1):
        page = PlacedPage()
        _rows(page, rows, geo, stroke)
        page.runs.extend(_page_number(number, template, geo, doc_fonts))
        pages.append(page)
    findings = fonts.findings(font_set, roles_used, uses, template)
    if pdf.closing_alone(rows_per_page):
        findings.append(
            Problem(
                tree.locate(("organization",)),
                "organization",
                "最后一页只有署名和成文日期，没有正文：请调整内容或行距、字距，"
                "使落款与正文在同一页（GB/T 9704-2012 §7.3.5）",
                severity="warning",
                code="last-page-closing",
            )
        )
    return PlacedDocument(geo.width, geo.height, pages), findings


def _rows(page: PlacedPage, rows: list[pdf._Row | None], geo: pdf._Geometry, stroke: float) -> None:
    for r, row in enumerate(rows):
        if row is None:
            continue
        row_top = geo.top - r * geo.pitch
        if row.bookmark is not None:
            title, level = row.bookmark
            page.bookmarks.append(Bookmark(title, level, row_top + geo.pitch))
        baseline = row_top - (geo.pitch - row.size) / 2 - (1 - pdf._DESCENT_EM) * row.size
        for x, font, bold, gap, chars in row.runs:
            xs = []
            at = geo.left + x
            for ch in chars:
                xs.append(at)
                at += pdf._advance(font, ch) * row.size * row.hscale + gap
            page.runs.append(
                GlyphRun(
                    font,
                    row.size,
                    row.hscale,
                    baseline,
                    tuple(xs),
                    chars,
                    stroke if bold else 0.0,
                )
            )


def _page_number(
    number: int, template: Template, geo: pdf._Geometry, doc_fonts: pdf._DocFonts
) -> list[GlyphRun]:
    """§7.5, as render_pdf places it: "— N —" 7 mm below the text block, outer side."""
    spec = template.page_number
    size = template.roles.page_number.size_pt
    glyphs: list[tuple[str, str, float]] = []
    width = 0.0
    for ch in spec.format.format(n=number):
        got = doc_fonts.get("page_number", ch)
        if got is not None and not ch.isspace():
            glyphs.append((ch, got[0], width))
        width += (got[1] if got else 0.5) * size
    align = spec.odd if number % 2 else spec.even
    indent = spec.indent_chars * size
    if align == "right":
        x = geo.left + geo.text_width - indent - width
    elif align == "left":
        x = geo.left + indent
    else:
        x = geo.left + (geo.text_width - width) / 2
    dash_face = doc_fonts.font_set.face_for("page_number", "—")
    dash_mid = dash_face.dash_mid_em if dash_face else 0.3
    baseline = geo.bottom - spec.below_text_mm * pdf.PT_PER_MM - dash_mid * size
    runs: list[GlyphRun] = []
    for ch, font, dx in glyphs:
        last = runs[-1] if runs else None
        if last is not None and last.font == font:
            runs[-1] = GlyphRun(font, size, 1.0, baseline, (*last.xs_pt, x + dx), last.text + ch)
        else:
            runs.append(GlyphRun(font, size, 1.0, baseline, (x + dx,), ch))
    return runs
