from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from portal import audit_views, notification_views, privacy_views, views

# A database outage answers a friendly 503 instead of the 500 page (portal/outage.py).
handler500 = "portal.outage.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("session/keepalive/", views.session_keepalive, name="session_keepalive"),
    path("notifications/", notification_views.inbox, name="notification_inbox"),
    path("notifications/settings/", notification_views.settings_view, name="notification_settings"),
    path("notifications/overview/", notification_views.overview, name="notification_overview"),
    path(
        "notifications/send-again/",
        notification_views.send_again,
        name="notification_send_again",
    ),
    path("unsubscribe/<str:token>/", notification_views.unsubscribe, name="unsubscribe"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("dashboard/", include("portal.dashboard.urls")),
    path("privacy/", privacy_views.privacy, name="privacy"),
    path("privacy/export/", privacy_views.privacy_export, name="privacy_export"),
    path("privacy/delete/", privacy_views.privacy_delete, name="privacy_delete"),
    path(
        "privacy/consents/<slug:provider>/<str:key>/withdraw/",
        privacy_views.privacy_consent_withdraw,
        name="privacy_consent_withdraw",
    ),
    path("sign-in/link/<str:token>/", views.sign_in_link, name="sign_in_link"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("", include("recruitment.urls")),
    path("", include("careers.urls")),
    path("", include("feedback.urls")),
]

if settings.BENCH:
    # The stack's own limit for `make bench`: never routed in production (BENCH unset).
    urlpatterns += [path("bench/baseline/", views.bench_baseline, name="bench_baseline")]

if settings.DEBUG:
    from django.views import defaults

    urlpatterns += [
        path("__errors__/404/", defaults.page_not_found, {"exception": Exception()}),
        path("__errors__/500/", defaults.server_error),
    ]
