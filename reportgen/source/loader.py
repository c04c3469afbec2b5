"""Reading input files: safe YAML/JSON parsing that keeps the position of every key and value."""

from __future__ import annotations

import bisect
import contextlib
import errno
import hashlib
import logging
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location, Problem, display_path
from .parse import Assembler, json_problems, refused_characters
from .syntax import yaml_error_problem

PathKey = tuple[str | int, ...]

log = logging.getLogger(__name__)


@dataclass
class Source:
    """The text of one input file, with a line index for turning offsets into line:col."""

    name: str
    text: str
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def location(self, index: int) -> Location:
        line = bisect.bisect_right(self._line_starts, index) - 1
        return Location(self.name, line + 1, index - self._line_starts[line] + 1)


@dataclass
class NodeInfo:
    """Where one value of the input was written."""

    source: Source
    start: int
    end: int
    key_start: int | None = None
    style: str | None = None
    is_scalar: bool = False
    value: Any = None
    _align: list[int] | None = field(default=None, repr=False)

    @property
    def location(self) -> Location:
        return self.source.location(self.start)

    @property
    def key_location(self) -> Location:
        return self.source.location(self.start if self.key_start is None else self.key_start)

    def char_index(self, offset: int) -> int:
        """Index in the source of character ``offset`` of a string value (best effort)."""
        if not self.is_scalar or not isinstance(self.value, str):
            return self.start
        if self._align is None:
            self._align = _align(self.value, self.source.text, self.start, self.end)
        if not self._align:
            return self.start
        return self._align[min(offset, len(self._align) - 1)]


def _align(value: str, text: str, start: int, end: int) -> list[int]:
    """Map each character of a scalar's value to its index in the source.

    The value's characters appear in the source in order, separated only by syntax (quotes,
    block headers, indentation, folded line breaks), so a forward search finds them. Where a
    character cannot be found (an escape sequence), the rest maps to the last position found.
    """
    out: list[int] = []
    i = start
    last = start
    for ch in value:
        if ch in " \n":
            j = i
            while j < end and text[j] not in " \n":
                j += 1
        else:
            j = text.find(ch, i, end)
        if j < 0 or j >= end:
            out.extend([last] * (len(value) - len(out)))
            break
        out.append(j)
        last = j
        i = j + 1
    return out


@dataclass
class SourceMap:
    """Positions of every value of a loaded input, keyed by its path (``("brand", "name")``)."""

    nodes: dict[PathKey, NodeInfo] = field(default_factory=dict)
    default: Location = field(default_factory=lambda: Location("<input>"))

    def info(self, path: PathKey) -> NodeInfo | None:
        return self.nodes.get(tuple(path))

    def nearest(self, path: PathKey) -> Location:
        """The value's location, or that of the closest enclosing value that was written."""
        path = tuple(path)
        while path:
            node = self.nodes.get(path)
            if node is not None:
                return node.location
            path = path[:-1]
        node = self.nodes.get(())
        return node.location if node else self.default

    def key_location(self, path: PathKey) -> Location:
        node = self.nodes.get(tuple(path))
        return node.key_location if node else self.nearest(path)

    def char_location(self, path: PathKey, offset: int) -> Location:
        """The location of character ``offset`` inside the string value at ``path``."""
        node = self.nodes.get(tuple(path))
        if node is None:
            return self.nearest(path)
        return node.source.location(node.char_index(offset))

    def merge(self, other: SourceMap, prefix: PathKey = ()) -> None:
        for key, node in other.nodes.items():
            self.nodes[tuple(prefix) + key] = node


def format_path(path: PathKey) -> str:
    """``("achievements", 0, "heading")`` → ``achievements[0].heading``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def iter_strings(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Every string value in loaded data, with its path, in document order."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from iter_strings(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from iter_strings(value, (*path, i))


INPUT_SUFFIXES = (".yaml", ".yml", ".json")
# Files in an input folder that are never inputs: published schemas and a build's manifest.
NOT_INPUTS = (".schema.json", "manifest.json")


def walk_inputs(root: Path, skip: Path | None = None) -> Iterator[Path]:
    """Input files below a folder, sorted, recursively; hidden files and folders, schemas,
    manifests and the folder ``skip`` (a build's output folder, resolved) are left out."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
        )
        for name in sorted(filenames):
            if name.startswith(".") or name.endswith(NOT_INPUTS):
                continue
            if name.lower().endswith(INPUT_SUFFIXES) and _regular_or_broken(here / name):
                yield here / name


def _regular_or_broken(path: Path) -> bool:
    """False (with a warning) for a FIFO, socket or device in an input folder: reading one
    would block or never end. A path that cannot be examined is kept, so its error is shown."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return True
    if stat.S_ISREG(mode):
        return True
    log.warning("%s: 这是%s，不是普通文件，已跳过", display_path(path), _special_kind(mode))
    return False


@dataclass
class Loaded:
    """A parsed input file: plain data plus where each value was written."""

    path: Path
    data: Any
    positions: SourceMap
    source: Source


# The input files read while a block of ``recording_reads`` runs (a batch build lists them in
# its manifest, so that a later run rebuilds an input when any file it read has changed).
_READS: ContextVar[dict[str, str] | None] = ContextVar("reportgen_reads", default=None)


@contextmanager
def recording_reads() -> Iterator[dict[str, str]]:
    """Collect, while the block runs, every input file read: real path → SHA-256 of the bytes
    read (the file itself, the bases it extends, its previous edition, anything it names)."""
    reads: dict[str, str] = {}
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def read_source(path: Path) -> Source:
    """Read an input file as text, turning every way it can fail into one clear problem."""
    name = display_path(path) if "\0" not in str(path) else repr(str(path))
    loc = Location(name)
    raw = _read_bytes(path, loc)
    reads = _READS.get()
    if reads is not None:
        with contextlib.suppress(OSError, RuntimeError, ValueError):
            reads.setdefault(str(path.resolve()), hashlib.sha256(raw).hexdigest())
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(loc, "", "文件是 UTF-16 编码，请另存为 UTF-8")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = raw[: exc.start]
        line = prefix.count(b"\n") + 1
        col = len(prefix[prefix.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        hint = "请另存为 UTF-8 编码"
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            hint = "文件看起来是 GBK/GB18030 编码，请另存为 UTF-8 编码"
            # Point at the first Chinese character of that line, not at a byte mid-character.
            line_text = text.splitlines()[line - 1] if text.splitlines() else ""
            col = next((i + 1 for i, c in enumerate(line_text) if not c.isascii()), col)
        byte = raw[exc.start]
        raise InputError(
            [
                Problem(
                    Location(name, line, col),
                    "",
                    f"文件不是 UTF-8 编码（字节 0x{byte:02X}），{hint}",
                )
            ]
        ) from None
    if path.suffix.lower() == ".json":
        # JSON allows tabs between tokens, YAML does not; a tab is one column either way.
        text = text.replace("\t", " ")
    return Source(name, text)


# Real inputs are a few dozen kilobytes; a file this large is a mistake or an attack, and reading
# it would take longer than anyone waits. REPORTGEN_MAX_INPUT_MB (or --max-input-mb) raises it.
DEFAULT_MAX_INPUT_MB = 1.0
MAX_INPUT_ENV = "REPORTGEN_MAX_INPUT_MB"

_ERRNO_TEXT = {
    errno.EACCES: "没有读取权限，请检查文件权限",
    errno.EPERM: "没有读取权限，请检查文件权限",
    errno.ENAMETOOLONG: "路径太长",
    errno.ELOOP: "符号链接形成循环",
    errno.ENOTDIR: "路径中的某一级不是文件夹",
    errno.EIO: "读取时发生输入输出错误",
    errno.EISDIR: "这是一个文件夹，不是输入文件",
}


def max_input_bytes() -> int:
    """The input size cap in bytes (REPORTGEN_MAX_INPUT_MB, default 1 MB)."""
    text = os.environ.get(MAX_INPUT_ENV, "")
    try:
        megabytes = float(text) if text else DEFAULT_MAX_INPUT_MB
    except ValueError:
        megabytes = DEFAULT_MAX_INPUT_MB
    return int((megabytes if megabytes > 0 else DEFAULT_MAX_INPUT_MB) * 2**20)


def os_error_text(exc: OSError) -> str:
    """An OSError as a Chinese phrase (the system's words only where we have none)."""
    return _ERRNO_TEXT.get(exc.errno or 0, f"系统错误：{exc.strerror or exc}")


def _read_bytes(path: Path, loc: Location) -> bytes:
    """The file's bytes; refuses what is not a regular file (a FIFO would block for ever),
    paths the system cannot take, and files over the size cap."""
    if "\0" in str(path):
        raise InputError([Problem(loc, "", "路径中含有空字符（NUL），请检查文件名")])
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError([Problem(loc, "", "文件不存在")]) from None
    except OSError as exc:
        raise InputError([Problem(loc, "", f"无法读取文件（{os_error_text(exc)}）")]) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError([Problem(loc, "", "这是一个文件夹，不是输入文件")])
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            [Problem(loc, "", f"这是{_special_kind(info.st_mode)}，不是普通文件，已跳过")]
        )
    limit = max_input_bytes()
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise InputError([Problem(loc, "", f"无法读取文件（{os_error_text(exc)}）")]) from None
    if len(raw) > limit:
        raise InputError(
            [
                Problem(
                    loc,
                    "",
                    f"文件太大（超过 {_megabytes(limit)} MB 的上限）；确需处理更大的文件，"
                    f"请用 --max-input-mb 或环境变量 {MAX_INPUT_ENV} 调高上限",
                )
            ]
        )
    return raw


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.3f}".rstrip("0").rstrip(".")


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def load(path: Path) -> Loaded:
    """Parse one YAML or JSON input file, keeping positions; raise InputError on any problem."""
    return parse_source(path, read_source(path))


def parse_text(text: str) -> Any:
    """The data of a YAML text read as input files are read; raise InputError on any problem."""
    return parse_source(Path("<text>"), Source("<text>", text)).data


# libyaml's parser reads a megabyte in milliseconds where PyYAML's takes seconds; its events
# (and their character positions) are the same. PyYAML's is the fallback where libyaml is absent.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_source(path: Path, source: Source) -> Loaded:
    """Parse text already read (``read_source``, or a fixed version of it); raise InputError."""
    if not source.text.strip():
        raise InputError([Problem(Location(source.name), "", "文件是空的")])
    refused = refused_characters(source)
    if refused:
        raise InputError(refused)
    if path.suffix.lower() == ".json":
        strict = json_problems(source)
        if strict:
            raise InputError(strict)
    positions = SourceMap(default=Location(source.name, 1, 1))
    assembler = Assembler(source, positions.nodes)
    try:
        assembler.run(yaml.parse(source.text, Loader=_LOADER))
    except yaml.YAMLError:
        # Broken input is read again by PyYAML's own parser, whose messages (and marks) the
        # translations know, and which does not read ahead past where nesting is refused.
        positions = SourceMap(default=Location(source.name, 1, 1))
        assembler = Assembler(source, positions.nodes)
        try:
            assembler.run(yaml.parse(source.text, Loader=yaml.SafeLoader))
        except yaml.YAMLError as exc:
            raise InputError([*assembler.problems, yaml_error_problem(source, exc)]) from None
    if assembler.problems:
        raise InputError(assembler.problems)
    if not assembler.has_root:
        raise InputError([Problem(Location(source.name), "", "文件是空的（只有注释）")])
    return Loaded(path, assembler.root, positions, source)
