"""A web process is warmed before it serves: URLs, administrative units and templates loaded once."""

from __future__ import annotations

import sys

from django.template import engines
from django.urls import get_resolver

from doingoai.analysis.admin_units import admin_units
from doingoai.web.serve import gunicorn_argv
from doingoai.web.warm import templates_compile, warm


def _cached_template_names() -> set[str]:
    engine = engines["django"].engine
    names: set[str] = set()
    for loader in engine.template_loaders:
        for key in getattr(loader, "get_template_cache", {}):
            names.add(key[0] if isinstance(key, tuple) else key)
    return names


def test_warm_loads_the_urls_the_administrative_units_and_every_template_of_the_project() -> None:
    for loader in engines["django"].engine.template_loaders:
        loader.reset()
    admin_units.cache_clear()
    warm()
    assert {"doingoai.library.views", "doingoai.api.api"} <= set(sys.modules)  # every view imported
    assert get_resolver()._populated  # the names of the URLs, for reversing
    assert admin_units.cache_info().currsize == 1
    cached = _cached_template_names()
    assert {"library/search.html", "library/_search_results.html", "base.html"} <= cached
    assert not any(name.startswith("admin/") for name in templates_compile())  # Django's own are left


def test_serve_loads_the_application_once_before_forking_its_workers() -> None:
    assert "--preload" in gunicorn_argv(bind="127.0.0.1:8000", workers=3)
