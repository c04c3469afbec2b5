"""The DOCX package: page, grid, styles, fonts, footers, properties and reproducibility, read as XML."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from reportgen.model.template import load_template
from reportgen.pipeline import prepare
from reportgen.render.docx import render_docx
from tests.conftest import INPUTS, ROOT, SAMPLE

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
TWIPS_PER_MM = 1440 / 25.4
REPORT = INPUTS / "shili-union-2024-summary.yaml"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class Package:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def style(self, style_id: str) -> etree._Element:
        found = self.xml("word/styles.xml").find(f"w:style[@w:styleId='{style_id}']", NS)
        assert found is not None, style_id
        return found


def render(path: Path, template: str | None = None) -> Package:
    tmpl = load_template(template)
    return Package(render_docx(prepare(path, tmpl).tree, tmpl).data)


@pytest.fixture(scope="module")
def sample() -> Package:
    return render(SAMPLE)


@pytest.fixture(scope="module")
def report() -> Package:
    return render(REPORT)


def test_a4_and_margins(sample: Package) -> None:
    sect = sample.xml("word/document.xml").find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert abs(int(size.get(w("w"))) / TWIPS_PER_MM - 210) <= 0.5
    assert abs(int(size.get(w("h"))) / TWIPS_PER_MM - 297) <= 0.5
    margins = sect.find("w:pgMar", NS)
    for side, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(margins.get(w(side))) / TWIPS_PER_MM - mm) <= 0.5, side


def test_one_line_grid_of_579(sample: Package) -> None:
    sect = sample.xml("word/document.xml").find(".//w:body/w:sectPr", NS)
    grids = sect.findall("w:docGrid", NS)
    assert len(grids) == 1
    assert grids[0].get(w("type")) == "lines"
    assert grids[0].get(w("linePitch")) == "579"
    spacing = sample.xml("word/styles.xml").find(".//w:pPrDefault/w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")


def test_section_children_in_schema_order(sample: Package) -> None:
    sect = sample.xml("word/document.xml").find(".//w:body/w:sectPr", NS)
    names = [etree.QName(c).localname for c in sect]
    assert names == ["footerReference", "footerReference", "pgSz", "pgMar", "cols", "docGrid"]


# Children of pPr and rPr in the order CT_PPrBase / CT_RPr require (Word rejects others).
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "widowControl",
    "overflowPunct",
    "snapToGrid",
    "spacing",
    "ind",
    "jc",
    "outlineLvl",
]
RPR_ORDER = ["rStyle", "rFonts", "b", "bCs", "color", "spacing", "sz", "szCs", "lang"]


@pytest.mark.parametrize("part", ["word/styles.xml", "word/document.xml", "word/footer1.xml"])
def test_property_children_in_schema_order(sample: Package, report: Package, part: str) -> None:
    for package in (sample, report):
        root = package.xml(part)
        for tag, order in (("pPr", PPR_ORDER), ("rPr", RPR_ORDER)):
            for element in root.iter(w(tag)):
                names = [etree.QName(c).localname for c in element]
                assert all(n in order for n in names), names
                assert names == sorted(names, key=order.index), names


@pytest.mark.parametrize(
    ("style_id", "east_asian", "size", "outline", "keep"),
    [
        ("Title", "方正小标宋简体", "44", None, False),
        ("Heading1", "黑体", "32", "0", True),
        ("Heading2", "楷体_GB2312", "32", "1", True),
        ("Heading3", "仿宋_GB2312", "32", "2", True),
        ("Heading4", "仿宋_GB2312", "32", "3", True),
        ("Normal", "仿宋_GB2312", "32", None, False),
        ("Footer", "宋体", "28", None, False),
    ],
)
def test_named_styles(
    sample: Package, style_id: str, east_asian: str, size: str, outline: str | None, keep: bool
) -> None:
    style = sample.style(style_id)
    fonts = style.find("w:rPr/w:rFonts", NS)
    assert fonts.get(w("eastAsia")) == east_asian
    for slot in ("ascii", "hAnsi", "cs"):
        assert fonts.get(w(slot)), slot
    assert style.find("w:rPr/w:sz", NS).get(w("val")) == size
    level = style.find("w:pPr/w:outlineLvl", NS)
    assert (level.get(w("val")) if level is not None else None) == outline
    assert (style.find("w:pPr/w:keepNext", NS) is not None) is keep


def test_title_off_grid_centred_with_breaks(sample: Package) -> None:
    title = sample.style("Title")
    assert title.find("w:pPr/w:snapToGrid", NS).get(w("val")) == "0"
    assert title.find("w:pPr/w:jc", NS).get(w("val")) == "center"
    assert title.find("w:pPr/w:spacing", NS).get(w("after")) == "579"  # one blank line
    first = sample.xml("word/document.xml").find(".//w:body/w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(w("val")) == "Title"
    assert len(first.findall(".//w:br", NS)) == 1
    assert [t.text for t in first.iter(w("t"))] == [
        "坦洲镇人大、工会联合党支部",
        "党建品牌申报材料",
    ]


def test_body_justified_with_two_character_indent(sample: Package) -> None:
    normal = sample.style("Normal")
    assert normal.find("w:pPr/w:jc", NS).get(w("val")) == "both"
    ind = normal.find("w:pPr/w:ind", NS)
    assert ind.get(w("firstLineChars")) == "200"
    # Two of the 28 characters that fill 156 mm (§5.2.3).
    assert int(ind.get(w("firstLine"))) == round(2 * 156 * TWIPS_PER_MM / 28)
    # Body text is condensed by 0.25 pt so 28 hanzi fit a line.
    assert normal.find("w:rPr/w:spacing", NS).get(w("val")) == "-5"


def test_no_theme_fonts_and_chinese_language(sample: Package) -> None:
    for part in ("word/styles.xml", "word/document.xml", "word/footer1.xml", "word/footer2.xml"):
        text = sample.zip.read(part).decode()
        assert "Theme" not in text and "w:cstheme" not in text, part
    lang = sample.xml("word/styles.xml").find(".//w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(w("eastAsia")) == "zh-CN"


def test_font_table_alt_names(sample: Package) -> None:
    fonts = {f.get(w("name")): f.find("w:altName", NS) for f in sample.xml("word/fontTable.xml")}
    alt = {k: v.get(w("val")) for k, v in fonts.items() if v is not None}
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "FZXiaoBiaoSong-B05S"
    assert "Times New Roman" in fonts


@pytest.mark.parametrize(
    ("part", "align", "side"), [("footer1", "right", "right"), ("footer2", "left", "left")]
)
def test_odd_even_page_numbers(sample: Package, part: str, align: str, side: str) -> None:
    settings = sample.xml("word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    # ISO/IEC 29500 CT_Zoom requires the percent (python-docx's template leaves it out)
    assert settings.find("w:zoom", NS).attrib == {w("percent"): "100"}
    footer = sample.xml(f"word/{part}.xml")
    p = footer.find("w:p", NS)
    assert p.find("w:pPr/w:jc", NS).get(w("val")) == align
    assert p.find("w:pPr/w:ind", NS).get(w(f"{side}Chars")) == "100"
    texts = "".join(t.text for t in p.iter(w("t")))
    assert texts == "— 1 —"
    assert "PAGE" in p.find(".//w:instrText", NS).text
    kinds = [f.get(w("fldCharType")) for f in p.iter(w("fldChar"))]
    assert kinds == ["begin", "separate", "end"]


def test_footer_distance_puts_dash_7mm_below_text(sample: Package) -> None:
    footer = (
        int(sample.xml("word/document.xml").find(".//w:pgMar", NS).get(w("footer"))) / TWIPS_PER_MM
    )
    # 35 mm bottom margin - 7 mm - the dash's height above the line bottom (0.57 of 14 pt).
    assert footer == pytest.approx(35 - 7 - 0.57 * 14 * 25.4 / 72, abs=0.05)


@pytest.mark.parametrize(("lead_bold", "bold"), [(None, "0"), ("lead-bold", "1")])
def test_lead_sentence_style(lead_bold: str | None, bold: str) -> None:
    package = render(SAMPLE, str(ROOT / "templates" / f"{lead_bold}.yaml") if lead_bold else None)
    assert package.style("LeadSentence").find("w:rPr/w:b", NS).get(w("val")) == bold
    runs = package.xml("word/document.xml").xpath(".//w:r[w:rPr/w:rStyle]", namespaces=NS)
    assert runs and runs[0].find("w:t", NS).text == "一是坚持不懈抓好理论武装。"


def test_recipient_attachments_and_closing(report: Package) -> None:
    body = report.xml("word/document.xml").find("w:body", NS)
    styled = {}
    for p in body.findall("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        styled.setdefault(style.get(w("val")) if style is not None else "Normal", []).append(p)
    (recipient,) = styled["Salutation"]
    assert "".join(recipient.itertext()) == "示例市总工会："
    assert report.style("Salutation").find("w:pPr/w:ind", NS).get(w("firstLine")) == "0"
    notes = styled["AttachmentNote"]
    assert "".join(notes[0].itertext()).startswith("附件：1. ")
    assert notes[0].find("w:pPr/w:ind", NS).get(w("hangingChars")) == "300"
    assert notes[1].find("w:pPr/w:ind", NS).get(w("leftChars")) == "500"
    (sig,) = styled["Signature"]
    (date,) = styled["Date"]
    assert "".join(date.itertext()) == "2024年12月20日"
    # §7.3.5.2: the date (the longer line) 2 characters from the right, the signature moved left.
    assert date.find("w:pPr/w:ind", NS).get(w("rightChars")) == "200"
    assert sig.find("w:pPr/w:ind", NS).get(w("rightChars")) == "500"
    assert report.style("Signature").find("w:pPr/w:jc", NS).get(w("val")) == "right"


def test_core_properties(sample: Package) -> None:
    core = sample.xml("docProps/core.xml")
    assert core.findtext("dc:title", namespaces=NS) == "坦洲镇人大、工会联合党支部党建品牌申报材料"
    assert core.findtext("dc:creator", namespaces=NS) == "坦洲镇人大、工会联合党支部"
    assert core.findtext("cp:lastModifiedBy", namespaces=NS) == "坦洲镇人大、工会联合党支部"
    assert core.findtext("dcterms:created", namespaces=NS) == "2024-12-01T00:00:00Z"
    assert core.findtext("dcterms:modified", namespaces=NS) == "2024-12-01T00:00:00Z"
    assert core.findtext("cp:revision", namespaces=NS) == "1"


def test_package_holds_only_this_document(sample: Package) -> None:
    names = sample.zip.namelist()
    assert names[0] == "[Content_Types].xml"
    for unwanted in ("stylesWithEffects", "thumbnail", "customXml", "webSettings"):
        assert not any(unwanted in n for n in names), unwanted
    assert b"python-docx" not in sample.zip.read("docProps/core.xml")
    assert all(i.date_time == (2024, 12, 1, 0, 0, 0) for i in sample.zip.infolist())


def test_same_input_same_bytes(sample: Package) -> None:
    assert render(SAMPLE).data == sample.data


def test_cli_build_twice_same_bytes(run_cli: Callable[..., object], tmp_path: Path) -> None:
    out1, out2 = tmp_path / "a", tmp_path / "b"
    for out in (out1, out2):
        result = run_cli("build", SAMPLE, "-o", out, "--format", "docx")
        assert result.code == 0, result  # type: ignore[attr-defined]
    data = (out1 / "tanzhou-2024.docx").read_bytes()
    assert data == (out2 / "tanzhou-2024.docx").read_bytes()
    assert data[:2] == b"PK"


def test_cli_bad_input_writes_nothing(
    run_cli: Callable[..., object], write_input: Callable[..., Path], tmp_path: Path
) -> None:
    bad = write_input("kind: report\ntitle: [未闭合\n", name="bad.yaml")
    out = tmp_path / "out"
    result = run_cli("build", bad, "-o", out, "--format", "docx")
    assert result.code == 1  # type: ignore[attr-defined]
    assert "bad.yaml:" in result.err  # type: ignore[attr-defined]
    assert not list(out.glob("*.docx"))
