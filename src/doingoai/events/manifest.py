"""The manifest of a labelled evaluation folder: DIR/manifest.tsv, one `file<TAB>event` per line.

Kept apart from the evaluation itself so that the `doingoai` command can name the manifest in its
help without loading the grouping (numpy, datasketch).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from doingoai.events.errors import ManifestError

MANIFEST_NAME = "manifest.tsv"


@dataclass(frozen=True)
class ManifestRow:
    """One labelled document: its file and the id of the event it reports."""

    path: Path
    event: str
    line: int


def manifest_read(directory: Path, name: str = MANIFEST_NAME) -> list[ManifestRow]:
    """Return the rows of DIR/manifest.tsv (`file<TAB>event`; '#' starts a comment).

    Raise ManifestError, naming the file and line, when the manifest is missing or malformed, a
    file is listed twice, or a listed file does not exist.
    """
    path = directory / name
    if not path.is_file():
        raise ManifestError(str(path), "không có tệp manifest: cần tệp 'file<TAB>event' mỗi dòng một bài")
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(str(path), f"không đọc được manifest (UTF-8): {exc}") from exc
    rows: list[ManifestRow] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        if number == 1 and [c.lower() for c in cells[:2]] == ["file", "event"]:
            continue
        if len(cells) != 2 or not cells[0] or not cells[1]:
            raise ManifestError(
                str(path), f"dòng phải có đúng hai cột 'tệp<TAB>sự kiện', gặp: {line!r}", line=number
            )
        file, event = cells
        if file in seen:
            raise ManifestError(str(path), f"tệp '{file}' đã có ở dòng {seen[file]}", line=number)
        seen[file] = number
        target = directory / file
        if not target.is_file():
            raise ManifestError(str(path), f"không có tệp '{file}' trong {directory}", line=number)
        rows.append(ManifestRow(target, event, number))
    if not rows:
        raise ManifestError(str(path), "manifest không có dòng nào")
    return rows
