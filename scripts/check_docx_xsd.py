"""Validate the WordprocessingML parts of DOCX files against the ISO/IEC 29500-4 (transitional)
XML schemas: the check Word's "unreadable content" prompt is closest to.

Run: .venv/bin/python scripts/check_docx_xsd.py SCHEMA_DIR FILE_OR_DIR...

SCHEMA_DIR holds ISO-IEC29500-4_2016/wml.xsd and the schemas it imports (dml-*.xsd, shared-*.xsd,
xml.xsd, and ../mce/mc.xsd). They are not shipped with reportgen (no licence to redistribute);
use any copy of the transitional set. Markup compatibility is processed first, as a reader that
knows no extension would: attributes and elements of the namespaces a part declares ignorable
are dropped, and each mc:AlternateContent is replaced by its mc:Fallback. Exits 1 when a part is
invalid.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from lxml import etree

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _namespace(name: str) -> str:
    return name[1 : name.index("}")] if name.startswith("{") else ""


def without_extensions(root: etree._Element) -> etree._Element:
    """The part as a reader of the plain standard sees it (ECMA-376 Part 3)."""
    ignorable = root.get(f"{{{MC}}}Ignorable")
    if ignorable:
        uris = {root.nsmap.get(prefix) for prefix in ignorable.split()}
        for element in list(root.iter()):
            if not isinstance(element.tag, str):
                continue
            for attribute in list(element.attrib):
                if _namespace(attribute) in uris:
                    del element.attrib[attribute]
            if _namespace(element.tag) in uris and element.getparent() is not None:
                element.getparent().remove(element)
        del root.attrib[f"{{{MC}}}Ignorable"]
    for choice in root.findall(f".//{{{MC}}}AlternateContent"):
        parent = choice.getparent()
        at = parent.index(choice)
        parent.remove(choice)
        fallback = choice.find(f"{{{MC}}}Fallback")
        for k, child in enumerate(list(fallback) if fallback is not None else []):
            parent.insert(at + k, child)
    return root


def check(schema: etree.XMLSchema, docx: Path) -> list[str]:
    problems = []
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")) or "/_rels/" in name:
                continue
            root = etree.fromstring(package.read(name))
            if _namespace(root.tag) != W:
                continue  # the theme, custom XML: other schemas
            if not schema.validate(etree.ElementTree(without_extensions(root))):
                problems += [f"{docx}:{name}:{e.line}: {e.message}" for e in schema.error_log]
    return problems


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    wml = Path(sys.argv[1]) / "ISO-IEC29500-4_2016" / "wml.xsd"
    schema = etree.XMLSchema(etree.parse(str(wml)))
    files = [
        found
        for arg in map(Path, sys.argv[2:])
        for found in (sorted(arg.rglob("*.docx")) if arg.is_dir() else [arg])
    ]
    problems = [p for docx in files for p in check(schema, docx)]
    for problem in problems:
        print(problem)
    print(f"{len(files)} DOCX files, {len(problems)} schema errors", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
