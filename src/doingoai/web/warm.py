"""Do once, before a web process serves anyone, what its first requests would otherwise pay for.

A web process that starts cold imports the URL configuration (every view, and the API with its
schemas: about 0.5 s here), builds the table of administrative units on the first page that
names a province (0.4 s) and compiles each template the first time a page uses it. Under
gunicorn each worker paid all of it on its first requests, while users waited: after a restart
of `doingoai serve` with 5 workers that is several seconds of CPU in the first minute. `serve`
runs gunicorn with `--preload`, so the application (and this) is loaded once in its master
process and the workers start from it; any other WSGI server runs it once per process.
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt")


def templates_compile() -> list[str]:
    """Compile the project's own templates into the template loaders' cache; return their names.

    The names are paths under the project's template folders (Django's admin and other packages
    are left to their first use). A template that does not compile is logged and left: its page
    reports the error when someone opens it, as it would without this.
    """
    from django.template import TemplateSyntaxError, engines

    import doingoai

    package = Path(doingoai.__file__).resolve().parent
    compiled: list[str] = []
    for engine in engines.all():
        for folder in engine.template_dirs:
            root = Path(folder).resolve()
            if package not in root.parents:
                continue
            for path in sorted(root.rglob("*")):
                if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                    continue
                name = path.relative_to(root).as_posix()
                try:
                    engine.get_template(name)
                except TemplateSyntaxError:
                    logger.exception("template %s does not compile", name)
                    continue
                compiled.append(name)
    return compiled


def warm() -> None:
    """Import the URL configuration, build the administrative units, compile the templates."""
    from django.db import connections
    from django.urls import get_resolver, reverse

    from doingoai.analysis.admin_units import admin_units

    get_resolver().url_patterns  # noqa: B018  (imports every view and the API)
    reverse("home")  # builds the table every {% url %} of a page looks names up in
    admin_units()
    templates_compile()
    # Nothing here should have needed the database; a connection opened anyway must not be
    # shared by the processes forked from this one.
    connections.close_all()
