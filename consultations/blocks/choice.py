"""Questions answered by choosing: one option, several (with 'Other, please say'), a point on
an agreement scale, or yes or no."""

from django import forms

from wagtail import blocks

from language.redaction import redact

from .base import (
    ONE,
    OTHER_CHOICE,
    SEVERAL,
    QuestionBlock,
    TextInput,
    one_or_zero,
    public_paths,
)
from .routing import END_OF_SURVEY, RouteBlock, route_list_error
from .summary import in_listed_order

AGREEMENT_POINTS = [
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
]


class ChoiceQuestionBlock(QuestionBlock):
    options_list = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=2, label="Options")

    counted_as = ONE

    def options(self, value):
        return [str(option) for option in value.get("options_list") or []]

    def form_field(self, value):
        return self.choice_field(
            value,
            [(option, option) for option in self.options(value)],
            required=f"Choose an answer to {self.named(value)}",
            invalid=f"Choose one of the options for {self.named(value)}",
        )


class SingleChoiceQuestionBlock(ChoiceQuestionBlock):
    """One option, by radios. An answer may have a route: to a later step, or to the end
    (consultations/blocks/routing.py); answers with none go on to the next step."""

    routes = blocks.ListBlock(
        RouteBlock(),
        default=[],
        label="Routes (optional)",
        help_text="Send people who give an answer to a later step, or to the end, instead "
        "of the next step. The first question on a step whose answer has a route decides.",
    )

    question_type = "single_choice"

    class Meta:
        icon = "radio-full"
        label = "Single choice"
        preview_value = {
            "label": "How safe do you feel in your area after dark?",
            "required": True,
            "options_list": ["Very safe", "Fairly safe", "Not very safe", "Not safe at all"],
            "routes": [],
        }

    def _routes(self, value) -> list:
        return list(value.get("routes") or [])

    def route_targets(self, value):
        return [route.get("go_to_step") or END_OF_SURVEY for route in self._routes(value)]

    def next_step(self, value, answer):
        for route in self._routes(value):
            if answer and route.get("answer") == answer:
                return True, route.get("go_to_step") or END_OF_SURVEY
        return False, None

    def clean(self, value):
        """Each route names one of the options, and each option has at most one route."""
        value = super().clean(value)
        options, seen, problems = self.options(value), set(), {}
        for index, route in enumerate(self._routes(value)):
            answer = route.get("answer")
            if answer not in options:
                problems[index] = {
                    "answer": f"'{answer}' is not one of this question's options. Write the "
                    "option exactly as it is above."
                }
            elif answer in seen:
                problems[index] = {
                    "answer": f"'{answer}' already has a route. Each answer can have one."
                }
            seen.add(answer)
        if problems:
            raise route_list_error(problems)
        return value


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    """Several options, and optionally 'Other, please say': that text is the person's own
    words, kept in `value_text` (the choices say "Other")."""

    allow_other = blocks.BooleanBlock(
        required=False, help_text="Add an 'Other, please say' option with a text box."
    )

    question_type = "multiple_choice"
    holds_own_words = True
    counted_as = SEVERAL
    summary_kind = "Multiple choice"

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
        return self.choice_field(
            value,
            choices,
            required=f"Choose at least one answer to {self.named(value)}",
            invalid="Choose from the options shown",
            several=True,
        )

    def other_field(self, value) -> forms.Field:
        return forms.CharField(
            label="Other, please say",
            required=False,
            max_length=200,
            widget=TextInput(),
            error_messages={"max_length": "Your answer must be 200 characters or fewer"},
        )

    def stored_fields(self, value, other_text=""):
        chosen = [option for option in (value or []) if option != OTHER_CHOICE]
        if OTHER_CHOICE in (value or []):
            chosen.append("Other")
        return {"value_choices": chosen, "value_text": other_text.strip()}

    def own_words(self, value, other_text=""):
        return other_text.strip()

    OTHER_TEXT = "Other, please say"

    def export_columns(self, options, settings):
        if settings.get("allow_other"):
            return [*options, "Other", self.OTHER_TEXT]
        return super().export_columns(options, settings)

    def export_cells(self, columns, value_text, value_choices, value_number, *, redacted):
        if columns[-1:] != [self.OTHER_TEXT]:
            return super().export_cells(
                columns, value_text, value_choices, value_number, redacted=redacted
            )
        chosen = super().export_cells(
            columns[:-1], value_text, value_choices, value_number, redacted=redacted
        )
        return [*chosen, redact(value_text) if redacted else value_text]

    def form_data(self, value, name, columns, cells):
        if columns[-1:] != [self.OTHER_TEXT]:
            return super().form_data(value, name, columns, cells)
        data = super().form_data(value, name, columns[:-2], cells[:-2])
        chosen = data.get(name, [])
        if one_or_zero(columns[-2], cells[-2]):
            chosen.append(OTHER_CHOICE)
        data = {name: chosen} if chosen else {}
        if cells[-1]:
            data[f"{name}-other"] = [cells[-1]]
        return data

    def codebook_meaning(self, column):
        if column == self.OTHER_TEXT:
            return (
                "What they wrote for 'Other', in their own words (redacted exports remove "
                "names and contact details)"
            )
        return super().codebook_meaning(column)

    def check_answer(self, value, cleaned_value, other_text=""):
        if cleaned_value in (None, "", []):
            return ""
        return ", ".join(other_text if item == OTHER_CHOICE else item for item in cleaned_value)


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
    summary_kind = "Agreement scale"

    def summary_rows(self, counts):
        """In scale order, every point shown (a point nobody chose counts 0)."""
        return in_listed_order(counts.options, counts.listed)

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
    counted_as = ONE
    summary_kind = "Yes or no"

    def summary_rows(self, counts):
        return in_listed_order(counts.options, ["Yes", "No"])

    class Meta:
        icon = "tick"
        label = "Yes or no"
        preview_value = {"label": "Have you heard of your local youth club?", "required": True}

    def options(self, value):
        return ["Yes", "No"]

    def form_field(self, value):
        return self.choice_field(
            value,
            [("Yes", "Yes"), ("No", "No")],
            required=f"Choose yes or no for {self.named(value)}",
            invalid=f"Choose yes or no for {self.named(value)}",
        )


DECONSTRUCT_ALIASES = public_paths(
    ChoiceQuestionBlock,
    SingleChoiceQuestionBlock,
    MultipleChoiceQuestionBlock,
    AgreementScaleQuestionBlock,
    YesNoQuestionBlock,
)
