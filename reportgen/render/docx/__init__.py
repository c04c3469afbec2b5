"""The DOCX renderer (python-docx): styles, body content and the package."""

from .render import render_docx

__all__ = ["render_docx"]
