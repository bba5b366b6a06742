from django.apps import AppConfig


class AccessibleFormatsConfig(AppConfig):
    """Requests for a document in another format, answered within 5 working days."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "accessible_formats"
    verbose_name = "Accessible formats"
