from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    """What the VRU said it would do: commitments, their progress, "What we are doing"."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "commitments"
    verbose_name = "Commitments"

    def ready(self):
        from wagtail.signals import published, unpublished

        from commitments import views
        from commitments.models import Commitment
        from consultations.page_sections import register_page_section

        views.attach_route_views()
        register_page_section("commitments", views.consultation_section)
        # Publishing happens in the admin, through workflows and on schedule: Wagtail's
        # signals cover all three. The receivers only call the service.
        published.connect(_published, sender=Commitment, dispatch_uid="commitments-published")
        unpublished.connect(_unpublished, sender=Commitment, dispatch_uid="commitments-unpublished")


def _published(sender, instance, **kwargs):
    from commitments.services import commitment_published

    commitment_published(instance.pk)


def _unpublished(sender, instance, **kwargs):
    from commitments.services import commitment_unpublished

    commitment_unpublished(instance.pk)
