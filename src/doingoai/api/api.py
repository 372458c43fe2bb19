"""The REST API (django-ninja) at /api/: documents, events, search and organizations.

Every endpoint calls the same selectors and services as the pages, so a caller sees and changes
exactly what their user may in the browser. Callers sign in with a token
(`Authorization: Bearer dgo_…`, created on the account's API tokens page) or with the browser
session. The schema is at /api/openapi.json, the docs at /api/docs (served from the package's
own static files, so they work offline).
"""

# No `from __future__ import annotations` here: django-ninja reads the endpoints' annotations
# at run time to build their parameters, and postponed (string) annotations break its query models.

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer, django_auth

from doingoai.analysis.output import document_json
from doingoai.api import schemas
from doingoai.api.services import token_user
from doingoai.audit.concurrency import StaleEditError
from doingoai.directory import selectors as directory_selectors
from doingoai.library import selectors as library_selectors
from doingoai.library import services as library_services
from doingoai.library.models import Document
from doingoai.reporting.api import router as reporting_router
from doingoai.tasks.api import router as tasks_router


class TokenAuth(HttpBearer):
    """Authenticate with an API token; the request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="doingoai API",
    version="1",
    description="Văn bản, sự kiện, tìm kiếm và tổ chức, theo đúng phạm vi quyền của người dùng.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> Any:
    return api.create_response(request, {"detail": str(exc) or "Không tìm thấy."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> Any:
    return api.create_response(request, {"detail": str(exc) or "Không có quyền."}, status=403)


class DocumentQuery(Schema):
    """Filters of the document list (the same as the library page)."""

    q: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str = ""
    person: str = ""
    organization: str = ""
    place: str = ""

    def filters(self) -> library_selectors.DocumentFilters:
        """Return the library's filters."""
        return library_selectors.DocumentFilters(
            query=self.q,
            date_from=self.date_from,
            date_to=self.date_to,
            outlet=self.outlet,
            person=self.person,
            organization=self.organization,
            place=self.place,
        )


# A page of events is summarized from stored summaries; the bound keeps one request's work bounded.
EVENTS_PAGE_MAX = 100

# The filters come from the query string (ninja reads the marker; it holds no state).
QUERY_FILTERS = Query(...)


@api.get("/documents", response=list[schemas.DocumentOut], tags=["documents"])
@paginate(LimitOffsetPagination)
def documents_list(request: HttpRequest, filters: DocumentQuery = QUERY_FILTERS) -> Any:
    """List the documents the caller may read, filtered like the library page."""
    return library_selectors.documents_find(user=request.user, filters=filters.filters())


def _document_detail(request: HttpRequest, document: Document) -> dict[str, Any]:
    facts = document_json(library_selectors.document_analysis(document))
    for key in ("id", "path", "source", "published", "title", "text"):
        facts.pop(key, None)
    event = library_selectors.document_event(user=request.user, document=document)
    return {
        **schemas.DocumentOut.model_validate(document).model_dump(),
        "text": document.text,
        "event_id": event.pk if event else None,
        "facts": facts,
    }


@api.get("/documents/{document_id}", response=schemas.DocumentDetailOut, tags=["documents"])
def document_detail(request: HttpRequest, document_id: int) -> Any:
    """Return a document with its text and facts (spans are offsets into the text)."""
    return _document_detail(request, library_selectors.document_get(user=request.user, pk=document_id))


class PublishIn(Schema):
    """Publish (true) or withdraw (false), from the `version` of the document the caller read."""

    is_published: bool
    version: int = Field(ge=1, le=2_147_483_647)


class ConflictOut(Schema):
    """A write based on an old version: what changed since, and the version to base a retry on."""

    detail: str
    changes: list[str]
    current_version: int


@api.exception_handler(StaleEditError)
def _conflict(request: HttpRequest, exc: StaleEditError) -> Any:
    body = {"detail": exc.messages[0], "changes": exc.messages[1:], "current_version": exc.current_version}
    return api.create_response(request, body, status=409)


@api.post(
    "/documents/{document_id}/publish",
    response={200: schemas.DocumentOut, 409: ConflictOut},
    tags=["documents"],
)
def document_publish(request: HttpRequest, document_id: int, payload: PublishIn) -> Any:
    """Publish a document to every unit, or withdraw it (editors of its unit); 409 if `version` is old."""
    document = library_selectors.document_get(user=request.user, pk=document_id)
    return library_services.document_publish(
        actor=request.user,
        document=document,
        is_published=payload.is_published,
        expected_version=payload.version,
    )


@api.delete("/documents/{document_id}", response={204: None, 409: ConflictOut}, tags=["documents"])
def document_delete(
    request: HttpRequest, document_id: int, version: int = Query(..., ge=1, le=2_147_483_647)
) -> Any:
    """Delete a document (editors of the owning unit), given the `version` read; 409 if it is old."""
    document = library_selectors.document_get(user=request.user, pk=document_id)
    library_services.document_delete(actor=request.user, document=document, expected_version=version)
    return 204, None


def _event_summary(summary: library_selectors.EventSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "date": summary.date,
        "outlets": summary.outlets,
        "documents": summary.documents,
        "differences_count": summary.differences,
    }


class EventPagination(LimitOffsetPagination):
    """Limit and offset over the events in the database; only the page's events are summarized."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        events = list(page["items"])
        page["items"] = [
            _event_summary(s) for s in library_selectors.events_summaries(user=request.user, events=events)
        ]
        return page


@api.get("/events", response=list[schemas.EventSummaryOut], tags=["events"])
@paginate(EventPagination, max_limit=EVENTS_PAGE_MAX)
def events_list(request: HttpRequest, q: str = "") -> Any:
    """List the events with a document the caller may read, latest first (at most 100 a page)."""
    return library_selectors.events_list(user=request.user, query=q)


def _mention(mention: Any) -> dict[str, Any]:
    return {"document": int(mention.document), "text": mention.text, "span": list(mention.span)}


@api.get("/events/{event_id}", response=schemas.EventOut, tags=["events"])
def event_detail(request: HttpRequest, event_id: int) -> Any:
    """Return an event compared across the caller's readable documents: facts and differences."""
    view = library_selectors.event_view(user=request.user, pk=event_id)
    return {
        "id": view.event.pk,
        "date": view.date,
        "outlets": [d.outlet_label for d in view.documents],
        "documents": [d.pk for d in view.documents],
        "differences_count": len(view.differences),
        "title": view.title,
        "place": view.place,
        "organizer": view.organizer,
        "facts": [
            {
                "kind": f.kind,
                "text": f.label,
                "documents": [int(d) for d in f.documents],
                "mentions": [_mention(m) for m in f.mentions],
            }
            for f in view.facts
        ],
        "differences": [
            {"kind": d.kind, "subject": d.subject, "items": [_mention(m) for m in d.items], "diff": d.diff}
            for d in view.differences
        ],
    }


@api.get("/search", response=schemas.SearchOut, tags=["search"])
def search(
    request: HttpRequest, filters: DocumentQuery = QUERY_FILTERS, limit: int = 20, offset: int = 0
) -> Any:
    """Search documents and events, with or without diacritics; snippets mark the words found."""
    if not filters.q.strip():
        raise HttpError(400, "Hãy nhập từ khóa tìm kiếm (tham số q).")
    limit = max(1, min(limit, 100))
    offset = max(0, offset)
    found = library_selectors.documents_find(user=request.user, filters=filters.filters())
    page = list(found[offset : offset + limit])
    hits = library_selectors.hits_make(page, filters.q)
    return {
        "count": found.count(),
        "documents": [
            {
                "document": schemas.DocumentOut.model_validate(h.document).model_dump(),
                "snippets": [str(s) for s in h.snippets],
                "event_id": h.event_id,
                "score": h.score,
                "tier": h.tier,
                "field": h.field,
                "places": h.places,
            }
            for h in hits
        ],
        "events": [
            _event_summary(e) for e in library_selectors.events_search(user=request.user, query=filters.q)
        ],
        "entities": [
            {"kind": o.kind, "name": o.name, "documents": o.documents, "filter": {o.kind: o.name}}
            for o in library_selectors.entity_offers(user=request.user, query=filters.q)
        ],
    }


@api.get("/organizations", response=list[schemas.OrganizationOut], tags=["organizations"])
@paginate(LimitOffsetPagination)
def organizations_list(request: HttpRequest, q: str = "", kind: str = "", province_code: str = "") -> Any:
    """List the units of the system (every signed-in caller sees the structure)."""
    return directory_selectors.organizations_list(
        user=request.user, query=q, kind=kind, province_code=province_code
    )


@api.get("/organizations/{organization_id}", response=schemas.OrganizationOut, tags=["organizations"])
def organization_detail(request: HttpRequest, organization_id: int) -> Any:
    """Return one unit."""
    return directory_selectors.organization_get(user=request.user, pk=organization_id)


# Conferences, tasks and progress reports (doingoai.tasks).
api.add_router("/", tasks_router)
# Periodic reporting: forms, completeness and reports, within the caller's scope.
api.add_router("/reporting/", reporting_router)


def api_urls() -> list[Any]:
    """Return the API's URL patterns, open to the login middleware: the API authenticates itself."""
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        # LoginRequiredMiddleware would send token callers to the sign-in page.
        pattern.callback.login_required = False
    return patterns
