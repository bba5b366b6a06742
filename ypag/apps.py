from django.apps import AppConfig


class YpagConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ypag"
    verbose_name = "Young People's Action Group"
