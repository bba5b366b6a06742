from wagtail.snippets.models import register_snippet

from .viewsets import CommitmentViewSet

register_snippet(CommitmentViewSet)
