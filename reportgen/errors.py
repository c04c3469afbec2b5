"""The one exception family of reportgen, and the located problem it reports."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file: 1-based line and column (columns count characters)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, as the user will read it.

    ``field`` is the field's path as written in the input (``achievements[0].heading``),
    ``title`` its Chinese name where the model gives one, ``message`` a Chinese sentence.

    ``code`` is the rule code ``check`` prints (``reportgen rules``; the registry is
    checks/rules.py), given where the problem is raised. The default, RG001 (输入格式错误), is
    right for anything found reading, merging or validating an input: a new problem in source/
    or model/ needs no code of its own. Give one when another rule describes it better:
    ``Problem(where, field, message, title, code="RG002")`` for relations between fields (keys,
    所属指标, nesting), RG208 for placeholders, RG402 for 其中 figures. Renderers give their
    layout findings an RG7xx code or an alias that checks.engine.LAYOUT_ALIASES maps.
    """

    location: Location
    field: str
    message: str
    title: str = ""
    code: str = "RG001"
    severity: str = "error"
    fix: str = ""

    def __str__(self) -> str:
        name = self.field
        if self.title and self.field:
            name = f"{self.field}（{self.title}）"
        elif self.title:
            name = self.title
        head = f"{self.location}: "
        if name:
            head += f"{name}: "
        return head + self.message


class ReportgenError(Exception):
    """Base of every error reportgen raises on purpose; ``exit_code`` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The error as the lines the CLI prints on stderr."""
        return [self.message]


class InputError(ReportgenError):
    """An input file has one or more problems; all of them are carried together."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.location, p.field))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class TemplateError(ReportgenError):
    """A style template is missing or invalid."""


class RenderError(ReportgenError):
    """A document could not be rendered (for example a character no installed font has)."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        super().__init__(message)

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] or [self.message]


def display_path(path: Path) -> str:
    """The path as the user should read it: relative to the working folder when it is below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the folder; or NUL, a link loop
        return str(path)


# click's own texts (usage errors, --help headings) in Chinese; cli/app.py hands ``cli_text`` and
# ``cli_ngettext`` to click in place of gettext. Kept here because only cli/ may import click.
CLI_TEXTS = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show the version and exit.": "显示版本并退出。",
    "Show this message and exit.": "显示本帮助并退出。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing command.": "缺少命令。",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "default: {default}": "默认：{default}",
    "Aborted!": "已中止",
    "Did you mean {possibility}?": "是不是 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是 {choices} 之一。",
}


def cli_text(message: str) -> str:
    """click's ``_``: the Chinese of one of its texts (the English where none is known)."""
    return CLI_TEXTS.get(message, message)


def cli_ngettext(singular: str, plural: str, n: int) -> str:
    """click's ``ngettext``."""
    return cli_text(singular if n == 1 else plural)


def usage_message(text: str) -> str:
    """A click usage error as Chinese prose: ``'x'`` quoted as “x”, no closing English full stop."""
    return re.sub(r"'([^']*)'", r"“\1”", text).removesuffix(".")


def hoist_verbosity(args: list[str]) -> list[str]:
    """``reportgen check -q FILE`` as ``reportgen -q check FILE``: -v/-q anywhere before ``--``."""
    flag = re.compile(r"-[vq]+|--verbose|--quiet")
    end = args.index("--") if "--" in args else len(args)
    moved = [a for a in args[:end] if flag.fullmatch(a)]
    return moved + [a for a in args[:end] if not flag.fullmatch(a)] + args[end:]
