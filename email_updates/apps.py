from django.apps import AppConfig


class EmailUpdatesConfig(AppConfig):
    """Email updates for people without an account: double opt-in sign-up, change and
    one-click unsubscribe by signed link."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "email_updates"
    verbose_name = "Email updates"
