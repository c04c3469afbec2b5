"""The package's shape: which package may use which library, layers that only point down, sizes.

ruff's banned-API rule (TID251, pyproject.toml) gives the quick answer in an editor; its
per-file-ignores lift the whole rule for render/, source/ and web/, so the AST checks below read
every import and hold each package to its own libraries and to the layers of README's map.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "reportgen"
RUFF = Path(sys.executable).parent / "ruff"

# --------------------------------------------------------------------------- (a) ruff enforces

# (file the snippet pretends to be, the snippet): each must be refused by TID251.
BANNED = [
    ("reportgen/checks/x.py", "import reportlab\n"),
    ("reportgen/checks/x.py", "from reportlab.pdfgen import canvas\n"),
    ("reportgen/model/x.py", "import click\n"),
    ("reportgen/pipeline.py", "import click\n"),
    ("reportgen/checks/x.py", "from docx import Document\n"),
    ("reportgen/document/x.py", "import docx\n"),
    ("reportgen/checks/x.py", "from fontTools.ttLib import TTFont\n"),
    ("reportgen/checks/x.py", "import yaml\n\nyaml.safe_load('a: 1')\n"),
    ("reportgen/checks/fix.py", "from yaml import safe_load\n"),
    ("reportgen/model/x.py", "import starlette\n"),
]
ALLOWED_BY_RUFF = [
    ("reportgen/cli/app.py", "import click\n"),
    ("reportgen/cli/commands_build.py", "import click\n"),
    ("reportgen/render/pdf/x.py", "import reportlab\n"),
    ("reportgen/importer/docx_read.py", "import docx\n"),
    ("reportgen/source/x.py", "import yaml\n\nyaml.safe_load('a: 1')\n"),
    ("reportgen/importer/yamlout.py", "import yaml\n\nyaml.safe_dump('a')\n"),
]


def _ruff(filename: str, source: str) -> str:
    result = subprocess.run(
        [str(RUFF), "check", "--select", "TID251", "--stdin-filename", filename, "-"],
        input=source,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return result.stdout + result.stderr


@pytest.mark.parametrize(("filename", "source"), BANNED)
def test_ruff_bans_the_import(filename: str, source: str) -> None:
    assert "TID251" in _ruff(filename, source)


@pytest.mark.parametrize(("filename", "source"), ALLOWED_BY_RUFF)
def test_ruff_allows_the_one_place(filename: str, source: str) -> None:
    out = _ruff(filename, source)
    assert "TID251" not in out and "All checks passed" in out, out


# --------------------------------------------------------------------------- (b) imports, read

# Third-party libraries and the places (a file, or a folder ending in /) that may import them.
# A library not listed here may not be imported at all: add it with its place.
LIBRARIES = {
    "click": ("cli/",),
    "docx": ("render/docx/", "importer/docx_read.py"),
    "lxml": ("render/docx/",),
    "reportlab": ("render/pdf/",),
    "fontTools": ("render/pdf/fonts/",),
    "yaml": ("source/", "importer/yamlout.py"),  # yamlout only dumps (see YAML_PARSERS)
    "ruamel": ("source/",),
    "pydantic": ("model/",),
    "opencc": ("textscan/",),
    "starlette": ("web/",),
    "uvicorn": ("web/",),
    "pypdfium2": ("web/",),
}
YAML_PARSERS = {"safe_load", "load", "compose", "full_load", "unsafe_load", "load_all"}

# The layers of the package, top first: a unit may import its own modules and any lower layer,
# never a higher one nor a sibling in its own layer. ``web`` sits below ``cli`` (only ``serve``
# starts it) and above ``batch`` (it builds through it); ``batch`` runs ``pipeline``'s build_file
# in its workers; ``output`` reports errors through ``errors``, so errors is the floor.
LAYERS = (
    ("__main__",),
    ("cli",),
    ("web",),
    ("batch",),
    ("pipeline",),
    ("checks", "importer", "render"),
    ("document",),
    ("model",),
    ("source",),
    ("output", "textscan"),
    ("errors",),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _unit(rel: str) -> str:
    """The layer unit of a file inside reportgen/: its top folder, or its top-level module."""
    first = rel.split("/", 1)[0]
    return first.removesuffix(".py")


def _imports(rel: str, tree: ast.Module) -> Iterator[tuple[str, int]]:
    """Absolute dotted names a module imports (``from X import y`` gives X.y), with lines."""
    package = ["reportgen", *rel.split("/")[:-1]]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                yield f"{module}.{alias.name}", node.lineno


def violations(rel: str, source: str) -> list[str]:
    """Every import of ``source`` (the file reportgen/``rel``) that breaks the rules above."""
    tree = ast.parse(source)
    here = _unit(rel)
    out = []
    for name, line in _imports(rel, tree):
        where = f"reportgen/{rel}:{line}: {name}"
        top = name.split(".")[0]
        if top == "reportgen":
            parts = name.split(".")
            if parts[1:] == ["__version__"]:
                continue  # the version constant; the package root imports nothing eagerly
            target = parts[1] if len(parts) > 1 else ""
            if rel == "__init__.py":
                continue  # the lazy facade (see test_package_root_imports_nothing)
            if target not in RANK:
                out.append(f"{where}: unit {target!r} is in no layer of tests/test_layout.py")
            elif target != here and RANK[target] <= RANK[here]:
                out.append(f"{where}: {here} may not import {target} (up or sideways)")
        elif top not in sys.stdlib_module_names and top != "__future__":
            places = LIBRARIES.get(top)
            if places is None:
                out.append(f"{where}: {top} is not in LIBRARIES (add it with its one place)")
            elif not any(rel == p or (p.endswith("/") and rel.startswith(p)) for p in places):
                out.append(f"{where}: {top} only in {', '.join(places)}")
            elif (
                top == "yaml"
                and not rel.startswith("source/")
                and name.split(".")[-1] in YAML_PARSERS
            ):
                out.append(f"{where}: only source/ parses YAML")
    if not rel.startswith("source/"):
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "yaml"
                and node.attr in YAML_PARSERS
            ):
                out.append(f"reportgen/{rel}:{node.lineno}: yaml.{node.attr}: only source/ parses")
    return out


def test_every_module_keeps_its_imports() -> None:
    found = []
    for path in _modules():
        found += violations(_rel(path), path.read_text(encoding="utf-8"))
    assert found == []


def test_every_unit_has_a_layer() -> None:
    units = {_unit(_rel(p)) for p in _modules()} - {"__init__"}
    assert units <= set(RANK), units - set(RANK)


# (file, source, the fragment of the violation): the checker itself must catch each.
CAUGHT = [
    ("render/pdf/render.py", "import fontTools\n", "fontTools only in render/pdf/fonts/"),
    ("render/pdf/layout.py", "import click\n", "click only in cli/"),
    ("render/docx/render.py", "from reportlab.lib import units\n", "reportlab only in"),
    ("render/ofd/render.py", "import docx\n", "docx only in"),
    ("importer/structure.py", "import docx\n", "docx only in"),
    ("importer/yamlout.py", "import yaml\nyaml.safe_load('a')\n", "only source/ parses"),
    ("importer/yamlout.py", "from yaml import safe_load\n", "only source/ parses"),
    ("checks/x.py", "import numpy\n", "numpy is not in LIBRARIES"),
    ("model/x.py", "from ..document.tree import DocumentTree\n", "model may not import document"),
    ("source/x.py", "from reportgen.model import models\n", "source may not import model"),
    ("checks/x.py", "from ..render.outline import outline_lines\n", "checks may not import render"),
    ("render/x.py", "from .. import pipeline\n", "render may not import pipeline"),
    ("pipeline.py", "from .batch import run\n", "pipeline may not import batch"),
    ("batch/x.py", "from ..web import app\n", "batch may not import web"),
    ("errors.py", "from .output import write_atomic\n", "errors may not import output"),
    ("textscan/x.py", "from ..output import write_atomic\n", "textscan may not import output"),
    ("checks/x.py", "from ..newthing import y\n", "'newthing' is in no layer"),
]


@pytest.mark.parametrize(("rel", "source", "fragment"), CAUGHT)
def test_the_checker_catches(rel: str, source: str, fragment: str) -> None:
    assert any(fragment in v for v in violations(rel, source)), violations(rel, source)


FINE = [
    ("checks/x.py", "from .. import __version__\nfrom ..document.build import build_tree\n"),
    ("render/pdf/fonts/x.py", "import fontTools\nimport reportlab\n"),
    ("web/x.py", "from ..batch import run\nfrom ..pipeline import build_file\nimport starlette\n"),
    ("cli/commands_misc.py", "import click\nfrom ..web import server\n"),
    ("source/x.py", "import yaml\nyaml.compose('a')\n"),
]


@pytest.mark.parametrize(("rel", "source"), FINE)
def test_the_checker_allows(rel: str, source: str) -> None:
    assert violations(rel, source) == []


def test_package_root_imports_nothing() -> None:
    """``import reportgen`` loads no submodule (the API is resolved on first use)."""
    code = (
        "import sys, reportgen; print(sorted(m for m in sys.modules if m.startswith('reportgen')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "['reportgen']"


# --------------------------------------------------------------------------- (c) sizes

MAX_TOP_LEVEL_MODULES = 8
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 60


def test_top_level_keeps_only_what_a_reader_needs_first() -> None:
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= MAX_TOP_LEVEL_MODULES, modules


def test_no_module_over_the_limit() -> None:
    long = {}
    for path in _modules():
        lines = path.read_text(encoding="utf-8").count("\n")
        if lines > MAX_MODULE_LINES:
            long[_rel(path)] = lines
    assert long == {}


def test_no_function_over_the_limit() -> None:
    long = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{_rel(path)}:{node.lineno} {node.name}"] = length
    assert long == {}
