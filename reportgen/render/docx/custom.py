"""docProps/custom.xml: custom document properties, invisible in Word, read back by the importer."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

CUSTOM_PART = "docProps/custom.xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id Word uses for them
_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


def _xml(properties: tuple[tuple[str, str], ...]) -> bytes:
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties, start=2)  # pid 0 and 1 are reserved
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_NS}" xmlns:vt="{_VT}">{items}</Properties>'
    ).encode()


def add_custom_properties(parts: dict[str, bytes], properties: tuple[tuple[str, str], ...]) -> None:
    """Add the custom properties part, its content type and its package relationship."""
    if not properties:
        return
    parts[CUSTOM_PART] = _xml(properties)
    types = parts["[Content_Types].xml"].decode()
    override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{_TYPE}"/>'
    parts["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    rels = parts["_rels/.rels"].decode()
    relationship = f'<Relationship Id="rIdCustom" Type="{_REL}" Target="{CUSTOM_PART}"/>'
    parts["_rels/.rels"] = rels.replace(
        "</Relationships>", relationship + "</Relationships>"
    ).encode()
