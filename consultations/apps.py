from datetime import timedelta

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"
    verbose_name = "Consultations and feedback"

    def ready(self):
        from consultations import listing, retention, tasks, views
        from home.retention import register_retention
        from home.scheduling import register_job

        listing.attach_route_view()
        views.attach_route_views()
        register_retention("consultations.responses", retention.apply)

        register_job(
            "consultations.purge_expired_continue_later_links",
            timedelta(hours=1),
            tasks.purge_expired_continue_later_links,
        )
        register_job(
            "consultations.purge_expired_feedback_exports",
            timedelta(hours=1),
            tasks.purge_expired_feedback_exports,
        )
        register_job(
            "consultations.reconcile_synthesis_counts",
            timedelta(days=1),
            tasks.reconcile_synthesis_counts,
        )
