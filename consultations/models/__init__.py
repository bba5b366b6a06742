from .feedback import ExportJob, FeedbackExport, Quote, StaffNote, SynthesisCount
from .group_sessions import GroupSession
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
    "Quote",
    "Response",
    "ResponseDraft",
    "SeenQuestion",
    "StaffNote",
    "SynthesisCount",
    "TaggedAnswer",
    "TaggedResponse",
]
