"""'About you' questions: age band, borough, networks and the optional equality questions.
The first three are also kept on the response itself, for breakdowns and filters."""

from django import forms

from wagtail import blocks

from home.models import Borough, Network

from .base import (
    ONE,
    PREFER_NOT_TO_SAY,
    SEVERAL,
    QuestionBlock,
    public_paths,
)
from .summary import in_listed_order

AGE_BANDS = [
    ("under_11", "Under 11"),
    ("11_15", "11 to 15"),
    ("16_17", "16 or 17"),
    ("18_25", "18 to 25"),
    ("26_39", "26 to 39"),
    ("40_59", "40 to 59"),
    ("60_plus", "60 or over"),
    ("prefer_not_to_say", PREFER_NOT_TO_SAY),
]

# Equality questions: the options follow the ONS 2021 census groupings, in plain English.
EQUALITY_TOPICS = {
    "gender": (
        "What is your gender?",
        ["Girl or woman", "Boy or man", "Non-binary", "I use another word"],
    ),
    "ethnicity": (
        "What is your ethnic group?",
        [
            "Asian or Asian British",
            "Black, Black British, Caribbean or African",
            "Mixed or multiple ethnic groups",
            "White",
            "Another ethnic group",
        ],
    ),
    "disability": (
        "Do you have a disability or long-term health condition?",
        ["Yes", "No"],
    ),
    "religion": (
        "What is your religion?",
        [
            "No religion",
            "Buddhist",
            "Christian",
            "Hindu",
            "Jewish",
            "Muslim",
            "Sikh",
            "Another religion",
        ],
    ),
    "sexual_orientation": (
        "Which of these best describes you?",
        ["Straight or heterosexual", "Gay or lesbian", "Bisexual", "I use another word"],
    ),
}


class AgeBandQuestionBlock(QuestionBlock):
    """Kept on the response as its age band (the key), stored on the answer as its label."""

    label = blocks.CharBlock(max_length=250, default="How old are you?")

    question_type = "age_band"
    describes_people = True
    counted_as = ONE

    def summary_rows(self, counts):
        return in_listed_order(counts.options, [label for _, label in AGE_BANDS])

    class Meta:
        icon = "user"
        label = "About you: age"
        preview_value = {"label": "How old are you?", "required": True}

    def options(self, value):
        return [label for _, label in AGE_BANDS]

    def form_field(self, value):
        return self.choice_field(
            value,
            AGE_BANDS,
            required="Choose your age group, or 'Prefer not to say'",
            invalid="Choose one of the age groups",
        )

    def stored_fields(self, value, other_text=""):
        return super().stored_fields(dict(AGE_BANDS).get(value, ""))

    def about_you(self, value):
        return {"age_band": value} if value in dict(AGE_BANDS) else {}

    def check_answer(self, value, cleaned_value, other_text=""):
        if cleaned_value in (None, "", []):
            return ""
        return dict(AGE_BANDS).get(cleaned_value, cleaned_value)


class BoroughQuestionBlock(QuestionBlock):
    """Kept on the response as its borough, for breakdowns."""

    label = blocks.CharBlock(max_length=250, default="Which London borough do you live in?")

    question_type = "borough"
    describes_people = True
    counted_as = ONE

    class Meta:
        icon = "site"
        label = "About you: borough"
        preview_value = {"label": "Which London borough do you live in?", "required": True}

    NOT_IN_LONDON = "I do not live in London"

    def options(self, value):
        return [
            *Borough.objects.values_list("name", flat=True),
            self.NOT_IN_LONDON,
            PREFER_NOT_TO_SAY,
        ]

    def form_field(self, value):
        choices = [("", "Choose a borough")] + [(option, option) for option in self.options(value)]
        return self.choice_field(
            value,
            choices,
            required="Choose your borough, or 'Prefer not to say'",
            invalid="Choose a borough from the list",
            widget=forms.Select(attrs={"class": "select"}),
        )

    def about_you(self, value):
        """The borough's name (the submit service finds the borough)."""
        return {} if value in ("", None) else {"borough_name": value}


def network_kind_choices():
    return Network.Kind.choices


class NetworkQuestionBlock(QuestionBlock):
    """Which of the VRU's networks the person is part of. Kept on the response as its
    networks, for breakdowns and the feedback listing's network filter."""

    label = blocks.CharBlock(max_length=250, default="Are you part of any of these groups?")
    required = blocks.BooleanBlock(
        required=False, default=False, help_text="Usually optional: people may skip it."
    )
    kinds = blocks.MultipleChoiceBlock(
        choices=network_kind_choices,
        required=False,
        help_text="Which kinds of network to list. Leave empty to list them all.",
    )

    question_type = "network"
    describes_people = True
    counted_as = SEVERAL
    summary_kind = "Multiple choice"

    class Meta:
        icon = "group"
        label = "About you: networks"
        preview_value = {"label": "Are you part of any of these groups?", "required": False}

    NONE_OF_THESE = "None of these"

    def options(self, value):
        networks = Network.objects.order_by("name")
        if value.get("kinds"):
            networks = networks.filter(kind__in=value["kinds"])
        # In the order the kinds are listed: YPAG first, then parent networks, and so on.
        kind_order = {kind: index for index, kind in enumerate(Network.Kind.values)}
        ordered = sorted(
            networks.values_list("kind", "name"),
            key=lambda row: kind_order.get(row[0], len(kind_order)),
        )
        return [*(name for _, name in ordered), self.NONE_OF_THESE]

    def form_field(self, value):
        return self.choice_field(
            value,
            [(option, option) for option in self.options(value)],
            required="Choose the groups you are part of, or 'None of these'",
            invalid="Choose from the groups shown",
            several=True,
            validators=[self.none_alone],
        )

    def none_alone(self, chosen):
        if self.NONE_OF_THESE in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                "Choose 'None of these' on its own, or untick it and choose your groups"
            )

    def stored_fields(self, value, other_text=""):
        return {"value_choices": list(value or [])}

    def about_you(self, value):
        """The names of the networks chosen ('None of these' matches none)."""
        return {"network_names": list(value or [])}


class EqualityQuestionBlock(QuestionBlock):
    """An optional equality question. It always offers 'Prefer not to say'."""

    topic = blocks.ChoiceBlock(
        choices=[(key, question) for key, (question, _) in EQUALITY_TOPICS.items()],
        help_text="The options follow the census and always include 'Prefer not to say'.",
    )
    label = blocks.CharBlock(
        max_length=250, required=False, help_text="Leave empty to use the standard question."
    )
    required = blocks.BooleanBlock(
        required=False, default=False, help_text="Usually optional: people may skip it."
    )

    question_type = "equality"
    describes_people = True
    counted_as = ONE

    def summary_rows(self, counts):
        return in_listed_order(counts.options, counts.listed)

    class Meta:
        icon = "group"
        label = "About you: equality question"
        preview_value = {"topic": "gender", "required": False}

    def _topic(self, value):
        return EQUALITY_TOPICS.get(value.get("topic") or "gender", EQUALITY_TOPICS["gender"])

    def options(self, value):
        return [*self._topic(value)[1], PREFER_NOT_TO_SAY]

    def field_kwargs(self, value):
        kwargs = super().field_kwargs(value)
        kwargs["label"] = value.get("label") or self._topic(value)[0]
        return kwargs

    def form_field(self, value):
        return self.choice_field(
            value,
            [(option, option) for option in self.options(value)],
            required=f"Choose an answer to {self.named(value)}, or 'Prefer not to say'",
            invalid=f"Choose one of the options for {self.named(value)}",
        )


DECONSTRUCT_ALIASES = public_paths(
    AgeBandQuestionBlock, BoroughQuestionBlock, NetworkQuestionBlock, EqualityQuestionBlock
)
