"""Survey question blocks. Editors build a survey as a StreamField of these; residents see each
one as a form field (consultations/forms.py turns a block into a Django field).

Every question block knows three things beyond its editor fields:
- `question_type`: the stable name stored in each answer's snapshot;
- `options(value)`: the choices offered at the time of answering (snapshotted with the answer);
- `form_field(value)`: the Django form field that validates a resident's answer.

A question's identity is its StreamField block id, which Wagtail keeps when questions are
edited or reordered, so answers can always be traced back to the question they answered.
"""

from django import forms
from django.core.validators import MaxLengthValidator

from wagtail import blocks

PREFER_NOT_TO_SAY = "Prefer not to say"

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

AGREEMENT_POINTS = [
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
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

OTHER_CHOICE = "__other__"


class TextInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"class": "input", **(attrs or {})})


class Textarea(forms.Textarea):
    def __init__(self, attrs=None):
        super().__init__({"class": "textarea", "rows": 5, **(attrs or {})})


class RadioSelect(forms.RadioSelect):
    pass


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    pass


class QuestionBlock(blocks.StructBlock):
    """Fields every question has. Subclasses set `question_type` and build the form field."""

    label = blocks.CharBlock(max_length=250, help_text="The question, in plain English.")
    hint = blocks.CharBlock(
        required=False, max_length=400, help_text="Optional help shown under the question."
    )
    required = blocks.BooleanBlock(
        required=False, default=True, help_text="People must answer this before moving on."
    )

    question_type = "question"
    is_free_text = False

    class Meta:
        icon = "help"
        template = "consultations/blocks/question_preview.html"
        form_classname = "question-block"

    def options(self, value) -> list[str]:
        return []

    def settings(self, value) -> dict:
        """Extra rules (limits, scale) kept in the snapshot so old answers can be read."""
        return {}

    def field_kwargs(self, value) -> dict:
        return {
            "label": value["label"],
            "help_text": value.get("hint") or "",
            "required": bool(value.get("required")),
        }

    def form_field(self, value) -> forms.Field:
        raise NotImplementedError

    def required_message(self, value) -> str:
        return "Answer this question: " + value["label"]

    def named(self, value) -> str:
        """The question as its error messages name it ('How safe do you feel?'), so an error
        summary never lists two identical messages."""
        return f"'{' '.join(str(self.field_kwargs(value)['label']).split())}'"


class ShortTextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(default=200, min_value=1, max_value=500)

    question_type = "short_text"
    is_free_text = True

    class Meta:
        icon = "form"
        label = "Short text"
        preview_value = {"label": "What is the name of your area?", "required": True}

    def settings(self, value):
        return {"max_length": value.get("max_length") or 200}

    def form_field(self, value):
        limit = value.get("max_length") or 200
        return forms.CharField(
            max_length=limit,
            widget=TextInput(),
            error_messages={
                "required": f"Enter your answer to {self.named(value)}",
                "max_length": f"Your answer to {self.named(value)} must be {limit} characters "
                "or fewer",
            },
            **self.field_kwargs(value),
        )


class LongTextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        default=1000, min_value=1, max_value=5000, help_text="Most people write under 1,000."
    )

    question_type = "long_text"
    is_free_text = True

    class Meta:
        icon = "doc-full"
        label = "Long text"
        preview_value = {
            "label": "What would make your area feel safer?",
            "hint": "Tell us in your own words.",
            "required": True,
            "max_length": 1000,
        }

    def settings(self, value):
        return {"max_length": value.get("max_length") or 1000}

    def form_field(self, value):
        limit = value.get("max_length") or 1000
        # No maxlength attribute: the browser would silently cut the text; the character
        # count (site.js) and the server tell people instead.
        field = forms.CharField(
            widget=Textarea({"data-maxlength": str(limit)}),
            validators=[
                MaxLengthValidator(
                    limit,
                    message=f"Your answer to {self.named(value)} must be {limit} characters "
                    "or fewer",
                )
            ],
            error_messages={"required": f"Enter your answer to {self.named(value)}"},
            **self.field_kwargs(value),
        )
        field.character_limit = limit
        return field


class ChoiceQuestionBlock(QuestionBlock):
    options_list = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=2, label="Options")

    def options(self, value):
        return [str(option) for option in value.get("options_list") or []]

    def form_field(self, value):
        return forms.ChoiceField(
            choices=[(option, option) for option in self.options(value)],
            widget=RadioSelect(),
            error_messages={
                "required": f"Choose an answer to {self.named(value)}",
                "invalid_choice": f"Choose one of the options for {self.named(value)}",
            },
            **self.field_kwargs(value),
        )


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    question_type = "single_choice"

    class Meta:
        icon = "radio-full"
        label = "Single choice"
        preview_value = {
            "label": "How safe do you feel in your area after dark?",
            "required": True,
            "options_list": ["Very safe", "Fairly safe", "Not very safe", "Not safe at all"],
        }


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    allow_other = blocks.BooleanBlock(
        required=False, help_text="Add an 'Other, please say' option with a text box."
    )

    question_type = "multiple_choice"

    class Meta:
        icon = "list-ul"
        label = "Multiple choice"
        preview_value = {
            "label": "Where do you spend time outside school or work?",
            "required": True,
            "options_list": ["Youth club", "Park", "Sports club", "Friends' homes"],
            "allow_other": True,
        }

    def settings(self, value):
        return {"allow_other": bool(value.get("allow_other"))}

    def form_field(self, value):
        choices = [(option, option) for option in self.options(value)]
        if value.get("allow_other"):
            choices.append((OTHER_CHOICE, "Other"))
        return forms.MultipleChoiceField(
            choices=choices,
            widget=CheckboxSelectMultiple(),
            error_messages={
                "required": f"Choose at least one answer to {self.named(value)}",
                "invalid_choice": "Choose from the options shown",
                "invalid_list": "Choose from the options shown",
            },
            **self.field_kwargs(value),
        )

    def other_field(self, value) -> forms.Field:
        return forms.CharField(
            label="Other, please say",
            required=False,
            max_length=200,
            widget=TextInput(),
            error_messages={"max_length": "Your answer must be 200 characters or fewer"},
        )


class AgreementScaleQuestionBlock(ChoiceQuestionBlock):
    options_list = blocks.ListBlock(
        blocks.CharBlock(max_length=60),
        min_num=2,
        max_num=11,
        default=AGREEMENT_POINTS,
        label="Points on the scale",
        help_text="In order, for example from 'Strongly agree' to 'Strongly disagree'.",
    )

    question_type = "agreement_scale"

    class Meta:
        icon = "order"
        label = "Agreement scale"
        preview_value = {
            "label": "There are enough safe places for young people in my area.",
            "required": True,
            "options_list": AGREEMENT_POINTS,
        }


class YesNoQuestionBlock(QuestionBlock):
    question_type = "yes_no"

    class Meta:
        icon = "tick"
        label = "Yes or no"
        preview_value = {"label": "Have you heard of your local youth club?", "required": True}

    def options(self, value):
        return ["Yes", "No"]

    def form_field(self, value):
        return forms.ChoiceField(
            choices=[("Yes", "Yes"), ("No", "No")],
            widget=RadioSelect(),
            error_messages={
                "required": f"Choose yes or no for {self.named(value)}",
                "invalid_choice": f"Choose yes or no for {self.named(value)}",
            },
            **self.field_kwargs(value),
        )


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.IntegerBlock(required=False)
    max_value = blocks.IntegerBlock(required=False)

    question_type = "number"

    class Meta:
        icon = "decimal"
        label = "Number"
        preview_value = {
            "label": "How many minutes does it take you to walk to a park?",
            "required": False,
            "min_value": 0,
            "max_value": 120,
        }

    def settings(self, value):
        return {"min_value": value.get("min_value"), "max_value": value.get("max_value")}

    def form_field(self, value):
        minimum, maximum = value.get("min_value"), value.get("max_value")
        return forms.IntegerField(
            min_value=minimum,
            max_value=maximum,
            widget=TextInput({"inputmode": "numeric", "class": "input input--width-4"}),
            error_messages={
                "required": f"Enter a number for {self.named(value)}",
                "invalid": f"Enter a whole number, like 12, for {self.named(value)}",
                "min_value": f"Enter a number that is {minimum} or more",
                "max_value": f"Enter a number that is {maximum} or less",
            },
            **self.field_kwargs(value),
        )


class RankingField(forms.MultiValueField):
    """Order a list without JavaScript: each option gets a 'position' select (1 to N); the
    positions must use every number once. Cleans to the options in ranked order."""

    def __init__(self, options: list[str], **kwargs):
        self.ranked_options = options
        named = f"'{' '.join(str(kwargs.get('label') or '').split())}'"
        self.named = f" for {named}" if named != "''" else ""
        positions = [("", "Choose")] + [(str(n), str(n)) for n in range(1, len(options) + 1)]
        fields = [
            forms.ChoiceField(
                choices=positions,
                required=False,
                error_messages={"invalid_choice": "Choose a position from the list"},
            )
            for _ in options
        ]
        widget = forms.MultiWidget(
            [forms.Select(choices=positions, attrs={"class": "select"}) for _ in options]
        )
        super().__init__(
            fields=fields,
            widget=widget,
            require_all_fields=False,
            error_messages={
                "required": f"Put every option in order{self.named}",
                "incomplete": f"Put every option in order{self.named}",
            },
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list or not any(data_list):
            return []
        if not all(data_list):
            raise forms.ValidationError(
                f"Give every option a position{self.named}", code="incomplete"
            )
        positions = [int(position) for position in data_list]
        if sorted(positions) != list(range(1, len(self.ranked_options) + 1)):
            raise forms.ValidationError(
                f"Use each position once{self.named}: no two options can share a number",
                code="repeated",
            )
        return [option for _, option in sorted(zip(positions, self.ranked_options, strict=True))]


class RankingQuestionBlock(QuestionBlock):
    # No min_num: the list is empty when the priority areas are ranked, and ListBlock would
    # refuse an empty list even with required=False. `clean()` asks for two options instead.
    options_list = blocks.ListBlock(
        blocks.CharBlock(max_length=200),
        max_num=10,
        required=False,
        label="Options",
        help_text="Leave empty and tick the box below to rank the five priority areas.",
    )
    use_priority_areas = blocks.BooleanBlock(
        required=False, help_text="Rank the five priority areas of the strategy."
    )

    question_type = "ranking"

    class Meta:
        icon = "list-ol"
        label = "Ranking"
        preview_value = {
            "label": "Put these in order, most important first",
            "required": True,
            "options_list": ["More youth clubs", "Better lighting", "More trusted adults"],
        }

    def options(self, value):
        if value.get("use_priority_areas"):
            from home.models import PriorityArea

            return [area.short_name for area in PriorityArea.objects.in_strategy_order()]
        return [str(option) for option in value.get("options_list") or []]

    def form_field(self, value):
        field = RankingField(self.options(value), **self.field_kwargs(value))
        field.is_ranking = True
        return field

    def clean(self, value):
        value = super().clean(value)
        if not value.get("use_priority_areas") and len(value.get("options_list") or []) < 2:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "options_list": forms.ValidationError(
                        "Add at least two options, or rank the priority areas."
                    )
                }
            )
        return value


class AgeBandQuestionBlock(QuestionBlock):
    """Kept on the response as its age band, for breakdowns."""

    label = blocks.CharBlock(max_length=250, default="How old are you?")

    question_type = "age_band"

    class Meta:
        icon = "user"
        label = "About you: age"
        preview_value = {"label": "How old are you?", "required": True}

    def options(self, value):
        return [label for _, label in AGE_BANDS]

    def form_field(self, value):
        return forms.ChoiceField(
            choices=AGE_BANDS,
            widget=RadioSelect(),
            error_messages={
                "required": "Choose your age group, or 'Prefer not to say'",
                "invalid_choice": "Choose one of the age groups",
            },
            **self.field_kwargs(value),
        )


class BoroughQuestionBlock(QuestionBlock):
    """Kept on the response as its borough, for breakdowns."""

    label = blocks.CharBlock(max_length=250, default="Which London borough do you live in?")

    question_type = "borough"

    class Meta:
        icon = "site"
        label = "About you: borough"
        preview_value = {"label": "Which London borough do you live in?", "required": True}

    NOT_IN_LONDON = "I do not live in London"

    def options(self, value):
        from home.models import Borough

        return [
            *Borough.objects.values_list("name", flat=True),
            self.NOT_IN_LONDON,
            PREFER_NOT_TO_SAY,
        ]

    def form_field(self, value):
        choices = [("", "Choose a borough")] + [(option, option) for option in self.options(value)]
        return forms.ChoiceField(
            choices=choices,
            widget=forms.Select(attrs={"class": "select"}),
            error_messages={
                "required": "Choose your borough, or 'Prefer not to say'",
                "invalid_choice": "Choose a borough from the list",
            },
            **self.field_kwargs(value),
        )


def network_kind_choices():
    from home.models import Network

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

    class Meta:
        icon = "group"
        label = "About you: networks"
        preview_value = {"label": "Are you part of any of these groups?", "required": False}

    NONE_OF_THESE = "None of these"

    def options(self, value):
        from home.models import Network

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
        return forms.MultipleChoiceField(
            choices=[(option, option) for option in self.options(value)],
            widget=CheckboxSelectMultiple(),
            validators=[self.none_alone],
            error_messages={
                "required": "Choose the groups you are part of, or 'None of these'",
                "invalid_choice": "Choose from the groups shown",
                "invalid_list": "Choose from the groups shown",
            },
            **self.field_kwargs(value),
        )

    def none_alone(self, chosen):
        if self.NONE_OF_THESE in chosen and len(chosen) > 1:
            raise forms.ValidationError(
                "Choose 'None of these' on its own, or untick it and choose your groups"
            )


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
        return forms.ChoiceField(
            choices=[(option, option) for option in self.options(value)],
            widget=RadioSelect(),
            error_messages={
                "required": f"Choose an answer to {self.named(value)}, or 'Prefer not to say'",
                "invalid_choice": f"Choose one of the options for {self.named(value)}",
            },
            **self.field_kwargs(value),
        )


class SectionBreakBlock(blocks.StructBlock):
    """Starts a new step of the survey. The heading is the step's title."""

    heading = blocks.CharBlock(max_length=120, help_text="The title of the next step.")
    introduction = blocks.TextBlock(required=False, help_text="A sentence about this step.")

    class Meta:
        icon = "horizontalrule"
        label = "Section break (new step)"
        template = "consultations/blocks/section_break.html"
        preview_value = {
            "heading": "About you",
            "introduction": "This helps us see who we hear from.",
        }


class SurveyBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    agreement_scale = AgreementScaleQuestionBlock()
    yes_no = YesNoQuestionBlock()
    number = NumberQuestionBlock()
    ranking = RankingQuestionBlock()
    age_band = AgeBandQuestionBlock()
    borough = BoroughQuestionBlock()
    network = NetworkQuestionBlock()
    equality = EqualityQuestionBlock()
    section_break = SectionBreakBlock()

    class Meta:
        template = "consultations/blocks/survey_preview.html"
