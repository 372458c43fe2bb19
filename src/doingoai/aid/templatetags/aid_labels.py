"""Template filters of the aid registry: a sector code and an amount read as people read them."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from doingoai.aid.sectors import sector_label as _sector_label
from doingoai.spreadsheet_cells import WHOLE_CURRENCIES

register = template.Library()


@register.filter
def sector_label(code: str) -> str:
    """Return "code – name" of a DAC sector code (`aid.sectors.sector_label`)."""
    return _sector_label(str(code))


@register.filter
def amount(value: Any, currency: str) -> str:
    """Return an amount grouped as pages write it: 15.000 VND without cents, 15.000,00 USD with them.

    A currency without minor units (`WHOLE_CURRENCIES`) shows cents only when the amount has some,
    so no digit stored is hidden.
    """
    return floatformat(value, "-2g" if str(currency).upper() in WHOLE_CURRENCIES else "2g")
