from datetime import timedelta

from django.apps import AppConfig


class AssistedCodingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assisted_coding"
    verbose_name = "Assisted coding"

    def ready(self):
        from django.conf import settings

        from home.retention import register_retention
        from home.scheduling import register_job
        from home.workers import register_claimed_job

        from . import tasks
        from .models import ThemeRun
        from .themes.runs import forget_old_runs

        register_job(
            "assisted_coding.sweep_area_suggestions",
            timedelta(minutes=5),
            tasks.sweep_area_suggestions,
        )
        register_claimed_job(
            tasks.run_theme_task,
            ThemeRun,
            reason="the background worker stopped twice while doing it",
        )
        register_job("assisted_coding.find_campaigns", timedelta(minutes=10), tasks.find_campaigns)
        register_job(
            "assisted_coding.retrain_area_models", timedelta(days=7), tasks.retrain_area_models
        )
        register_retention(
            "assisted_coding.theme_runs",
            lambda now: forget_old_runs(now, settings.THEME_RUN_KEEP_DAYS),
        )
