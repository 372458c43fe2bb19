"""Conference screens in the admin, for coordinators: the record, its connection points, its documents.

Tasks have no admin screen: they are confirmed, reported and closed through the services, whose
rules (one lead unit, the original deadline kept, closure by the issuer's side) the admin would bypass.
"""

from __future__ import annotations

from django.contrib import admin

from doingoai.admin_inlines import HelpShownTabularInline
from doingoai.audit.admin_mixins import AuditedAdminMixin
from doingoai.directory.admin import CoordinatorsOnlyMixin
from doingoai.tasks.models import Conference, ConferenceDocument, ConnectionPoint


# The inlines answer to the same rule as their conference: without it, Django asks for model
# permissions that coordinators are not given, and hid both tables from the people who keep them.
class ConnectionPointInline(CoordinatorsOnlyMixin, HelpShownTabularInline):
    """The places the conference was followed from."""

    model = ConnectionPoint
    extra = 1
    autocomplete_fields = ("unit",)


class ConferenceDocumentInline(CoordinatorsOnlyMixin, HelpShownTabularInline):
    """The library documents of the conference."""

    model = ConferenceDocument
    extra = 1
    raw_id_fields = ("document",)


@admin.register(Conference)
class ConferenceAdmin(CoordinatorsOnlyMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Conferences and meetings whose conclusions assign tasks."""

    list_display = ("title", "date", "kind", "organizer")
    list_filter = ("kind",)
    search_fields = ("title",)
    date_hierarchy = "date"
    autocomplete_fields = ("organizer",)
    inlines = (ConnectionPointInline, ConferenceDocumentInline)
