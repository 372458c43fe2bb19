"""Template filters of the library pages: where a fact's words are in its document's page."""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from doingoai.library.highlight import span_anchor

register = template.Library()


@register.filter
def first_words(spans: Sequence[Sequence[int]]) -> str:
    """Return the anchor of the first of a fact's spans in the text ("span-12-21"), or ""."""
    found = [(int(s[0]), int(s[1])) for s in spans or ()]
    return span_anchor(min(found)) if found else ""


@register.filter
def words(span: Sequence[int]) -> str:
    """Return the anchor of a fact's one span ("span-12-21")."""
    return span_anchor((int(span[0]), int(span[1])))
