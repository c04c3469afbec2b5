"""The served folder: every path confined to it, atomic saves with history, a recycle folder."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..output import write_atomic
from ..source.loader import INPUT_SUFFIXES, walk_inputs

STATE = ".reportgen"  # history, recycle folder and the lock live here, never listed or served
EXAMPLES = Path(__file__).parent / "examples"
MAX_TEXT_BYTES = 2 * 1024 * 1024  # an input file is a few tens of kilobytes


class WorkspaceError(Exception):
    """A request named a path or a change the workspace refuses; ``status`` is the HTTP code."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Saved:
    path: str
    etag: str


def etag_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:20]


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


class Workspace:
    """A folder of input files; ``rel`` paths are POSIX paths relative to its root."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    # ------------------------------------------------------------------ paths

    def resolve(self, rel: str, *, must_exist: bool = True) -> Path:
        """The real path of ``rel`` inside the workspace, or WorkspaceError (never a path outside)."""
        if not isinstance(rel, str) or not rel or "\x00" in rel or len(rel) > 1000:
            raise WorkspaceError(400, "路径无效")
        pure = PurePosixPath(rel.replace("\\", "/"))
        if pure.is_absolute() or re.match(r"[A-Za-z]:", rel) or ".." in pure.parts:
            raise WorkspaceError(403, "路径必须在工作文件夹之内（不能用绝对路径或“..”）")
        if any(part == STATE for part in pure.parts):
            raise WorkspaceError(403, f"{STATE} 文件夹由 reportgen 管理，不能直接访问")
        target = (self.root / pure).resolve()
        if not target.is_relative_to(self.root):
            raise WorkspaceError(403, "路径指向工作文件夹之外（符号链接？），拒绝访问")
        if must_exist and not target.exists():
            raise WorkspaceError(404, f"文件不存在：{rel}")
        return target

    def rel(self, path: Path) -> str:
        return path.resolve().relative_to(self.root).as_posix()

    def input_file(self, rel: str, *, must_exist: bool = True) -> Path:
        path = self.resolve(rel, must_exist=must_exist)
        if path.suffix.lower() not in INPUT_SUFFIXES:
            raise WorkspaceError(400, "只能编辑 .yaml、.yml 或 .json 输入文件")
        if must_exist and not path.is_file():
            raise WorkspaceError(400, f"不是文件：{rel}")
        return path

    def inputs(self) -> list[str]:
        return [
            self.rel(p) for p in walk_inputs(self.root) if p.resolve().is_relative_to(self.root)
        ]

    def folders(self) -> list[str]:
        found = {str(PurePosixPath(rel).parent) for rel in self.inputs()}
        return sorted(found)

    # ------------------------------------------------------------------ reading and saving

    def read(self, rel: str) -> tuple[str, str]:
        """The text of an input file and its version tag."""
        raw = self.input_file(rel).read_bytes()
        if len(raw) > MAX_TEXT_BYTES:
            raise WorkspaceError(413, "文件太大，不能在网页中编辑")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise WorkspaceError(422, "文件不是 UTF-8 编码，请另存为 UTF-8 后再打开") from None
        return text, etag_of(raw)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time across every worker process serving this folder."""
        state = self.root / STATE
        state.mkdir(exist_ok=True)
        with open(state / "lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def save(self, rel: str, text: str, base_etag: str | None) -> Saved:
        """Write ``text`` atomically if the file is still the version ``base_etag`` names.

        The version being replaced is kept in ``.reportgen/history/``. A file changed since
        (another tab, another person) raises 409 and nothing is written."""
        data = text.encode("utf-8")
        if len(data) > MAX_TEXT_BYTES:
            raise WorkspaceError(413, "内容太大")
        path = self.input_file(rel, must_exist=False)
        with self._locked():
            if path.exists():
                old = path.read_bytes()
                if base_etag != etag_of(old):
                    raise WorkspaceError(
                        409,
                        "文件已在其他窗口或由其他人修改。请先复制您的修改，重新打开文件后再保存。",
                    )
                if old == data:
                    return Saved(rel, base_etag)
                self._keep(rel, path.suffix, old)
            elif base_etag:
                raise WorkspaceError(409, "文件已被删除或改名，请另存为新文件")
            write_atomic(path, data)
        return Saved(rel, etag_of(data))

    def _keep(self, rel: str, suffix: str, old: bytes) -> None:
        folder = self.root / STATE / "history" / rel
        write_atomic(folder / f"{_stamp()}-{etag_of(old)[:8]}{suffix}", old)

    def history(self, rel: str) -> list[str]:
        self.input_file(rel, must_exist=False)
        folder = self.root / STATE / "history" / rel
        return sorted((p.name for p in folder.iterdir()), reverse=True) if folder.is_dir() else []

    def create(self, rel: str, text: str) -> Saved:
        """A new input file; refuses to replace one that exists."""
        path = self.input_file(rel, must_exist=False)
        with self._locked():
            if path.exists():
                raise WorkspaceError(409, f"文件已存在：{rel}")
            data = text.encode("utf-8")
            write_atomic(path, data)
        return Saved(rel, etag_of(data))

    def delete(self, rel: str) -> str:
        """Move a file to ``.reportgen/recycle/`` (never deleted for good); returns where it went."""
        path = self.input_file(rel)
        with self._locked():
            target = self.root / STATE / "recycle" / f"{_stamp()}-{path.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), target)
        return target.relative_to(self.root).as_posix()

    def free_name(self, folder: str, stem: str, suffix: str = ".yaml") -> str:
        """``folder/stem.yaml``, or ``stem-2.yaml``, … when taken."""
        base = PurePosixPath(folder) if folder not in ("", ".") else PurePosixPath()
        for n in range(1, 1000):
            name = f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}"
            rel = str(base / name)
            if not self.resolve(rel, must_exist=False).exists():
                return rel
        raise WorkspaceError(409, "同名文件太多")


# The kinds a new file can start from (web/examples/KIND.yaml), with the file name it gets.
EXAMPLE_KINDS = {
    "brand-submission": "申报材料",
    "report": "报告",
    "request": "请示",
    "official-report": "报告",
    "notice": "通知",
    "letter": "函",
    "minutes": "纪要",
}


def example_text(kind: str) -> str:
    path = EXAMPLES / f"{kind}.yaml"
    if kind not in EXAMPLE_KINDS or not path.is_file():
        raise WorkspaceError(400, f"没有“{kind}”类型的示例")
    return path.read_text(encoding="utf-8")


def next_year_name(name: str, year: int) -> str:
    """``shili-2024.yaml`` → ``shili-2025``; a name without the year gets ``-2025`` added."""
    stem = PurePosixPath(name).stem
    if str(year) in stem:
        return stem.replace(str(year), str(year + 1))
    return f"{stem}-{year + 1}"


def safe_stem(text: str) -> str:
    stem = re.sub(r"[^\w\-]+", "-", text, flags=re.UNICODE).strip("-.")
    return stem[:60] or "新文件"


def is_hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(rel).parts)


def ensure_state(root: Path) -> Path:
    state = root / STATE
    state.mkdir(exist_ok=True)
    os.chmod(state, 0o700)
    return state
