from .feedback import FeedbackExport, Quote, StaffNote
from .pages import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageQuerySet,
    ConsultationStatus,
)
from .responses import (
    AgeBand,
    Answer,
    ContinueLaterLink,
    FeedbackTag,
    Response,
    ResponseDraft,
    TaggedAnswer,
    TaggedResponse,
)

__all__ = [
    "AgeBand",
    "Answer",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationPageQuerySet",
    "ConsultationStatus",
    "ContinueLaterLink",
    "FeedbackExport",
    "FeedbackTag",
    "Quote",
    "Response",
    "ResponseDraft",
    "StaffNote",
    "TaggedAnswer",
    "TaggedResponse",
]
