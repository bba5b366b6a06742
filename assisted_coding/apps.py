from datetime import timedelta

from django.apps import AppConfig


class AssistedCodingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assisted_coding"
    verbose_name = "Assisted coding"

    def ready(self):
        from home.scheduling import register_job

        from . import tasks

        register_job(
            "assisted_coding.sweep_area_suggestions",
            timedelta(minutes=5),
            tasks.sweep_area_suggestions,
        )
        register_job("assisted_coding.find_campaigns", timedelta(minutes=10), tasks.find_campaigns)
        register_job(
            "assisted_coding.retrain_area_models", timedelta(days=7), tasks.retrain_area_models
        )
