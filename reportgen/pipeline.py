"""The library's entry points: input file → validated model → document tree → rendered bytes.

``load``, ``validate``, ``build`` and ``render`` are the library API that reportgen/__init__.py
exports (one call per stage); ``build_file`` is what ``reportgen build`` runs for one input."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .checks.engine import Prepared, examine, layout_findings
from .checks.findings import format_finding
from .document.build import build_tree
from .document.tree import DocumentTree, Rendered
from .errors import ReportgenError
from .model.editions import Edition, load_edition, require_buildable
from .model.models import DocumentModel
from .model.template import Template, load_template
from .model.validate import validate as validate_loaded
from .output import write_atomic

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


@dataclass(frozen=True)
class Validated:
    """A valid input: its model, and the edition it came from (for source positions in later
    problems, and last year's metrics for ``{键.prev}``)."""

    model: DocumentModel
    edition: Edition


def _template(template: Template | str | None) -> Template:
    return template if isinstance(template, Template) else load_template(template)


def load(path: str | Path) -> Edition:
    """Read one input file with the files it ``extends`` and its ``previous`` edition's metrics.
    Raises InputError (every problem, each at ``file:line:col``)."""
    return load_edition(Path(path))


def validate(edition: Edition) -> Validated:
    """Check a loaded input against the input contract; raises InputError listing every problem,
    AbstractInputError for a base that only exists to be extended."""
    require_buildable(edition)
    return Validated(validate_loaded(edition.loaded, edition.previous), edition)


def build(validated: Validated, template: Template | str | None = None) -> DocumentTree:
    """The renderer-neutral document tree: numbering, metric figures and every text final."""
    edition = validated.edition
    return build_tree(
        validated.model,
        edition.loaded.positions,
        edition.previous,
        title_chars=_template(template).limits.title_chars_per_line,
    )


def render(tree: DocumentTree, fmt: str, template: Template | str | None = None) -> Rendered:
    """The document in ``fmt`` (docx, pdf or ofd): ``.data`` is the file's bytes, ``.findings``
    the layout warnings. Raises RenderError (a character no installed font has)."""
    return renderer(fmt)(tree, _template(template))


def prepare(path: Path, template: Template | None = None) -> Prepared:
    """Load, validate and build one input file; raises InputError with every problem found."""
    return examine(path, template, checks=False).buildable()


def renderer(fmt: str) -> Renderer:
    if fmt not in RENDERERS:
        raise ReportgenError(f"不支持的输出格式“{fmt}”（可用：{'、'.join(FORMATS)}）")
    module_name, _, func = RENDERERS[fmt].partition(":")
    module = importlib.import_module(module_name)
    renderer: Renderer = getattr(module, func)
    return renderer


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
    # The pre-filing checks run first: errors block the build (ChecksFailed), warnings are kept.
    prepared = examine(path, template).buildable()
    warnings = [format_finding(w) for w in prepared.warnings]
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
