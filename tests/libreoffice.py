"""Converting DOCX to PDF with headless LibreOffice, the real consumer tests and benches measure.

Not a test module: tests and bench scripts import ``convert_to_pdf``. Each call uses a throwaway
LibreOffice profile (so no user settings leak in and parallel runs do not share a lock) and the
repository's fontconfig alias file, so the official font names (仿宋_GB2312, 黑体, …) resolve to the
installed open fonts instead of one sans fallback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS_CONF = ROOT / "fontconfig" / "fonts.conf"
# A cold start with a brand-new profile takes a few seconds; a hung soffice must not hang the suite.
TIMEOUT_S = 180


class LibreOfficeError(RuntimeError):
    """soffice is missing, failed, or did not write the PDFs it was asked for."""


def soffice() -> str:
    """The soffice executable; raises (never skips) when LibreOffice is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise LibreOfficeError(
        "soffice not found: install LibreOffice (Debian: apt-get install libreoffice-writer-nogui)"
    )


def convert_to_pdf(docx_paths: list[Path], out_dir: Path) -> list[Path]:
    """Convert every DOCX in one soffice run; returns the PDFs in the same order."""
    if not docx_paths:
        return []
    if not FONTS_CONF.is_file():
        raise LibreOfficeError(f"fontconfig alias file missing: {FONTS_CONF}")
    exe = soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as profile:
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
        env["HOME"] = profile  # LibreOffice also reads ~/.config; keep it out of the user's home
        command = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *(str(p) for p in docx_paths),
        ]
        try:
            done = subprocess.run(
                command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(f"soffice timed out after {TIMEOUT_S} s") from exc
    pdfs = [out_dir / f"{p.stem}.pdf" for p in docx_paths]
    missing = [p for p in pdfs if not p.is_file()]
    if done.returncode != 0 or missing:
        raise LibreOfficeError(
            f"soffice exited {done.returncode}; missing {[str(p) for p in missing]}\n"
            f"{done.stdout}\n{done.stderr}"
        )
    return pdfs
