"""One test per security rule of the editor: confinement, uploads, origin, token, host, bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from reportgen.web import security

from .conftest import Client

SAMPLE = "tanzhou-2024.yaml"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "path, status",
    [
        ("../outside.yaml", 403),
        ("examples/../../outside.yaml", 403),
        ("/etc/passwd", 403),
        ("C:/Windows/win.ini", 403),
        (".reportgen/secret", 403),
        ("missing.yaml", 404),
        ("", 400),
    ],
)
def test_paths_outside_the_workspace_are_refused(client: Client, path: str, status: int) -> None:
    assert client.get("/api/file", params={"path": path}).status_code == status
    if status != 404:  # saving a file that does not exist yet creates it
        saved = client.write("PUT", "/api/file", json={"path": path, "text": "kind: report\n"})
        assert saved.status_code == status


def test_a_symlink_out_of_the_workspace_is_refused(client: Client, workspace: Path) -> None:
    outside = workspace.parent / "secret.yaml"
    outside.write_text("kind: report\n", encoding="utf-8")
    (workspace / "link.yaml").symlink_to(outside)
    (workspace / "linkdir").symlink_to(workspace.parent)
    assert client.get("/api/file", params={"path": "link.yaml"}).status_code == 403
    assert client.get("/api/file", params={"path": "linkdir/secret.yaml"}).status_code == 403
    r = client.write("PUT", "/api/file", json={"path": "link.yaml", "text": "x: 1\n", "etag": None})
    assert r.status_code == 403
    assert outside.read_text(encoding="utf-8") == "kind: report\n"
    names = [f["path"] for f in client.get("/api/files").json()["files"]]
    assert "link.yaml" not in names and "linkdir/secret.yaml" not in names


def test_uploads_over_the_size_cap_are_refused(client: Client, workspace: Path) -> None:
    big = b"a" * (security.MAX_UPLOAD_BYTES + 1)
    r = client.write("POST", "/api/import", content=big, headers={"X-Filename": "big.txt"})
    assert r.status_code == 413
    assert "上限" in r.json()["error"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"not a zip at all", "不是有效的 Word 文件"),
        (_zip({f"f{i}.xml": b"x" for i in range(security.MAX_ZIP_ENTRIES + 1)}), "条目过多"),
        (_zip({"word/document.xml": b"\0" * (20 * 1024 * 1024)}), "压缩比异常"),
    ],
)
def test_docx_uploads_are_checked_before_reading(client: Client, data: bytes, message: str) -> None:
    r = client.write("POST", "/api/import", content=data, headers={"X-Filename": "bad.docx"})
    assert r.status_code == 422
    assert message in r.json()["error"]


def test_a_zip_that_is_not_a_word_file_gets_a_located_message(client: Client) -> None:
    data = _zip({"hello.txt": b"hello"})
    r = client.write("POST", "/api/import", content=data, headers={"X-Filename": "fake.docx"})
    assert r.status_code == 422
    assert r.json()["error"].startswith("fake.docx")
    assert client.get("/api/files").status_code == 200  # the server is still there


def test_only_docx_and_txt_can_be_imported(client: Client) -> None:
    r = client.write("POST", "/api/import", content=b"x", headers={"X-Filename": "a.exe"})
    assert r.status_code == 415


def test_writes_from_a_foreign_origin_are_refused(client: Client, workspace: Path) -> None:
    before = (workspace / SAMPLE).read_bytes()
    file = client.get("/api/file", params={"path": SAMPLE}).json()
    for origin in ("http://evil.example", "null", "http://127.0.0.1:9999"):
        r = client.write(
            "PUT",
            "/api/file",
            json={"path": SAMPLE, "text": "kind: report\n", "etag": file["etag"]},
            headers={"Origin": origin},
        )
        assert r.status_code == 403, origin
    r = client.write(
        "POST", "/api/delete", json={"path": SAMPLE}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert r.status_code == 403
    assert (workspace / SAMPLE).read_bytes() == before
    same = client.write(
        "PUT",
        "/api/file",
        json={"path": SAMPLE, "text": file["text"], "etag": file["etag"]},
        headers={"Origin": "http://127.0.0.1:8765"},
    )
    assert same.status_code == 200


@pytest.mark.parametrize("token", [None, "", "0" * 32])
def test_writes_need_the_session_token(client: Client, workspace: Path, token: str | None) -> None:
    headers = {} if token is None else {"X-Reportgen-Token": token}
    for method, url, body in [
        ("POST", "/api/delete", {"path": SAMPLE}),
        ("POST", "/api/new", {"kind": "report"}),
        ("PUT", "/api/file", {"path": "new.yaml", "text": "kind: report\n"}),
        ("POST", "/api/analyse", {"path": SAMPLE, "text": "kind: report\n"}),
    ]:
        assert client.request(method, url, json=body, headers=headers).status_code == 403
    assert (workspace / SAMPLE).exists()
    assert not (workspace / "new.yaml").exists()


def test_a_token_belongs_to_its_session(client: Client, workspace: Path) -> None:
    client.cookies.clear()
    client.cookies.set(security.SESSION_COOKIE, "another-session-0123456789")
    r = client.write("POST", "/api/delete", json={"path": SAMPLE})
    assert r.status_code == 403
    assert (workspace / SAMPLE).exists()


def test_a_foreign_host_name_is_refused_on_loopback(client: Client) -> None:
    assert client.get("/api/files", headers={"Host": "evil.example"}).status_code == 421
    assert client.get("/api/files", headers={"Host": "localhost:8765"}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2]", b'{"path": 5, "text": "x"}', b'{"path": "tanzhou-2024.yaml"}'],
)
def test_bad_requests_get_a_chinese_error_not_a_crash(client: Client, body: bytes) -> None:
    r = client.write(
        "POST", "/api/analyse", content=body, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["error"]


@pytest.mark.parametrize(
    "text, field",
    [
        ("kind: [unclosed\n", ""),
        ("\t- tab\n", ""),
        ("kind: brand-submission\n", "organization"),
        ("- a list\n", ""),
        (
            "kind: brand-submission\norganization: x\nbrand: {name: a, meaning: b}\n"
            "achievements: [{heading: h, items: ['{nope}']}]\n",
            "achievements[0].items[0]",
        ),
    ],
)
def test_bad_input_text_is_reported_at_its_place(client: Client, text: str, field: str) -> None:
    r = client.write("POST", "/api/analyse", json={"path": SAMPLE, "text": text})
    assert r.status_code == 200
    findings = r.json()["findings"]
    assert findings and all(f["file"] == SAMPLE and f["line"] >= 1 for f in findings)
    if field:
        assert any(f["field"].startswith(field) for f in findings)
    assert r.json()["pages"] is None


def test_two_tabs_saving_one_file_get_a_conflict(client: Client, workspace: Path) -> None:
    file = client.get("/api/file", params={"path": SAMPLE}).json()
    first = file["text"].replace("2024-12-01", "2024-12-02")
    second = file["text"].replace("2024-12-01", "2024-12-03")
    ok = client.write(
        "PUT", "/api/file", json={"path": SAMPLE, "text": first, "etag": file["etag"]}
    )
    assert ok.status_code == 200
    late = client.write(
        "PUT", "/api/file", json={"path": SAMPLE, "text": second, "etag": file["etag"]}
    )
    assert late.status_code == 409
    assert "其他窗口" in late.json()["error"]
    assert (workspace / SAMPLE).read_text(encoding="utf-8") == first
    kept = list((workspace / ".reportgen" / "history" / SAMPLE).iterdir())
    assert [p.read_text(encoding="utf-8") for p in kept] == [file["text"]]


def test_delete_moves_to_the_recycle_folder(client: Client, workspace: Path) -> None:
    before = (workspace / SAMPLE).read_bytes()
    r = client.write("POST", "/api/delete", json={"path": SAMPLE})
    assert r.status_code == 200
    assert not (workspace / SAMPLE).exists()
    assert (workspace / r.json()["recycled"]).read_bytes() == before
    assert r.json()["recycled"].startswith(".reportgen/recycle/")


def test_serve_binds_loopback_and_warns_for_another_host(
    run_cli: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls: list[tuple[object, ...]] = []
    monkeypatch.setattr("reportgen.web.server.serve", lambda *a: calls.append(a))
    result = run_cli("serve", tmp_path)  # type: ignore[operator]
    assert result.code == 0 and "警告" not in result.err
    assert calls[-1][1] == "127.0.0.1"
    result = run_cli("serve", tmp_path, "--host", "0.0.0.0")  # type: ignore[operator]
    assert result.code == 0
    assert "警告：监听 0.0.0.0" in result.err and "修改和删除" in result.err
    assert run_cli("serve", tmp_path / "missing").code == 2  # type: ignore[operator]
