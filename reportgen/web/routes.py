"""The JSON API of the editor: files, drafts (check + preview), saves, downloads, imports."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .pool import RenderPool
from .security import (
    MAX_UPLOAD_BYTES,
    SESSION_COOKIE,
    TOKEN_HEADER,
    docx_problem,
    origin_ok,
    token_ok,
)
from .workspace import (
    EXAMPLE_KINDS,
    MAX_TEXT_BYTES,
    Workspace,
    WorkspaceError,
    example_text,
    next_year_name,
    safe_stem,
)


def _ws(request: Request) -> Workspace:
    workspace: Workspace = request.app.state.workspace
    return workspace


def _pool(request: Request) -> RenderPool:
    pool: RenderPool = request.app.state.pool
    return pool


def guard(request: Request) -> None:
    """Every request that changes a file: same origin, and the token of this browser session."""
    h = request.headers
    if not origin_ok(h.get("origin"), h.get("sec-fetch-site"), h.get("host")):
        raise HTTPException(403, "拒绝来自其他网站的请求")
    session = request.cookies.get(SESSION_COOKIE)
    if not token_ok(request.app.state.secret, session, h.get(TOKEN_HEADER)):
        raise HTTPException(403, "会话已失效，请刷新页面")


async def _capped(request: Request, cap: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise HTTPException(413, f"内容太大（上限 {cap // 1024 // 1024 or 1} MB）")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise HTTPException(413, f"内容太大（上限 {cap // 1024 // 1024 or 1} MB）")
        chunks.append(chunk)
    return b"".join(chunks)


async def _body(request: Request) -> dict[str, Any]:
    raw = await _capped(request, 2 * MAX_TEXT_BYTES)
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HTTPException(400, "请求格式错误（应为 JSON）") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "请求格式错误（应为 JSON 对象）")
    return body


def _str(body: dict[str, Any], key: str, default: str | None = None) -> str:
    value = body.get(key, default)
    if not isinstance(value, str):
        raise HTTPException(400, f"缺少参数 {key}")
    return value


# ---------------------------------------------------------------------------- reading


async def schema(request: Request) -> Response:
    return JSONResponse(await _pool(request).run("schema"))


async def files(request: Request) -> Response:
    ws = _ws(request)
    cache: dict[str, tuple[tuple[int, ...], dict[str, Any]]] = request.app.state.status_cache
    rels = ws.inputs()
    stats = {rel: ws.resolve(rel).stat() for rel in rels}
    # Any change in the folder re-checks every file: a base file's edit affects its editions.
    folder_key = tuple(sorted((s.st_mtime_ns, s.st_size) for s in stats.values()))
    signature = (hash(folder_key),)

    async def one(rel: str) -> dict[str, Any]:
        hit = cache.get(rel)
        if hit and hit[0] == signature:
            return hit[1]
        entry: dict[str, Any] = await _pool(request).run("status", rel)
        cache[rel] = (signature, entry)
        return entry

    entries = await asyncio.gather(*(one(rel) for rel in rels))
    return JSONResponse({"workspace": ws.root.name, "files": entries, "folders": ws.folders()})


async def read_file(request: Request) -> Response:
    rel = request.query_params.get("path", "")
    text, etag = _ws(request).read(rel)
    return JSONResponse({"path": rel, "text": text, "etag": etag})


async def history(request: Request) -> Response:
    rel = request.query_params.get("path", "")
    return JSONResponse({"path": rel, "versions": _ws(request).history(rel)})


# ---------------------------------------------------------------------------- drafts


async def analyse(request: Request) -> Response:
    """A draft (text, or the form's data merged into the text) checked and rendered."""
    guard(request)
    body = await _body(request)
    rel = _str(body, "path")
    _ws(request).input_file(rel)
    text = _str(body, "text")
    data = body.get("data")
    have = body.get("have")
    known = (
        frozenset(h for h in have if isinstance(h, str)) if isinstance(have, list) else frozenset()
    )
    pages = bool(body.get("pages", True))
    result = await _pool(request).run("analyse", rel, text, pages, known, data)
    if result is None:
        raise HTTPException(422, "源文件有语法错误，请先在“源文件”中改正")
    result["seq"] = body.get("seq")
    return JSONResponse(result)


async def fix(request: Request) -> Response:
    guard(request)
    body = await _body(request)
    rel = _str(body, "path")
    _ws(request).input_file(rel)
    only = None
    if isinstance(body.get("code"), str) and isinstance(body.get("line"), int):
        column = body.get("column")
        only = (body["code"], body["line"], column if isinstance(column, int) else 0)
    return JSONResponse(await _pool(request).run("fix", rel, _str(body, "text"), only))


# ---------------------------------------------------------------------------- writing


async def save(request: Request) -> Response:
    guard(request)
    body = await _body(request)
    etag = body.get("etag")
    saved = _ws(request).save(
        _str(body, "path"), _str(body, "text"), etag if isinstance(etag, str) else None
    )
    return JSONResponse({"path": saved.path, "etag": saved.etag})


async def new(request: Request) -> Response:
    guard(request)
    body = await _body(request)
    kind = _str(body, "kind")
    folder = _str(body, "folder", ".")
    ws = _ws(request)
    if folder not in ("", "."):
        ws.resolve(folder)
    stem = safe_stem(_str(body, "name", "") or EXAMPLE_KINDS.get(kind, "申报材料"))
    rel = ws.free_name(folder, stem)
    saved = ws.create(rel, example_text(kind))
    return JSONResponse({"path": saved.path, "etag": saved.etag})


async def duplicate(request: Request) -> Response:
    """The next year's edition of a file: same content, ``previous`` pointing at it, dates +1 year."""
    guard(request)
    body = await _body(request)
    rel = _str(body, "path")
    ws = _ws(request)
    text, _ = ws.read(rel)
    made = await _pool(request).run("next_edition", rel, text)
    if made is None:
        raise WorkspaceError(422, "文件有语法错误，不能复制为下一年版本")
    new_text, year = made
    folder = str(PurePosixPath(rel).parent)
    target = ws.free_name(folder, next_year_name(rel, year), PurePosixPath(rel).suffix)
    saved = ws.create(target, new_text)
    return JSONResponse({"path": saved.path, "etag": saved.etag})


async def delete(request: Request) -> Response:
    guard(request)
    body = await _body(request)
    where = _ws(request).delete(_str(body, "path"))
    return JSONResponse({"recycled": where})


async def import_upload(request: Request) -> Response:
    """A .docx or .txt through the importer; the new input is written beside the others."""
    guard(request)
    raw_name = request.headers.get("x-filename", "")
    name = Path(raw_name).name if raw_name else ""
    try:
        from urllib.parse import unquote

        name = unquote(name)
    except ValueError:
        name = ""
    suffix = Path(name).suffix.lower()
    if suffix not in (".docx", ".txt"):
        raise HTTPException(415, "只能导入 .docx 或 .txt 文件")
    raw = await _capped(request, MAX_UPLOAD_BYTES)
    if suffix == ".docx" and (problem := docx_problem(raw)):
        raise HTTPException(422, f"{name}: {problem}")
    kind = request.query_params.get("kind", "auto")
    if kind not in ("auto", "brand-submission", "report"):
        raise HTTPException(400, "文档类型无效")
    result = await _pool(request).run("import_upload", name, raw, kind)
    if not result["ok"]:
        return JSONResponse({"error": "\n".join(result["lines"]), "lines": result["lines"]}, 422)
    ws = _ws(request)
    rel = ws.free_name(".", safe_stem(Path(name).stem))
    saved = ws.create(rel, result["text"])
    return JSONResponse({"path": saved.path, "etag": saved.etag, "lines": result["lines"]})


# ---------------------------------------------------------------------------- downloads


def _attachment(data: bytes, name: str, media: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


async def download(request: Request) -> Response:
    rel = request.query_params.get("path", "")
    fmt = request.query_params.get("format", "pdf")
    if fmt not in MEDIA:
        raise HTTPException(400, "格式只能是 pdf 或 docx")
    _ws(request).input_file(rel)
    result = await _pool(request).run("build", rel, fmt)
    if not result["ok"]:
        return JSONResponse({"error": "\n".join(result["lines"]), "lines": result["lines"]}, 422)
    return _attachment(result["data"], f"{PurePosixPath(rel).stem}.{fmt}", MEDIA[fmt])


async def download_folder(request: Request) -> Response:
    rel = request.query_params.get("path", ".") or "."
    ws = _ws(request)
    path = ws.root if rel == "." else ws.resolve(rel)
    if not path.is_dir():
        raise WorkspaceError(400, "不是文件夹")
    result = await _pool(request).run("build_folder", rel)
    name = (ws.root.name if rel == "." else path.name) or "reportgen"
    response = _attachment(result["data"], f"{name}.zip", "application/zip")
    response.headers["X-Reportgen-Built"] = str(result["built"])
    response.headers["X-Reportgen-Failed"] = str(len(result["failed"]))
    return response


ROUTES = [
    Route("/api/schema", schema),
    Route("/api/files", files),
    Route("/api/file", read_file),
    Route("/api/file", save, methods=["PUT"]),
    Route("/api/history", history),
    Route("/api/analyse", analyse, methods=["POST"]),
    Route("/api/fix", fix, methods=["POST"]),
    Route("/api/new", new, methods=["POST"]),
    Route("/api/duplicate", duplicate, methods=["POST"]),
    Route("/api/delete", delete, methods=["POST"]),
    Route("/api/import", import_upload, methods=["POST"]),
    Route("/api/download", download),
    Route("/api/download-folder", download_folder),
]
