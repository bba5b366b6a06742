from datetime import timedelta

from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "consultations"
    verbose_name = "Consultations and feedback"

    def ready(self):
        from consultations import listing, retention, tasks, views
        from consultations.models import ExportJob
        from home.retention import register_retention
        from home.scheduling import register_job
        from home.workers import register_claimed_job

        listing.attach_route_view()
        views.attach_route_views()
        register_retention("consultations.responses", retention.apply)
        register_safeguarding_source()
        register_assisted_coding()
        register_campaign_source()
        from consultations.feedback.themes import register_source as register_theme_source

        register_theme_source()

        register_job(
            "consultations.purge_expired_continue_later_links",
            timedelta(hours=1),
            tasks.purge_expired_continue_later_links,
        )
        register_job(
            "consultations.purge_expired_feedback_exports",
            timedelta(hours=1),
            tasks.purge_expired_feedback_exports,
        )
        register_job(
            "consultations.reconcile_synthesis_counts",
            timedelta(days=1),
            tasks.reconcile_synthesis_counts,
        )
        register_claimed_job(
            tasks.prepare_feedback_export,
            ExportJob,
            reason="the background worker stopped twice while preparing it",
        )


def register_safeguarding_source():
    """How safeguarding reads a response: its free-text answers (for hand flags and the
    backfill of the semantic stage); moderators and coders may flag one by hand."""
    from django.urls import reverse

    from consultations.models import Response
    from safeguarding.sources import register_flag_source

    # Text in the person's own words: a text answer, or "other, please say" on a choice.
    FREE_TEXT_OR_OTHER = ("short_text", "long_text", "multiple_choice")

    register_flag_source(
        Response,
        texts=lambda response: {
            answer.question_label: answer.value_text
            for answer in response.answers.order_by("position")
            if answer.value_text and answer.question_type in FREE_TEXT_OR_OTHER
        },
        label=lambda response: f"Consultation response {response.reference}",
        admin_url=lambda response: reverse("feedback:response", args=[response.pk]),
        permissions=("consultations.moderate_response", "consultations.tag_response"),
        backfill=lambda: Response.objects.order_by("pk"),
    )


def register_assisted_coding():
    """A consultation's answers use its own suggested-areas model once one is trained, and the
    weekly retrain learns from the answers its staff coded."""
    from assisted_coding.services import register_scope
    from assisted_coding.tasks import register_coded_examples
    from consultations.feedback.suggestions import coded_examples
    from consultations.models import Response

    register_scope(Response, "consultation")
    register_coded_examples(coded_examples)


def register_campaign_source():
    """Where assisted coding looks for campaigns: the own-words answers of responses that
    have not been withdrawn, within each consultation."""
    from assisted_coding.grouping import register_campaign_source
    from consultations.blocks import OWN_WORDS_TYPES
    from consultations.models import Answer, Response

    def texts(responses):
        return (
            Answer.objects.filter(
                response__in=responses.filter(is_withdrawn=False).values("pk"),
                question_type__in=OWN_WORDS_TYPES,
            )
            .exclude(value_text="")
            .values_list("response_id", "question_label", "value_text")
            .iterator(chunk_size=5000)
        )

    register_campaign_source(Response, "consultation", texts)
