"""The OFD container (GB/T 33190-2016 §7.1): a ZIP archive written the same way every time."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable

# Every entry gets the document's date (not the clock) and the same attributes on every
# system, so the same document gives the same bytes.
_UNIX = 3
_MODE = 0o100644 << 16
# XML compresses tenfold at any level; the font subsets (most of the bytes) gain 2 % from
# level 6 over level 2 for twice the time, as in the PDF.
_LEVEL = 2


def zip_time(day: dt.date) -> tuple[int, int, int, int, int, int]:
    """``day`` at midnight, kept inside what a ZIP entry can record (1980-2107)."""
    year = min(max(day.year, 1980), 2107)
    return (year, day.month, day.day, 0, 0, 0)


def write_package(entries: Iterable[tuple[str, bytes]], day: dt.date) -> bytes:
    """The archive of ``entries`` (name, bytes), in the order given."""
    out = io.BytesIO()
    stamp = zip_time(day)
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, stamp)
            info.create_system = _UNIX
            info.external_attr = _MODE
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=_LEVEL)
    return out.getvalue()
