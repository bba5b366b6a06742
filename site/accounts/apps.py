from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Sign-in, staff MFA and sessions, my account and a resident's own data."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from . import receivers

        receivers.connect()
