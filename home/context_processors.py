from .models import SupportService


def site_chrome(request):
    """Data every public page's header and footer need: the support services panel."""
    return {"footer_support_services": SupportService.cached_list}
