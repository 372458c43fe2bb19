"""Keep the English catalogue of the interface: find the marked strings, compile the `.po` to the `.mo`.

The interface is written in Vietnamese: the source strings (msgids) are Vietnamese, and
`locale/en/LC_MESSAGES/django.po` gives their English translations. Django's own strings come
with Django's catalogues, and `locale/vi/LC_MESSAGES/django.po` fills the Vietnamese its release
lacks (this app comes first in INSTALLED_APPS, so its catalogue is read before the admin's);
`djangojs.po` beside it does the same for the admin's JavaScript (LOCALE_PATHS come first there).
GNU gettext is not needed: Babel compiles the catalogues.

    python -m doingoai.web.i18n          # compile django.po -> django.mo, list untranslated strings
"""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path
from typing import Any

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
# Vietnamese for Django's own strings that Django's `vi` catalogue lacks (the admin's "Skip to main
# content", a password's "too short"...); the interface's own strings are Vietnamese already.
DJANGO_VI = PACKAGE / "web" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# The same for the admin's JavaScript catalogue (domain `djangojs`), where Django's wording is awkward.
DJANGO_VI_JS = DJANGO_VI.with_name("djangojs.po")

# The calls that mark a message in Python, read from the module's syntax tree: a message written
# over several lines ("..." "...") is one literal there, as gettext sees it.
_PYTHON_SINGULAR = frozenset({"_", "gettext", "gettext_lazy"})
_PYTHON_PLURAL = frozenset({"ngettext", "ngettext_lazy"})
# Django turns a template into Python-like text with gettext(u'...') / ngettext(u'...', u'...', count)
# calls for every {% translate %} and {% blocktranslate %} (what `makemessages` reads); these find them.
_LITERAL = r"u'((?:[^'\\]|\\.)*)'"
_TEMPLATIZED = re.compile(rf"(?<![\w.])gettext\({_LITERAL}\)")
_TEMPLATIZED_PLURAL = re.compile(rf"(?<![\w.])ngettext\({_LITERAL}, {_LITERAL}, count\)")


def _literal(body: str) -> str:
    """Return the text of a quoted literal's body as Django's templatize wrote it."""
    return str(ast.literal_eval(f"'{body}'"))


def _template_messages(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Return the singular msgids and the (singular, plural) msgids a template marks."""
    from django.utils.translation.template import templatize

    source = templatize(text)
    singular = {_literal(body) for body in _TEMPLATIZED.findall(source)}
    plural = {(_literal(one), _literal(many)) for one, many in _TEMPLATIZED_PLURAL.findall(source)}
    return singular, plural


def _python_messages(text: str) -> tuple[set[str], set[tuple[str, str]]]:
    """Return the singular msgids and the (singular, plural) msgids a Python module marks."""
    singular: set[str] = set()
    plural: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        literals = [
            a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        if node.func.id in _PYTHON_SINGULAR and len(node.args) == 1 and len(literals) == 1:
            singular.add(literals[0])
        elif node.func.id in _PYTHON_PLURAL and len(literals) == 2:
            plural.add((literals[0], literals[1]))
    return singular, plural


def messages_marked_plural() -> set[tuple[str, str]]:
    """Return every (singular, plural) pair marked with ngettext or {% blocktranslate count %}."""
    found: set[tuple[str, str]] = set()
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            found.update(_python_messages(text)[1])
        else:
            found.update(_template_messages(text)[1])
    return found


def _source_files() -> list[Path]:
    # The apps, and the modules beside them that the apps share (dates typed, tasks retried, uploads).
    return [
        path
        for app in APPS
        for path in sorted((PACKAGE / app).rglob("*"))
        if "migrations" not in path.parts and path.is_file() and path.suffix in (".py", ".html")
    ] + sorted(PACKAGE.glob("*.py"))


def messages_marked() -> set[str]:
    """Return every singular string marked for translation in the web apps' Python code and templates.

    Templates count every form Django extracts: {% translate %} (with `as`, filters, `context`
    left aside) and the text of {% blocktranslate %} blocks, variables written `%(name)s`.
    """
    found: set[str] = set()
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            found.update(_python_messages(text)[0])
        else:
            found.update(_template_messages(text)[0])
    return found


def _catalogue(po_path: Path) -> Any:
    """Return the catalogue at `po_path` as Babel reads it."""
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        return read_po(handle)


_MSGID = re.compile(r'^msgid "(.+)"$')


def messages_duplicated(po_path: Path = CATALOGUE) -> list[tuple[str, int]]:
    """Return each one-line msgid that the catalogue gives again, with the line of the repeat.

    Babel keeps the first translation of a repeated msgid and drops the rest without a word, so a
    second entry only hides which English text the interface shows. Entries with a context
    (`msgctxt`) are distinct messages and are not compared.
    """
    seen: set[str] = set()
    repeated: list[tuple[str, int]] = []
    lines = po_path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        found = _MSGID.match(line)
        if not found or (number > 1 and lines[number - 2].startswith("msgctxt")):
            continue
        if found.group(1) in seen:
            repeated.append((found.group(1), number))
        seen.add(found.group(1))
    return repeated


def mo_bytes(po_path: Path = CATALOGUE) -> bytes:
    """Return the compiled `.mo` of the catalogue at `po_path`."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, _catalogue(po_path), use_fuzzy=False)
    return buffer.getvalue()


def translations_of_po(po_path: Path = CATALOGUE) -> dict[str, str]:
    """Return the catalogue's translated messages, msgid to English text (fuzzy ones left out).

    A message with a context is keyed as gettext keys it: the context, "\x04", the msgid.
    """
    return {
        (f"{m.context}\x04{m.id}" if m.context else m.id): m.string
        for m in _catalogue(po_path)
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string and not m.fuzzy
    }


def messages_untranslated(po_path: Path = CATALOGUE) -> list[str]:
    """Return the marked strings that the catalogue does not translate, sorted.

    A plural message counts as translated when the catalogue has it as a plural entry with every
    form filled in; it is listed as "singular | plural".
    """
    catalog = _catalogue(po_path)
    translated = {m.id for m in catalog if isinstance(m.id, str) and m.id and m.string and not m.fuzzy}
    plurals = {
        tuple(m.id)
        for m in catalog
        if isinstance(m.id, tuple) and not m.fuzzy and isinstance(m.string, tuple) and all(m.string)
    }
    # Django's extraction doubles a literal "%" ("% kế hoạch" is read as "%% kế hoạch"); either is found.
    missing = sorted(
        m for m in messages_marked() if m not in translated and m.replace("%%", "%") not in translated
    )
    missing += sorted(f"{one} | {many}" for one, many in messages_marked_plural() - plurals)
    return missing


def main() -> int:
    """Compile the catalogues and report the strings that still need an English translation."""
    CATALOGUE.with_suffix(".mo").write_bytes(mo_bytes())
    DJANGO_VI.with_suffix(".mo").write_bytes(mo_bytes(DJANGO_VI))
    DJANGO_VI_JS.with_suffix(".mo").write_bytes(mo_bytes(DJANGO_VI_JS))
    missing = messages_untranslated()
    for message in missing:
        sys.stderr.write(f"untranslated: {message}\n")
    repeated = messages_duplicated()
    for message, line in repeated:
        sys.stderr.write(f"{CATALOGUE.name}:{line}: msgid given twice (the first one is used): {message}\n")
    print(f"compiled {CATALOGUE.with_suffix('.mo')} ({len(missing)} untranslated, {len(repeated)} repeated)")
    return 1 if missing or repeated else 0


if __name__ == "__main__":
    raise SystemExit(main())
