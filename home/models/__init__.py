from .email import OutboundEmail, ScheduledJobRun
from .pages import BasePage, GetHelpPage, HomePage, StandardPage, StrategyPage
from .reference import Borough, Network, PartnerOrganisation, PriorityArea, SupportService
from .workers import TaskWorker

__all__ = [
    "BasePage",
    "Borough",
    "GetHelpPage",
    "HomePage",
    "Network",
    "OutboundEmail",
    "PartnerOrganisation",
    "PriorityArea",
    "ScheduledJobRun",
    "StandardPage",
    "StrategyPage",
    "SupportService",
    "TaskWorker",
]
