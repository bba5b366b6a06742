"""Putting options in order, without JavaScript."""

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail import blocks

from home.models import PriorityArea

from .base import RANKED, QuestionBlock, public_paths
from .summary import Summary, ranked


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
    counted_as = RANKED

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

    def stored_fields(self, value, other_text=""):
        """The options in ranked order."""
        return {"value_choices": list(value or [])}

    def display(self, value_text, value_choices, value_number):
        return ", ".join(f"{n}. {option}" for n, option in enumerate(value_choices or [], 1))

    def export_columns(self, options, settings):
        """One column per position: the option put first, second, and so on."""
        return [f"rank {position}" for position in range(1, len(options) + 1)]

    def export_cells(self, columns, value_text, value_choices, value_number, *, redacted):
        ranked_options = list(value_choices or [])
        return [
            ranked_options[index] if index < len(ranked_options) else ""
            for index in range(len(columns))
        ]

    def form_data(self, value, name, columns, cells):
        """Each rank's option back to the online form's position for each option."""
        options = self.options(value)
        positions = [""] * len(options)
        for rank, cell in enumerate(cells[: len(options)], 1):
            if cell == "":
                continue
            if cell not in options:
                raise forms.ValidationError(
                    f"'{cell}' in 'rank {rank}' is not one of the options to put in order"
                )
            if positions[options.index(cell)]:
                raise forms.ValidationError(f"'{cell}' is at more than one rank: use it once")
            positions[options.index(cell)] = str(rank)
        if not any(positions):
            return {}
        return {f"{name}_{index}": [position] for index, position in enumerate(positions)}

    def codebook_meaning(self, column):
        return f"The option they put at {column}"

    def summarise(self, counts):
        """How often each option was put first (the chart), and its mean rank (1 is first)."""
        rows, means = ranked(counts.options)
        share = counts.answered
        return Summary(
            kind="Ranking",
            note="People put every option in order. A lower mean rank means people put it "
            "nearer the top.",
            rows=rows,
            share_of=share,
            columns=("Put first", "Share put first", "Mean rank"),
            table=[
                (
                    option,
                    first,
                    f"{100 * first / share:.0f}%" if share else "–",
                    f"{means[option]:.1f}",
                )
                for option, first in rows
            ],
        )

    def check_answer(self, value, cleaned_value, other_text=""):
        if cleaned_value in (None, "", []):
            return ""
        return format_html(
            "<ol class='list list--number'>{}</ol>",
            mark_safe(  # noqa: S308 - every part escaped by format_html
                "".join(format_html("<li>{}</li>", option) for option in cleaned_value)
            ),
        )


DECONSTRUCT_ALIASES = public_paths(RankingQuestionBlock)
