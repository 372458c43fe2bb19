"""Expose the WSGI application of the doingoai web platform (for gunicorn, uWSGI, mod_wsgi)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doingoai.web.settings")

application = get_wsgi_application()

from doingoai.web.warm import warm  # noqa: E402  (after the settings are in place)

warm()
