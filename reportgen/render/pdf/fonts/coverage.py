"""What a document needs from its fonts: the characters outside each role's cached face, the
ones no face has, and the warnings of a build (substitute faces, fallback characters)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ....document.tree import DocumentTree
from ....errors import Location, Problem, RenderError
from ....model.template import Template
from .convert import Face
from .fontset import ROLE_NAMES, FontSet


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
    for piece in tree.pieces():
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
