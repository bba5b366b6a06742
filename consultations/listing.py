"""The consultations listing (the index page): filters and order. Called from
ConsultationIndexPage's route."""

import sys

from django import forms
from django.template.response import TemplateResponse

from consultations.models import ConsultationIndexPage, ConsultationPage
from home.forms import SlugFilterField
from home.models import Borough, Network, PriorityArea


class ConsultationFilterForm(forms.Form):
    priority_area = SlugFilterField(
        PriorityArea.objects.in_strategy_order(), empty_label="All priority areas"
    )
    network = SlugFilterField(Network.objects.all(), empty_label="All networks")
    borough = SlugFilterField(Borough.objects.all(), empty_label="All of London")


STATUS_ORDER = {"open": 0, "upcoming": 1, "closed": 2, "results_published": 2}


def consultation_index(request, index_page):
    filters = ConsultationFilterForm(request.GET or None)
    consultations = ConsultationPage.objects.child_of(index_page).live().public()
    chosen = filters.cleaned_data if filters.is_valid() else {}
    if chosen.get("priority_area"):
        consultations = consultations.for_priority_area(chosen["priority_area"])
    if chosen.get("network"):
        consultations = consultations.for_network(chosen["network"])
    if chosen.get("borough"):
        # London-wide consultations (no boroughs chosen) are for every borough.
        consultations = consultations.filter(
            pk__in=ConsultationPage.objects.for_borough(chosen["borough"]).values("pk")
        ) | consultations.filter(boroughs__isnull=True)
    listing = list(consultations.prefetch_related("priority_areas"))

    def sort_key(consultation):
        status = consultation.current_status
        if status == "open":
            return (0, consultation.closes_at.timestamp())
        if status == "upcoming":
            return (1, consultation.opens_at.timestamp())
        return (2, -consultation.closes_at.timestamp())

    listing.sort(key=sort_key)
    groups = [
        ("Open now", [c for c in listing if c.current_status == "open"]),
        ("Opening soon", [c for c in listing if c.current_status == "upcoming"]),
        ("Closed", [c for c in listing if STATUS_ORDER[c.current_status] == 2]),
    ]
    return TemplateResponse(
        request,
        "consultations/consultation_index_page.html",
        {
            "page": index_page,
            "self": index_page,
            "filters": filters,
            "groups": groups,
            "count": len(listing),
            "is_filtered": bool(chosen and any(chosen.values())),
        },
    )


def attach_route_view() -> None:
    """Give the index page its view (called by the app's ready())."""
    ConsultationIndexPage.route_views = sys.modules[__name__]
