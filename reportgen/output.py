"""Writing outputs atomically: a locked temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path

from .errors import ReportgenError, display_path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, no stale-temp cleaning
    fcntl = None  # type: ignore[assignment]

# A temporary name is ``.<name, shortened>.<8 characters>.part``; it is never longer than the
# final name (or than _SHORT bytes), so it fits wherever the final name fits (NAME_MAX is bytes).
_SHORT = 40
_TOKEN = 8
_EXTRA = len(".") + len(".") + _TOKEN + len(".part")
_TOKEN_RE = re.compile(rf"[a-z0-9_]{{{_TOKEN}}}\.part\Z")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

_REASONS = {
    errno.EACCES: "没有写入权限",
    errno.EPERM: "不允许在这里写入",
    errno.EROFS: "文件系统是只读的",
    errno.ENOTDIR: "路径中有一段是文件，不是文件夹",
    errno.EEXIST: "同名的文件已存在，不是文件夹",
    errno.ENOENT: "这里不能创建文件或文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EISDIR: "同名的文件夹已存在",
    errno.ELOOP: "路径中的符号链接太多或是循环",
}


class OutputError(ReportgenError, OSError):
    """An output could not be written; one line naming the path, the reason and what to do."""


def reason(exc: OSError) -> str:
    """The reason of an OS error in Chinese (never the system's English)."""
    known = _REASONS.get(exc.errno or 0)
    if known:
        return known
    code = errno.errorcode.get(exc.errno or 0, "未知")
    return f"系统错误 {code}"


def output_error(path: Path, exc: OSError, hint: str) -> OutputError:
    """``path: 无法写入（reason）；hint`` as an OutputError."""
    return OutputError(f"{display_path(path)}: 无法写入（{reason(exc)}）；{hint}")


def ensure_folder(path: Path, hint: str = "请换一个可写的文件夹") -> None:
    """Create ``path`` (and its parents) and make sure a file can be written in it."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(path))
        fd, tmp = _create_temp(path / ".reportgen-probe")
        os.close(fd)
        os.unlink(tmp)
    except OutputError:
        raise
    except OSError as exc:
        raise output_error(path, exc, hint) from None


def temp_prefix(name: str) -> str:
    """The start of every temporary name for ``name``: a dot and the name, cut to fit."""
    budget = max(len(name.encode("utf-8")), _SHORT) - _EXTRA
    head = name.encode("utf-8")[:budget].decode("utf-8", "ignore")
    return f".{head}."


def write_atomic(path: Path, data: bytes, mode: int = 0o644, hint: str = "") -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the whole new one, never a part.

    The temporary file is locked while it is written, so a later run can tell a temporary
    left by a killed process (removed here) from one another process is writing. An OS error
    becomes an OutputError naming the path; ``hint`` says what to do.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(path.parent, exc, hint or "请换一个可写的文件夹") from None
    try:
        remove_stale_temps(path)
        fd, tmp = _create_temp(path)
    except OSError as exc:
        raise output_error(path, exc, hint or "请检查该文件夹是否存在并且可写") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
            os.replace(tmp, path)  # still locked: a cleaner never sees this name unlocked
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise output_error(path, exc, hint or "请检查磁盘空间和写入权限") from None
        raise


def _create_temp(path: Path) -> tuple[int, str]:
    """A new, empty, locked temporary file beside ``path``: (descriptor, name)."""
    prefix = temp_prefix(path.name)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789_"
    for _ in range(100):
        token = "".join(secrets.choice(alphabet) for _ in range(_TOKEN))
        tmp = str(path.parent / f"{prefix}{token}.part")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except FileExistsError:
            continue
        if fcntl is None:
            return fd, tmp
        fcntl.flock(fd, fcntl.LOCK_EX)
        # A cleaner may have removed the file between open and flock: then take another name.
        with contextlib.suppress(OSError):
            if os.stat(tmp, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                return fd, tmp
        os.close(fd)
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path))


def stale_temps(path: Path) -> Iterator[Path]:
    """Temporary files of ``path`` (by name) in its folder, whether live or left behind."""
    prefix = temp_prefix(path.name)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and _TOKEN_RE.fullmatch(name, len(prefix)):
            yield path.parent / name


def remove_stale_temps(path: Path) -> int:
    """Remove the temporaries of ``path`` that no live process holds; return how many."""
    if fcntl is None:
        return 0
    removed = 0
    for tmp in stale_temps(path):
        try:
            fd = os.open(tmp, os.O_RDONLY | _NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue  # gone already, or a symlink: not ours
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.stat(tmp, follow_symlinks=False).st_ino == os.fstat(fd).st_ino:
                os.unlink(tmp)
                removed += 1
        except OSError:
            pass  # locked: a live writer's
        finally:
            os.close(fd)
    return removed
