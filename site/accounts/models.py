"""Accounts' own records: which sessions a user has open."""

from django.conf import settings
from django.db import models


class UserSessionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Every session we know the user has signed in with."""
        return self.filter(user=user)


class UserSession(models.Model):
    """A session key a user signed in with, so other sessions can be ended on the server
    when the password or MFA changes (the session store cannot be searched by user)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        verbose_name = "signed-in session"

    def __str__(self) -> str:
        return f"Session for user {self.user_id}"
