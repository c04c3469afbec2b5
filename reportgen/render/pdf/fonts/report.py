"""The ``reportgen fonts`` listing: each role's face and file, and the characters that fall back."""

from __future__ import annotations

from ....document.tree import DocumentTree
from .coverage import check_coverage
from .fontset import ROLE_NAMES, FontSet


def role_lines(font_set: FontSet) -> list[str]:
    """One line per role: the face the PDF uses, official or substitute, and its file."""
    lines = []
    for role, role_title in ROLE_NAMES.items():
        logical = font_set.roles[role]
        cand = font_set.primary(role)
        if cand is None:
            lines.append(f"{role_title}（{logical}）：未找到可用字体")
            continue
        kind = "官方字体" if cand.official else "替代字体"
        where = cand.installed.path + (f"#{cand.installed.index}" if cand.installed.index else "")
        lines.append(f"{role_title}（{logical}）：{cand.face.label}（{kind}）{where}")
    return lines


def coverage_lines(name: str, tree: DocumentTree, font_set: FontSet) -> list[str]:
    """The characters of ``tree`` outside their role's preferred face (``name`` is the input)."""
    uses = check_coverage(tree, font_set)
    if not uses:
        return [f"{name}: 所有字符都在各角色的首选字体中"]
    lines = [f"{name}: 以下字符不在首选字体的常用字集中："]
    for use in uses:
        how = "回退到" if use.fallback else "取自完整字体"
        lines.append(
            f"  {use.char} {use.code} {ROLE_NAMES[use.role]} {how} {use.face.label}"
            f"（{use.location}）"
        )
    return lines
