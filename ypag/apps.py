from django.apps import AppConfig


class YpagConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ypag"
    verbose_name = "Young People's Action Group"

    def ready(self):
        from home.retention import register_retention
        from ypag import retention

        register_retention("ypag.interests", retention.apply)
