"""Installed fonts: where they live, which faces each file holds, and finding faces by name."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ....output import write_atomic


def cache_dir() -> Path:
    """The user cache folder for converted faces: $XDG_CACHE_HOME/reportgen, else ~/.cache/reportgen
    (%LOCALAPPDATA%\\reportgen\\cache on Windows)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "reportgen"
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "reportgen" / "cache"
    return Path.home() / ".cache" / "reportgen"


def font_dirs() -> list[Path]:
    """Folders where installed fonts live on Windows, macOS and Linux."""
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [
            home / "Library" / "Fonts",
            Path("/Library/Fonts"),
            Path("/System/Library/Fonts"),
            Path("/System/Library/Fonts/Supplemental"),
        ]
    data = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
    return [
        data / "fonts",
        home / ".fonts",
        Path("/usr/local/share/fonts"),
        Path("/usr/share/fonts"),
    ]


@dataclass(frozen=True)
class InstalledFace:
    """A face in an installed font file (``index`` within a .ttc collection)."""

    path: str
    index: int
    families: tuple[str, ...]
    style: str
    cff: bool

    @property
    def family(self) -> str:
        return self.families[0] if self.families else Path(self.path).stem


def _fc_list() -> list[InstalledFace] | None:
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    fmt = "%{file}\\t%{index}\\t%{family}\\t%{style}\\t%{fontformat}\\n"
    try:
        out = subprocess.run(
            [exe, "--format", fmt], capture_output=True, check=True, timeout=30
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    faces = []
    for row in out.splitlines():
        parts = row.split("\t")
        if len(parts) != 5 or not parts[1].isdigit() or int(parts[1]) >= 0x10000:
            continue  # variable-font instances share their file's outlines
        path, index, families, style, fmt_name = parts
        faces.append(
            InstalledFace(
                path,
                int(index),
                tuple(f.strip() for f in families.split(",") if f.strip()),
                style.split(",")[0],
                fmt_name == "CFF",
            )
        )
    return faces


def _scan_file(path: Path) -> list[InstalledFace]:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            fonts = list(TTCollection(str(path), lazy=True).fonts)
        else:
            fonts = [TTFont(str(path), lazy=True)]
    except Exception:  # a broken or unsupported file is simply not a candidate
        return []
    try:
        return _names(path, fonts)
    finally:
        for font in fonts:
            font.close()


def _names(path: Path, fonts: list[Any]) -> list[InstalledFace]:
    faces = []
    for index, font in enumerate(fonts):
        names = font["name"]
        families = []
        for rec in names.names:
            if rec.nameID in (1, 16):
                try:
                    text = rec.toUnicode()
                except UnicodeDecodeError:
                    continue
                if text not in families:
                    families.append(text)
        style = str(names.getDebugName(17) or names.getDebugName(2) or "Regular")
        faces.append(InstalledFace(str(path), index, tuple(families), style, "CFF " in font))
    return faces


def _scan_dirs() -> list[InstalledFace]:
    """Read the font folders directly (no fontconfig, e.g. on Windows); names are cached on disk
    per file path, size and mtime so only new fonts are opened."""
    index_file = cache_dir() / "font-index.json"
    try:
        known: dict[str, Any] = json.loads(index_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    fresh: dict[str, Any] = {}
    faces: list[InstalledFace] = []
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in (".ttf", ".ttc", ".otf", ".otc"):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            stamp = f"{st.st_size}:{st.st_mtime_ns}"
            entry = known.get(str(path))
            if entry is None or entry["stamp"] != stamp:
                entry = {"stamp": stamp, "faces": [_face_json(f) for f in _scan_file(path)]}
            fresh[str(path)] = entry
            faces.extend(
                InstalledFace(**{**f, "families": tuple(f["families"])}) for f in entry["faces"]
            )
    if fresh != known:
        write_atomic(index_file, json.dumps(fresh, ensure_ascii=False).encode("utf-8"))
    return faces


def _face_json(face: InstalledFace) -> dict[str, Any]:
    return {
        "path": face.path,
        "index": face.index,
        "families": list(face.families),
        "style": face.style,
        "cff": face.cff,
    }


@cache
def installed_faces() -> tuple[InstalledFace, ...]:
    """Every installed face, from fontconfig where it exists, else from the font folders."""
    faces = _fc_list()
    if faces is None:
        faces = _scan_dirs()
    return tuple(faces)


def _norm(name: str) -> str:
    return "".join(name.lower().split())


_REGULAR_STYLES = ("regular", "book", "light", "medium", "normal", "roman", "w3", "w4", "w5")


def _style_rank(face: InstalledFace, wanted: str) -> int | None:
    """How well a face's style fits: 0 best, None not at all (bold is never taken for regular)."""
    style = face.style.lower()
    if wanted:
        return 0 if _norm(wanted) in _norm(style) else None
    if any(word in style for word in ("bold", "black", "heavy", "italic", "oblique")):
        return None
    if any(word in style for word in _REGULAR_STYLES):
        return 0
    return 1  # Condensed, ExtraLight, …: only when nothing regular exists


def find_faces(names: Iterable[str], style: str = "") -> list[InstalledFace]:
    """Installed faces of the given family names, best match first."""
    found: list[InstalledFace] = []
    for name in (_norm(n) for n in names):
        ranked = []
        for face in installed_faces():
            rank = _style_rank(face, style)
            if rank is not None and name in (_norm(f) for f in face.families) and face not in found:
                ranked.append((rank, face.index, face.path, face))
        found.extend(face for *_, face in sorted(ranked, key=lambda r: r[:3]))
    return found


def find_files(file_names: Iterable[str]) -> list[InstalledFace]:
    """Installed faces whose file has one of the given names (simfang.ttf, FZXBSJW.TTF, …)."""
    wanted = {n.lower() for n in file_names}
    if not wanted:
        return []
    found = [f for f in installed_faces() if Path(f.path).name.lower() in wanted]
    if not found:  # fontconfig may not index the Windows/macOS folders
        for folder in font_dirs():
            for name in wanted:
                for candidate in (folder / name, *(folder.glob(name) if folder.is_dir() else ())):
                    if candidate.is_file():
                        found.extend(_scan_file(candidate)[:1])
                        break
    return found
