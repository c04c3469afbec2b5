"""Web page furniture: breadcrumbs, toolbars, welcome lines, bylines and share footers, each reported."""

from __future__ import annotations

import re

from .changes import Removal
from .result import Imported, Para

_BREADCRUMB_LABEL = re.compile(
    r"^(?:您?(?:当前|现在|目前)?的?(?:所在)?(?:位置|页面)|当前栏目|所在栏目)\s*[：:]"
)
_BREADCRUMB_SEP = re.compile(r"\s*(?:>>|>|»|\u203a|→|/)\s*")
_HOME = re.compile(r"^(?:首页|主页|网站首页|返回首页)")
_WELCOME = re.compile(r"^(?:您好[，,！!]?\s*)?欢迎(?:访问|光临|来到|您)")
_BYLINE_LABEL = (
    r"(?:发布时间|发布日期|发稿时间|更新时间|来源|信息来源|文章来源|作者|责任编辑|编辑|审核|"
    r"浏览次数|浏览量|浏览|点击数|点击量|点击|阅读次数|阅读量|阅读|访问次数|查看次数|访问量)"
)
_BYLINE = re.compile(f"(?:^|[\\s　|｜])(?:【)?{_BYLINE_LABEL}\\s*[：:]")
_TIMESTAMP = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?")
_SOURCE = re.compile(
    f"(?:信息来源|文章来源|来源)\\s*[：:]\\s*([^\\s　|｜【】：:]{{2,30}}?)(?={_BYLINE_LABEL}|[\\s　|｜【]|$)"
)
_TOOLBAR_WORDS = (
    "在手机打开当前页",
    "视力保护色",
    "护眼模式",
    "返回顶部",
    "打印本页",
    "关闭窗口",
    "分享到",
    "扫一扫",
    "上一篇",
    "下一篇",
    "QQ空间",
    "收藏",
    "打印",
    "关闭",
    "护眼",
    "微信",
    "微博",
    "字号",
    "字体",
    "默认",
    "分享",
)
_TOOLBAR_LEFT = re.compile(r"[\s　：:|｜【】\[\]()（）>»·•、，,。!！]")


def _is_toolbar(text: str) -> bool:
    rest = text
    for word in _TOOLBAR_WORDS:
        rest = rest.replace(word, "")
    if rest == text:
        return False
    if re.search("字号|字体", text):
        rest = re.sub("[大中小]", "", rest)
    return not _TOOLBAR_LEFT.sub("", rest)


def _is_breadcrumb(text: str) -> bool:
    if _BREADCRUMB_LABEL.match(text):
        return True
    parts = [p for p in _BREADCRUMB_SEP.split(text) if p]
    return len(parts) >= 3 and bool(_HOME.match(text)) and all(len(p) <= 12 for p in parts)


def furniture_reason(text: str) -> str:
    """Why ``text`` is page furniture rather than document text, or ""."""
    if len(text) > 120:
        return ""
    if _is_breadcrumb(text):
        return "网页导航（面包屑）"
    if _WELCOME.match(text) and len(text) <= 50:
        return "网站欢迎语"
    if _BYLINE.search(text):
        return "发布信息（时间、来源、作者、浏览次数）"
    if _TIMESTAMP.match(text):
        rest = _TIMESTAMP.sub("", text).strip()
        if not rest or _is_toolbar(rest) or _BYLINE.search(" " + rest):
            return "发布时间"
    if _is_toolbar(text):
        return "网页工具栏或分享栏"
    return ""


def strip_furniture(paras: list[Para], imported: Imported) -> list[Para]:
    """The paragraphs without page furniture; each removal is recorded with its line, and a
    byline's 来源 is kept as a hint for the organization."""
    kept: list[Para] = []
    for p in paras:
        reason = "" if p.role else furniture_reason(p.text)
        if not reason:
            kept.append(p)
            continue
        imported.removed.append(Removal(p.line, p.text, reason))
        source = _SOURCE.search(p.text)
        if source and "source" not in imported.hints:
            imported.hints["source"] = source.group(1)
    # A headline repeated as the first line of the body.
    if len(kept) >= 2 and kept[0].text == kept[1].text and not kept[0].role:
        imported.removed.append(Removal(kept[1].line, kept[1].text, "与标题重复的第一行"))
        del kept[1]
    return kept
