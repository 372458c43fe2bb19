"""Template filters of the aid registry: a sector code read as people read it."""

from __future__ import annotations

from django import template

from doingoai.aid.sectors import sector_label as _sector_label

register = template.Library()


@register.filter
def sector_label(code: str) -> str:
    """Return "code – name" of a DAC sector code (`aid.sectors.sector_label`)."""
    return _sector_label(str(code))
