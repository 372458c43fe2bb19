"""The site's URLs: pages in Vietnamese paths, the REST API, the admin, sign-in and the language switch."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from doingoai.accounts import views as account_views
from doingoai.accounts.forms import LoginForm
from doingoai.api.api import api_urls
from doingoai.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("ngon-ngu/", views.language_set, name="set_language"),
    path("huong-dan/", views.guide, name="guide"),
    path("danh-ba/", include("doingoai.directory.urls")),
    path("nhat-ky/", include("doingoai.audit.urls")),
    path("thu-vien/", include("doingoai.library.urls")),
    path("tim-kiem/", include("doingoai.library.search_urls")),
    path("vien-tro/", include("doingoai.aid.urls")),
    # The annual summary report (Word) first: its paths sit under the periodic reports' prefix.
    path("bao-cao/tong-ket/", include("doingoai.reports.urls")),
    path("bao-cao/", include("doingoai.reporting.urls")),
    path("thong-bao/", include("doingoai.notifications.urls")),
    path("nhiem-vu/", include("doingoai.tasks.urls")),
    path("tai-khoan/mat-khau/", account_views.password_change, name="password_change"),
    path("tai-khoan/khoa-api/", include("doingoai.api.urls")),
    path("api/", include((api_urls(), "api"), namespace="api")),
    path("quan-tri/", admin.site.urls),
]

# A bad query parameter is answered with the site's page naming it (`BadRequest` raised by a view).
handler400 = "doingoai.web.views.bad_request"
