"""The feedback workspace in the Wagtail admin: one viewset holding its URLs (namespace
"feedback") and a "Feedback" menu shown only to people allowed to read responses."""

from django.urls import path, reverse

from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.viewsets.base import ViewSet

from . import views
from .views.themes import urls as theme_urls


class FeedbackViewSet(ViewSet):
    name = "feedback"
    icon = "comment"

    def get_urlpatterns(self):
        return [
            path("", views.response_index, name="responses"),
            path("bulk/", views.bulk_action, name="bulk"),
            path("responses/<int:pk>/", views.response_detail, name="response"),
            path("responses/<int:pk>/moderate/", views.moderate, name="moderate"),
            path("responses/<int:pk>/code/", views.code_response, name="code_response"),
            path("responses/<int:pk>/delete/", views.delete, name="delete"),
            path("responses/<int:pk>/notes/", views.add_note, name="add_note"),
            path("answers/<int:pk>/code/", views.code_answer, name="code_answer"),
            path("answers/<int:pk>/quote/", views.add_quote, name="add_quote"),
            path(
                "answers/<int:pk>/accept-suggestion/",
                views.accept_suggestion,
                name="accept_suggestion",
            ),
            path("queue/", views.queue_index, name="queue_index"),
            path("queue/<int:consultation_pk>/<str:question_id>/", views.queue, name="queue"),
            path("publishing/", views.publication_queue, name="publication_queue"),
            path("publishing/<int:pk>/", views.publication_decide, name="publication_decide"),
            path("synthesis/", views.dashboard, name="dashboard"),
            path("synthesis/<int:consultation_pk>/", views.dashboard, name="dashboard"),
            path("synthesis/report/", views.report, name="report"),
            path("synthesis/<int:consultation_pk>/report/", views.report, name="report"),
            path("export/<str:kind>-codebook.csv", views.export_codebook, name="export_codebook"),
            path("export/<str:kind>.<str:file_format>", views.export, name="export"),
            path("exports/", views.export_jobs, name="export_jobs"),
            path("exports/<int:pk>/download/", views.export_download, name="export_download"),
            path("paper/", views.paper_index, name="paper_index"),
            path("paper/<int:pk>/", views.paper_entry, name="paper_entry"),
            path("paper/<int:pk>/stop/", views.paper_entry_stop, name="paper_entry_stop"),
            path("paper/<int:pk>/import/", views.import_responses, name="paper_import"),
            path(
                "paper/<int:pk>/import/confirm/", views.import_confirm, name="paper_import_confirm"
            ),
            path(
                "paper/<int:pk>/template.<str:file_format>",
                views.import_template,
                name="paper_template",
            ),
            path("tags/", views.tag_index, name="tags"),
            path("tags/merge/", views.tag_merge, name="tag_merge"),
            path("tags/<int:pk>/rename/", views.tag_rename, name="tag_rename"),
            *theme_urls(),
        ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


def _item(label, url_name, icon, order, permission="consultations.view_response"):
    return PermissionMenuItem(
        label, reverse(url_name), icon_name=icon, order=order, permission=permission
    )


def feedback_menu_item():
    menu = Menu(
        items=[
            _item("Responses", "feedback:responses", "list-ul", 100),
            _item(
                "Coding queue",
                "feedback:queue_index",
                "tag",
                200,
                permission="consultations.tag_response",
            ),
            _item(
                "Themes",
                "feedback:theme_runs",
                "tag",
                250,
                permission="consultations.tag_response",
            ),
            _item(
                "Publishing",
                "feedback:publication_queue",
                "upload",
                280,
                permission="consultations.publish_response",
            ),
            _item("Synthesis", "feedback:dashboard", "doc-full", 300),
            _item("Tags", "feedback:tags", "tag", 400),
            _item(
                "Paper responses",
                "feedback:paper_index",
                "doc-empty",
                450,
                permission="consultations.enter_paper_response",
            ),
            _item(
                "Exports",
                "feedback:export_jobs",
                "download",
                500,
                permission="consultations.export_response",
            ),
        ]
    )
    return SubmenuMenuItem("Feedback", menu, icon_name="comment", name="feedback", order=250)
