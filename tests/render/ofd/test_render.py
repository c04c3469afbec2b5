"""The OFD package: its parts and their references, document information, same bytes every time,
and `build --format ofd` (with the template's ``formats``)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from reportgen.model.template import load_template
from reportgen.pipeline import prepare
from reportgen.render.ofd.parts import NAMESPACE
from reportgen.render.ofd.render import render_ofd
from tests.conftest import INPUTS, ROOT, SAMPLE
from tests.render.ofd.conftest import BUILDABLE, Both, rendered

TAG = f"{{{NAMESPACE}}}"
NS = {"ofd": NAMESPACE}


def _parts(data: bytes) -> tuple[list[str], dict[str, ET.Element], set[str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        xml = {n: ET.fromstring(archive.read(n)) for n in names if n.endswith(".xml")}
    return names, xml, set(names)


def _resources(xml: dict[str, ET.Element], part: str, tag: str, file_tag: str) -> dict[str, str]:
    """ID → package path of the files a resource part lists (fonts, images)."""
    base = f"Doc_0/{xml[part].get('BaseLoc')}"
    return {
        e.get("ID", ""): f"{base}/{e.findtext(file_tag, namespaces=NS)}"
        for e in xml[part].iter(tag)
    }


def _check_package(data: bytes, page_count: int) -> None:
    """Every part the standard requires is there, every ID is unique, every reference (DocRoot,
    resources, pages, fonts, images, their files, outline destinations) resolves and every file
    in the package is referenced."""
    names, xml, present = _parts(data)
    assert names[0] == "OFD.xml"
    root = xml["OFD.xml"]
    assert root.tag == TAG + "OFD"
    assert (root.get("Version"), root.get("DocType")) == ("1.0", "OFD")
    assert re.fullmatch(r"[0-9a-f]{32}", root.findtext(".//ofd:DocID", namespaces=NS) or "")
    doc_root = root.findtext("ofd:DocBody/ofd:DocRoot", namespaces=NS)
    assert doc_root == "Doc_0/Document.xml"
    document = xml[doc_root]
    common = document.find("ofd:CommonData", NS)
    assert common is not None
    assert common.findtext("ofd:PageArea/ofd:PhysicalBox", namespaces=NS) == "0 0 210 297"
    public, media = (
        f"Doc_0/{common.findtext(f'ofd:{t}', namespaces=NS)}" for t in ("PublicRes", "DocumentRes")
    )
    fonts = _resources(xml, public, TAG + "Font", "ofd:FontFile")
    images = _resources(xml, media, TAG + "MultiMedia", "ofd:MediaFile")
    pages = {p.get("ID"): f"Doc_0/{p.get('BaseLoc')}" for p in document.iter(TAG + "Page")}
    assert list(pages.values()) == [f"Doc_0/Pages/Page_{i}/Content.xml" for i in range(page_count)]
    assert {
        doc_root,
        public,
        media,
        *fonts.values(),
        *images.values(),
        *pages.values(),
    } == present - {"OFD.xml"}
    ids = [e.get("ID") for part in xml.values() for e in part.iter() if e.get("ID") is not None]
    assert len(ids) == len(set(ids))
    assert int(common.findtext("ofd:MaxUnitID", namespaces=NS) or 0) == max(map(int, ids))
    for loc in pages.values():
        page = xml[loc]
        assert page.findtext("ofd:Area/ofd:PhysicalBox", namespaces=NS) == "0 0 210 297"
        (layer,) = page.findall("ofd:Content/ofd:Layer", NS)
        for obj in layer:
            assert len(obj.get("Boundary", "").split()) == 4
        for obj in layer.iter(TAG + "TextObject"):
            assert obj.get("Font") in fonts and float(obj.get("Size", 0)) > 0
            (code,) = obj.findall("ofd:TextCode", NS)
            deltas = re.sub(
                r"g (\d+) \S+", lambda m: " ".join("d" * int(m[1])), code.get("DeltaX", "")
            )
            assert len(deltas.split()) == len(code.text or "") - 1
        for obj in layer.iter(TAG + "ImageObject"):
            assert obj.get("ResourceID") in images
        for obj in layer.iter(TAG + "PathObject"):
            assert (obj.findtext("ofd:AbbreviatedData", namespaces=NS) or "").startswith("M ")
    targets = {d.get("PageID") for d in document.iter(TAG + "Dest")}
    assert targets and targets <= set(pages)


def test_parts_and_references(example: Both) -> None:
    _check_package(example.ofd, example.pages)


def test_parts_and_references_with_rules_and_images(red_header: bytes) -> None:
    _check_package(red_header, rendered(SAMPLE).pages)
    _, xml, _ = _parts(red_header)
    first = xml["Doc_0/Pages/Page_0/Content.xml"]
    assert [len(list(first.iter(TAG + t))) for t in ("PathObject", "ImageObject")] == [1, 1]


def _glyphless(data: bytes) -> list[tuple[str, str]]:
    """(font file, character) for every character of a TextCode that the font file its text
    object names has no outline for."""
    _, xml, _ = _parts(data)
    res = xml["Doc_0/PublicRes.xml"]
    missing = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        fonts = {}
        for font in res.iter(TAG + "Font"):
            file = f"Doc_0/Res/{font.findtext('ofd:FontFile', namespaces=NS)}"
            face = TTFont(io.BytesIO(archive.read(file)))
            fonts[font.get("ID")] = (file, face.getBestCmap(), face["glyf"])
    for name, part in xml.items():
        if not name.endswith("Content.xml"):
            continue
        for obj in part.iter(TAG + "TextObject"):
            file, cmap, glyf = fonts[obj.get("Font")]
            for ch in obj.findtext("ofd:TextCode", namespaces=NS) or "":
                glyph = cmap.get(ord(ch))
                if glyph is None or glyf[glyph].numberOfContours == 0:
                    missing.append((file, ch))
    return missing


def test_every_character_has_its_glyph_in_the_embedded_font(example: Both) -> None:
    assert _glyphless(example.ofd) == []


def test_characters_beyond_gb2312_and_the_bmp_are_embedded(
    write_input: Callable[..., Path],
) -> None:
    path = write_input(
        """
        kind: report
        title: 生僻字测试
        organization: 测试单位
        date: 2024-05-06
        body:
          - 张堃和李𠀋参加会议，喆、珺二人列席。
        """
    )
    template = load_template()
    data = render_ofd(prepare(path, template).tree, template).data
    assert _glyphless(data) == []
    _, xml, _ = _parts(data)
    texts = "".join(
        t.text or ""
        for n, p in xml.items()
        if n.endswith("Content.xml")
        for t in p.iter(TAG + "TextCode")
    )
    assert {"堃", "𠀋", "喆", "珺"} <= set(texts)


def test_document_information() -> None:
    both = rendered(SAMPLE)
    _, xml, _ = _parts(both.ofd)
    info = xml["OFD.xml"].find("ofd:DocBody/ofd:DocInfo", NS)
    assert info is not None
    meta = both.tree.meta
    got = {child.tag.removeprefix(TAG): (child.text or "") for child in info}
    assert re.fullmatch(r"[0-9a-f]{32}", got.pop("DocID"))
    assert got.pop("Keywords") == ""  # an element holding the Keyword elements
    assert [k.text for k in info.iter(TAG + "Keyword")] == [meta.keywords]
    assert got == {
        "Title": meta.title,
        "Author": meta.author,
        "Subject": meta.subject,
        "CreationDate": "2024-12-01",  # the input's date, not the clock
        "Creator": "reportgen",
        "CreatorVersion": __import__("reportgen").__version__,
    }


def test_outline_lists_the_title_and_every_heading() -> None:
    both = rendered(SAMPLE)
    _, xml, _ = _parts(both.ofd)
    outline = xml["Doc_0/Document.xml"].find("ofd:Outlines", NS)
    assert outline is not None
    (title,) = outline.findall("ofd:OutlineElem", NS)
    assert title.get("Title") == both.tree.meta.title
    headings = [b.full_text for b in both.tree.blocks if hasattr(b, "full_text")]
    assert [e.get("Title") for e in title.iter(TAG + "OutlineElem")][1:] == headings


def test_lead_sentences_are_stroked_when_the_template_bolds_them() -> None:
    template = load_template("lead-bold")
    tree = prepare(SAMPLE, template).tree
    _, xml, _ = _parts(render_ofd(tree, template).data)
    stroked = [
        o.findtext("ofd:TextCode", namespaces=NS)
        for name, part in xml.items()
        if name.endswith("Content.xml")
        for o in part.iter(TAG + "TextObject")
        if o.get("Stroke") == "true"
    ]
    assert stroked and all(s and len(s) > 1 for s in stroked)
    leads = "".join(
        b.runs[0].text for b in tree.blocks if getattr(b, "runs", None) and b.runs[0].role == "lead"
    )
    assert "".join(s or "" for s in stroked) == re.sub(r"\s", "", leads)


def test_same_bytes_in_another_process(tmp_path: Path) -> None:
    """No clock, no dict order, no temporary name reaches the package."""
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from reportgen.model.template import load_template
        from reportgen.pipeline import prepare
        from reportgen.render.ofd.render import render_ofd
        template = load_template()
        tree = prepare(Path({str(SAMPLE)!r}), template).tree
        sys.stdout.buffer.write(render_ofd(tree, template).data)
        """
    )
    other = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, check=True
    ).stdout
    assert other == rendered(SAMPLE).ofd
    with zipfile.ZipFile(io.BytesIO(other)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2024, 12, 1, 0, 0, 0)}


def _manifest_outputs(out: Path) -> dict[str, str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {o["path"]: o["sha256"] for e in manifest["inputs"] for o in e.get("outputs", [])}


def test_build_writes_every_example_as_ofd_in_the_manifest(
    run_cli: Callable[..., object], tmp_path: Path
) -> None:
    for out in ("a", "b"):
        result = run_cli("build", INPUTS, "-o", tmp_path / out, "--format", "ofd", "-j", "2")
        assert result.code == 0, result.err
    outputs = _manifest_outputs(tmp_path / "a")
    expected = {str(p.relative_to(INPUTS).with_suffix(".ofd")) for p in BUILDABLE}
    assert set(outputs) == expected
    for rel, digest in outputs.items():
        data = (tmp_path / "a" / rel).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        assert (tmp_path / "b" / rel).read_bytes() == data  # byte-identical rebuild
    assert not list((tmp_path / "a").rglob("*.pdf")) and not list((tmp_path / "a").rglob("*.docx"))


@pytest.mark.parametrize(
    ("formats", "args", "written"),
    [
        ("[pdf, ofd]", (), {".pdf", ".ofd"}),
        ("[docx, ofd]", (), {".docx", ".ofd"}),
        ("[pdf, ofd]", ("--format", "docx"), {".docx"}),  # the option wins over the template
    ],
)
def test_template_formats_are_the_default_set(
    run_cli: Callable[..., object],
    write_input: Callable[..., Path],
    tmp_path: Path,
    formats: str,
    args: tuple[str, ...],
    written: set[str],
) -> None:
    template = write_input(f"base: gbt9704\nname: with-ofd\nformats: {formats}\n", "ofd.yaml")
    out = tmp_path / "out"
    result = run_cli("build", SAMPLE, "-o", out, "--template", template, *args)
    assert result.code == 0, result.err
    outputs = {p.suffix for p in out.iterdir() if p.suffix in (".docx", ".pdf", ".ofd")}
    assert outputs == written


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        ("[pdf, odt]", "formats[1]: 取值无效"),
        ("[]", "formats: 取值无效"),
    ],
)
def test_bad_template_formats_are_reported(
    run_cli: Callable[..., object],
    write_input: Callable[..., Path],
    tmp_path: Path,
    formats: str,
    message: str,
) -> None:
    template = write_input(f"base: gbt9704\nname: bad\nformats: {formats}\n", "bad.yaml")
    result = run_cli("build", SAMPLE, "-o", tmp_path / "out", "--template", template)
    assert result.code != 0
    err = result.err
    assert "bad.yaml:3:" in err and message in err
