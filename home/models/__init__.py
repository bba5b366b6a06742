from .email import OutboundEmail, ScheduledJobRun
from .pages import BasePage, GetHelpPage, HomePage, StandardPage, StrategyPage
from .reference import Borough, Network, PartnerOrganisation, PriorityArea, SupportService
from .safeguarding import SafeguardingCategory, SafeguardingFlag, SafeguardingPhrase

__all__ = [
    "BasePage",
    "Borough",
    "GetHelpPage",
    "HomePage",
    "Network",
    "OutboundEmail",
    "PartnerOrganisation",
    "PriorityArea",
    "SafeguardingCategory",
    "SafeguardingFlag",
    "SafeguardingPhrase",
    "ScheduledJobRun",
    "StandardPage",
    "StrategyPage",
    "SupportService",
]
