from .pages import NetworkIndexPage, NetworkPage, YPAGLandingPage, YPAGThemePage
from .people import (
    MemberProfile,
    NetworkCoordinator,
    NetworkCoordinatorGroup,
    PhotoConsent,
    YPAGInterest,
)

__all__ = [
    "MemberProfile",
    "NetworkCoordinator",
    "NetworkCoordinatorGroup",
    "NetworkIndexPage",
    "NetworkPage",
    "PhotoConsent",
    "YPAGInterest",
    "YPAGLandingPage",
    "YPAGThemePage",
]
