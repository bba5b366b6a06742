from datetime import timedelta

from django.apps import AppConfig


class EventsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events and sign-ups"

    def ready(self):
        from home.scheduling import register_job

        from . import tasks

        register_job("events.send_reminders", timedelta(minutes=5), tasks.send_event_reminders)
        register_job(
            "events.release_expired_consent_holds",
            timedelta(minutes=10),
            tasks.release_expired_consent_holds,
        )
        register_job(
            "events.anonymise_past_attendees", timedelta(hours=6), tasks.anonymise_past_attendees
        )
        register_safeguarding_source()


def register_safeguarding_source():
    """Access needs are screened for safeguarding; `screen --backfill` finds old ones."""
    from events.models import Registration
    from safeguarding.sources import register_flag_source

    register_flag_source(
        Registration,
        texts=lambda booking: {
            "Anything we should know to help you take part?": booking.access_needs
        },
        label=lambda booking: f"Booking {booking.pk} for {booking.event.title}",
        admin_url=lambda booking: "",
        backfill=lambda: Registration.objects.exclude(access_needs="").order_by("pk"),
    )
