from .email import OutboundEmail, ScheduledJobRun
from .pages import BasePage, GetHelpPage, HomePage, StandardPage, StrategyPage
from .reference import Borough, Network, PartnerOrganisation, PriorityArea, SupportService
from .safeguarding import (
    PendingScreening,
    SafeguardingCategory,
    SafeguardingFlag,
    SafeguardingPhrase,
    ScreeningClassifier,
)

__all__ = [
    "BasePage",
    "Borough",
    "GetHelpPage",
    "HomePage",
    "Network",
    "OutboundEmail",
    "PartnerOrganisation",
    "PendingScreening",
    "PriorityArea",
    "SafeguardingCategory",
    "SafeguardingFlag",
    "SafeguardingPhrase",
    "ScheduledJobRun",
    "ScreeningClassifier",
    "StandardPage",
    "StrategyPage",
    "SupportService",
]
