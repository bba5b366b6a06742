"""Email updates for people without an account: who asked, for which topics and networks."""

import secrets

from django.db import models

from home.models import Network, PriorityArea


def new_confirm_token() -> str:
    return secrets.token_urlsafe(32)


class UpdatesSubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        """People who confirmed their address and have not unsubscribed."""
        return self.filter(status=UpdatesSubscription.Status.CONFIRMED)


class UpdatesSubscription(models.Model):
    """Someone without an account who asked for emails about new consultations and events.

    Double opt-in: nothing is sent except the confirmation email until they click its link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(unique=True)
    priority_areas = models.ManyToManyField(PriorityArea, blank=True, related_name="+")
    networks = models.ManyToManyField(Network, blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    confirm_token = models.CharField(max_length=64, unique=True, default=new_confirm_token)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = UpdatesSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "email updates subscription"

    def __str__(self) -> str:
        return f"Updates subscription {self.pk} ({self.get_status_display()})"
