"""Pages of the library: parse the request, call one selector or service, render."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from doingoai import revisions
from doingoai.accounts import scope
from doingoai.analysis.output import number_vi
from doingoai.audit.concurrency import StaleEditError
from doingoai.events.compare import mention_quoted
from doingoai.library import exports, revision, selectors, services, tasks
from doingoai.library.errors import EventMovedError, LibraryError
from doingoai.library.forms import DocumentFilterForm, UploadForm
from doingoai.library.highlight import FACT_KINDS, diff_html, directives_listed, text_highlighted
from doingoai.library.models import ItemStatus, JobStatus, SettleStatus
from doingoai.library.sources import Source, file_max_bytes, file_sources
from doingoai.uploads import uploads_refused_messages

PAGE_SIZE = 30


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _count_capped(rows: Any) -> str:
    """Return the cap a search's count stopped at ("1.000", for "more than 1.000"), or ""."""
    if isinstance(rows, selectors.SearchResults) and rows.capped:
        return number_vi(Decimal(selectors.SEARCH_COUNT_CAP))
    return ""


def filter_form(request: HttpRequest) -> DocumentFilterForm:
    """Return the filter form bound to the query string, with the outlets the user may read."""
    return DocumentFilterForm(request.GET or None, outlets=selectors.outlets_list(user=request.user))


def _body_cached(
    request: HttpRequest, name: str, context: Callable[[], dict[str, Any]], reader: str | None = None
) -> SafeString:
    """Return the body `library/_<name>_body.html`, kept under the library revision."""
    return revisions.page_body(
        request,
        counter=revision.LIBRARY,
        template=f"library/_{name}_body.html",
        context=context,
        reader=reader,
    )


def document_list(request: HttpRequest) -> HttpResponse:
    """List the documents the user may read, filtered; with links to export the same list."""

    def context() -> dict[str, Any]:
        form = filter_form(request)
        # The list shows no text (a search's snippets are on the search page).
        documents = selectors.documents_find(user=request.user, filters=form.filters()).defer("text")
        return {
            "form": form,
            "page": _page(request, documents),
            "count_capped": _count_capped(documents),
            "query_string": request.GET.urlencode(),
        }

    # The list offers no action (the upload links are outside it): readers of the same documents
    # share it, unless they ask for their own drafts (which depend on their role and unit).
    reader = None if request.GET.get("drafts") else selectors.document_readers_alike_key(request.user)
    body = _body_cached(request, "document_list", context, reader)
    return render(
        request,
        "library/document_list.html",
        {"body": body, "can_ingest": scope.user_can_create(request.user)},
    )


def document_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the filtered document list the user may read, as CSV or JSON."""
    form = filter_form(request)
    rows = exports.documents_rows(user=request.user, filters=form.filters())
    if fmt == "json":
        response = HttpResponse(
            json.dumps({"documents": rows}, ensure_ascii=False, indent=1), content_type="application/json"
        )
    else:
        response = HttpResponse("".join(exports.csv_lines(rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="van-ban.{fmt}"'
    return response


DOCUMENT_READERS = "whoever may read the document"


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a document: its text with every fact marked at its span, and its facts by kind.

    The heading and the editor's buttons (forms with the reader's CSRF token) are rendered each
    time; the rest, the costly part, is kept under the library revision.
    """
    # The analysis, the features and the text are read only when the body is computed.
    deferred = (*selectors.LIST_DEFERRED, "text")
    document = selectors.document_get(user=request.user, pk=pk, deferred=deferred)

    def context() -> dict[str, Any]:
        analysed = selectors.document_analysis(document)
        return {
            "document": document,
            "text_html": text_highlighted(analysed),
            "analysed": analysed,
            "directives": directives_listed(analysed),
            "fact_kinds": FACT_KINDS.items(),
            "event": selectors.document_event(user=request.user, document=document),
            "issued": _iso_day(document.details.get("issued", "")),
            # Each date once, as written, with the day it names when it names one, and where it is first.
            "dates": _dates_listed(analysed),
        }

    # Computed from the document alone (its event's page checks its own readers): every reader who
    # may open the document, the check above, shares the body; the buttons are not in it.
    body = _body_cached(request, "document_detail", context, reader=DOCUMENT_READERS)
    can_edit = _document_can_edit(request.user, document)
    return render(
        request, "library/document_detail.html", {"document": document, "can_edit": can_edit, "body": body}
    )


def _dates_listed(analysed: Any) -> list[tuple[str, dt.date | None, tuple[int, int]]]:
    first: dict[tuple[str, dt.date | None], tuple[int, int]] = {}
    for d in sorted(analysed.dates, key=lambda d: d.span):
        first.setdefault((d.text, _iso_day(d.date[:10])), d.span)
    return [(text, day, span) for (text, day), span in first.items()]


def _iso_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def document_original(request: HttpRequest, pk: int) -> FileResponse:
    """Download the Word or PDF file a document was read from, to a user who may read the document."""
    document = selectors.document_get(user=request.user, pk=pk)
    if not document.original:
        raise Http404(_("Văn bản này không có tệp gốc."))
    try:
        handle = document.original.open("rb")
    except OSError as exc:
        raise Http404(_("Không tìm thấy tệp gốc của văn bản này.")) from exc
    name = PurePosixPath(document.file_name).name or f"van-ban-{document.pk}"
    return FileResponse(handle, as_attachment=True, filename=name)


def _document_can_edit(user: Any, document: Any) -> bool:
    try:
        services.document_require_edit(user, document)
    except PermissionDenied:
        return False
    return True


@require_POST
def document_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a document to every unit, or withdraw it."""
    document = selectors.document_get(user=request.user, pk=pk)
    publish = request.POST.get("publish") == "1"
    try:
        services.document_publish(
            actor=request.user, document=document, is_published=publish, expected_version=_version(request)
        )
    except StaleEditError as exc:
        for line in exc.messages:
            messages.error(request, line)
        return redirect("library:document_detail", pk=document.pk)
    messages.success(request, _("Đã công bố văn bản.") if publish else _("Đã thôi công bố văn bản."))
    return redirect("library:document_detail", pk=document.pk)


def _version(request: HttpRequest) -> int | None:
    """Return the version the page was showing, sent back by its forms (None if it sent none)."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdecimal() and len(raw) < 10 else None


@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a document."""
    document = selectors.document_get(user=request.user, pk=pk)
    try:
        services.document_delete(actor=request.user, document=document, expected_version=_version(request))
    except StaleEditError as exc:
        for line in exc.messages:
            messages.error(request, line)
        return redirect("library:document_detail", pk=document.pk)
    messages.success(request, _("Đã xóa văn bản “%(title)s”.") % {"title": document})
    return redirect("library:document_list")


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload files; each good file becomes part of one import job, each bad one is named with its problem."""
    owner = services.ingest_owner_for(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, owner=owner)
    for message in uploads_refused_messages(request):
        messages.error(request, message)
    if request.method == "POST" and form.is_valid():
        sources: list[Source] = []
        names: list[str] = []
        for upload_file in form.cleaned_data["files"]:
            try:
                # Never more than the file's limit plus one byte: file_sources refuses the rest.
                data = upload_file.read(file_max_bytes(upload_file.name) + 1)
                sources += file_sources(upload_file.name, data, office_later=True)
                names.append(upload_file.name)
            except LibraryError as exc:
                for message in exc.messages:
                    messages.error(request, message)
        if sources:
            job = services.ingest_job_create(
                actor=request.user,
                sources=sources,
                label=", ".join(names),
                owner_unit=owner,
                is_published=form.cleaned_data["is_published"],
            )
            tasks.ingest_job_start(actor=request.user, job=job)
            return redirect("library:job_detail", pk=job.pk)
        form.add_error("files", _("Không có tệp nào nhập được."))
    return render(request, "library/upload.html", {"form": form, "owner": owner})


def job_list(request: HttpRequest) -> HttpResponse:
    """List the imports of the units the user edits."""
    page = _page(request, selectors.jobs_list(user=request.user))
    for job in page:
        # "Running" with a heartbeat gone old: its worker died; the job page offers to resume it.
        job.interrupted = job.status == JobStatus.RUNNING and services.ingest_job_can_resume(job)
    context = {
        "page": page,
        "interrupted": JobStatus("interrupted").label,
        "can_ingest": scope.user_can_create(request.user),
    }
    return render(request, "library/job_list.html", context)


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an import's progress, item by item; the page reloads itself while the import runs."""
    job = selectors.job_get(user=request.user, pk=pk)
    items = job.items.select_related("document").order_by("position")
    counts = {status: 0 for status in ItemStatus.values}
    for status in items.values_list("status", flat=True):
        counts[status] += 1
    total = sum(counts.values())
    can_resume = services.ingest_job_can_resume(job)
    context = {
        "job": job,
        "shown": selectors.job_shown(job, list(items), resumable=can_resume),
        "counts": counts,
        "total": total,
        "processed": total - counts[ItemStatus.PENDING],
        "finished_with_problems": job.status == JobStatus.DONE and counts[ItemStatus.FAILED] > 0,
        "running": job.status == JobStatus.RUNNING and not can_resume,
        "queued": job.status == JobStatus.PENDING and bool(job.task_id),
        "failed": job.status == JobStatus.FAILED,
        "can_resume": can_resume,
        "settling": job.settle_status == SettleStatus.PENDING,
        "settle_failed": job.settle_status == SettleStatus.FAILED,
    }
    return render(request, "library/job_detail.html", context)


def _job_queue(request: HttpRequest, pk: int, queue: Callable[..., None]) -> HttpResponse:
    """Queue work of an import from its page (`queue(actor=, job=)`); a refusal is said there."""
    job = selectors.job_get(user=request.user, pk=pk)
    try:
        queue(actor=request.user, job=job)
    except LibraryError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("library:job_detail", pk=job.pk)


@require_POST
def job_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Carry on an interrupted import."""
    return _job_queue(request, pk, tasks.ingest_job_resume)


@require_POST
def job_settle(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue again the settling of a done import's events, after it failed."""
    return _job_queue(request, pk, tasks.events_settle_retry)


def event_list(request: HttpRequest) -> HttpResponse:
    """List the events the user may read, with their outlets."""

    def context() -> dict[str, Any]:
        events = selectors.events_list(user=request.user, query=request.GET.get("q", ""))
        page = _page(request, events)
        rows = selectors.events_summaries(user=request.user, events=list(page))
        return {"page": page, "rows": rows, "q": request.GET.get("q", "")}

    return render(request, "library/event_list.html", {"body": _body_cached(request, "event_list", context)})


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an event: its outlets side by side, the facts they share and where they differ.

    The address of an event merged into another leads there (a permanent redirect).
    """

    def page() -> tuple[str, SafeString]:
        view = selectors.event_view(user=request.user, pk=pk)
        by_id = {str(d.pk): d for d in view.documents}
        rows = [
            (label, [view.facts_of(d, kinds) for d in view.documents])
            for label, kinds in (
                (_("Nhân vật"), ("person",)),
                (_("Cơ quan, tổ chức"), ("organization",)),
                (_("Địa điểm"), ("place",)),
                (_("Số liệu"), ("amount", "quantity")),
                (_("Nhiệm vụ được giao"), ("directive",)),
                (_("Trích dẫn"), ("quote",)),
            )
        ]
        differences = [_difference_shown(d, view, by_id) for d in view.differences]
        shared = [f for f in view.facts if len(f.documents) > 1]
        context = {"view": view, "rows": rows, "differences": differences, "shared": shared, "by_id": by_id}
        return view.title, revisions.body_rendered(request, "library/_event_detail_body.html", context)

    try:
        # A missing or moved event raises inside, so only a page that was shown is kept.
        # An event shows the documents its reader may read and offers no action.
        title, body = revision.cached(
            "event_detail",
            user=request.user,
            parts=[request.get_full_path()],
            compute=page,
            reader=selectors.document_readers_alike_key(request.user),
        )
    except EventMovedError as moved:
        return redirect("library:event_detail", pk=moved.event_id, permanent=True)
    return render(request, "library/event_detail.html", {"title": title, "body": body})


def _difference_shown(difference: Any, view: Any, by_id: dict[str, Any]) -> dict[str, Any]:
    """Return a difference as the event page shows it: each outlet's words, and the word diff.

    The word diff is the first outlet's window of the statement, compared: it is cut where that
    outlet's quoted words are, and shows it the same way ("…").
    """
    quoted = [mention_quoted(view.analysed[m.document], m) for m in difference.items]
    first = quoted[0] if difference.kind == "quote" and quoted else ""
    return {
        "kind": difference.kind,
        "subject": difference.subject,
        "items": [(by_id.get(m.document), words) for m, words in zip(difference.items, quoted, strict=True)],
        "diff": diff_html(difference.diff),
        "cut_before": first.startswith("…"),
        "cut_after": first.endswith("…"),
    }


SEARCH_PAGE_SIZE = 20


def _active_filters(request: HttpRequest, form: DocumentFilterForm) -> list[tuple[str, str, str]]:
    """Return each filter in use: its label, its value as typed, and the query string without it."""
    if not form.is_bound or not form.is_valid():
        return []
    active = []
    for name, bound in ((n, form[n]) for n in form.fields):
        value = form.cleaned_data.get(name)
        if value is None or value == "" or value is False:  # an unticked box filters nothing
            continue
        if value is True:
            shown = _("có")
        else:
            shown = value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)
        rest = request.GET.copy()
        rest.pop(name, None)
        rest.pop("page", None)
        active.append((str(bound.label), shown, rest.urlencode()))
    return active


def search(request: HttpRequest) -> HttpResponse:
    """Search the documents and events the user may read: ranked, with snippets and the filters in use.

    The page is kept in two parts. The results (with the filters above them) are computed from the
    documents the reader may read and offer no action: readers of the same documents share them,
    unless they ask for their own drafts (which depend on their role and unit). The names offered
    beside them also read the directory's officials and units, and are kept per readers of those.
    """

    def results() -> tuple[SafeString, SafeString]:
        form = filter_form(request)
        filters = form.filters()
        found: dict[str, Any] = {
            "form": form,
            "searched": not filters.is_empty(),
            "active_filters": _active_filters(request, form),
        }
        if not filters.is_empty():
            documents = selectors.documents_find(user=request.user, filters=filters)
            page = Paginator(documents, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
            # The events of the documents found, ranked by their best one: the filters (an outlet,
            # dates, a unit) narrow them as they narrow the documents, and the query is ranked once.
            events = (
                selectors.events_search(user=request.user, query=filters.query, documents=documents)
                if filters.query.strip()
                else []
            )
            found.update(
                page=page,
                count_capped=_count_capped(documents),
                hits=selectors.hits_make(list(page), filters.query),
                events=events,
            )
            if not page.paginator.count and filters.query.strip():
                respelled = selectors.query_respelled(user=request.user, filters=filters)
                if respelled:
                    query = request.GET.copy()
                    query["q"] = respelled
                    query.pop("page", None)
                    found.update(respelled=respelled, respelled_query=query.urlencode())
        return (
            revisions.body_rendered(request, "library/_search_head.html", found),
            revisions.body_rendered(request, "library/_search_results.html", found),
        )

    def offers() -> SafeString:
        filters = filter_form(request).filters()
        if filters.is_empty() or not filters.query.strip():
            return SafeString("")
        context = {"offers": selectors.entity_offers(user=request.user, query=filters.query)}
        return revisions.body_rendered(request, "library/_search_offers.html", context)

    address = [request.get_full_path()]
    drafts = bool(request.GET.get("drafts"))
    reader = None if drafts else selectors.document_readers_alike_key(request.user)
    head, found = revision.cached("search", user=request.user, parts=address, compute=results, reader=reader)
    reader = None if drafts else selectors.readers_alike_key(request.user)
    names = revision.cached("search_offers", user=request.user, parts=address, compute=offers, reader=reader)
    return render(request, "library/search.html", {"head": head, "offers": names, "results": found})
