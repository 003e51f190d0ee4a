"""Back-office routes under /applications/: the handler's pages and the supervisor's."""

from . import urls_staff, urls_supervision

app_name = "applications"
urlpatterns = [*urls_staff.urlpatterns, *urls_supervision.urlpatterns]
