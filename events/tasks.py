"""Periodic jobs for events, registered with the scheduler in EventsConfig.ready().

Each takes no arguments and is idempotent: running it twice or late is safe.
"""

from django_tasks import task

from . import privacy, services


@task()
def send_event_reminders() -> int:
    return privacy.send_due_reminders()


@task()
def release_expired_consent_holds() -> int:
    return services.release_expired_holds()


@task()
def anonymise_past_attendees() -> int:
    return privacy.anonymise_past_registrations()


@task()
def send_attendee_message(message_id: int) -> int:
    """Queue the emails of one coordinator's message (long recipient lists)."""
    from . import messaging

    return messaging.queue_message_emails(message_id)
