from __future__ import annotations

import gettext
import json
import re
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.test import Client

from doingoai.accounts.models import User
from doingoai.web import i18n
from tests.django_fixtures import Units

ClientFor = Callable[[User], Client]


def test_home_page_is_in_vietnamese_by_default(
    units: Units, make_user: Callable[..., User], client_for: ClientFor
) -> None:
    page = client_for(make_user("viewer", units.quang_tri)).get("/").content.decode()
    assert '<html lang="vi">' in page
    assert "Danh bạ" in page and "Đăng xuất" in page and "Người xem của đơn vị" in page


def test_home_page_is_in_english_when_chosen(
    units: Units, make_user: Callable[..., User], client_for: ClientFor
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Directory" in page and "Sign out" in page and "Unit viewer" in page
    assert "Đăng xuất" not in page


def test_language_can_be_chosen_before_signing_in(db: None) -> None:
    client = Client()
    client.post("/ngon-ngu/", {"language": "en", "next": "/dang-nhap/"})
    assert "User name" in client.get("/dang-nhap/").content.decode()


def test_compiled_catalogue_translates_every_message_of_the_po_file() -> None:
    # What matters is what gettext reads back, not the bytes a given Babel release writes.
    with i18n.CATALOGUE.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected = i18n.translations_of_po()
    assert expected, "the catalogue translates nothing"

    def read_back(key: str) -> str:
        context, _sep, msgid = key.rpartition("\x04")
        return compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)

    stale = {msgid: text for msgid, text in expected.items() if read_back(msgid) != text}
    assert stale == {}, "run `make messages` and commit django.mo"


def test_compiled_catalogue_has_no_message_the_po_file_dropped() -> None:
    with i18n.CATALOGUE.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog = compiled._catalog  # type: ignore[attr-defined]
    ids = {key for key in catalog if isinstance(key, str) and key}
    assert ids - set(i18n.translations_of_po()) == set(), "run `make messages` and commit django.mo"


def test_every_marked_string_has_an_english_translation() -> None:
    missing = i18n.messages_untranslated()
    assert missing == [], "add the English of these msgids to django.po, then `make messages`:\n" + "\n".join(
        missing
    )


def test_an_english_language_browser_still_gets_vietnamese_until_english_is_chosen(
    units: Units, make_user: Callable[..., User], client_for: ClientFor
) -> None:
    client = client_for(make_user("viewer", units.quang_tri))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page and "Đăng xuất" in page
    client.post("/ngon-ngu/", {"language": "en", "next": "/"}, HTTP_ACCEPT_LANGUAGE="en-US")
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()


def test_template_scan_finds_translate_blocktranslate_and_plurals() -> None:
    template = (
        '{% load i18n %}{% translate "Nhật ký" as title %}<h1>{{ title }}</h1>'
        "<p>{% blocktranslate with unit=u.name %}Văn bản của {{ unit }}.{% endblocktranslate %}</p>"
        "<p>{% blocktranslate count counter=n %}{{ counter }} đối tác{% plural %}{{ counter }} đối tác"
        "{% endblocktranslate %}</p>"
    )
    singular, plural = i18n._template_messages(template)
    assert singular == {"Nhật ký", "Văn bản của %(unit)s."}
    assert plural == {("%(counter)s đối tác", "%(counter)s đối tác")}


def test_python_scan_finds_messages_over_several_lines_in_either_quotes_and_plurals() -> None:
    module = (
        "from django.utils.translation import gettext as _, ngettext\n"
        'a = _("Dự án đã có giao dịch: "\n      "hãy sửa giao dịch đó.")\n'
        "b = _('Toàn quốc')\n"
        'c = ngettext("%(n)d tệp", "%(n)d tệp", n)\n'
        'd = translation.gettext("không phải lời gọi _")\n'
        "e = _(name)\n"
    )
    singular, plural = i18n._python_messages(module)
    assert singular == {"Dự án đã có giao dịch: hãy sửa giao dịch đó.", "Toàn quốc"}
    assert plural == {("%(n)d tệp", "%(n)d tệp")}


def test_untranslated_check_lists_what_the_catalogue_lacks(tmp_path: Path) -> None:
    # The real catalogue without two of its entries: a plain one and a plural one.
    text = i18n.CATALOGUE.read_text(encoding="utf-8")
    plain = 'msgid "Đăng xuất"\nmsgstr "Sign out"\n'
    plural = next(b for b in text.split("\n\n") if b.startswith('msgid "%(counter)s văn bản"\nmsgid_plural'))
    assert plain in text
    catalogue = tmp_path / "django.po"
    catalogue.write_text(text.replace(plain, "").replace(plural, ""), encoding="utf-8")
    assert i18n.messages_untranslated(catalogue) == ["Đăng xuất", "%(counter)s văn bản | %(counter)s văn bản"]


def test_catalogue_gives_each_message_once() -> None:
    assert i18n.messages_duplicated() == []


def test_duplicate_check_names_the_repeated_message_and_its_line(tmp_path: Path) -> None:
    po = tmp_path / "django.po"
    po.write_text(
        'msgid "Báo cáo"\nmsgstr "Reports"\n\nmsgctxt "form"\nmsgid "Báo cáo"\nmsgstr "Report"\n\n'
        'msgid "Mô tả"\nmsgstr "Description"\n\nmsgid "Báo cáo"\nmsgstr "Report"\n',
        encoding="utf-8",
    )
    assert i18n.messages_duplicated(po) == [("Báo cáo", 11)]


def test_compiled_vietnamese_catalogue_of_djangos_strings_is_up_to_date() -> None:
    with i18n.DJANGO_VI.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    expected = i18n.translations_of_po(i18n.DJANGO_VI)
    assert len(expected) > 100
    assert {m: t for m, t in expected.items() if compiled.gettext(m) != t} == {}, "run `make messages`"


def test_djangos_admin_and_password_messages_read_vietnamese(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    from django.contrib.auth.password_validation import MinimumLengthValidator
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("vi"):
        try:
            MinimumLengthValidator(12).validate("ngan")
        except ValidationError as error:
            assert error.messages == ["Mật khẩu quá ngắn. Mật khẩu phải có ít nhất 12 ký tự."]
        else:
            raise AssertionError("a four-letter password passed")
    admin = make_user("administrator", None)
    page = client_for(admin).get("/quan-tri/").content.decode()
    assert "Chuyển đến nội dung chính" in page and "Skip to main content" not in page
    refused = client_for(admin).post(
        "/quan-tri/password_change/", {"old_password": "sai", "new_password1": "a", "new_password2": "b"}
    )
    assert "Hãy sửa các lỗi dưới đây." in refused.content.decode()
    assert "Please correct the error" not in refused.content.decode()


def test_djangos_awkward_vietnamese_form_messages_are_replaced() -> None:
    from django import forms
    from django.utils import translation

    class Numbers(forms.Form):
        count = forms.IntegerField(max_value=2100)

    with translation.override("vi"):
        assert Numbers({"count": "x"}).errors["count"] == ["Nhập một số nguyên."]
        assert Numbers({"count": "2200"}).errors["count"] == ["Giá trị không được lớn hơn 2100."]


def test_the_admins_history_button_and_a_users_superuser_field_read_vietnamese(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    from doingoai.audit.display import entries_shown
    from doingoai.audit.models import AuditEntry

    admin = make_user("administrator", units.vufo, username="quantri.ls")
    viewer = make_user("viewer", units.quang_tri, username="xem.ls")
    page = client_for(admin).get(f"/quan-tri/accounts/user/{viewer.pk}/change/").content.decode()
    assert "Lịch sử thay đổi" in page and "Bản ghi nhớ" not in page
    entry = AuditEntry.objects.get(content_type__model="user", object_id=str(viewer.pk))
    labels = [c.label for c in entries_shown([entry])[0].changes]
    assert "Quyền quản trị tối cao" in labels or "quyền quản trị tối cao" in labels
    assert not any("superuser" in label for label in labels)


def test_the_admins_action_bar_reads_as_vietnamese_not_go_to_zero_of_eight(
    units: Units, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    """Django's 'Đi đến' button beside '0 của 8 được chọn' read 'Đi đến 0 của 8 được chọn'."""
    admin = make_user("administrator", units.vufo, username="quantri.tt")
    client = client_for(admin)
    page = client.get("/quan-tri/accounts/user/").content.decode()
    assert ">Thực hiện</button>" in page and "Đi đến" not in page
    assert "Thao tác:" in page and "Hoạt động:" not in page  # "Action:", not "activity"
    assert "Đã chọn 0 trong" in page and " của " not in page.split('class="action-counter"')[1][:200]
    # The count as the page's script updates it when rows are ticked: the JavaScript catalogue.
    script = client.get("/quan-tri/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.DOTALL).group(1))
    assert catalogue["%(sel)s of %(cnt)s selected"] == ["Đã chọn %(sel)s trong %(cnt)s"]


def test_compiled_vietnamese_catalogue_of_the_admins_scripts_is_up_to_date() -> None:
    with i18n.DJANGO_VI_JS.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    assert compiled.ngettext("%(sel)s of %(cnt)s selected", "%(sel)s of %(cnt)s selected", 3) == (
        "Đã chọn %(sel)s trong %(cnt)s"
    )


def test_a_new_browser_follows_the_language_the_signed_in_user_chose(
    units: Units, make_user: Callable[..., User], client_for: ClientFor
) -> None:
    user = make_user("viewer", units.quang_tri)
    client_for(user).post("/ngon-ngu/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
    fresh = client_for(user)  # another browser: signed in, no language cookie
    assert settings.LANGUAGE_COOKIE_NAME not in fresh.cookies
    page = fresh.get("/").content.decode()
    assert '<html lang="en">' in page and "Sign out" in page
    # Chosen in this browser, the cookie wins over the stored choice.
    fresh.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert '<html lang="vi">' in fresh.get("/").content.decode()
    # Signed out, a visitor is not anyone's choice: Vietnamese.
    assert '<html lang="vi">' in Client().get("/dang-nhap/").content.decode()
