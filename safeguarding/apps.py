from datetime import timedelta

from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "safeguarding"
    verbose_name = "Safeguarding"

    def ready(self):
        from home.scheduling import register_job

        from . import tasks

        register_job(
            "safeguarding.sweep_semantic_screening",
            timedelta(minutes=5),
            tasks.sweep_semantic_screening,
        )
        register_job("safeguarding.retrain_screening", timedelta(days=7), tasks.retrain_screening)
        register_job("safeguarding.send_held_alerts", timedelta(minutes=1), tasks.send_held_alerts)
