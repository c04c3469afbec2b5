"""reportgen: validated data to Chinese official documents (DOCX, PDF, OFD) laid out to GB/T 9704-2012.

The library API is one call per stage of the pipeline::

    import reportgen

    edition = reportgen.load("inputs/tanzhou-2024.yaml")  # the file, its extends and previous
    validated = reportgen.validate(edition)  # InputError lists every problem at file:line:col
    tree = reportgen.build(validated)  # the renderer-neutral tree: numbering and figures final
    pdf = reportgen.render_to(tree, "pdf")  # or "docx", "ofd"; pdf.data holds the file's bytes

``build`` and ``render_to`` take an optional style template (a name, a path or a loaded
``Template``; gbt9704 by default). Every error is a ``ReportgenError``; the library never prints
and never exits.

(``render_to``, not ``render``: the name ``reportgen.render`` belongs to the renderers' package,
and importing it would replace a function of that name.) The exports are resolved on first use (module ``__getattr__``), so ``import reportgen`` stays
cheap and the submodules can import ``__version__`` from here without an import cycle.
"""

from __future__ import annotations

# Not ``from typing import TYPE_CHECKING``: importing typing would double the cost of
# ``import reportgen`` (mypy honours this spelling too).
TYPE_CHECKING = False

__version__ = "0.1.0"

# exported name → (the module that defines it, its name there)
_EXPORTS = {
    "load": ("reportgen.pipeline", "load"),
    "validate": ("reportgen.pipeline", "validate"),
    "build": ("reportgen.pipeline", "build"),
    "render_to": ("reportgen.pipeline", "render"),
    "Validated": ("reportgen.pipeline", "Validated"),
    "Edition": ("reportgen.model.editions", "Edition"),
    "DocumentTree": ("reportgen.document.tree", "DocumentTree"),
    "Rendered": ("reportgen.document.tree", "Rendered"),
    "Template": ("reportgen.model.template", "Template"),
    "load_template": ("reportgen.model.template", "load_template"),
    "ReportgenError": ("reportgen.errors", "ReportgenError"),
    "InputError": ("reportgen.errors", "InputError"),
    "RenderError": ("reportgen.errors", "RenderError"),
}

__all__ = [
    "DocumentTree",
    "Edition",
    "InputError",
    "RenderError",
    "Rendered",
    "ReportgenError",
    "Template",
    "Validated",
    "__version__",
    "build",
    "load",
    "load_template",
    "render_to",
    "validate",
]

if TYPE_CHECKING:
    from .document.tree import DocumentTree, Rendered
    from .errors import InputError, RenderError, ReportgenError
    from .model.editions import Edition
    from .model.template import Template, load_template
    from .pipeline import Validated, build, load, validate
    from .pipeline import render as render_to


def __getattr__(name: str) -> object:
    from importlib import import_module

    if name not in _EXPORTS:
        raise AttributeError(f"module 'reportgen' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
