from wagtail import hooks

from consultations.models import ConsultationPage
from consultations.services import publish_results, publishing
from consultations.viewsets import GroupSessionViewSet


@hooks.register("after_publish_page")
def publish_consultation_results(request, page):
    """Publishing a closed consultation with results filled in publishes 'you said, we did'."""
    if isinstance(page, ConsultationPage):
        publish_results(page)


@hooks.register("register_admin_viewset")
def register_group_session_viewset():
    return GroupSessionViewSet()


# --- Feedback workspace (consultations/feedback/) -------------------------------------------
from consultations.feedback import services as feedback_services  # noqa: E402
from consultations.feedback.viewsets import FeedbackViewSet, feedback_menu_item  # noqa: E402


@hooks.register("register_admin_viewset")
def register_feedback_viewset():
    return FeedbackViewSet()


@hooks.register("register_admin_menu_item")
def register_feedback_menu():
    return feedback_menu_item()


@hooks.register("register_log_actions")
def register_feedback_log_actions(actions):
    for action, label, message in [*feedback_services.LOG_ACTIONS, *publishing.LOG_ACTIONS]:
        actions.register_action(action, label, message)
