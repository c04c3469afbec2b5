"""Fonts for the PDF: finding each logical face, caching loadable TrueType copies, per-character fallback."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from ....document.tree import AttachmentNote, Closing, DocumentTree, Heading, Paragraph, Recipient
from ....errors import Location, Problem, RenderError
from ....model.template import FontSpec, Template
from ....output import write_atomic
from ....source.loader import PathKey

log = logging.getLogger(__name__)
# fontTools reports every subsetting step at INFO and harmless "table dropped" notes at WARNING
# while the cache is built; neither means anything to a user of reportgen.
logging.getLogger("fontTools").setLevel(logging.ERROR)

CACHE_VERSION = "3"
# The converted/subset faces cover GB2312 (every simplified character of ordinary documents),
# ASCII, Latin-1 and the punctuation blocks; anything else comes from the source face itself
# (TrueType) or from a small per-document conversion (CFF).
_CORE_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0xFF),
    (0x2000, 0x206F),
    (0x2100, 0x214F),
    (0x2190, 0x21FF),
    (0x2460, 0x24FF),
    (0x2500, 0x25FF),
    (0x2600, 0x26FF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)
# A TrueType face smaller than this is used as it is: subsetting would not make it faster to load.
_SMALL_FACE_GLYPHS = 12000
_COVERAGE_LIMIT = 0x40000  # BMP and planes 1-3 (CJK Ext B-G)

ROLE_NAMES = {
    "title": "标题",
    "recipient": "主送机关",
    "heading1": "一级标题",
    "heading2": "二级标题",
    "heading3": "三级标题",
    "heading4": "四级标题",
    "body": "正文",
    "attachment": "附件说明",
    "signature": "署名",
    "date": "成文日期",
    "page_number": "页码",
    "issuer": "发文机关标志",
    "copy_number": "份号",
    "classification": "密级和紧急程度",
    "doc_number": "发文字号",
    "signer": "签发人",
    "signer_name": "签发人姓名",
    "note": "附注",
    "attachment_label": "附件标识",
    "attachment_title": "附件标题",
    "imprint": "版记",
}


def _core_chars() -> frozenset[int]:
    chars = {cp for lo, hi in _CORE_RANGES for cp in range(lo, hi + 1)}
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(ord(bytes((hi, lo)).decode("gb2312")))
    return frozenset(chars)


CORE_CHARS = _core_chars()


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


# --- loaded faces -------------------------------------------------------------------------


@dataclass
class Face:
    """An installed face made ready for the PDF: what it covers, and a TrueType file to load.

    ``core_path`` is a TrueType file with the GB2312 set and punctuation (a cached conversion of
    a CFF face, a cached subset of a big TrueType face, or the face itself when it is small);
    characters the face has outside that set come from ``extra_source`` — the face itself for
    TrueType, a per-document conversion for CFF (see :func:`extra_face`).
    """

    key: str
    installed: InstalledFace
    label: str
    coverage: bytes
    dash_mid_em: float
    core_covers_all: bool
    _core: tuple[Path, int] | None = None

    def has(self, ch: str) -> bool:
        cp = ord(ch)
        return cp < _COVERAGE_LIMIT and bool(self.coverage[cp >> 3] & (1 << (cp & 7)))

    def in_core(self, ch: str) -> bool:
        return self.has(ch) and (self.core_covers_all or ord(ch) in CORE_CHARS)

    def core_file(self) -> tuple[Path, int]:
        """The TrueType file (and index) to load for characters of the core set; a big or CFF
        face is subset/converted on first use and cached on disk."""
        if self._core is None:
            target = cache_dir() / "fonts" / self.key / "core.ttf"
            if not target.exists():
                _announce()
                log.info("正在转换字体 %s（只在第一次使用时进行）", self.installed.path)
                wanted = CORE_CHARS
                if self.core_covers_all:
                    wanted = frozenset(
                        cp
                        for cp in range(_COVERAGE_LIMIT)
                        if self.coverage[cp >> 3] & (1 << (cp & 7))
                    )
                write_atomic(target, _subset_ttf(self.installed, sorted(wanted)))
            self._core = (target, 0)
        return self._core

    @cached_property
    def font_name(self) -> str:
        """A stable PDF font name (the base of the embedded subset's name)."""
        base = "".join(c for c in self.installed.family + self.installed.style if c.isalnum())
        return (base if base.isascii() else "Face") + "-" + self.key[:6]


def _face_key(face: InstalledFace) -> str:
    st = os.stat(face.path)
    raw = f"{CACHE_VERSION}|{face.path}|{face.index}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


_FACES: dict[tuple[str, int], Face] = {}


# Reading and converting faces for the cache takes half a minute, once per machine. The library
# never prints; a caller that wants to tell the user why the first build is slow sets a notifier.
_notifier: Callable[[str], None] | None = None
_announced = False


def set_notifier(callback: Callable[[str], None] | None) -> None:
    """Call ``callback`` (once per process) with a Chinese notice when slow first-use font
    preparation starts."""
    global _notifier, _announced
    _notifier, _announced = callback, False


def _announce() -> None:
    global _announced
    if _notifier is not None and not _announced:
        _announced = True
        _notifier("首次使用：正在整理 PDF 所用字体并存入缓存，约需半分钟，以后不再需要……")


def load_face(installed: InstalledFace) -> Face:
    """The face ready for use; converted and cached on first use, then loaded from the cache.

    Conversion happens once per font file (keyed by its path and modification time), never per
    document, so a build only reads a small metadata file and a coverage bitmap.
    """
    ident = (installed.path, installed.index)
    face = _FACES.get(ident)
    if face is not None:
        return face
    key = _face_key(installed)
    folder = cache_dir() / "fonts" / key
    meta_file = folder / "meta.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        coverage = (folder / "coverage.bin").read_bytes()
    except (OSError, ValueError):
        meta, coverage = _prepare(installed, folder)
    face = Face(
        key=key,
        installed=installed,
        label=f"{installed.family} {installed.style}".strip(),
        coverage=coverage,
        dash_mid_em=meta["dash_mid_em"],
        core_covers_all=meta["core_covers_all"],
    )
    _FACES[ident] = face
    return face


def _prepare(installed: InstalledFace, folder: Path) -> tuple[dict[str, Any], bytes]:
    from fontTools.ttLib import TTFont

    _announce()
    log.info("正在读取字体 %s（只在第一次使用时进行）", installed.path)
    with TTFont(installed.path, fontNumber=installed.index, lazy=True) as font:
        return _read_face(font, installed, folder)


def _read_face(font: Any, installed: InstalledFace, folder: Path) -> tuple[dict[str, Any], bytes]:
    cmap = font.getBestCmap() or {}
    bitmap = bytearray(_COVERAGE_LIMIT // 8)
    for cp in cmap:
        if cp < _COVERAGE_LIMIT:
            bitmap[cp >> 3] |= 1 << (cp & 7)
    upem = font["head"].unitsPerEm
    dash_mid = 0.3
    glyph_set = font.getGlyphSet()
    if 0x2014 in cmap:
        from fontTools.pens.boundsPen import BoundsPen

        pen = BoundsPen(glyph_set)
        glyph_set[cmap[0x2014]].draw(pen)
        if pen.bounds:
            dash_mid = (pen.bounds[1] + pen.bounds[3]) / 2 / upem
    small = not installed.cff and font["maxp"].numGlyphs < _SMALL_FACE_GLYPHS
    meta: dict[str, Any] = {
        "source": installed.path,
        "index": installed.index,
        "dash_mid_em": dash_mid,
        "core_covers_all": small,
    }
    write_atomic(folder / "coverage.bin", bytes(bitmap))
    write_atomic(folder / "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    return meta, bytes(bitmap)


def _subset_ttf(installed: InstalledFace, codepoints: Iterable[int]) -> bytes:
    """A TrueType subset of a face (CFF outlines converted to quadratic glyf outlines)."""

    from fontTools.ttLib import TTFont

    with TTFont(installed.path, fontNumber=installed.index, lazy=False) as font:
        return _subset_font(font, codepoints)


def _subset_font(font: Any, codepoints: Iterable[int]) -> bytes:
    import io

    from fontTools import subset as ftsubset

    options = ftsubset.Options()
    options.layout_features = []
    options.notdef_outline = True
    options.desubroutinize = True
    # Hinting (fpgm/prep/cvt and glyph programs) is copied into every 256-glyph subset reportlab
    # embeds and does nothing for print; dropping it keeps the PDF small.
    options.hinting = False
    # Only the names a PDF reader shows (family, style, unique, full, version, PostScript): the
    # licence and description records are 15 KB per face, copied into every 256-glyph subset.
    options.name_IDs = [1, 2, 3, 4, 5, 6]
    options.name_languages = ["*"]
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG", "JSTF"]
    cmap = font.getBestCmap() or {}
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=[cp for cp in codepoints if cp in cmap])
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_glyf(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _cff_to_glyf(font: Any) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
        "maxComponentDepth",
    ):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    maxp.recalc(font)
    font["post"].formatType = 3.0
    font.sfntVersion = "\0\1\0\0"


def extra_face(face: Face, chars: Iterable[str]) -> tuple[Path, int]:
    """Where to load ``face``'s glyphs for characters outside its core set.

    A TrueType face is loaded whole. A CFF face gets a small conversion of just these characters,
    cached on disk by face and character set, so rebuilding the same document costs nothing.
    """
    if not face.installed.cff:
        return Path(face.installed.path), face.installed.index
    wanted = "".join(sorted(set(chars)))
    digest = hashlib.sha1(wanted.encode("utf-8")).hexdigest()[:16]
    target = cache_dir() / "fonts" / face.key / f"extra-{digest}.ttf"
    if not target.exists():
        write_atomic(target, _subset_ttf(face.installed, [ord(c) for c in wanted]))
    return target, 0


# --- logical faces and roles --------------------------------------------------------------


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


@dataclass
class Candidate:
    """One face in a role's chain, and whether it is the official face or a stand-in; the face
    is read only when the chain reaches it."""

    installed: InstalledFace
    official: bool
    spec: str
    _face: Face | None = None
    broken: bool = False

    @property
    def face(self) -> Face:
        if self._face is None:
            self._face = load_face(self.installed)
        return self._face

    def usable(self) -> bool:
        if self._face is None and not self.broken:
            try:
                self._face = load_face(self.installed)
            except Exception as exc:  # an unreadable file is skipped, not fatal
                log.warning("字体 %s 无法使用：%s", self.installed.path, exc)
                self.broken = True
        return not self.broken


@dataclass
class LogicalFont:
    """A logical face of the template (仿宋_GB2312, 黑体, …) resolved to installed faces."""

    name: str
    candidates: list[Candidate]

    @property
    def chain(self) -> list[Candidate]:
        return [c for c in self.candidates if c.usable()]

    @property
    def primary(self) -> Candidate | None:
        for cand in self.candidates:
            if cand.usable():
                return cand
        return None


def resolve(name: str, spec: FontSpec) -> LogicalFont:
    """The chain of faces for a logical font: official faces first, then the open substitutes."""
    seen: set[tuple[str, int]] = set()
    chain: list[Candidate] = []

    def add(faces: Iterable[InstalledFace], official: bool, label: str) -> None:
        for installed in faces:
            ident = (installed.path, installed.index)
            if ident in seen:
                continue
            seen.add(ident)
            chain.append(Candidate(installed, official, label))

    add(find_files(spec.files), True, name)
    add(find_faces([name, *spec.alt_names]), True, name)
    for substitute in spec.substitutes:
        family, _, style = substitute.partition(":")
        add(find_faces([family], style), False, substitute)
    return LogicalFont(name, chain)


@dataclass
class FontSet:
    """Every role's chain of faces for one template."""

    logical: dict[str, LogicalFont]
    roles: dict[str, str]
    latin: dict[str, str]  # role → the logical face of its ASCII letters and digits (w:ascii)
    # Answers of face_for/primary_for per (role, character). A font set lives for the whole
    # process and its faces never change, so every document after the first asks a dict;
    # a face that failed to load stays failed, so no answer goes stale.
    _face_memo: dict[tuple[str, str], Face | None] = field(
        default_factory=dict, repr=False, compare=False
    )
    _primary_memo: dict[tuple[str, str], Face | None] = field(
        default_factory=dict, repr=False, compare=False
    )
    # Per role, characters drawn from the role's primary face's cached set (check_coverage
    # has nothing to say about them).
    _plain: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)

    def primary(self, role: str) -> Candidate | None:
        return self.logical[self.roles[role]].primary

    def primary_for(self, role: str, ch: str) -> Face | None:
        """The face ``ch`` should come from if every face had every character."""
        key = (role, ch)
        try:
            return self._primary_memo[key]
        except KeyError:
            pass
        name = self.latin[role] if self.is_latin(role, ch) else self.roles[role]
        cand = self.logical[name].primary
        found = self._primary_memo[key] = cand.face if cand else None
        return found

    def is_latin(self, role: str, ch: str) -> bool:
        """Whether ``ch`` is set in the role's Latin face (as Word does with w:ascii)."""
        return " " <= ch <= "~" and self.logical[self.latin[role]].primary is not None

    def face_for(self, role: str, ch: str) -> Face | None:
        """The first face of the role's chain that has ``ch`` (the Latin face first for ASCII
        letters and digits, as Word does with w:ascii); later faces are read only when needed."""
        key = (role, ch)
        try:
            return self._face_memo[key]
        except KeyError:
            pass
        found = self._face_memo[key] = self._find_face(role, ch)
        return found

    def _find_face(self, role: str, ch: str) -> Face | None:
        names = (
            [self.latin[role], self.roles[role]] if self.is_latin(role, ch) else [self.roles[role]]
        )
        for name in names:
            for cand in self.logical[name].candidates:
                if cand.usable() and cand.face.has(ch):
                    return cand.face
        return None

    def plain_chars(self, role: str) -> set[str]:
        """Characters of ``role`` known to come from its primary face's cached set (filled in
        by :func:`check_coverage`; only ever grows)."""
        found = self._plain.get(role)
        if found is None:
            found = self._plain[role] = set()
        return found


_FONT_SETS: dict[str, FontSet] = {}


def font_set(template: Template) -> FontSet:
    """The template's faces, resolved once per process."""
    key = json.dumps(
        [
            template.latin_font,
            template.roles.model_dump(),
            {k: v.model_dump() for k, v in template.fonts.items()},
        ],
        sort_keys=True,
        ensure_ascii=False,
    )
    found = _FONT_SETS.get(key)
    if found is not None:
        return found
    roles = {role: getattr(template.roles, role).font for role in ROLE_NAMES}
    latin = {
        role: getattr(template.roles, role).latin_font or template.latin_font for role in ROLE_NAMES
    }
    names = [*dict.fromkeys([*roles.values(), *latin.values()])]
    logical = {n: resolve(n, template.font_spec(n)) for n in names}
    result = FontSet(logical, roles, latin)
    _FONT_SETS[key] = result
    return result


# --- what a document needs ----------------------------------------------------------------


@dataclass(frozen=True)
class TextPiece:
    """A stretch of document text, the role it is set in and where it came from."""

    role: str
    text: str
    origin: PathKey = ()


def tree_pieces(tree: DocumentTree) -> Iterator[TextPiece]:
    """Every text of the document with its role (what the renderers set, in order)."""
    for line in tree.title.lines:
        yield TextPiece("title", line, tree.title.origin)
    for block in tree.blocks:
        if isinstance(block, Heading):
            yield TextPiece(f"heading{block.level}", block.full_text, block.origin)
        elif isinstance(block, Paragraph):
            yield TextPiece("body", block.text, block.origin)
        elif isinstance(block, Recipient):
            yield TextPiece("recipient", block.text, block.origin)
        elif isinstance(block, AttachmentNote):
            for line in block.lines:
                yield TextPiece("attachment", line, block.origin)
        elif isinstance(block, Closing):
            yield TextPiece("signature", block.signature, block.origin)
            if block.date:
                yield TextPiece("date", block.date, block.origin)


@dataclass(frozen=True)
class CharUse:
    """A character that is not drawn from its role's primary face's cached set."""

    char: str
    role: str
    face: Face
    fallback: bool  # True: another face of the chain; False: the same face, outside its cache
    location: Location

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"


def check_coverage(tree: DocumentTree, fonts: FontSet) -> list[CharUse]:
    """Characters needing a fallback face or glyphs outside the cached set, one entry per
    (character, role). Raises RenderError listing every character that no face has."""
    seen: set[tuple[str, str]] = set()
    uses: list[CharUse] = []
    missing: list[Problem] = []
    for piece in tree_pieces(tree):
        plain = fonts.plain_chars(piece.role)
        if plain.issuperset(piece.text):
            continue  # the common case: every character already known to need nothing
        # dict.fromkeys: each character once, in the order of its first use (the order of the
        # findings), as the character-by-character walk found them.
        for ch in dict.fromkeys(piece.text):
            if ch in plain or (ch, piece.role) in seen or ch.isspace():
                continue
            face = fonts.face_for(piece.role, ch)
            expected = fonts.primary_for(piece.role, ch)
            if face is not None and face is expected and face.in_core(ch):
                plain.add(ch)
                continue
            seen.add((ch, piece.role))
            where = tree.locate(piece.origin, ch)
            if face is None:
                missing.append(
                    Problem(
                        where,
                        "",
                        f"字符“{ch}”（U+{ord(ch):04X}）在{ROLE_NAMES[piece.role]}可用的字体中都没有，"
                        "无法生成 PDF（请安装含该字的字体，或改用常用字）",
                        code="missing-glyph",
                    )
                )
            else:
                uses.append(CharUse(ch, piece.role, face, face is not expected, where))
    if missing:
        raise RenderError("有字符无法显示", missing)
    return uses


def missing_role_fonts(fonts: FontSet, roles: Iterable[str]) -> list[str]:
    """Logical faces that have no installed face at all."""
    return sorted({fonts.roles[r] for r in roles if fonts.primary(r) is None})


def findings(
    fonts: FontSet, roles: Iterable[str], uses: Iterable[CharUse], template: Template
) -> list[Problem]:
    """Warnings for the build: logical faces set in a substitute, characters from a fallback face."""
    problems: list[Problem] = []
    by_font: dict[str, list[str]] = {}
    for role in roles:
        by_font.setdefault(fonts.roles[role], []).append(ROLE_NAMES[role])
    for name, role_names in by_font.items():
        primary = fonts.logical[name].primary
        if primary is not None and not primary.official:
            problems.append(
                Problem(
                    Location(f"模板 {template.name}"),
                    f"fonts.{name}",
                    f"未安装{name}（{'、'.join(role_names)}），PDF 使用替代字体 {primary.face.label}",
                    severity="warning",
                    code="font-substitute",
                )
            )
    for use in uses:
        if use.fallback:
            problems.append(
                Problem(
                    use.location,
                    "",
                    f"字符“{use.char}”（{use.code}）{ROLE_NAMES[use.role]}字体中没有，改用 {use.face.label}",
                    severity="warning",
                    code="glyph-fallback",
                )
            )
    return problems
