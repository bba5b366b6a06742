from django.db import models


class OutboundEmailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def due(self, now):
        """Unsent emails whose next attempt time has come and that have tries left."""
        from home.email import MAX_ATTEMPTS

        return self.unsent().filter(next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS)


class OutboundEmail(models.Model):
    """An email waiting to go out, or recently sent (the outbox).

    Written in the same transaction as whatever caused it (a booking, a response), so a mail
    outage never loses a message and a rolled-back booking never sends one. A background task
    delivers it; the scheduler retries failures with back-off. Sent emails are deleted after a
    few days because they hold personal data.
    """

    purpose = models.CharField(max_length=60, help_text="What kind of email, for staff and logs.")
    to = models.JSONField(help_text="List of recipient addresses.")
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="List of [filename, base64 content, mimetype]."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.purpose} email #{self.pk}"


class ScheduledJobRun(models.Model):
    """When each periodic job was last enqueued (see home/scheduling.py)."""

    name = models.CharField(max_length=100, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
