"""allauth's account adapter, bent to the site's rules.

- Links in allauth's emails (verify your address, reset your password, sign up) start with the
  configured site address, like every other email (home.links), not with the request's host.
- Someone who signed in within the last 5 minutes is not asked for their password again
  before changing two-step sign-in. allauth only counts an explicit "reauthenticate" step as
  recent, so a member of staff sent straight from signing in to set up two-step sign-in (the
  staff MFA gate, accounts.middleware) was asked for the password they had just typed.
  Other sensitive changes (deleting the account) still always ask.
"""

import time

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context

from home.links import site_url


def signed_in_recently(request) -> bool:
    """True if this session's user proved who they are (password, code or key) within
    allauth's reauthentication timeout (5 minutes)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    return time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render and send one of allauth's emails (our templates in site/templates/account
        and site/templates/mfa), with every link moved onto the site address."""
        context = {
            "request": allauth_context.request,
            "email": email,
            **{
                key: site_url(value)
                if key.endswith("_url") and isinstance(value, str) and value
                else value
                for key, value in context.items()
            },
        }
        # Unlike allauth's own send_mail, no `current_site`: the templates do not need the
        # request's host, and allauth sends some emails after the request has finished.
        message = self.render_mail(template_prefix, email, context)
        message.purpose = f"accounts.{template_prefix.rsplit('/', 1)[-1]}"  # for the outbox
        message.send()

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        if app != "allauth.mfa":
            return True  # deleting the account, changing the email or password: always ask
        request = self.request or allauth_context.request
        return request is None or not signed_in_recently(request)
