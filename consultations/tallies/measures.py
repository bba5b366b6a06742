"""What the dashboard counts: the one definition. Both ways of counting read these tables,
the database aggregates over any set of responses (`live.live_tally`) and the share of a few
responses computed from their rows (`share.response_tally`, which keeps the running totals),
so they cannot count different things.

Measures: responses (total), day (ISO date in settings.TIME_ZONE), age (age band),
borough (id, "" for none), network (id), area (priority area id, on answers), tag (feedback
tag id, on answers), question_area and question_tag (the same, keyed by the answer's
question id with the area or tag id as the option), question (question id: how many answered
it), option (question id and
the option chosen; for a ranking "rank. option", for a number the number), coded_question
(typed-text question id: how many of its answers are coded), free_text (non-empty answers in
someone's own words, including "Other, please say"), coded (those with a priority area or
tag), seen (question id: how many were asked it, on the route they took). Which question
types are own words, closed, or counted from one option or several comes from the question
blocks (consultations.blocks.registry).
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from consultations.blocks import (
    CLOSED_TYPES,
    FREE_TEXT_TYPES,
    MULTIPLE_CHOICE_TYPES,
    NUMBER_TYPES,
    OWN_WORDS_TYPES,
    RANKED_TYPES,
    SINGLE_CHOICE_TYPES,
)
from consultations.models import Answer, Response, SeenQuestion, TaggedAnswer


def counted_responses():
    """What the dashboard counts: responses that are neither hidden nor withdrawn."""
    return Response.objects.counted()


@dataclass(frozen=True)
class ResponseMeasure:
    """One count per response, keyed by one of its fields (no key: all responses)."""

    name: str
    field: str | None = None
    local_day: bool = False  # the key is the date of this timestamp in the site's zone


@dataclass(frozen=True)
class LinkMeasure:
    """One count per link row (a network on a response, a code on an answer), keyed by what
    it links to."""

    name: str
    model: type
    owner_field: str  # the column naming the response or answer the row belongs to
    key_field: str
    to_response: str  # the lookup from the row to its response
    codes_answers: bool = False  # an answer with such a row counts as coded
    # Also keyed by what it links to as the option (the key is then this lookup: the answer's
    # question id), for each typed-text question's top priority areas and tags.
    option_field: str | None = None


@dataclass(frozen=True)
class AnswerMeasure:
    """One count per answer of these question types."""

    name: str
    types: tuple[str, ...]
    needs_text: bool = False  # only answers with non-empty value_text
    by_question: bool = False  # keyed by the question id
    # Also by option: "value_text", each of "value_choices", each of them with its rank
    # ("ranked": "1. option"), or "value_number".
    option: str | None = None
    coded_as: str | None = None  # the coded ones are also counted under this measure
    describes: bool = False  # keeps the question's label, type and position

    def __post_init__(self):
        if self.coded_as and self.option:
            raise ValueError("coded answers are counted as a total or per question")
        if self.option and not self.by_question:
            raise ValueError("options are counted per question")


RESPONSE_MEASURES = (
    ResponseMeasure("responses"),
    ResponseMeasure("day", "submitted_at", local_day=True),
    ResponseMeasure("age", "age_band"),
    ResponseMeasure("borough", "borough_id"),
)
LINK_MEASURES = (
    LinkMeasure("network", Response.networks.through, "response_id", "network_id", "response"),
    # The questions on each response's route (with routes, not everyone sees every question).
    LinkMeasure("seen", SeenQuestion, "response_id", "question_id", "response"),
    LinkMeasure(
        "area",
        Answer.priority_areas.through,
        "answer_id",
        "priorityarea_id",
        "answer__response",
        codes_answers=True,
    ),
    LinkMeasure(
        "tag",
        TaggedAnswer,
        "content_object_id",
        "tag_id",
        "content_object__response",
        codes_answers=True,
    ),
    # The same codes per question, for free text's top areas and tags. Only typed-text
    # answers are coded per question, so these stay as small as the codes themselves.
    LinkMeasure(
        "question_area",
        Answer.priority_areas.through,
        "answer_id",
        "answer__question_id",
        "answer__response",
        option_field="priorityarea_id",
    ),
    LinkMeasure(
        "question_tag",
        TaggedAnswer,
        "content_object_id",
        "content_object__question_id",
        "content_object__response",
        option_field="tag_id",
    ),
)
ANSWER_MEASURES = (
    AnswerMeasure("free_text", OWN_WORDS_TYPES, needs_text=True, coded_as="coded"),
    AnswerMeasure(
        "question", CLOSED_TYPES + RANKED_TYPES + NUMBER_TYPES, by_question=True, describes=True
    ),
    AnswerMeasure(
        "question",
        FREE_TEXT_TYPES,
        needs_text=True,
        by_question=True,
        describes=True,
        coded_as="coded_question",
    ),
    AnswerMeasure(
        "option", SINGLE_CHOICE_TYPES, needs_text=True, by_question=True, option="value_text"
    ),
    AnswerMeasure("option", MULTIPLE_CHOICE_TYPES, by_question=True, option="value_choices"),
    AnswerMeasure("option", RANKED_TYPES, by_question=True, option="ranked"),
    AnswerMeasure("option", NUMBER_TYPES, by_question=True, option="value_number"),
)

# The response and answer columns the row-by-row count reads, in order.
RESPONSE_FIELDS = (
    "pk",
    "consultation_id",
    *dict.fromkeys(m.field for m in RESPONSE_MEASURES if m.field),
)
ANSWER_FIELDS = (
    "pk",
    "response_id",
    "question_id",
    "question_label",
    "question_type",
    "position",
    "value_text",
    "value_choices",
    "value_number",
)


def answer_is_coded():
    """An expression: the answer (OuterRef pk) has a priority area or a tag."""
    coded = [
        Exists(link.model.objects.filter(**{link.owner_field: OuterRef("pk")}))
        for link in LINK_MEASURES
        if link.codes_answers
    ]
    expression = coded[0]
    for other in coded[1:]:
        expression |= other
    return expression


def campaign_repeats() -> list:
    """Responses left out when each campaign counts once: every response of a campaign (the
    same or nearly the same words, found by assisted_coding) but its first. By default every
    response is counted; campaigns are reported, never deleted (Citizen Space's guidance)."""
    from assisted_coding.grouping import repeat_owners

    return repeat_owners(Response)


def count_campaigns_once(responses):
    """`responses` with each campaign counted as one response."""
    return responses.exclude(pk__in=campaign_repeats())
