"""The REST API (django-ninja) at /api/: documents, events, search and organizations.

Every endpoint calls the same selectors and services as the pages, so a caller sees and changes
exactly what their user may in the browser. Callers sign in with a token
(`Authorization: Bearer dgo_…`, created on the account's API tokens page) or with the browser
session. The schema is at /api/openapi.json, the docs at /api/docs (served from the package's
own static files, so they work offline).

Lists are paged: `limit` from 1 to 100 (the maximum page size, MAX_PAGE_SIZE), `offset` from 0
to 1,000,000; ids are positive 64-bit integers. A parameter outside its range, or of the wrong
type, is answered 422 with a Vietnamese message naming it; the schema lists every error answer.
"""

# No `from __future__ import annotations` here: django-ninja reads the endpoints' annotations
# at run time to build their parameters, and postponed (string) annotations break its query models.

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate
from ninja.security import HttpBearer, django_auth

from doingoai.analysis.output import document_json
from doingoai.api import schemas
from doingoai.api.paging import MAX_ID, MAX_OFFSET, MAX_PAGE_SIZE, NO_NUL, BoundedPagination, IsoDate
from doingoai.api.services import token_refusal, token_user
from doingoai.audit.concurrency import StaleEditError
from doingoai.directory import selectors as directory_selectors
from doingoai.directory.models import OrganizationKind
from doingoai.library import revision as library_revision
from doingoai.library import selectors as library_selectors
from doingoai.library import services as library_services
from doingoai.library.errors import EventMovedError
from doingoai.library.models import Document
from doingoai.reporting.api import router as reporting_router
from doingoai.tasks.api import router as tasks_router


class TokenAuth(HttpBearer):
    """Authenticate with an API token; the request then acts as the token's user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = token_user(token)
        if user is not None:
            request.user = user
        else:  # said in the 401 if no session opens the request either
            request.doingoai_key_refusal = token_refusal(token)
        return user


api = NinjaAPI(
    title="doingoai API",
    version="1",
    description=(
        "Văn bản, sự kiện, tìm kiếm, tổ chức, nhiệm vụ và báo cáo định kỳ, theo đúng phạm vi quyền của "
        "người dùng. Gửi khóa API trong tiêu đề `Authorization: Bearer <khóa>`. Mỗi người tự tạo và thu hồi "
        "khóa của mình tại trang [Khóa API](/tai-khoan/khoa-api/) (trên trình đơn, dưới tên của bạn); khóa "
        "hết hạn sau số ngày quản trị đặt, mặc định 90, hoặc khi đổi mật khẩu. Ngày viết dạng YYYY-MM-DD. "
        "Khóa cũng mở các tệp xuất "
        "của sổ viện trợ: /vien-tro/iati.xml, /vien-tro/du-an/?format=xlsx, /vien-tro/giao-dich/?format=xlsx."
    ),
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


# Bounds of every number a caller may send: pages of at most MAX_PAGE_SIZE items, offsets up to
# MAX_OFFSET, ids that fit a 64-bit column. Outside them the answer is 422 naming the parameter.
SEARCH_PAGE_SIZE = 20
TEXT_PARAM = Query("", pattern=NO_NUL)

_VALIDATION_MESSAGES = {
    "less_than_equal": "không được lớn hơn {le}",
    "greater_than_equal": "không được nhỏ hơn {ge}",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "missing": "là bắt buộc",
    "string_pattern_mismatch": "chứa ký tự NUL, không được phép",
    "string_too_long": "có tối đa {max_length} ký tự",
    "int_type": "phải là số nguyên",
    "float_parsing": "phải là một số",
    "float_type": "phải là một số",
    "string_type": "phải là chuỗi ký tự",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "dict_type": "phải là một đối tượng JSON",
    "model_type": "phải là một đối tượng JSON",
    "model_attributes_type": "phải là một đối tượng JSON",
    "list_type": "phải là một danh sách",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "extra_forbidden": "không có trong yêu cầu này",
    "date_not_a_day": "viết đúng dạng YYYY-MM-DD nhưng không phải một ngày có thật",
    "date_year_range": "phải có năm từ 1900 đến 2100",
}
# A kind of fault without its own words: still Vietnamese, and the `type` field names it exactly.
_VALIDATION_OTHER = "không hợp lệ"


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> Any:
    """Answer 422 with one Vietnamese message per bad parameter, naming it."""
    details = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        name = location[-1] if location else "?"
        template = _VALIDATION_MESSAGES.get(str(error.get("type", "")))
        reason = template.format(**error.get("ctx", {})) if template else _VALIDATION_OTHER
        details.append({"loc": location, "type": error.get("type"), "msg": f"Tham số “{name}” {reason}."})
    return api.create_response(request, {"detail": details}, status=422)


# The answers other than 200 an endpoint may give, for the schema.
_ERRORS: dict[int, Any] = {
    401: schemas.MessageOut,
    403: schemas.MessageOut,
    404: schemas.MessageOut,
    422: schemas.ValidationErrorOut,
}
_LIST_ERRORS = {code: _ERRORS[code] for code in (401, 422)}


def _record_id(description: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=description)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> Any:
    """Answer an HTTP error with its message; Ninja's own English messages are said in Vietnamese."""
    message = str(exc)
    if isinstance(exc, AuthenticationError):
        message = getattr(
            request,
            "doingoai_key_refusal",
            "Chưa xác thực: hãy đăng nhập, hoặc gửi khóa API (Authorization: Bearer <khóa>).",
        )
    elif message == "CSRF check Failed":
        message = "Yêu cầu gửi bằng phiên đăng nhập thiếu mã bảo vệ (CSRF); script hãy dùng khóa API."
    elif message.startswith("Cannot parse request body"):
        message = "Không đọc được nội dung yêu cầu: phải là JSON hợp lệ."
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> Any:
    return api.create_response(request, {"detail": str(exc) or "Không tìm thấy."}, status=404)


@api.exception_handler(EventMovedError)
def _event_moved(request: HttpRequest, exc: EventMovedError) -> Any:
    """Answer 301 for an event merged into another: `Location` and the body name the new event.

    HTTP clients follow a 301 on GET by themselves; a client that does not still finds the new
    id in the body. The merge is permanent (ids are never reused), so clients may update the
    ids they store.
    """
    url = reverse("api:event_detail", kwargs={"event_id": exc.event_id})
    body = {"detail": str(exc), "event_id": exc.event_id, "url": url}
    return HttpResponsePermanentRedirect(url, content=json.dumps(body), content_type="application/json")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> Any:
    return api.create_response(request, {"detail": str(exc) or "Không có quyền."}, status=403)


class DocumentQuery(Schema):
    """Filters of the document list (the same as the library page)."""

    q: str = Field("", pattern=NO_NUL, max_length=library_selectors.QUERY_MAX_CHARS)
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    outlet: str = Field("", pattern=NO_NUL)
    person: str = Field("", pattern=NO_NUL, max_length=library_selectors.NAME_MAX_CHARS)
    organization: str = Field("", pattern=NO_NUL, max_length=library_selectors.NAME_MAX_CHARS)
    place: str = Field("", pattern=NO_NUL, max_length=library_selectors.NAME_MAX_CHARS)

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

# The filters come from the query string (ninja reads the marker; it holds no state).
QUERY_FILTERS = Query(...)


class KeptPagination(BoundedPagination):
    """A list's pages kept under the library revision, as the library's pages are (`revisions.cached`).

    A page is computed from the rows behind the revision, the caller's scope and the address alone;
    callers who read the same documents share it (`reader`), until the next write. `item_schema`
    turns the page's rows into plain data before they are kept.
    """

    item_schema: type[Schema] | None = None
    documents_only = True  # False: the caller's own key (what they may read and do)

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        def compute() -> Any:
            page = self.page_computed(queryset, pagination, request, **params)
            if self.item_schema is not None:
                page["items"] = [self.item_schema.model_validate(row).model_dump() for row in page["items"]]
            return page

        reader = library_selectors.document_readers_alike_key(request.user) if self.documents_only else None
        name = f"api:{type(self).__name__}"
        return library_revision.cached(
            name, user=request.user, parts=[request.get_full_path()], compute=compute, reader=reader
        )

    def page_computed(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        """Return the page itself: the rows of the slice asked for, and the count."""
        page = super().paginate_queryset(queryset, pagination, request, **params)
        page["items"] = list(page["items"])
        return page


class DocumentPagination(KeptPagination):
    """The document list's pages, shared by callers who read the same documents."""

    item_schema = schemas.DocumentOut


@api.get("/documents", response={200: list[schemas.DocumentOut], **_LIST_ERRORS}, tags=["documents"])
@paginate(DocumentPagination)
def documents_list(request: HttpRequest, filters: DocumentQuery = QUERY_FILTERS) -> Any:
    """List the documents the caller may read, filtered like the library page."""
    return library_selectors.documents_find(user=request.user, filters=filters.filters()).defer("text")


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


DOCUMENT_ID = _record_id("Mã văn bản.")
EVENT_ID = _record_id("Mã sự kiện.")
ORGANIZATION_ID = _record_id("Mã đơn vị.")


@api.get("/documents/{document_id}", response={200: schemas.DocumentDetailOut, **_ERRORS}, tags=["documents"])
def document_detail(request: HttpRequest, document_id: int = DOCUMENT_ID) -> Any:
    """Return a document with its text and facts (spans are offsets into the text)."""
    return _document_detail(request, library_selectors.document_get(user=request.user, pk=document_id))


class PublishIn(Schema):
    """Publish (true) or withdraw (false), from the `version` of the document the caller read."""

    is_published: bool
    version: int = Field(ge=1, le=2_147_483_647)


@api.exception_handler(StaleEditError)
def _conflict(request: HttpRequest, exc: StaleEditError) -> Any:
    body = {"detail": exc.messages[0], "changes": exc.messages[1:], "current_version": exc.current_version}
    return api.create_response(request, body, status=409)


@api.post(
    "/documents/{document_id}/publish",
    response={200: schemas.DocumentOut, 409: schemas.ConflictOut, **_ERRORS},
    tags=["documents"],
)
def document_publish(request: HttpRequest, payload: PublishIn, document_id: int = DOCUMENT_ID) -> Any:
    """Publish a document to every unit, or withdraw it (editors of its unit); 409 if `version` is old."""
    document = library_selectors.document_get(user=request.user, pk=document_id)
    return library_services.document_publish(
        actor=request.user,
        document=document,
        is_published=payload.is_published,
        expected_version=payload.version,
    )


@api.delete(
    "/documents/{document_id}", response={204: None, 409: schemas.ConflictOut, **_ERRORS}, tags=["documents"]
)
def document_delete(
    request: HttpRequest,
    document_id: int = DOCUMENT_ID,
    version: int = Query(..., ge=1, le=2_147_483_647),
) -> Any:
    """Delete a document (editors of the owning unit), given the `version` read; 409 if it is old."""
    document = library_selectors.document_get(user=request.user, pk=document_id)
    library_services.document_delete(actor=request.user, document=document, expected_version=version)
    return Status(204, None)


def _event_summary(summary: library_selectors.EventSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "date": summary.date,
        "outlets": summary.outlets,
        "documents": summary.documents,
        "differences_count": summary.differences,
    }


class EventPagination(KeptPagination):
    """Limit and offset over the events in the database; only the page's events are summarized.

    Kept, as the document list, for callers who read the same documents.
    """

    def page_computed(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        """Return the page's events, summarized as the caller may see them."""
        page = super().page_computed(queryset, pagination, request, **params)
        events = list(page["items"])
        page["items"] = [
            _event_summary(s) for s in library_selectors.events_summaries(user=request.user, events=events)
        ]
        return page


@api.get("/events", response={200: list[schemas.EventSummaryOut], **_LIST_ERRORS}, tags=["events"])
@paginate(EventPagination)
def events_list(request: HttpRequest, q: str = TEXT_PARAM) -> Any:
    """List the events with a document the caller may read, latest first (at most 100 a page)."""
    return library_selectors.events_list(user=request.user, query=q)


def _mention(mention: Any) -> dict[str, Any]:
    return {"document": int(mention.document), "text": mention.text, "span": list(mention.span)}


@api.get(
    "/events/{event_id}",
    response={200: schemas.EventOut, 301: schemas.EventMovedOut, **_ERRORS},
    tags=["events"],
)
def event_detail(request: HttpRequest, event_id: int = EVENT_ID) -> Any:
    """Return an event compared across the caller's readable documents: facts and differences.

    An event merged into another is answered 301, with the new event's id and address.
    """
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


SEARCH_LIMIT = Query(
    SEARCH_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"Số văn bản, từ 1 đến {MAX_PAGE_SIZE}."
)
SEARCH_OFFSET = Query(0, ge=0, le=MAX_OFFSET, description=f"Bỏ qua bao nhiêu văn bản, từ 0 đến {MAX_OFFSET}.")


@api.get(
    "/search", response={200: schemas.SearchOut, 400: schemas.MessageOut, **_LIST_ERRORS}, tags=["search"]
)
def search(
    request: HttpRequest,
    filters: DocumentQuery = QUERY_FILTERS,
    limit: int = SEARCH_LIMIT,
    offset: int = SEARCH_OFFSET,
) -> Any:
    """Search documents and events, with or without diacritics; snippets mark the words found."""
    if not filters.q.strip():
        raise HttpError(400, "Hãy nhập từ khóa tìm kiếm (tham số q).")
    if library_selectors.query_without_words(filters.q):
        raise HttpError(400, "Từ khóa (tham số q) không có chữ hay số nào để tìm; hãy gõ ít nhất một từ.")
    found = library_selectors.documents_find(user=request.user, filters=filters.filters())
    page = list(found[offset : offset + limit])
    hits = library_selectors.hits_make(page, filters.q)
    return {
        "count": found.count(),
        "count_capped": isinstance(found, library_selectors.SearchResults) and found.capped,
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
        # The events of the documents found: narrowed by the same filters, ranked with them.
        "events": [
            _event_summary(e)
            for e in library_selectors.events_search(user=request.user, query=filters.q, documents=found)
        ],
        "entities": [
            {"kind": o.kind, "name": o.name, "documents": o.documents, "filter": {o.kind: o.name}}
            for o in library_selectors.entity_offers(user=request.user, query=filters.q)
        ],
    }


class OrganizationPagination(KeptPagination):
    """The units' pages (under the library revision: its tables hold the units), per caller."""

    item_schema = schemas.OrganizationOut
    documents_only = False


@api.get(
    "/organizations", response={200: list[schemas.OrganizationOut], **_LIST_ERRORS}, tags=["organizations"]
)
@paginate(OrganizationPagination)
def organizations_list(
    request: HttpRequest, q: str = TEXT_PARAM, kind: str = TEXT_PARAM, province_code: str = TEXT_PARAM
) -> Any:
    """List the units of the system (every signed-in caller sees the structure)."""
    if kind and kind not in OrganizationKind.values:
        raise HttpError(
            400,
            f"Tham số “kind” = {kind[:30]} không phải loại đơn vị; hãy dùng một trong: "
            f"{', '.join(OrganizationKind.values)}.",
        )
    return directory_selectors.organizations_list(
        user=request.user, query=q, kind=kind, province_code=province_code
    )


@api.get(
    "/organizations/{organization_id}",
    response={200: schemas.OrganizationOut, **_ERRORS},
    tags=["organizations"],
)
def organization_detail(request: HttpRequest, organization_id: int = ORGANIZATION_ID) -> Any:
    """Return one unit."""
    return directory_selectors.organization_get(user=request.user, pk=organization_id)


# Conferences, tasks and progress reports (doingoai.tasks).
api.add_router("/", tasks_router)
# Periodic reporting: forms, completeness and reports, within the caller's scope.
api.add_router("/reporting/", reporting_router)


# The API's pages (/api/docs) in the users' language: each operation's title, by method and path,
# and its group. Django Ninja would title them from the functions' English names.
SUMMARIES = {
    ("GET", "/documents"): (
        "Danh sách văn bản",
        (
            "Các văn bản người dùng được xem, mới nhất trước. Lọc: q (chữ, có hoặc không dấu), date_from,"
            " date_to (ngày đăng, YYYY-MM-DD), outlet (nguồn), person, organization, place (tên đã trích "
            "từ văn bản). Trả về count và items; phân trang bằng limit, offset."
        ),
    ),
    ("GET", "/documents/{document_id}"): (
        "Chi tiết một văn bản",
        (
            "Toàn văn một văn bản và các dữ kiện trích được (người, tổ chức, địa điểm, số tiền, số liệu, "
            "ngày, trích dẫn), mỗi dữ kiện kèm vị trí [đầu, cuối) trong văn bản. 404 khi không có hoặc "
            "ngoài phạm vi của người dùng."
        ),
    ),
    ("DELETE", "/documents/{document_id}"): (
        "Xóa một văn bản",
        (
            "Xóa một văn bản của đơn vị mình. Gửi version đang đọc; version đã cũ thì trả 409 kèm thay "
            "đổi từ đó."
        ),
    ),
    ("POST", "/documents/{document_id}/publish"): (
        "Công bố hoặc thôi công bố một văn bản",
        (
            "Công bố (is_published: true) hoặc thôi công bố một văn bản của đơn vị mình, kèm version đang"
            " đọc; version đã cũ thì trả 409."
        ),
    ),
    ("GET", "/events"): (
        "Danh sách sự kiện",
        (
            "Các sự kiện (bài của nhiều nguồn về cùng một việc) có văn bản người dùng được xem, mới nhất "
            "trước; lọc q. Phân trang bằng limit, offset."
        ),
    ),
    ("GET", "/events/{event_id}"): (
        "Chi tiết một sự kiện",
        (
            "Một sự kiện: các văn bản, dữ kiện chung và khác biệt giữa các nguồn (số liệu, lời phát "
            "biểu). Sự kiện đã gộp vào sự kiện khác trả 301 tới sự kiện đó."
        ),
    ),
    ("GET", "/search"): (
        "Tìm kiếm văn bản và sự kiện",
        (
            "Tìm văn bản và sự kiện: cụm từ trước, rồi các chữ gần nhau, rồi rời rạc; khớp đúng dấu xếp "
            "trên khớp khi bỏ dấu; đặt trong ngoặc kép để bắt buộc cụm từ. Mỗi kết quả có điểm xếp hạng "
            "và trường khớp."
        ),
    ),
    ("GET", "/organizations"): (
        "Danh sách cơ quan, tổ chức",
        (
            "Các cơ quan, tổ chức (mọi người dùng đã đăng nhập đều xem được cơ cấu). Lọc: q (tên, có hoặc"
            " không dấu), kind (loại đơn vị), province_code (mã tỉnh)."
        ),
    ),
    ("GET", "/organizations/{organization_id}"): ("Chi tiết một cơ quan, tổ chức", "Một cơ quan, tổ chức."),
    ("GET", "/conferences"): (
        "Danh sách hội nghị",
        "Các hội nghị, mới nhất trước, kèm điểm cầu và số nhiệm vụ đã xác nhận mà người dùng được xem.",
    ),
    ("GET", "/tasks"): (
        "Danh sách nhiệm vụ",
        (
            "Các nhiệm vụ người dùng được xem, quá hạn trước. Lọc: status (nhóm tình trạng), unit_id (đơn"
            " vị chủ trì hoặc phối hợp), conference_id, q (nội dung, có hoặc không dấu, không phân biệt "
            "hoa thường). Phân trang bằng limit, offset."
        ),
    ),
    ("GET", "/tasks/summary"): (
        "Số nhiệm vụ theo tình trạng",
        (
            "Số nhiệm vụ theo nhóm tình trạng, chung và theo đơn vị chủ trì, và số nhiệm vụ quá hạn theo "
            "mức quá hạn."
        ),
    ),
    ("GET", "/tasks/{task_id}"): (
        "Chi tiết một nhiệm vụ",
        (
            "Một nhiệm vụ: đơn vị chủ trì, phối hợp, thời hạn ban đầu và hiện hành, tình trạng, tiến độ, "
            "câu nguồn trong văn bản (document_id và vị trí)."
        ),
    ),
    ("GET", "/tasks/{task_id}/reports"): (
        "Các báo cáo tiến độ của một nhiệm vụ",
        "Các báo cáo tiến độ của một nhiệm vụ.",
    ),
    ("POST", "/tasks/{task_id}/reports"): (
        "Gửi báo cáo tiến độ một nhiệm vụ",
        (
            "Gửi báo cáo tiến độ cho đơn vị chủ trì hoặc phối hợp của mình: unit_id, text, percent "
            "(0–100), period, is_completion, done_on (YYYY-MM-DD). Khóa viết sai tên bị từ chối."
        ),
    ),
    ("GET", "/reporting/forms"): (
        "Danh sách biểu mẫu báo cáo định kỳ",
        "Các biểu mẫu báo cáo định kỳ đang dùng (phiên bản mới nhất của mỗi mã).",
    ),
    ("GET", "/reporting/assignments"): (
        "Các đơn vị phải báo cáo theo biểu mẫu",
        "Các đơn vị trong phạm vi của người dùng phải báo cáo theo biểu mẫu; lọc form (mã biểu mẫu).",
    ),
    ("GET", "/reporting/completeness"): (
        "Tình hình nộp báo cáo của một kỳ",
        (
            "Ai phải nộp, ai đã nộp, ai nộp đúng hạn, cho một biểu mẫu (form) và một kỳ (period: 2025, "
            "2025-Q1 hoặc 2025-03)."
        ),
    ),
    ("GET", "/reporting/reports"): (
        "Danh sách báo cáo định kỳ",
        (
            "Các báo cáo định kỳ người dùng được xem; lọc form, state, unit. Giá trị các chỉ tiêu có ở "
            "trang chi tiết."
        ),
    ),
    ("GET", "/reporting/reports/{report_id}"): (
        "Chi tiết một báo cáo định kỳ",
        (
            "Một báo cáo định kỳ với giá trị các chỉ tiêu; khóa là mã trường của biểu mẫu, số viết dạng "
            'chuỗi thập phân không dấu phân cách ("1500000", "2.5") để không mất chữ số.'
        ),
    ),
    ("POST", "/reporting/reports/{report_id}/submit"): (
        "Nộp một báo cáo định kỳ",
        (
            "Nộp một báo cáo thay cho đơn vị của mình, với giá trị mới (values) hoặc giá trị đã lưu; 400 "
            "liệt kê lỗi của từng trường. Nên gửi version = report_version đã đọc: nếu từ đó có người "
            "sửa báo cáo thì không nộp và trả 409 kèm ai sửa, lúc nào; trả về report_version mới."
        ),
    ),
}
GROUPS = {
    "documents": "Văn bản",
    "events": "Sự kiện",
    "search": "Tìm kiếm",
    "organizations": "Cơ quan, tổ chức",
    "conferences": "Nhiệm vụ",
    "tasks": "Nhiệm vụ",
    "reporting": "Báo cáo định kỳ",
}


def _operations_titled() -> None:
    """Give every operation its Vietnamese title, description and group; one missing from SUMMARIES fails.

    The docstrings stay the code's notes in English; the docs page shows these words.
    """
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            full = "/" + "/".join(part for part in (prefix + path).split("/") if part)
            for operation in view.operations:
                (method,) = operation.methods
                operation.summary, operation.description = SUMMARIES[(method, full)]
                operation.tags = [GROUPS[full.split("/")[1]]]


_operations_titled()


def api_urls() -> list[Any]:
    """Return the API's URL patterns, open to the login middleware: the API authenticates itself."""
    patterns, _app, _namespace = api.urls
    for pattern in patterns:
        # LoginRequiredMiddleware would send token callers to the sign-in page.
        pattern.callback.login_required = False
    return patterns
