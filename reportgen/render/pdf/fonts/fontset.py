"""Logical faces of a template (仿宋_GB2312, 黑体, …) resolved to chains of installed faces per role."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from ....model.template import FontSpec, Template
from .convert import Face, load_face
from .installed import InstalledFace, find_faces, find_files

log = logging.getLogger(__name__)

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
    "attendance_label": "出席、请假、列席",
    "table_caption": "表题",
    "table_header": "表头",
    "table_cell": "表格文字",
}


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
    # What the set was resolved from (the template's fonts and roles): equal keys, equal sets.
    key: str = ""
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
    result = FontSet(logical, roles, latin, key)
    _FONT_SETS[key] = result
    return result


def missing_role_fonts(fonts: FontSet, roles: Iterable[str]) -> list[str]:
    """Logical faces that have no installed face at all."""
    return sorted({fonts.roles[r] for r in roles if fonts.primary(r) is None})
