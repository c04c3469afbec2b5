"""The 公文 elements in the DOCX: 版头, sealed closing, 附注, 附件 pages and the 版记 section.

Direct formatting (a role's full paragraph and run properties) rather than new named styles, so
the style sheet of the other kinds stays as it is. The 版头 takes the grid lines the shared
geometry gives it: its paragraphs have exact heights that add up to the title's row.
"""

from __future__ import annotations

import copy

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from ...document.build import text_width
from ...document.tree import (
    AttachmentPage,
    Attendance,
    DocumentTree,
    Masthead,
    Note,
    SealedClosing,
    corner_role,
)
from .. import official as geometry
from ..pdf.placed import PlacedDocument
from .drawing import Media, Place, picture_run, seal_media
from .letterhead import title_page, write_letterhead
from .ooxml import WordLayout, el, ppr_of, pt_to_twips, rpr_of

# CT_PPrBase and CT_RPr child order (ECMA-376 Part 1, §17.3.1.26 and §17.3.2.28), the elements
# this module writes: a child is inserted before the first sibling that comes later.
_PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "pBdr",
    "shd",
    "tabs",
    "overflowPunct",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
    "rPr",
    "sectPr",
]
_RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "lang",
]
# A border's width in eighths of a point (w:sz), from mm.
_EIGHTHS_PER_MM = 8 / 25.4 * 72
# What the 版记's three rules add to its height in Word and LibreOffice, about (pt).
_RULES_PT = 3.0


def _put(
    parent: BaseOxmlElement, child: BaseOxmlElement, order: tuple[str, ...] | list[str]
) -> None:
    """Replace or insert ``child`` in ``parent`` at its place in the schema order."""
    tag = child.tag.rsplit("}", 1)[-1]
    old = parent.find(qn(f"w:{tag}"))
    if old is not None:
        parent.replace(old, child)
        return
    rank = order.index(tag)
    for i, sibling in enumerate(parent):
        name = sibling.tag.rsplit("}", 1)[-1]
        if name in order and order.index(name) > rank:
            parent.insert(i, child)
            return
    parent.append(child)


class OfficialWriter:
    def __init__(self, body: BaseOxmlElement, tree: DocumentTree, layout: WordLayout) -> None:
        self.body = body
        self.tree = tree
        self.layout = layout
        self.template = layout.template
        self.red = self.template.official.red
        self.media: list[Media] = []  # the seal images the body refers to
        self._placed: PlacedDocument | None = None

    def placed(self) -> PlacedDocument:
        """The PDF layout of the same tree (one grid, line breaker and pagination): where the
        body ends and where the seals go."""
        if self._placed is None:
            # imported here: only the 公文 with a 版记 or a seal need the PDF layout (and fonts)
            from ..pdf.layout import layout_document

            self._placed = layout_document(self.tree, self.template)
        return self._placed

    def para(self, role: str, *, line_pt: float | None = None) -> BaseOxmlElement:
        """A paragraph set in ``role``; ``line_pt`` gives it an exact height off the grid."""
        p = el("p")
        ppr = ppr_of(self.layout, getattr(self.template.roles, role), outline=False)
        if line_pt is not None:
            _put(ppr, el("snapToGrid", val=0), _PPR_ORDER)
            ppr.find(qn("w:spacing")).set(qn("w:line"), str(pt_to_twips(line_pt)))
        p.append(ppr)
        self.body.append(p)
        return p

    def run(self, p: BaseOxmlElement, role: str, text: str, red: bool = False) -> BaseOxmlElement:
        r = el("r")
        rpr = rpr_of(self.layout, getattr(self.template.roles, role))
        if red:
            rpr.find(qn("w:color")).set(qn("w:val"), self.red)
        r.append(rpr)
        if text == "\t":
            r.append(el("tab"))
        else:
            t = el("t")
            t.text = text
            r.append(t)
        p.append(r)
        return r

    @staticmethod
    def spacing(p: BaseOxmlElement, **attrs: int) -> None:
        spacing = p.find(qn("w:pPr")).find(qn("w:spacing"))
        for name, value in attrs.items():
            spacing.set(qn(f"w:{name}"), str(max(value, 0)))
        for name in ("beforeLines", "afterLines"):
            if name[:-5] in attrs and spacing.get(qn(f"w:{name}")) is not None:
                del spacing.attrib[qn(f"w:{name}")]

    @staticmethod
    def ind(p: BaseOxmlElement, **attrs: int) -> None:
        _put(p.find(qn("w:pPr")), el("ind", **attrs), _PPR_ORDER)

    # ------------------------------------------------------------------ 版头

    def masthead(self) -> None:
        """§7.2: the 版头's paragraphs, before the title (nothing for kinds without one)."""
        m = self.tree.masthead
        if m is not None and m.letter:
            write_letterhead(self, m)
        elif m is not None:
            self._masthead(m)

    def _masthead(self, m: Masthead) -> None:
        g = geometry.masthead_geometry(m, self.template)
        pitch = self.template.grid.line_pitch_pt
        for text in m.corner:
            self.run(self.para(corner_role(text)), corner_role(text), text)
        # §7.2.4: the 标志's lines, each 1.25 em tall (the em box centred, glyphs unclipped)
        line = g.issuer_pitch if len(m.issuers) > 1 else g.issuer_size * 1.25
        above = (line - g.issuer_size) / 2
        y = len(m.corner) * pitch
        names = [m.issuer_text] if len(m.issuers) == 1 else list(m.issuers)
        widest = max(text_width(n) for n in m.issuers) + text_width(m.suffix)
        text_width_pt = self.template.page.text_width_mm * geometry.PT_PER_MM
        left = pt_to_twips((text_width_pt - widest * g.issuer_size) / 2)
        for i, name in enumerate(names):
            p = self.para("issuer", line_pt=line)
            if len(m.issuers) > 1:
                # joint names start at one x (a centred line would ignore the trailing spaces)
                _put(p.find(qn("w:pPr")), el("jc", val="left"), _PPR_ORDER)
                self.ind(p, left=max(left, 0), firstLineChars=0, firstLine=0)
            self._issuer_runs(p, m, m.issuers[i] if len(m.issuers) > 1 else name, i, g.issuer_size)
            if i == 0:
                self.spacing(p, before=pt_to_twips(g.issuer_top - above - y))
            y = g.issuer_top - above + (i + 1) * line
        self.spacing(p, after=pt_to_twips(g.first_signer_row * pitch - y))
        self._signers(m, g)

    def _issuer_runs(self, p: BaseOxmlElement, m: Masthead, name: str, i: int, size: float) -> None:
        """One line of the 标志, red, at the shrunk size. Joint names are spread to the widest
        one's width; “文件” goes on the middle line, lowered to the middle of the stack when the
        count is even (§7.2.4). Preprinted paper keeps the lines' space and prints nothing."""
        if m.preprinted:
            return
        n = len(m.issuers)
        widest = max(text_width(x) for x in m.issuers)
        pieces: list[tuple[str, float, float]] = [(name, 0.0, 0.0)]
        if n > 1:
            if len(name) > 1 and text_width(name) < widest:
                gap = (widest - text_width(name)) * size / (len(name) - 1)
                pieces = [(name[:-1], gap, 0.0), (name[-1], 0.0, 0.0)]
            middle = (n - 1) // 2
            if i == middle:
                lower = (
                    ((n - 1) / 2 - middle) * size * (1 + self.template.official.issuer_line_gap_em)
                )
                pieces.append((m.suffix, 0.0, lower))
            else:
                pieces.append(("\u3000" * len(m.suffix), 0.0, 0.0))
        half = str(round(size * 2))
        for text, gap, lower in pieces:
            if not text:
                continue
            rpr = self.run(p, "issuer", text, red=True).find(qn("w:rPr"))
            rpr.find(qn("w:sz")).set(qn("w:val"), half)
            rpr.find(qn("w:szCs")).set(qn("w:val"), half)
            _put(rpr, el("spacing", val=pt_to_twips(gap)), _RPR_ORDER)
            if lower:
                _put(rpr, el("position", val=-round(lower * 2)), _RPR_ORDER)

    def _signers(self, m: Masthead, g: geometry.MastheadGeometry) -> None:
        """§7.2.5-7.2.7: 签发人 right (a right tab one character in), the 发文字号 on the last row,
        the red line as that paragraph's bottom border 4 mm below the text."""
        layout, official = self.layout, self.template.official
        pitch = self.template.grid.line_pitch_pt
        width = layout.chars(self.template.grid.chars_per_line)
        rows = ["\u3000".join(r) for r in m.signer_rows] or [""]
        first_names = text_width(rows[0])
        names_at = width - layout.chars(official.signer_indent_chars + first_names)
        last = None
        for i, names in enumerate(rows):
            is_last = i == len(rows) - 1
            p = self.para("doc_number" if not m.signer_rows else "signer")
            if m.signer_rows:
                _put(p.find(qn("w:pPr")), el("jc", val="left"), _PPR_ORDER)
                tabs = el("tabs")
                if i == 0:  # “签发人：” and the names end 1 character from the right edge
                    right = width - layout.chars(official.signer_indent_chars)
                    tabs.append(el("tab", val="right", pos=right))
                else:  # later names start under the first row's first name
                    tabs.append(el("tab", val="left", pos=names_at))
                _put(p.find(qn("w:pPr")), tabs, _PPR_ORDER)
                if is_last and m.number:
                    indent = official.number_indent_chars
                    self.ind(p, firstLineChars=round(indent * 100), firstLine=layout.chars(indent))
                    self.run(p, "doc_number", m.number)
                if i == 0:
                    self.run(p, "signer", "\t")
                    self.run(p, "signer", m.signer_label)
                    self.run(p, "signer_name", names)
                else:
                    self.run(p, "signer", "\t")
                    self.run(p, "signer_name", names)
            elif m.number:
                self.run(p, "doc_number", m.number)
            last = p
        assert last is not None
        # the border sits ``space`` pt below the line box; the text's em box ends (pitch-size)/2
        # above the line box's bottom
        size = self.template.roles.doc_number.size_pt
        space = official.rule_below_number_mm * geometry.PT_PER_MM - (pitch - size) / 2
        rule = official.rule_mm * geometry.PT_PER_MM
        if not m.preprinted:
            border = el("pBdr")
            border.append(
                el(
                    "bottom",
                    val="single",
                    sz=max(2, round(official.rule_mm * _EIGHTHS_PER_MM)),
                    space=max(0, round(space)),
                    color=self.red,
                )
            )
            _put(last.find(qn("w:pPr")), border, _PPR_ORDER)
        taken = (g.number_row + 1) * pitch + (round(space) + rule if not m.preprinted else 0)
        self.spacing(last, after=pt_to_twips(g.title_row * pitch - taken))

    # ------------------------------------------------------------------ 主体

    def sealed_closing(self, block: SealedClosing) -> None:
        """§7.3.5.1: room for the seal above the signature; the signature centred over the
        date, which is right-indented 4 characters."""
        layout = self.layout
        blanks = geometry.seal_blank_lines(self.template)
        for role, text, indent in (
            ("signature", block.signature, block.signature_right_indent),
            ("date", block.date, block.date_right_indent),
        ):
            p = self.para(role)
            if role == "signature":
                _put(p.find(qn("w:pPr")), el("keepNext"), _PPR_ORDER)
                self.spacing(p, before=blanks * layout.pitch)
            self.ind(p, rightChars=round(indent * 100), right=layout.chars(indent))
            self.run(p, role, text)
        if block.seal_image:
            self._seal(p, block.seal_image)

    def _seal(self, date: BaseOxmlElement, image: str) -> None:
        """§7.3.5.1: the seal where the PDF draws it (centred on the date, its centre on the top
        of the signature's line), anchored to the date's paragraph: one line and half the seal
        above that paragraph's top."""
        n = len(self.media) + 1
        placed = [i for page in self.placed().pages for i in page.images if i.path == image]
        left = self.template.page.margin_left_mm * geometry.PT_PER_MM
        size = self.template.official.seal_diameter_mm * geometry.PT_PER_MM
        x = placed[len(self.media)].x - left if len(placed) >= n else 0.0
        y = -(self.template.grid.line_pitch_pt + size / 2)
        self.media.append(seal_media(n, image))
        date.append(picture_run(n, f"rIdSeal{n}", Place(x, y, size, size, "paragraph")))

    def note(self, block: Note) -> None:
        self.run(self.para("note"), "note", block.text)

    def attachment_page(self, block: AttachmentPage) -> None:
        """§7.3.7: a new page; 附件N flush left on line 1, the title centred from line 3."""
        layout = self.layout
        p = self.para("attachment_label")
        _put(p.find(qn("w:pPr")), el("pageBreakBefore"), _PPR_ORDER)
        self.spacing(p, after=layout.pitch)
        self.run(p, "attachment_label", block.label)
        title = self.para("attachment_title")
        self.spacing(title, after=self.template.roles.title.space_after_lines * layout.pitch)
        for i, line in enumerate(block.title.lines):
            r = self.run(title, "attachment_title", line)
            if i:
                r.insert(1, el("br"))

    def attendance(self, block: Attendance) -> None:
        """§10.3: “出席：” in 黑体 2 characters in, names in 仿宋, wrapped lines after the colon."""
        role = self.template.roles.attendance_label
        indent, label = role.first_line_indent_chars, text_width(block.label)
        p = self.para("body")
        self.spacing(p, before=self.layout.pitch if block.blank_before else 0)
        left = indent + label
        self.ind(
            p,
            leftChars=round(left * 100),
            left=self.layout.chars(left),
            hangingChars=round(label * 100),
            hanging=self.layout.chars(label),
        )
        self.run(p, "attendance_label", block.label)
        self.run(p, "body", block.names)

    # ------------------------------------------------------------------ 版记

    def imprint(self, sect_pr: BaseOxmlElement) -> None:
        """§7.4: the 版记 at the bottom of an even last page. Word paginates, so the DOCX asks the
        PDF layout (the same grid, line breaker and pagination) where the body ends: on an even
        page with room, the 版记 stays on it; else one or two page breaks lead to the next even
        page. The 版记 is a frame pinned to the 版心's bottom edge."""
        imprint = self.tree.imprint
        if imprint is None:
            return
        placed = self.placed()
        if placed.imprint_breaks == 2:
            self._unnumbered_pages(sect_pr)
        elif placed.imprint_breaks == 1:  # the 版记 page follows an odd page and is numbered
            p = self.para("imprint", line_pt=1)
            _put(p.find(qn("w:pPr")), el("pageBreakBefore"), _PPR_ORDER)
        self._imprint_lines(imprint.copy_to, imprint.printed_by, imprint.printed_on)

    def _unnumbered_pages(self, sect_pr: BaseOxmlElement) -> None:
        """§7.5: a blank page before the 版记 page, and neither numbered. Each is a section of its
        own with a title page (w:titlePg) whose first-page footer is not defined, so blank; the
        body's section ends on its last paragraph and keeps the numbered footers."""
        numbered = copy.deepcopy(sect_pr)  # a 函's keeps its title page (§10.1: page 1)
        title_page(sect_pr)
        body_end = self.body.findall(qn("w:p"))[-1]
        ppr = body_end.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("pPr")
            body_end.insert(0, ppr)
        _put(ppr, numbered, _PPR_ORDER)
        blank = self.para("imprint", line_pt=self.template.grid.line_pitch_pt)
        _put(blank.find(qn("w:pPr")), copy.deepcopy(sect_pr), _PPR_ORDER)
        self.para("imprint", line_pt=1)  # the 版记 frames' anchor on the new page

    def _frame(self, top_pt: float) -> BaseOxmlElement:
        return _frame_xml(self.layout.chars(self.template.grid.chars_per_line), top_pt)

    def _imprint_lines(self, copy_to: str, printed_by: str, printed_on: str) -> None:
        official, layout = self.template.official, self.layout
        pitch = self.template.grid.line_pitch_pt
        thick = max(2, round(official.imprint_thick_mm * _EIGHTHS_PER_MM))
        thin = max(2, round(official.imprint_thin_mm * _EIGHTHS_PER_MM))
        letter = self.tree.masthead is not None and self.tree.masthead.letter
        g = geometry.imprint_geometry(bool(copy_to), self.template, letter)
        # the rules add their widths to the frame's height: start that much higher
        top = self.template.page.margin_top_mm * geometry.PT_PER_MM + g.rows[0] * pitch
        top -= 0 if letter else _RULES_PT
        indent = official.imprint_indent_chars
        width = layout.chars(self.template.grid.chars_per_line)
        lines = [(copy_to, "")] if copy_to else []
        if not letter:  # §10.1: a 函's 版记 is its 抄送 line, without rules
            lines.append((printed_by, printed_on))
        for i, (left, right) in enumerate(lines):
            if i:  # LibreOffice drops the frame of a framed paragraph right before another
                self.para("imprint", line_pt=1)
            p = self.para("imprint", line_pt=pitch)
            ppr = p.find(qn("w:pPr"))
            _put(ppr, self._frame(top + i * pitch), _PPR_ORDER)  # one frame a line
            # §7.4.1: thick above the first item, thin between, thick below the last; each
            # line a frame of its own with its rules above it (LibreOffice moves a frame whose
            # paragraph has a bottom border but is not the last)
            borders = el("pBdr")
            top_size = thick if i == 0 else thin
            borders.append(el("top", val="single", sz=top_size, space=0, color="000000"))
            if i == len(lines) - 1:
                borders.append(el("bottom", val="single", sz=thick, space=0, color="000000"))
            if not letter:
                _put(ppr, borders, _PPR_ORDER)
            tabs = el("tabs")
            tabs.append(el("tab", val="right", pos=width - layout.chars(indent)))
            _put(ppr, tabs, _PPR_ORDER)
            self.ind(p, left=layout.chars(indent), hanging=0)
            self.run(p, "imprint", left)
            if right:
                self.run(p, "imprint", "\t")
                self.run(p, "imprint", right)


def _frame_xml(width: int, top_pt: float) -> BaseOxmlElement:
    """A frame as wide as the 版心, ``top_pt`` below the page's top edge: the 版记's place on its
    page does not depend on how full the page is."""
    return el(
        "framePr",
        w=width,
        wrap="around",
        vAnchor="page",
        hAnchor="margin",
        x=0,
        y=pt_to_twips(top_pt),
        hRule="auto",
    )
