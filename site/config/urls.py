from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as accounts_views
from home import views as home_views

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("search/", home_views.search, name="search"),
    # The admin signs in through allauth (MFA); this must come before the admin's own URLs.
    path("admin/login/", accounts_views.admin_login, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Feeds, calendar files and booking links; other /events/ paths fall through to Wagtail.
    path("events/", include("events.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving must come last: it matches every other path.
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
