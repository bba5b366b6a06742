from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in, staff MFA and sessions, email updates and accessible-format requests."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and requests"

    def ready(self):
        from . import receivers

        receivers.connect()
