"""Keep the English catalogue of the interface: find the marked strings, compile the `.po` to the `.mo`.

The interface is written in Vietnamese: the source strings (msgids) are Vietnamese, and
`locale/en/LC_MESSAGES/django.po` gives their English translations. Django's own strings come
with Django's catalogues. GNU gettext is not needed: Babel compiles the catalogue.

    python -m doingoai.web.i18n          # compile django.po -> django.mo, list untranslated strings
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
APPS = (
    "web",
    "directory",
    "accounts",
    "audit",
    "library",
    "search",
    "api",
    "aid",
    "reports",
    "tasks",
    "notifications",
    "reporting",
)
CATALOGUE = PACKAGE / "web" / "locale" / "en" / "LC_MESSAGES" / "django.po"

_PYTHON = re.compile(r"""(?<![\w.])(?:_|gettext|gettext_lazy)\(\s*"((?:[^"\\\n]|\\.)*)"\s*\)""")
_TEMPLATE = re.compile(r"""\{%\s*translate\s+(?:"([^"]*)"|'([^']*)')\s*%\}|(?<![\w.])_\("([^"]*)"\)""")


def messages_marked() -> set[str]:
    """Return every string marked for translation in the web apps' Python code and templates."""
    found: set[str] = set()
    for app in APPS:
        for path in (PACKAGE / app).rglob("*"):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix == ".py":
                text = path.read_text(encoding="utf-8")
                found.update(_PYTHON.findall(text))
            elif path.suffix == ".html":
                for groups in _TEMPLATE.findall(path.read_text(encoding="utf-8")):
                    found.update(g for g in groups if g)
    return found


def mo_bytes(po_path: Path = CATALOGUE) -> bytes:
    """Return the compiled `.mo` of the catalogue at `po_path`."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def translations_of_po(po_path: Path = CATALOGUE) -> dict[str, str]:
    """Return the catalogue's translated messages, msgid to English text (fuzzy ones left out)."""
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    return {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def messages_untranslated(po_path: Path = CATALOGUE) -> list[str]:
    """Return the marked strings that the catalogue does not translate, sorted."""
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    return sorted(messages_marked() - translated)


def main() -> int:
    """Compile the catalogue and report the strings that still need an English translation."""
    CATALOGUE.with_suffix(".mo").write_bytes(mo_bytes())
    missing = messages_untranslated()
    for message in missing:
        sys.stderr.write(f"untranslated: {message}\n")
    print(f"compiled {CATALOGUE.with_suffix('.mo')} ({len(missing)} untranslated)")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
