"""Word files turned into PDF by LibreOffice, for the tests that check where pages break."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NO_OFFICE = "LibreOffice (soffice) is not installed: no PDF layout check"


def pdf_pages(folder: Path, files: dict[str, bytes]) -> Iterator[tuple[str, int, str]]:
    """Write each named .docx into `folder`, convert them all in one run, yield (name, page number, text)."""
    from pypdf import PdfReader

    for name, data in files.items():
        (folder / f"{name}.docx").write_bytes(data)
    subprocess.run(
        [str(OFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
        + [str(folder / f"{name}.docx") for name in files],
        check=True,
        capture_output=True,
        timeout=600,
    )
    for name in files:
        for number, page in enumerate(PdfReader(str(folder / f"{name}.pdf")).pages, start=1):
            yield name, number, page.extract_text()
