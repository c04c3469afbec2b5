"""The editor's API: new, next year's edition, form edits, fixes, downloads and imports."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from reportgen.source.loader import parse_text

from ..conftest import ROOT
from .conftest import Client

SAMPLE = "tanzhou-2024.yaml"


def test_file_list_has_kind_year_and_status(client: Client, workspace: Path) -> None:
    (workspace / "broken.yaml").write_text("kind: brand-submission\n", encoding="utf-8")
    files = {f["path"]: f for f in client.get("/api/files").json()["files"]}
    assert files[SAMPLE]["kind"] == "brand-submission" and files[SAMPLE]["year"] == 2024
    assert files[SAMPLE]["status"] == "ok"
    assert files["examples/shili-base.yaml"]["abstract"] is True
    assert files["broken.yaml"]["status"] == "errors" and files["broken.yaml"]["errors"] >= 1


def test_new_from_the_example_never_replaces_a_file(client: Client, workspace: Path) -> None:
    first = client.write("POST", "/api/new", json={"kind": "report"}).json()
    second = client.write("POST", "/api/new", json={"kind": "report"}).json()
    assert (first["path"], second["path"]) == ("报告.yaml", "报告-2.yaml")
    assert parse_text((workspace / "报告.yaml").read_text(encoding="utf-8"))["kind"] == "report"
    assert client.write("POST", "/api/new", json={"kind": "memo"}).status_code == 400


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        ("request", "请示.yaml"),
        ("official-report", "报告.yaml"),
        ("notice", "通知.yaml"),
        ("letter", "函.yaml"),
        ("minutes", "纪要.yaml"),
    ],
)
def test_new_official_document_starts_from_a_clean_example(
    client: Client, workspace: Path, kind: str, name: str
) -> None:
    """Every 公文 kind can be started in the editor; the example it starts from is the bundled
    one (inputs/gongwen/) and passes every check."""
    from reportgen.checks.engine import examine

    made = client.write("POST", "/api/new", json={"kind": kind}).json()
    assert made["path"] == name
    path = workspace / name
    assert parse_text(path.read_text(encoding="utf-8"))["kind"] == kind
    result = examine(path)
    assert result.stop is None and result.tree is not None
    assert not [f.problem.message for f in result.findings if f.severity == "error"]
    bundled = ROOT / "inputs" / "gongwen"
    texts = [p.read_text(encoding="utf-8") for p in bundled.glob("*.yaml")]
    assert any(path.read_text(encoding="utf-8") in text for text in texts)


def test_next_years_edition_points_back(client: Client, workspace: Path) -> None:
    made = client.write("POST", "/api/duplicate", json={"path": "examples/shili-2024.yaml"}).json()
    assert made["path"] == "examples/shili-2025-2.yaml"  # shili-2025.yaml is taken
    data = parse_text((workspace / made["path"]).read_text(encoding="utf-8"))
    assert data["previous"] == "shili-2024.yaml"
    assert data["extends"] == "shili-base.yaml"
    assert str(data["date"]).startswith("2025-")
    check = client.write(
        "POST",
        "/api/analyse",
        json={
            "path": made["path"],
            "text": (workspace / made["path"]).read_text(encoding="utf-8"),
            "pages": False,
        },
    )
    assert [f for f in check.json()["findings"] if f["severity"] == "error"] == []


def test_a_form_edit_keeps_the_comments(client: Client, workspace: Path) -> None:
    text = (workspace / SAMPLE).read_text(encoding="utf-8")
    data = client.write(
        "POST", "/api/analyse", json={"path": SAMPLE, "text": text, "pages": False}
    ).json()["data"]
    data["brand"]["name"] = "新的品牌名称"
    result = client.write(
        "POST", "/api/analyse", json={"path": SAMPLE, "text": text, "data": data}
    ).json()
    assert "name: 新的品牌名称" in result["text"]
    assert result["text"].splitlines()[:2] == text.splitlines()[:2]  # the two comment lines
    assert len(result["pages"]) == 4
    assert result["findings"] == [] or all(f["code"].startswith("RG7") for f in result["findings"])


def test_a_fix_is_applied_to_the_draft_only(client: Client, workspace: Path) -> None:
    text = (
        (workspace / SAMPLE)
        .read_text(encoding="utf-8")
        .replace("凝聚群众力量", "凝聚群众力量,团结")
    )
    findings = client.write(
        "POST", "/api/analyse", json={"path": SAMPLE, "text": text, "pages": False}
    ).json()["findings"]
    comma = next(f for f in findings if f["fixable"])
    fixed = client.write(
        "POST",
        "/api/fix",
        json={
            "path": SAMPLE,
            "text": text,
            "code": comma["code"],
            "line": comma["line"],
            "column": comma["column"],
        },
    ).json()
    assert "凝聚群众力量，团结" in fixed["text"] and fixed["changes"]
    assert "," not in (workspace / SAMPLE).read_text(encoding="utf-8").split("brand:")[1][:40]


def test_downloads_build_the_saved_file(client: Client) -> None:
    pdf = client.get("/api/download", params={"path": SAMPLE, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "tanzhou-2024.pdf" in pdf.headers["content-disposition"]
    docx = client.get("/api/download", params={"path": SAMPLE, "format": "docx"})
    assert zipfile.ZipFile(io.BytesIO(docx.content)).testzip() is None
    assert client.get("/api/download", params={"path": SAMPLE, "format": "exe"}).status_code == 400
    bad = client.get("/api/download", params={"path": "examples/shili-base.yaml", "format": "pdf"})
    assert bad.status_code == 422 and "基础文件" in bad.json()["error"]


def test_a_folder_downloads_as_a_zip_with_its_manifest(client: Client) -> None:
    r = client.get("/api/download-folder", params={"path": "examples"})
    assert r.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "manifest.json" in names
    assert {"shili-2024.pdf", "shili-2024.docx", "shili-2025.pdf"} <= set(names)
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(r.content)).read("manifest.json"))
    assert {e["status"] for e in manifest["inputs"]} == {"built"}


def test_import_of_a_text_file_writes_a_new_input_and_reports(
    client: Client, workspace: Path
) -> None:
    raw = (ROOT / "tests" / "data" / "import" / "summary-2024-gbk.txt").read_bytes()
    r = client.write(
        "POST", "/api/import", content=raw, headers={"X-Filename": "%E5%8E%BB%E5%B9%B4.txt"}
    )
    assert r.status_code == 200, r.text
    made = r.json()
    assert made["path"] == "去年.yaml"
    assert made["lines"][0].startswith("去年.txt: 导入为")
    text = (workspace / "去年.yaml").read_text(encoding="utf-8")
    assert "/tmp" not in text and parse_text(text)["kind"] in ("report", "brand-submission")


def test_the_office_server_factory_serves_the_named_folder(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from starlette.testclient import TestClient

    from reportgen.web.app import from_env

    monkeypatch.setenv("REPORTGEN_WORKSPACE", str(workspace))
    monkeypatch.setenv("REPORTGEN_RENDER_WORKERS", "1")
    with TestClient(from_env(), base_url="http://docs.office.internal") as c:
        assert c.get("/").status_code == 200  # any host name: it was started with --host
        assert c.get("/api/file", params={"path": SAMPLE}).json()["path"] == SAMPLE
