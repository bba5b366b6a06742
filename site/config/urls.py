from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as accounts_views
from home import views as home_views

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("search/", home_views.search, name="search"),
    # The admin signs in through allauth (MFA); this must come before the admin's own URLs.
    path("admin/login/", accounts_views.admin_login, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Feeds, calendar files and booking links; other /events/ paths fall through to Wagtail.
    path("events/", include("events.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("email_updates.urls")),
    path("", include("accessible_formats.urls")),
    path("", include("consultations.urls")),
    path("", include("commitments.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving must come last: it matches every other path.
urlpatterns += [path("", include(wagtail_urls))]

# Every error page is rendered without the request, the session or the database
# (home/errors.py): Django's defaults re-run the CSRF check, which can fail again.
handler400 = "home.errors.bad_request"
handler403 = "home.errors.permission_denied"
handler404 = "home.errors.page_not_found"
handler500 = "home.errors.server_error"
