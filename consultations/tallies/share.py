"""One or a few responses' share of the counts, computed from their rows with the same
measures (measures.py) as the database aggregates: used to keep the running totals up to
date without aggregating everything again."""

from collections.abc import Iterable

from django.db.models import Count

from consultations.models import Answer, Response, TaggedAnswer

from .cells import Tally, local_zone
from .measures import (
    ANSWER_FIELDS,
    ANSWER_MEASURES,
    LINK_MEASURES,
    RESPONSE_FIELDS,
    RESPONSE_MEASURES,
    counted_responses,
)


def _response_key(measure, value):
    if measure.local_day:
        return value.astimezone(local_zone()).date().isoformat()
    return "" if value is None else value


def _answer_cells(tally: Tally, cid, row, coded: bool) -> None:
    pk, _response_id, question_id, label, kind, position, text, choices, number = row
    for measure in ANSWER_MEASURES:
        if kind not in measure.types or (measure.needs_text and text == ""):
            continue
        key = question_id if measure.by_question else ""
        if measure.option is None:
            tally.add(cid, measure.name, key)
        elif measure.option == "value_text":
            tally.add(cid, measure.name, key, text)
        elif measure.option == "value_number":
            if number is not None:
                tally.add(cid, measure.name, key, number)
        elif measure.option == "ranked":
            for rank, choice in enumerate(choices or [], 1):
                tally.add(cid, measure.name, key, f"{rank}. {choice}")
        else:
            for choice in choices or []:
                tally.add(cid, measure.name, key, str(choice))
        if measure.coded_as and coded:
            tally.add(cid, measure.coded_as, key)
        if measure.describes:
            tally.describe(cid, question_id, label, kind, position)


def tally_rows(responses, answers, links: dict) -> Tally:
    """The cells of some responses from their rows: `responses` as RESPONSE_FIELDS,
    `answers` as ANSWER_FIELDS, `links` as {link measure name: [(owner id, key[, option])]}."""
    tally = Tally()
    consultation_of = {}
    for row in responses:
        values = dict(zip(RESPONSE_FIELDS, row, strict=True))
        cid = consultation_of[values["pk"]] = values["consultation_id"]
        for measure in RESPONSE_MEASURES:
            key = _response_key(measure, values[measure.field]) if measure.field else ""
            tally.add(cid, measure.name, key)
    coded = {row[0] for link in LINK_MEASURES if link.codes_answers for row in links[link.name]}
    response_of = {}
    for row in answers:
        response_of[row[0]] = row[1]
        _answer_cells(tally, consultation_of[row[1]], row, row[0] in coded)
    for link in LINK_MEASURES:
        owner_response = response_of if link.owner_field != "response_id" else None
        for owner, key, *option in links[link.name]:
            response_id = owner_response[owner] if owner_response is not None else owner
            tally.add(consultation_of[response_id], link.name, key, *option)
    return tally


def response_tally(response_ids: Iterable[int], *, coded: bool = True) -> Tally:
    """The share of these responses in the counts (nothing for hidden or withdrawn ones).
    `coded=False` skips reading priority areas and tags: a response just submitted has none."""
    responses = list(
        counted_responses()
        .filter(pk__in=list(response_ids))
        .order_by()
        .values_list(*RESPONSE_FIELDS)
    )
    ids = [row[0] for row in responses]
    if not ids:
        return Tally()
    answers = Answer.objects.filter(response_id__in=ids).order_by().values_list(*ANSWER_FIELDS)
    links = {
        link.name: (
            list(
                link.model.objects.filter(**{f"{link.to_response}_id__in": ids}).values_list(
                    link.owner_field, link.key_field, *filter(None, [link.option_field])
                )
            )
            if coded or not link.codes_answers
            else []
        )
        for link in LINK_MEASURES
    }
    return tally_rows(responses, answers, links)


def new_response_tally(response: Response, answers, network_ids, seen_question_ids=()) -> Tally:
    """The share of a response just submitted, from the objects just created (nothing read):
    its answers, its networks and the questions on its route."""
    if response.moderation_status == Response.ModerationStatus.HIDDEN or response.is_withdrawn:
        return Tally()
    row = tuple(getattr(response, name) for name in RESPONSE_FIELDS)
    answer_rows = [tuple(getattr(answer, name) for name in ANSWER_FIELDS) for answer in answers]
    # The only links a new response has are its own (nobody has coded it yet).
    own = {"network": network_ids, "seen": seen_question_ids}
    links = {
        link.name: [(response.pk, key) for key in own.get(link.name, ())] for link in LINK_MEASURES
    }
    return tally_rows([row], answer_rows, links)


def tag_tally(tag_ids: Iterable[int]) -> Tally:
    """How often each of these tags is on counted answers, per consultation (and question)."""
    tag_ids = list(tag_ids)
    tally = Tally()
    rows = (
        TaggedAnswer.objects.filter(
            tag_id__in=tag_ids,
            content_object__response__in=counted_responses().values("pk"),
        )
        .values_list("content_object__response__consultation_id", "tag_id")
        .annotate(n=Count("pk"))
        .values_list("content_object__response__consultation_id", "tag_id", "n")
    )
    for consultation_id, tag_id, count in rows:
        tally.add(consultation_id, "tag", tag_id, count=count)
    by_question = (
        TaggedAnswer.objects.filter(
            tag_id__in=tag_ids,
            content_object__response__in=counted_responses().values("pk"),
        )
        .values_list(
            "content_object__response__consultation_id", "content_object__question_id", "tag_id"
        )
        .annotate(n=Count("pk"))
    )
    for consultation_id, question_id, tag_id, count in by_question.values_list(
        "content_object__response__consultation_id",
        "content_object__question_id",
        "tag_id",
        "n",
    ).order_by():
        tally.add(consultation_id, "question_tag", question_id, tag_id, count=count)
    return tally
