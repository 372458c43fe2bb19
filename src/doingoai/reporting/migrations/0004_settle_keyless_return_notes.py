# Written by hand: a data migration, no change of schema.

import re

from django.db import migrations
from django.utils import timezone

# The report page's address when these notes were written ("/bao-cao/<id>/", after any prefix of a
# site served under a sub-path).
_REPORT_PAGE = re.compile(r"/bao-cao/(\d+)/$")


def _settle_keyless_returns(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Mark read the notes of returns written without a key whose report has been submitted since.

    Before each return had its key (`report-returned:<report>:<submission>`), a return's note had
    none, so resubmitting the report never took it off the editors' bells. A note is settled when
    its report has a submission after the note was written: the unit has acted on that return.
    A note whose report is gone, or not submitted since, stays as it is.
    """
    notification = apps.get_model("notifications", "Notification")
    submission = apps.get_model("reporting", "Submission")
    notes = notification.objects.filter(kind="report_returned", key="", read_at__isnull=True)
    settled = []
    # Read first, then written: no read cursor stays open across the writes.
    for pk, url, created_at in list(notes.values_list("pk", "url", "created_at")):
        match = _REPORT_PAGE.search(url)
        if match is None:
            continue
        if submission.objects.filter(report_id=int(match.group(1)), submitted_at__gt=created_at).exists():
            settled.append(pk)
    notification.objects.filter(pk__in=settled).update(read_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0001_initial'),
        ('reporting', '0003_overdue_reminder'),
    ]

    operations = [
        migrations.RunPython(_settle_keyless_returns, migrations.RunPython.noop),
    ]
