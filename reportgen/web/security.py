"""Who may change files: same-origin requests that carry the page's per-session token."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import zipfile
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from .workspace import STATE, ensure_state

SESSION_COOKIE = "reportgen_session"
TOKEN_HEADER = "x-reportgen-token"

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ZIP_RATIO = 100  # a .docx compresses text maybe 10:1; a zip bomb, thousands to one
MAX_ZIP_TOTAL = 200 * 1024 * 1024


def load_secret(root: Path) -> bytes:
    """The key that signs session tokens, shared by every worker serving ``root``
    (``REPORTGEN_SECRET``, or ``.reportgen/secret`` made on first start, readable only by its owner)."""
    env = os.environ.get("REPORTGEN_SECRET")
    if env:
        return env.encode()
    ensure_state(root)
    path = root / STATE / "secret"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes()
    value = secrets.token_hex(32).encode()
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    return value


def new_session() -> str:
    return secrets.token_urlsafe(18)


def token_for(secret: bytes, session: str) -> str:
    return hmac.new(secret, session.encode(), hashlib.sha256).hexdigest()[:32]


def token_ok(secret: bytes, session: str | None, token: str | None) -> bool:
    if not session or not token:
        return False
    return hmac.compare_digest(token_for(secret, session), token)


def origin_ok(origin: str | None, fetch_site: str | None, host: str | None) -> bool:
    """A browser names the page a request comes from; only this server's own pages may write."""
    if fetch_site and fetch_site not in ("same-origin", "none"):
        return False
    if origin is None:
        return True  # not a browser (curl, tests); the token still has to match
    if origin == "null" or not host:
        return False
    return urlsplit(origin).netloc.lower() == host.lower()


def host_ok(host: str | None, allowed: frozenset[str] | None) -> bool:
    """On 127.0.0.1, only loopback names: a page elsewhere cannot rebind its name to us."""
    if allowed is None:
        return True
    if not host:
        return False
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in allowed


def docx_problem(raw: bytes) -> str | None:
    """Why an uploaded .docx is refused (not a zip, too many entries, a zip bomb), or None."""
    try:
        archive = zipfile.ZipFile(BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        return "不是有效的 Word 文件（.docx 应是 zip 格式）"
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            return f"Word 文件内部条目过多（{len(entries)} 个，上限 {MAX_ZIP_ENTRIES}）"
        total = 0
        for info in entries:
            total += info.file_size
            if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1024):
                return "Word 文件的压缩比异常（可能是压缩炸弹），已拒绝"
        if total > MAX_ZIP_TOTAL:
            return "Word 文件解压后过大，已拒绝"
    return None
