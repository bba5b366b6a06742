"""What an export reads, batch by batch: names read once, and each batch of responses' links,
notes and answers with their codes in a few queries (so memory stays flat)."""

from collections import defaultdict
from itertools import islice

from consultations.models import (
    AgeBand,
    Answer,
    ConsultationPage,
    GroupSession,
    Response,
    StaffNote,
    TaggedAnswer,
    TaggedResponse,
)
from home.models import Borough
from language.redaction import redact

from .export_layout import Suppression

CHUNK_SIZE = 2000
VALUE_FIELDS = ("question_type", "value_text", "value_choices", "value_number")


def batches(rows, size=CHUNK_SIZE):
    """Group an iterator's rows into lists of `size`, so each batch's tags and priority areas
    are fetched in one query."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def lookup(pairs) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for key, name in pairs:
        found[key].append(name)
    return found


def labels(values: list[str]) -> str:
    return "; ".join(sorted(values))


class ReferenceNames:
    """Consultation titles, borough names, age band labels and group sessions, read once."""

    def __init__(self, suppression: Suppression):
        self.consultations = dict(ConsultationPage.objects.values_list("pk", "title"))
        self.boroughs = dict(Borough.objects.values_list("pk", "name"))
        self.age_bands = dict(AgeBand.choices)
        self.sessions = dict(GroupSession.objects.values_list("pk", "name"))
        self.hidden = suppression

    def base(self, reference, consultation_id, submitted_at, status, age_band, borough_id):
        hidden = self.hidden
        return [
            reference,
            self.consultations.get(consultation_id, ""),
            submitted_at,
            status,
            hidden.value(hidden.ages, self.age_bands.get(age_band, age_band or "")),
            hidden.value(hidden.boroughs, self.boroughs.get(borough_id, "")),
        ]


def answer_codes(answer_ids) -> tuple[dict, dict]:
    areas = lookup(
        Answer.priority_areas.through.objects.filter(answer_id__in=answer_ids).values_list(
            "answer_id", "priorityarea__short_name"
        )
    )
    tags = lookup(
        TaggedAnswer.objects.filter(content_object_id__in=answer_ids).values_list(
            "content_object_id", "tag__name"
        )
    )
    return areas, tags


def response_batch(ids, *, redacted: bool, notes: bool):
    """A batch of responses' links, notes and answers (with their codes), read in a few
    queries."""
    links = {
        "networks": lookup(
            Response.networks.through.objects.filter(response_id__in=ids).values_list(
                "response_id", "network__name"
            )
        ),
        "areas": lookup(
            Response.priority_areas.through.objects.filter(response_id__in=ids).values_list(
                "response_id", "priorityarea__short_name"
            )
        ),
        "tags": lookup(
            TaggedResponse.objects.filter(content_object_id__in=ids).values_list(
                "content_object_id", "tag__name"
            )
        ),
        "notes": lookup(
            StaffNote.objects.filter(response_id__in=ids)
            .order_by("created_at")
            .values_list("response_id", "text")
        )
        if notes
        else {},
    }
    answers: dict[int, dict] = defaultdict(dict)
    rows = Answer.objects.filter(response_id__in=ids).values_list(
        "pk",
        "response_id",
        "question_id",
        "question_label",
        "question_options",
        "question_settings",
        "position",
        *VALUE_FIELDS,
    )
    for pk, response_id, question_id, *snapshot in rows:
        answers[response_id][question_id] = (pk, *snapshot)
    owned = [row[0] for by_question in answers.values() for row in by_question.values()]
    areas, tags = answer_codes(owned)
    if redacted:
        links["notes"] = {
            key: [redact(text) for text in texts] for key, texts in links["notes"].items()
        }
    return links, answers, areas, tags
