from datetime import timedelta

from django.apps import AppConfig


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = "Home and strategy content"

    def ready(self):
        from home import retention, tasks
        from home.scheduling import register_job
        from language import tasks as language_tasks

        register_job("home.retry_due_emails", timedelta(minutes=1), tasks.retry_due_emails)
        register_job(
            "home.recover_stalled_tasks", timedelta(minutes=1), tasks.recover_stalled_tasks
        )
        register_job("home.purge_sent_emails", timedelta(hours=6), tasks.purge_sent_emails)
        register_job(retention.RETENTION_JOB, timedelta(days=1), retention.apply_retention_task)
        register_job(
            "language.forget_orphan_vectors",
            timedelta(days=1),
            language_tasks.forget_orphan_vectors,
        )
