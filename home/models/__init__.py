from .pages import BasePage, GetHelpPage, HomePage, StandardPage, StrategyPage
from .reference import Borough, Network, PartnerOrganisation, PriorityArea, SupportService

__all__ = [
    "BasePage",
    "Borough",
    "GetHelpPage",
    "HomePage",
    "Network",
    "PartnerOrganisation",
    "PriorityArea",
    "StandardPage",
    "StrategyPage",
    "SupportService",
]
