from .feedback import ExportJob, FeedbackExport, Quote, StaffNote, SynthesisCount
from .group_sessions import GroupSession
from .pages import (
    ConsultationIndexPage,
    ConsultationPage,
    ConsultationPageQuerySet,
    ConsultationStatus,
)
from .publishing import (
    UNDER_16_BANDS,
    PublicationConsent,
    PublishedAnswer,
    publishable_answers,
    publishable_responses,
)
from .responses import (
    AgeBand,
    Answer,
    ContinueLaterLink,
    EntrySource,
    FeedbackTag,
    Response,
    ResponseDraft,
    SeenQuestion,
    TaggedAnswer,
    TaggedResponse,
)

__all__ = [
    "AgeBand",
    "EntrySource",
    "Answer",
    "ConsultationIndexPage",
    "ConsultationPage",
    "ConsultationPageQuerySet",
    "ConsultationStatus",
    "ContinueLaterLink",
    "ExportJob",
    "FeedbackExport",
    "FeedbackTag",
    "GroupSession",
    "PublicationConsent",
    "PublishedAnswer",
    "Quote",
    "Response",
    "ResponseDraft",
    "SeenQuestion",
    "StaffNote",
    "SynthesisCount",
    "TaggedAnswer",
    "TaggedResponse",
    "UNDER_16_BANDS",
    "publishable_answers",
    "publishable_responses",
]
