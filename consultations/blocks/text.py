"""Questions answered by typing: short text, long text and a whole number."""

from django import forms
from django.core.validators import MaxLengthValidator

from wagtail import blocks

from .base import NUMBER, WORDS, QuestionBlock, Textarea, TextInput, public_paths
from .summary import Summary, number_figures


class TypedTextQuestionBlock(QuestionBlock):
    """An answer in the person's own words, kept in `value_text`."""

    is_free_text = True
    holds_own_words = True
    counted_as = WORDS

    def summarise(self, counts):
        """How many answered and how many of those are coded, the tags and priority areas
        given most often, and highlighted quotes."""
        coded_share = f"{100 * counts.coded / counts.answered:.0f}%" if counts.answered else "–"
        return Summary(
            kind="Free text",
            note="People answered in their own words.",
            rows=counts.areas,
            share_of=counts.coded,
            columns=("Coded answers", "Share of coded"),
            figures=[
                ("Answered", str(counts.answered)),
                ("Coded", f"{counts.coded} ({coded_share})"),
                ("Top tags", ", ".join(f"{tag} ({n})" for tag, n in counts.tags) or "None yet"),
            ],
            quotes=counts.quotes,
            answered=counts.answered,
        )

    def stored_fields(self, value, other_text=""):
        return {"value_text": (value or "").strip()}

    def own_words(self, value, other_text=""):
        return (value or "").strip()


class ShortTextQuestionBlock(TypedTextQuestionBlock):
    max_length = blocks.IntegerBlock(default=200, min_value=1, max_value=500)

    question_type = "short_text"

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


class LongTextQuestionBlock(TypedTextQuestionBlock):
    max_length = blocks.IntegerBlock(
        default=1000, min_value=1, max_value=5000, help_text="Most people write under 1,000."
    )

    question_type = "long_text"

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


class NumberQuestionBlock(QuestionBlock):
    min_value = blocks.IntegerBlock(required=False)
    max_value = blocks.IntegerBlock(required=False)

    question_type = "number"
    counted_as = NUMBER

    def codebook_meaning(self, column):
        return "A whole number; empty if they did not answer"

    def summarise(self, counts):
        rows, figures = number_figures(counts.options)
        return Summary(
            kind="Number",
            note="People gave a whole number.",
            rows=rows,
            share_of=counts.answered,
            figures=figures,
        )

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

    def stored_fields(self, value, other_text=""):
        return {"value_number": value}

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


DECONSTRUCT_ALIASES = public_paths(
    TypedTextQuestionBlock, ShortTextQuestionBlock, LongTextQuestionBlock, NumberQuestionBlock
)
