"""The library API of reportgen/__init__.py, run exactly as README's development section shows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import reportgen
from reportgen.pipeline import prepare, render
from tests.conftest import ROOT, SAMPLE


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 开发") :]
    (code,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    return code


def test_readme_example_renders_what_build_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    names: dict[str, object] = {}
    exec(_readme_example(), names)
    pdf = names["pdf"]
    assert isinstance(pdf, reportgen.Rendered)
    assert pdf.data.startswith(b"%PDF")
    # Same bytes as the path ``reportgen build`` takes.
    assert pdf.data == render(prepare(SAMPLE).tree, "pdf").data


def test_four_calls_and_their_types(tmp_path: Path) -> None:
    edition = reportgen.load(SAMPLE)
    assert isinstance(edition, reportgen.Edition)
    validated = reportgen.validate(edition)
    assert isinstance(validated, reportgen.Validated)
    tree = reportgen.build(validated, "lead-bold")
    assert isinstance(tree, reportgen.DocumentTree)
    docx = reportgen.render_to(tree, "docx", reportgen.load_template("lead-bold"))
    assert docx.data[:2] == b"PK"


def test_problems_raise_with_every_location(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("kind: report\ntitle: 报告\ndate: 2024-13-01\n", encoding="utf-8")
    with pytest.raises(reportgen.InputError) as exc:
        reportgen.validate(reportgen.load(path))
    lines = exc.value.lines()
    assert any("bad.yaml:3:7: date" in line for line in lines)
    assert any("organization" in line for line in lines)
    with pytest.raises(reportgen.ReportgenError):
        reportgen.render_to(reportgen.build(reportgen.validate(reportgen.load(SAMPLE))), "odt")


def test_exports_are_documented_and_resolve() -> None:
    import reportgen.render.docx  # the renderers' package does not shadow an export

    assert callable(reportgen.render_to) and callable(reportgen.build)
    for name in reportgen.__all__:
        assert getattr(reportgen, name) is not None
    assert set(dir(reportgen)) >= set(reportgen.__all__)
    with pytest.raises(AttributeError):
        _ = reportgen.nothing_here  # type: ignore[attr-defined]
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'version = "{reportgen.__version__}"' in pyproject
