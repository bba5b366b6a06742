from django.apps import AppConfig


class YpagConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ypag"
    verbose_name = "Young People's Action Group"

    def ready(self):
        from events.access import register_coordinator_lookup
        from home.retention import register_retention
        from ypag import retention, services

        register_retention("ypag.interests", retention.apply)
        # Network coordinators see the attendees of their network's events.
        register_coordinator_lookup(services.coordinated_network_ids)
        register_safeguarding_source()
        connect_event_publishing()


def follow_published_event_networks(sender, instance, **kwargs):
    """Wagtail's page_published signal (an approved review publishes outside the editor's
    hooks): the event's networks decide which coordinators may change it."""
    from ypag import services

    services.ensure_event_permissions(event_ids=[instance.pk])


def connect_event_publishing():
    from wagtail.signals import page_published

    from events.models import EventPage

    page_published.connect(
        follow_published_event_networks, sender=EventPage, dispatch_uid="ypag-event-networks"
    )


def register_safeguarding_source():
    """Interest forms are screened for safeguarding; `screen --backfill` finds old ones."""
    from safeguarding.sources import register_flag_source
    from ypag.models import YPAGInterest

    register_flag_source(
        YPAGInterest,
        texts=lambda interest: {"Why do you want to join?": interest.reason},
        label=lambda interest: f"YPAG expression of interest {interest.pk}",
        admin_url=lambda interest: "",
        backfill=lambda: YPAGInterest.objects.exclude(reason="").order_by("pk"),
    )
