"""Write notifications and send the daily digest (Django's mail; the console backend in the demo)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from doingoai.accounts.models import User
from doingoai.accounts.services import language_offered
from doingoai.notifications.digest import DigestItem, digest_sources
from doingoai.notifications.models import DigestSent, Notification


def notification_language(*, recipient: Any) -> translation.override:
    """Return the context to word a note for `recipient` in: their language, else the site's.

    A note is read by others than the person who acted, so it is never worded in the language of
    that person's page, but in the one the reader chose with the site's switcher while signed in
    (`User.language`); someone who never chose reads the site's language. A note for several
    people is worded once for each of them.
    """
    chosen = getattr(recipient, "language", "")
    return translation.override(chosen if language_offered(chosen) else settings.LANGUAGE_CODE)


@transaction.atomic
def notification_create(
    *, user: Any, kind: str, text: str, now: dt.datetime, url: str = "", key: str = ""
) -> Notification | None:
    """Add a notification for `user`; with a `key`, only once (None when it already exists)."""
    if getattr(user, "pk", None) is None:
        return None
    if key and Notification.objects.filter(user=user, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user, kind=kind, text=text[:500], url=url, key=key[:200], created_at=now
            )
    except IntegrityError:  # the same key written at the same moment by another request
        return None


@transaction.atomic
def notifications_mark_read(*, user: Any, now: dt.datetime, pk: int | None = None) -> int:
    """Mark the user's unread notifications (or one of them) as read; return how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=now)


def _digest_body(user: Any, today: dt.date, lines: list[tuple[str, str]], base_url: str) -> str:
    head = _("Chào %(name)s, đây là các việc cần chú ý ngày %(day)s:") % {
        "name": user.get_full_name() or user.username,
        "day": today.strftime("%d/%m/%Y"),
    }
    body = [head, ""]
    for text, url in lines:
        body.append(f"- {text}")
        if url:
            body.append(f"  {base_url}{url}")
    return "\n".join(body) + "\n"


def digest_send_one(*, user: Any, today: dt.date, now: dt.datetime, base_url: str = "") -> int:
    """Send `user` their digest for `today`; return the number of items (0: nothing sent).

    Items with a key become in-app notifications first (once per key); the e-mail then lists the
    notifications not yet sent in a digest and the items without a key. A person gets at most one
    digest a day, and never an empty one.

    The e-mail is sent outside any transaction this function opens: a short one first claims the
    day's digest (`DigestSent`, one per person and day, so two workers never both send it) and
    marks its notifications as sent; if the mail server then refuses, a second short one takes the
    claim back and the error goes up, so that a retry sends the same digest. On SQLite a
    transaction holds the only write lock, which every import and sign-in would otherwise wait
    for while the mail server answers.
    """
    if not user.email:
        return 0
    # Worded for the person who reads it: the items their sources write, the subject and the body.
    with notification_language(recipient=user):
        claimed = _digest_claim(user=user, today=today, now=now)
        if claimed is None:
            return 0
        claim, pending, lines = claimed
        # Plural forms by count: English says "1 item", "2 items"; Vietnamese has one form.
        subject = ngettext(
            "doingoai: %(n)d việc cần chú ý ngày %(day)s",
            "doingoai: %(n)d việc cần chú ý ngày %(day)s",
            len(lines),
        ) % {"n": len(lines), "day": today.strftime("%d/%m/%Y")}
        try:
            send_mail(
                subject,
                _digest_body(user, today, lines, base_url),
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
            )
        except Exception:
            with transaction.atomic():
                Notification.objects.filter(pk__in=pending, digested_at=now).update(digested_at=None)
                DigestSent.objects.filter(pk=claim.pk).delete()
            raise
    return len(lines)


@transaction.atomic
def _digest_claim(
    *, user: Any, today: dt.date, now: dt.datetime
) -> tuple[DigestSent, list[int], list[tuple[str, str]]] | None:
    """Write the day's keyed notifications and claim the digest; None when there is nothing to send.

    Return the claim, the notifications it lists (marked as sent in a digest at `now`) and its lines.
    """
    if DigestSent.objects.filter(user=user, date=today).exists():
        return None
    loose: list[DigestItem] = []
    for source in digest_sources():
        for item in source(user, today):
            if item.key:
                notification_create(
                    user=user, kind=item.kind, text=item.text, url=item.url, key=item.key, now=now
                )
            else:
                loose.append(item)
    pending = list(
        Notification.objects.filter(user=user, digested_at__isnull=True).order_by("created_at", "id")
    )
    lines = [(n.text, n.url) for n in pending] + [(i.text, i.url) for i in loose]
    if not lines:
        return None
    try:
        with transaction.atomic():
            claim = DigestSent.objects.create(user=user, date=today, sent_at=now, items=len(lines))
    except IntegrityError:  # another worker claimed the same digest meanwhile
        return None
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digested_at=now)
    return claim, [n.pk for n in pending], lines


def digest_send_all(*, today: dt.date, now: dt.datetime, base_url: str = "") -> dict[str, int]:
    """Send the day's digest to every active person with an e-mail address; return user -> items sent."""
    sent: dict[str, int] = {}
    for user in User.objects.filter(is_active=True).exclude(email="").select_related("unit"):
        count = digest_send_one(user=user, today=today, now=now, base_url=base_url)
        if count:
            sent[user.username] = count
    return sent


def notifications_settle(*, key: str, now: dt.datetime) -> int:
    """Mark read, for everyone, the unread notes of `key`: what they asked for is done or void.

    A request waiting for a decision notifies every person who may decide; once one of them has
    decided (or the request is withdrawn), the others' bells must not keep asking. Returns how many.
    """
    if not key:
        return 0
    return Notification.objects.filter(key=key, read_at__isnull=True).update(read_at=now)


def notifications_settle_keyless(*, kind: str, url: str, now: dt.datetime) -> int:
    """Mark read, for everyone, the unread notes of `kind` leading to `url` that were written without a key.

    A kind of note may have been written before it had a key (a report's return, before each return
    had its own): `notifications_settle` cannot find those. The kind and the page the note leads to
    name what it asked for as surely, so the caller settles them alongside. Returns how many.
    """
    if not (kind and url):
        return 0
    return Notification.objects.filter(kind=kind, key="", url=url, read_at__isnull=True).update(read_at=now)
