"""The search page: documents and events, with or without diacritics."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from doingoai.library.views import filter_form
from doingoai.search import selectors

PAGE_SIZE = 20


def search(request: HttpRequest) -> HttpResponse:
    """Search the documents and events the user may read; show snippets with the words highlighted."""
    form = filter_form(request)
    filters = form.filters()
    context: dict[str, object] = {"form": form, "searched": not filters.is_empty()}
    if not filters.is_empty():
        page = Paginator(selectors.documents_search(user=request.user, filters=filters), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        events = selectors.events_search(user=request.user, query=filters.query)
        context.update(
            page=page,
            hits=selectors.hits_make(list(page), filters.query),
            events=events,
        )
    return render(request, "search/search.html", context)
