"""Campaigns and search by meaning in the feedback workspace's templates.

{% campaigns_among page.object_list as campaigns %}   two queries for the whole page
{% campaign_badge response campaigns %}               "Part of a campaign of 12"
{% answer_tools answer campaigns %}                   the same for one answer, and
                                                      "Find answers like this"
{% meaning_match filterset response %}                why a search found this response
{% campaign_summary consultation filterset %}         the dashboard's campaigns line
"""

from django import template

from assisted_coding.grouping import campaigns_of, summary
from consultations.models import Response
from consultations.tallies import campaign_repeats
from language.services import _key

register = template.Library()


@register.simple_tag
def campaigns_among(responses) -> dict:
    """{response pk: [CampaignInfo]} for a page of responses, or for one response."""
    if isinstance(responses, Response):
        responses = [responses]
    return campaigns_of(Response, [response.pk for response in responses])


@register.inclusion_tag("consultations/feedback/includes/campaign_badge.html")
def campaign_badge(response, campaigns):
    return {"campaigns": campaigns.get(response.pk, [])}


@register.inclusion_tag("consultations/feedback/includes/answer_tools.html")
def answer_tools(answer, campaigns):
    key = _key(answer.question_label)
    return {
        "answer": answer,
        "campaigns": [info for info in campaigns.get(answer.response_id, []) if key in info.keys],
    }


@register.inclusion_tag("consultations/feedback/includes/meaning_match.html")
def meaning_match(filterset, response):
    search = getattr(filterset, "meaning", None)
    found = search.scores.get(response.pk) if search else None
    return {
        "search": search,
        "score": found[0] if found else None,
        "label": found[1] if found else "",
    }


@register.inclusion_tag("consultations/feedback/includes/campaign_summary.html")
def campaign_summary(consultation, filterset):
    campaigns, responses = summary(Response, consultation.pk if consultation else None)
    once = "campaigns" in filterset.filters and filterset.form["campaigns"].value() == "once"
    left_out = 0
    if once and campaigns:
        counted = Response.objects.counted().filter(pk__in=campaign_repeats())
        if consultation is not None:
            counted = counted.filter(consultation=consultation)
        left_out = counted.count()
    return {"campaigns": campaigns, "responses": responses, "once": once, "left_out": left_out}
