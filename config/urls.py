from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from branches.sign_in_views import FirstSignInView
from config import views
from dashboards.views.home import home as dashboards_home

admin.site.site_header = "党建工作平台管理"
admin.site.site_title = "党建工作平台"

urlpatterns = [
    path("", dashboards_home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/first/<uidb64>/<token>/", FirstSignInView.as_view(), name="first_sign_in"),
    path("", include("branches.urls")),
    path("activities/", include("activities.urls")),
    path("points/", include("points.urls")),
    path("ledgers/", include("ledgers.urls")),
    path("brands/", include("brands.urls")),
    path("notices/", include("notices.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Error pages in the portal's layout (config/errors.py; 403.html and 404.html are templates).
handler500 = "config.errors.server_error"

if settings.BENCH:  # the bare page of `make bench` (config/bench.py), never in production
    urlpatterns += [path("", include("config.bench"))]
