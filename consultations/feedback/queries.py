"""Reads for the feedback workspace: the responses listing filters, shared by the listing,
the dashboard and the exports so they always agree on what "the current filters" mean."""

import django_filters

from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q

from consultations.blocks import OWN_WORDS_TYPES
from consultations.models import (
    AgeBand,
    Answer,
    ConsultationPage,
    FeedbackTag,
    GroupSession,
    Response,
    TaggedAnswer,
    TaggedResponse,
)
from consultations.tallies import answer_is_coded, count_campaigns_once
from home.formatting import format_date
from home.models import Borough, Network, PriorityArea


def free_text_answers():
    """Answers holding someone's own words: text answers and "Other, please say"."""
    return Answer.objects.filter(question_type__in=OWN_WORDS_TYPES).exclude(value_text="")


def uncoded_free_text_answers():
    return free_text_answers().filter(~answer_is_coded())


class ListModelChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads the (short) list of choices in one plain query. Django's default iterates with a
    server-side cursor on PostgreSQL, which costs extra round trips per filter on every page."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset):
            yield self.choice(obj)


class ListModelChoiceField(forms.ModelChoiceField):
    iterator = ListModelChoiceIterator


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListModelChoiceField


def listing_queryset():
    """Responses with everything the listing shows, in a fixed number of queries. The
    consultation is read separately (titles only): joining whole pages is slow."""
    return Response.objects.select_related("borough").prefetch_related(
        Prefetch("priority_areas", queryset=PriorityArea.objects.order_by("number")),
        "tags",
        "networks",
    )


class ResponseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search answers",
        method="filter_search",
        help_text="Finds answers containing these words, then answers close in meaning.",
    )
    consultation = ModelChoiceFilter(
        queryset=ConsultationPage.objects.order_by("title").only("pk", "title"),
        label="Consultation",
        empty_label="Any consultation",
    )
    status = django_filters.ChoiceFilter(
        field_name="moderation_status",
        choices=Response.ModerationStatus.choices,
        label="Status",
        empty_label="Any status",
    )
    priority_area = ModelChoiceFilter(
        queryset=PriorityArea.objects.order_by("number"),
        label="Priority area",
        empty_label="Any priority area",
        method="filter_priority_area",
    )
    tag = ModelChoiceFilter(
        queryset=FeedbackTag.objects.order_by("name"),
        label="Tag",
        empty_label="Any tag",
        method="filter_tag",
    )
    age_band = django_filters.ChoiceFilter(
        choices=AgeBand.choices, label="Age band", empty_label="Any age"
    )
    borough = ModelChoiceFilter(
        queryset=Borough.objects.all(), label="Borough", empty_label="Any borough"
    )
    network = ModelChoiceFilter(
        queryset=Network.objects.order_by("name"),
        label="Network",
        empty_label="Any network",
        method="filter_network",
    )
    group_session = ModelChoiceFilter(
        queryset=GroupSession.objects.order_by("-starts_at").only("pk", "name", "starts_at"),
        label="Group session",
        empty_label="Any group session",
    )
    submitted_from = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__gte",
        label="Sent from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = django_filters.DateFilter(
        field_name="submitted_at",
        lookup_expr="date__lte",
        label="Sent to",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    untagged = django_filters.BooleanFilter(
        label="Has free text nobody has coded yet",
        method="filter_untagged",
        widget=forms.CheckboxInput,
    )
    withdrawn = django_filters.BooleanFilter(
        label="Show only responses withdrawn by the respondent (never counted or exported)",
        method="filter_withdrawn",
        widget=forms.CheckboxInput,
    )

    like = django_filters.NumberFilter(
        label="Answers like answer number",
        method="filter_search",
        help_text="Set by “Find answers like this” on a response.",
    )
    campaign = django_filters.NumberFilter(
        label="Campaign number", method="filter_campaign", min_value=1
    )
    campaigns = django_filters.ChoiceFilter(
        choices=[("once", "Count each campaign once")],
        label="Campaigns (the same or nearly the same words)",
        empty_label="Count each response",
        method="filter_campaigns",
    )

    class Meta:
        model = Response
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Withdrawn responses are left out unless asked for, bound or not, valid or not, so
        # every reader of `.queryset` or `.qs` (listing, dashboard, exports) leaves them out.
        if self.shows_withdrawn:
            self.queryset = self.queryset.withdrawn()
        else:
            self.queryset = self.queryset.active()
        self.meaning = None  # what a search by meaning found (search.MeaningSearch)

    @property
    def shows_withdrawn(self) -> bool:
        """Whether the staff member ticked "withdrawn" (read as the checkbox reads it)."""
        return bool(
            self.is_bound
            and forms.CheckboxInput().value_from_datadict(self.data, None, "withdrawn")
        )

    def filter_search(self, queryset, name, value):
        return queryset  # applied after every other filter, in filter_queryset

    def filter_queryset(self, queryset):
        """Every filter, then the search (words and meaning, or answers like one), which
        ranks the responses the other filters leave (search.py). On PostgreSQL a trigram
        index (migration 0004) keeps the word search fast."""
        from . import search

        queryset = super().filter_queryset(queryset)
        like, words = self.form.cleaned_data.get("like"), self.form.cleaned_data.get("q")
        if like:
            queryset, self.meaning = search.answers_like(queryset, like)
        elif words and words.strip():
            queryset, self.meaning = search.words_and_meaning(queryset, words.strip())
        return queryset

    def filter_campaign(self, queryset, name, value):
        from assisted_coding.grouping import owners_in

        return queryset.filter(pk__in=owners_in(Response, value)) if value else queryset

    def filter_campaigns(self, queryset, name, value):
        return count_campaigns_once(queryset) if value == "once" else queryset

    # Semi-joins (pk IN ...) rather than correlated EXISTS: PostgreSQL can then hash the few
    # matching ids once instead of probing every response's answers.

    def filter_priority_area(self, queryset, name, value):
        """On the response itself, or on any of its answers."""
        if not value:
            return queryset
        on_response = Response.priority_areas.through.objects.filter(priorityarea=value)
        on_answer = Answer.priority_areas.through.objects.filter(priorityarea=value)
        return queryset.filter(
            Q(pk__in=on_response.values("response_id"))
            | Q(pk__in=on_answer.values("answer__response_id"))
        )

    def filter_tag(self, queryset, name, value):
        if not value:
            return queryset
        on_response = TaggedResponse.objects.filter(tag=value)
        on_answer = TaggedAnswer.objects.filter(tag=value)
        return queryset.filter(
            Q(pk__in=on_response.values("content_object_id"))
            | Q(pk__in=on_answer.values("content_object__response_id"))
        )

    def filter_network(self, queryset, name, value):
        if not value:
            return queryset
        members = Response.networks.through.objects.filter(network=value)
        return queryset.filter(pk__in=members.values("response_id"))

    def filter_withdrawn(self, queryset, name, value):
        return queryset  # applied to the base queryset in __init__

    def filter_untagged(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Exists(uncoded_free_text_answers().filter(response=OuterRef("pk"))))


# The listing's filters that make sense for counted responses: the dashboard and the report
# show these (hidden and withdrawn responses are never counted, so no status or withdrawn).
COUNTED_FILTERS = tuple(
    name for name in ResponseFilterSet.base_filters if name not in ("status", "withdrawn")
)


def filter_summary(filterset: ResponseFilterSet) -> list[tuple[str, str]]:
    """The filters in use as people read them ("Age band", "16 or 17"), for the report."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    summary = []
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", False):
            continue
        field = filterset.form.fields[name]
        shown = dict(getattr(field, "choices", ())).get(value, value)
        if value is True:
            shown = "Yes"
        elif hasattr(value, "strftime"):
            shown = format_date(value)
        summary.append((str(field.label), str(shown)))
    return summary


def period(filterset: ResponseFilterSet) -> tuple:
    """The filter's date range (either end may be None)."""
    if not filterset.is_bound or not filterset.is_valid():
        return (None, None)
    data = filterset.form.cleaned_data
    return (data.get("submitted_from"), data.get("submitted_to"))


def active_filters(filterset: ResponseFilterSet) -> dict:
    """The filters in use, as plain strings (for the audit log and export file names)."""
    if not filterset.is_bound or not filterset.is_valid():
        return {}
    return {
        name: str(value)
        for name, value in filterset.form.cleaned_data.items()
        if value not in (None, "", False)
    }
