"""Pages of the directory: parse the request, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from doingoai.accounts import scope
from doingoai.analysis.admin_units import PlaceFound
from doingoai.audit.concurrency import StaleEditError, version_expected
from doingoai.directory import selectors, services, spreadsheets
from doingoai.directory.errors import DirectoryImportError
from doingoai.directory.forms import (
    DirectoryImportForm,
    OrganizationFilterForm,
    PartnerFilterForm,
    PartnerForm,
    PersonFilterForm,
    PersonForm,
    PositionEditForm,
    PositionEndForm,
    PositionForm,
)
from doingoai.uploads import uploads_refused_messages

PAGE_SIZE = 50
PROBLEMS_SHOWN = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_query(request: HttpRequest) -> str:
    """Return the page's filters as a query string, for its "Tải Excel" link (page number left out)."""
    query = request.GET.copy()
    for key in ("page", "format"):
        query.pop(key, None)
    return query.urlencode()


def _filters(form: Any) -> dict[str, str]:
    """Return the valid filters; one typed wrong is left out and named on the page, the others kept."""
    if not form.is_bound:
        return {}
    form.is_valid()
    return {k: str(v or "") for k, v in form.cleaned_data.items()}


def organization_list(request: HttpRequest) -> HttpResponse:
    """List the units, searchable by name with or without diacritics, filtered by kind and province.

    `?format=xlsx` downloads the list as filtered.
    """
    form = OrganizationFilterForm(request.GET or None)
    f = _filters(form)
    found = selectors.organizations_search(
        user=request.user, query=f.get("q", ""), kind=f.get("kind", ""), province_code=f.get("province", "")
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx(spreadsheets.units_workbook(found.units), "don-vi.xlsx")
    context = {
        "form": form,
        "page": _page(request, found.units),
        "place_note": _place_note(found.place),
        "export_query": _export_query(request),
    }
    return render(request, "directory/organization_list.html", context)


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:]


def _place_note(place: PlaceFound | None) -> str:
    """Say where a place name typed in the unit search leads today, keeping the words typed."""
    if place is None:
        return ""
    values = {
        "text": place.text,
        "province": _lower_first(place.province.full_name),
        "commune": _lower_first(place.commune.full_name) if place.commune else "",
    }
    if place.former and place.commune is not None:
        where = _("“%(text)s” là đơn vị hành chính cũ, từ 01/07/2025 là %(commune)s, %(province)s.")
    elif place.former:
        where = _("“%(text)s” là đơn vị hành chính cũ, từ 01/07/2025 thuộc %(province)s.")
    elif place.commune is not None:
        where = _("“%(text)s” là %(commune)s, %(province)s.")
    else:
        where = _("“%(text)s” là %(province)s.")
    shown = _("Không có đơn vị nào mang tên này; dưới đây là các đơn vị của %(province)s.")
    return f"{where % values} {shown % values}"


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a unit, the units below it, its partners and its officials (as far as the user may read)."""
    unit = selectors.organization_get(user=request.user, pk=pk)
    context = {
        "unit": unit,
        "ancestors": selectors.organization_ancestors(organization=unit),
        "children": selectors.organization_children(user=request.user, organization=unit),
        "partners": selectors.partners_list(user=request.user, owner_unit=unit)[:100],
        "people": selectors.people_list(user=request.user, owner_unit=unit)[:100],
        "can_edit": scope.unit_can_edit(request.user, unit),
    }
    return render(request, "directory/organization_detail.html", context)


def partner_list(request: HttpRequest) -> HttpResponse:
    """List the foreign partners the user may read; `?format=xlsx` downloads them as filtered."""
    form = PartnerFilterForm(request.GET or None)
    f = _filters(form)
    partners = selectors.partners_list(
        user=request.user, query=f.get("q", ""), kind=f.get("kind", ""), country=f.get("country", "")
    )
    if request.GET.get("format") == "xlsx":
        return _xlsx(spreadsheets.partners_workbook(partners), "doi-tac.xlsx")
    context = {
        "form": form,
        "page": _page(request, partners),
        "can_create": scope.user_can_create(request.user),
        "export_query": _export_query(request),
    }
    return render(request, "directory/partner_list.html", context)


def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a partner."""
    partner = selectors.partner_get(user=request.user, pk=pk)
    can_edit = scope.unit_can_edit(request.user, partner.owner_unit)
    return render(request, "directory/partner_detail.html", {"partner": partner, "can_edit": can_edit})


@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create a partner, or change one the user may edit."""
    partner = selectors.partner_get(user=request.user, pk=pk) if pk is not None else None
    if partner is not None:
        scope.unit_require_edit(request.user, partner.owner_unit)
    else:
        scope.user_require_create(request.user)
    initial = _partner_initial(partner) if partner is not None else _owner_initial(request)
    form = PartnerForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in PartnerForm.field_order}
        try:
            if partner is None:
                partner = services.partner_create(
                    actor=request.user,
                    owner_unit=data["owner_unit"],
                    is_published=data["is_published"],
                    **fields,
                )
            else:
                services.partner_update(
                    actor=request.user,
                    partner=partner,
                    expected_version=version_expected(data["version"]),
                    owner_unit=data["owner_unit"],
                    is_published=data["is_published"],
                    **fields,
                )
        except StaleEditError as exc:
            form.stale_show(exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu đối tác “%(name)s”.") % {"name": partner.name})
            return redirect("directory:partner_detail", pk=partner.pk)
    return render(request, "directory/partner_form.html", {"form": form, "partner": partner})


def _partner_initial(partner: Any) -> dict[str, Any]:
    return {
        **{k: getattr(partner, k) for k in PartnerForm.field_order},
        "owner_unit": partner.owner_unit_id,
        "is_published": partner.is_published,
        "version": partner.version,
    }


def person_list(request: HttpRequest) -> HttpResponse:
    """List the officials the user may read, with their current titles.

    `?format=xlsx` downloads them as filtered, a row per title held (current or past).
    """
    form = PersonFilterForm(request.GET or None)
    f = _filters(form)
    if request.GET.get("format") == "xlsx":
        everyone = selectors.people_with_positions(
            user=request.user, query=f.get("q", ""), province_code=f.get("province", "")
        )
        return _xlsx(spreadsheets.people_workbook(everyone), "can-bo.xlsx")
    people = selectors.people_list(
        user=request.user, query=f.get("q", ""), province_code=f.get("province", "")
    )
    context = {
        "form": form,
        "page": _page(request, people),
        "can_create": scope.user_can_create(request.user),
        "export_query": _export_query(request),
    }
    return render(request, "directory/person_list.html", context)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an official, their titles over time and the documents that name them."""
    from doingoai.library.selectors import documents_mentioning_person

    person = selectors.person_get(user=request.user, pk=pk)
    can_edit = scope.unit_can_edit(request.user, person.owner_unit)
    context = {
        "person": person,
        "can_edit": can_edit,
        "position_form": PositionForm() if can_edit else None,
        "documents": documents_mentioning_person(user=request.user, name_key=person.name_key),
    }
    return render(request, "directory/person_detail.html", context)


def _owner_initial(request: HttpRequest) -> dict[str, int]:
    """Return the managing unit a new record starts with: `?owner_unit=` from a unit's page, if a number.

    The form offers only the units the user may edit, so a unit outside them is simply not chosen.
    """
    value = request.GET.get("owner_unit", "")
    return {"owner_unit": int(value)} if value.isascii() and value.isdigit() and len(value) < 10 else {}


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Create an official, or change one the user may edit."""
    person = selectors.person_get(user=request.user, pk=pk) if pk is not None else None
    if person is not None:
        scope.unit_require_edit(request.user, person.owner_unit)
    else:
        scope.user_require_create(request.user)
    initial = (
        {
            "full_name": person.full_name,
            "telephone": person.telephone,
            "email": person.email,
            "notes": person.notes,
            "owner_unit": person.owner_unit_id,
            "is_published": person.is_published,
            "version": person.version,
        }
        if person is not None
        else _owner_initial(request)
    )
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if person is None:
                person = services.person_create(
                    actor=request.user,
                    owner_unit=data["owner_unit"],
                    full_name=data["full_name"],
                    notes=data["notes"],
                    telephone=data["telephone"],
                    email=data["email"],
                    is_published=data["is_published"],
                )
            else:
                services.person_update(
                    actor=request.user,
                    person=person,
                    expected_version=version_expected(data["version"]),
                    owner_unit=data["owner_unit"],
                    full_name=data["full_name"],
                    notes=data["notes"],
                    telephone=data["telephone"],
                    email=data["email"],
                    is_published=data["is_published"],
                )
        except StaleEditError as exc:
            form.stale_show(exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu cán bộ “%(name)s”.") % {"name": person.full_name})
            return redirect("directory:person_detail", pk=person.pk)
    return render(request, "directory/person_form.html", {"form": form, "person": person})


@require_POST
def position_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a title to an official."""
    person = selectors.person_get(user=request.user, pk=pk)
    scope.unit_require_edit(request.user, person.owner_unit)
    form = PositionForm(request.POST)
    if form.is_valid():
        try:
            services.position_add(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã thêm chức danh."))
            return redirect("directory:person_detail", pk=person.pk)
    context = {"person": person, "can_edit": True, "position_form": form}
    return render(request, "directory/person_detail.html", context, status=400)


@require_POST
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an official the user may edit, as the page showed them (a change saved since stops it)."""
    person = selectors.person_get(user=request.user, pk=pk)
    raw = request.POST.get("version", "")
    try:
        services.person_delete(
            actor=request.user,
            person=person,
            expected_version=version_expected(int(raw) if raw.isdecimal() and len(raw) < 10 else None),
        )
    except (StaleEditError, ValidationError) as exc:
        for line in exc.messages:
            messages.error(request, line)
        return redirect("directory:person_detail", pk=person.pk)
    messages.success(request, _("Đã xóa cán bộ “%(name)s”.") % {"name": person.full_name})
    return redirect("directory:person_list")


@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, pk: int, position_pk: int) -> HttpResponse:
    """Correct one of an official's titles as it was recorded (a wrong word, place or date)."""
    person = selectors.person_get(user=request.user, pk=pk)
    scope.unit_require_edit(request.user, person.owner_unit)
    position = next((p for p in person.positions.all() if p.pk == position_pk), None)
    if position is None:
        raise Http404(_("Không tìm thấy chức danh."))
    initial = {
        "title": position.title,
        "organization": position.organization_id,
        "start_date": position.start_date,
        "end_date": position.end_date,
        "version": person.version,
    }
    form = PositionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.position_update(
                actor=request.user,
                position=position,
                title=data["title"],
                organization=data["organization"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                expected_version=version_expected(data["version"]),
            )
        except StaleEditError as exc:
            form.stale_show(exc)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã sửa chức danh “%(title)s”.") % {"title": position.title})
            return redirect("directory:person_detail", pk=person.pk)
    context = {"form": form, "person": person, "position": position}
    return render(request, "directory/position_form.html", context, status=400 if form.errors else 200)


@require_POST
def position_end(request: HttpRequest, pk: int, position_pk: int) -> HttpResponse:
    """Close one of an official's titles on the day given (the official no longer holds it)."""
    person = selectors.person_get(user=request.user, pk=pk)
    position = next((p for p in person.positions.all() if p.pk == position_pk), None)
    if position is None:
        raise Http404(_("Không tìm thấy chức danh."))
    form = PositionEndForm(request.POST)
    if form.is_valid():
        try:
            services.position_end(
                actor=request.user,
                position=position,
                end_date=form.cleaned_data["end_date"],
                expected_version=version_expected(form.cleaned_data["version"]),
            )
        except StaleEditError as exc:
            # The page was shown before another change of the official (this title's end, say):
            # nothing is written, and the page, shown again, says what changed.
            for line in exc.messages:
                messages.error(request, line)
            position.refresh_from_db(fields=["end_date"])
            if position.end_date is None:
                # The title is still open (another field changed): the date typed is not lost unsaid.
                unsaved = _("Ngày thôi giữ %(date)s của “%(title)s” chưa được ghi: nhập lại nếu vẫn đúng.")
                typed = request.POST.get("end_date", "").strip()
                messages.info(request, unsaved % {"title": position.title, "date": typed})
            return redirect("directory:person_detail", pk=person.pk)
        except ValidationError as exc:
            form.add_error("end_date", exc.messages)
        else:
            messages.success(
                request, _("Đã ghi ngày thôi giữ chức danh “%(title)s”.") % {"title": position.title}
            )
            return redirect("directory:person_detail", pk=person.pk)
    for error in form.errors.get("end_date", []):
        messages.error(
            request, _("Ngày thôi giữ “%(title)s”: %(error)s") % {"title": position.title, "error": error}
        )
    return redirect("directory:person_detail", pk=person.pk)


def import_template(request: HttpRequest) -> HttpResponse:
    """Download the blank import template of officials and partners."""
    return _xlsx(spreadsheets.template_workbook(), "mau-nhap-danh-ba.xlsx")


@require_http_methods(["GET", "POST"])
def directory_import(request: HttpRequest) -> HttpResponse:
    """Import officials and partners from Excel: all of it, or nothing and every problem listed."""
    scope.user_require_create(request.user)
    form = DirectoryImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = uploads_refused_messages(request)
    if request.method == "POST" and not problems and form.is_valid():
        upload: Any = form.cleaned_data["file"]
        data = upload.read(spreadsheets.MAX_BYTES + 1)
        try:
            result = spreadsheets.directory_import(actor=request.user, name=upload.name, data=data)
        except DirectoryImportError as exc:
            problems = exc.problems
        else:
            messages.success(request, _import_summary(result))
            return redirect("directory:import")
    context = {
        "form": form,
        "problems": problems[:PROBLEMS_SHOWN],
        "problems_more": max(len(problems) - PROBLEMS_SHOWN, 0),
        "max_mb": spreadsheets.MAX_BYTES // 2**20,
    }
    return render(request, "directory/import.html", context, status=400 if problems else 200)


def _import_summary(result: spreadsheets.ImportResult) -> str:
    """Say what an import did, sheet by sheet (a sheet without rows is not mentioned)."""
    people = _("Cán bộ: %(created)d thêm mới, %(updated)d được sửa, %(unchanged)d không đổi.") % {
        "created": result.people_created,
        "updated": result.people_updated,
        "unchanged": result.people_unchanged,
    }
    positions = _("Chức danh: %(added)d thêm mới, %(ended)d ghi ngày thôi giữ.") % {
        "added": result.positions_added,
        "ended": result.positions_ended,
    }
    partners = _("Đối tác: %(created)d thêm mới, %(updated)d được sửa, %(unchanged)d không đổi.") % {
        "created": result.partners_created,
        "updated": result.partners_updated,
        "unchanged": result.partners_unchanged,
    }
    said = [_("Đã nhập tệp.")]
    if result.people_created + result.people_updated + result.people_unchanged:
        said += [people, positions]
    if result.partners_created + result.partners_updated + result.partners_unchanged:
        said.append(partners)
    return " ".join(said)
