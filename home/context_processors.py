from django.utils.functional import SimpleLazyObject

from .models import GetHelpPage, SupportService


def site_chrome(request):
    """Data every public page's header and footer need: the support services (cached), the
    first helpline for the short get-help panel and the get-help page it links to (one query,
    made only when a page shows the panel)."""
    return {
        "footer_support_services": SupportService.cached_list,
        "first_helpline": SupportService.first_helpline,
        "get_help_page": SimpleLazyObject(lambda: GetHelpPage.objects.live().first()),
    }
