"""URL routes: each app owns its own under a prefix."""

from django.http import HttpResponse
from django.urls import include, path


def healthz(request):
    """For monitoring (docs/deploy.md): answers without touching sessions."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("gongkai.accounts.urls")),
    path("audit/", include("gongkai.audit.urls")),
    path("reports/", include("gongkai.reports.urls")),
    path("agencies/", include("gongkai.agencies.urls")),
    path("calendar/", include("gongkai.calendars.urls")),
    path("lexicon/", include("gongkai.lexicon.urls")),
    path("applications/", include("gongkai.applications.urls")),
    path("catalog/", include("gongkai.catalog.urls")),
    path("publishing/", include("gongkai.publishing.urls")),
    path("search/", include("gongkai.search.urls")),
    path("interaction/", include("gongkai.interaction.urls")),
    path("inspection/", include("gongkai.inspection.urls")),
    path("yearreports/", include("gongkai.yearreports.urls")),
    path("api/", include("gongkai.api.urls")),
    # Before the portal's generic section route, which would otherwise take /gk/<slug>/apply/.
    path("", include("gongkai.applications.public_urls")),
    path("", include("gongkai.catalog.public_urls")),
    path("", include("gongkai.interaction.public_urls")),
    path("", include("gongkai.yearreports.public_urls")),
    path("", include("gongkai.web.urls")),
]
