"""The library's entry points: input file → validated model → document tree → rendered bytes."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .checks.engine import layout_findings, preflight
from .checks.findings import format_finding
from .document.build import build_tree
from .document.tree import DocumentTree, Rendered
from .errors import ReportgenError
from .model.editions import load_edition, require_buildable
from .model.models import DocumentModel, Metric
from .model.template import Template, load_template
from .model.validate import validate
from .output import write_atomic
from .source.loader import Loaded

log = logging.getLogger(__name__)

# Each format's renderer lives in its own module, imported only when that format is asked for,
# so that only the DOCX renderer imports python-docx and only the PDF renderer imports reportlab.
RENDERERS = {
    "docx": "reportgen.render.docx:render_docx",
    "pdf": "reportgen.render.pdf.render:render_pdf",
    "ofd": "reportgen.render.ofd.render:render_ofd",
}
FORMATS = tuple(RENDERERS)

Renderer = Callable[[DocumentTree, Template], Rendered]


@dataclass
class Prepared:
    """One input, loaded, validated and built into a tree."""

    loaded: Loaded
    model: DocumentModel
    tree: DocumentTree
    # Last year's metrics, when the input names a ``previous`` edition.
    previous: Mapping[str, Metric] | None = None


def prepare(path: Path, template: Template | None = None) -> Prepared:
    """Load, validate and build one input file; raises InputError with every problem found."""
    template = template or load_template()
    edition = load_edition(path)
    require_buildable(edition)
    loaded = edition.loaded
    model = validate(loaded, edition.previous)
    tree = build_tree(
        model,
        loaded.positions,
        edition.previous,
        title_chars=template.limits.title_chars_per_line,
    )
    return Prepared(loaded, model, tree, edition.previous)


def renderer(fmt: str) -> Renderer:
    if fmt not in RENDERERS:
        raise ReportgenError(f"不支持的输出格式“{fmt}”（可用：{'、'.join(FORMATS)}）")
    module_name, _, func = RENDERERS[fmt].partition(":")
    module = importlib.import_module(module_name)
    render: Renderer = getattr(module, func)
    return render


def render(tree: DocumentTree, fmt: str, template: Template) -> Rendered:
    return renderer(fmt)(tree, template)


def output_path(input_path: Path, out_dir: Path, fmt: str) -> Path:
    """Output names come from the input file's name, never from document text."""
    return out_dir / f"{input_path.stem}.{fmt}"


@dataclass
class Built:
    """What building one input wrote, and the warnings the user should see (as printed lines).

    Warnings are returned, not only logged, so that the manifest and the summary count them
    whatever the log level."""

    outputs: list[Path]
    warnings: list[str]


def build_file(
    path: Path,
    out_dir: Path,
    formats: Iterable[str] | None = None,
    template: Template | None = None,
) -> Built:
    """Render one input to every format (by default the template's ``formats``); nothing is
    written unless every format rendered."""
    template = template or load_template()
    formats = template.formats if formats is None else formats
    prepared = prepare(path, template)
    # The pre-filing checks run first: errors block the build (ChecksFailed), warnings are kept.
    warnings = [
        format_finding(w)
        for w in preflight(prepared.loaded, prepared.model, template, prepared.previous)
    ]
    rendered = {fmt: render(prepared.tree, fmt, template) for fmt in formats}
    written = []
    for fmt, result in rendered.items():
        warnings += [
            format_finding(f) for f in layout_findings(result.findings, template, prepared.model)
        ]
        target = output_path(path, out_dir, fmt)
        write_atomic(target, result.data)
        log.info("写出 %s", target)
        written.append(target)
    warnings = list(dict.fromkeys(warnings))
    for warning in warnings:
        log.debug("%s", warning)
    return Built(written, warnings)
