"""What every survey question is and does. A question block owns its whole behaviour:

- asking: `form_field(value)` (the Django field that validates an answer), `options(value)`
  and `settings(value)` (snapshotted with each answer);
- storing: `stored_fields(value, other_text)` (which `Answer` columns hold the answer),
  `own_words(value, other_text)` (what the person wrote in their own words, for screening),
  `about_you(value)` (what is kept on the response itself, for breakdowns);
- reading back, from an answer's stored columns only (so old snapshots stay readable):
  `display(...)` (staff pages and `Answer.display_value`), `export_value(...)` and
  `check_answer(...)` (the resident's check-answers page);
- exporting one row per response: `export_columns(options, settings)` (its columns, from every
  version of the question answered), `export_cells(...)` (an answer's cells in them) and
  `codebook_meaning(column)` (what a column's values mean, for the codebook);
- counting: `holds_own_words` (screened, redacted, coded and counted as free text),
  `counted_as` ("one" option counted from `value_text`, "several" from `value_choices`, or
  RANKED, NUMBER or WORDS: counted as a ranking, a number or free text; None: not counted),
  `describes_people` (its counts say who answered: small numbers are suppressed) and
  `summarise(counts)` (its summary on the dashboard, from the counts the tallies keep).

Every set of question types anywhere in the project comes from `consultations.blocks.registry`,
which reads these attributes, so a new question type needs one class (and its template).
"""

from django import forms

from wagtail import blocks

from language.redaction import redact

from .summary import QuestionCounts, Summary, by_count

PREFER_NOT_TO_SAY = "Prefer not to say"
OTHER_CHOICE = "__other__"
ONE, SEVERAL, RANKED, NUMBER, WORDS = "one", "several", "ranked", "number", "words"


def public_paths(*classes) -> dict:
    """Migrations know each block by `consultations.blocks.<Name>` (its path before the blocks
    became a package). Wagtail's Block.deconstruct reads a module's DECONSTRUCT_ALIASES."""
    return {cls: f"consultations.blocks.{cls.__name__}" for cls in classes}


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
    # The form asks for typed words (the step then reminds people not to name anyone).
    is_free_text = False
    # An answer may hold words the person typed: screened for safeguarding, redacted on
    # account deletion and in exports, offered for coding and counted as free text.
    holds_own_words = False
    # How the dashboard counts the options chosen: ONE (from value_text), SEVERAL (from
    # value_choices), RANKED (each option at its rank), NUMBER (each value), WORDS (answered
    # and coded) or None (not counted).
    counted_as: str | None = None
    # Its answers say who the person is (age, borough, networks, equality): a count of fewer
    # than FEEDBACK_SUPPRESSION_THRESHOLD people is never shown.
    describes_people = False
    summary_kind = "Single choice"

    class Meta:
        icon = "help"
        template = "consultations/blocks/question_preview.html"
        form_classname = "question-block"

    # --- asking ---------------------------------------------------------------------------

    def options(self, value) -> list[str]:
        return []

    def settings(self, value) -> dict:
        """Extra rules (limits, scale) kept in the snapshot so old answers can be read."""
        return {}

    def route_targets(self, value) -> list[int | None]:
        """The step each of its routes goes to, in order (None: the end). Most have none."""
        return []

    def next_step(self, value, answer) -> tuple[bool, int | None]:
        """Where this answer sends the person: (True, a step number or None for the end)
        when one of its routes matches, else (False, None) and the next step follows."""
        return False, None

    def field_kwargs(self, value) -> dict:
        return {
            "label": value["label"],
            "help_text": value.get("hint") or "",
            "required": bool(value.get("required")),
        }

    def form_field(self, value) -> forms.Field:
        raise NotImplementedError

    def choice_field(
        self, value, choices, *, required: str, invalid: str, several: bool = False, **extra
    ) -> forms.Field:
        """A field choosing from `choices` (pairs): one by radios, or `several` by check
        boxes. `required` and `invalid` are its two error messages."""
        error_messages = {"required": required, "invalid_choice": invalid}
        if several:
            field_class, widget = forms.MultipleChoiceField, CheckboxSelectMultiple()
            error_messages["invalid_list"] = invalid
        else:
            field_class, widget = forms.ChoiceField, RadioSelect()
        extra.setdefault("widget", widget)
        return field_class(
            choices=choices, error_messages=error_messages, **extra, **self.field_kwargs(value)
        )

    def named(self, value) -> str:
        """The question as its error messages name it ('How safe do you feel?'), so an error
        summary never lists two identical messages."""
        return f"'{' '.join(str(self.field_kwargs(value)['label']).split())}'"

    # --- storing --------------------------------------------------------------------------

    def stored_fields(self, value, other_text: str = "") -> dict:
        """The `Answer` columns holding a cleaned answer. By default one chosen label, kept
        both as the only choice and as text (so it can be counted in the database)."""
        return {"value_choices": [value] if value else [], "value_text": value or ""}

    def own_words(self, value, other_text: str = "") -> str:
        """What the person wrote in their own words ("" when the question has none)."""
        return ""

    def about_you(self, value) -> dict:
        """What this answer tells us about the respondent, kept on the response."""
        return {}

    # --- reading back, from the stored columns ---------------------------------------------

    def display(self, value_text: str, value_choices: list, value_number) -> str:
        """The answer in one line, as staff read it."""
        if value_number is not None:
            return str(value_number)
        parts = [str(choice) for choice in value_choices or [] if choice != value_text]
        if value_text:
            parts.append(value_text)
        return ", ".join(parts)

    def export_value(self, value_text: str, value_choices: list, value_number, *, redacted: bool):
        """The answer's cell in an export; own words are redacted when asked."""
        if value_number is not None:
            return value_number
        value = self.display(value_text, value_choices, value_number)
        return redact(value) if redacted and self.holds_own_words else value

    def check_answer(self, value, cleaned_value, other_text: str = "") -> str:
        """The answer as the resident reads it on the check-answers page."""
        if cleaned_value in (None, "", []):
            return ""
        if isinstance(cleaned_value, list):
            return ", ".join(str(item) for item in cleaned_value)
        return str(cleaned_value)

    # --- exporting one row per response -----------------------------------------------------

    def export_columns(self, options: list[str], settings: dict) -> list[str]:
        """This question's columns, named after its label ("" is the label alone). A question
        where people may choose several has one 1/0 column per option. `options` and
        `settings` are merged over every version of the question that was answered."""
        if self.counted_as == SEVERAL:
            return list(options)
        return [""]

    def export_cells(
        self, columns: list[str], value_text, value_choices, value_number, *, redacted: bool
    ) -> list:
        """An answer's cells in this question's columns (1 or 0 for each option chosen)."""
        if self.counted_as == SEVERAL:
            chosen = set(value_choices or [])
            return [1 if column in chosen else 0 for column in columns]
        return [self.export_value(value_text, value_choices, value_number, redacted=redacted)]

    def form_data(self, value, name: str, columns: list[str], cells: list[str]) -> dict:
        """The mirror of `export_cells`: an answer's cells in an import file (one per column
        of `export_columns`) as the data the online form would have been sent, so the same
        form field checks it. Raises ValidationError for a cell that cannot be read."""
        if self.counted_as == SEVERAL:
            chosen = [
                column
                for column, cell in zip(columns, cells, strict=True)
                if one_or_zero(column, cell)
            ]
            return {name: chosen} if chosen else {}
        cell = cells[0]
        if cell == "":
            return {}
        # An option exported as its label (an age band) is sent as its key.
        choices = getattr(self.form_field(value), "choices", ())
        keys = {str(label): str(key) for key, label in choices if key != ""}
        return {name: [keys.get(cell, cell)]}

    def codebook_meaning(self, column: str) -> str:
        """What the values in one of its columns mean."""
        if self.counted_as == SEVERAL:
            return f"1 if they chose '{column}', 0 if not; empty if they did not answer"
        if self.holds_own_words:
            return "Their own words (redacted exports remove names and contact details)"
        return "The option they chose; empty if they did not answer"

    # --- counting -------------------------------------------------------------------------

    @property
    def summary_note(self) -> str:
        if self.counted_as == SEVERAL:
            return "People could choose more than one."
        return "People could choose one answer." if self.counted_as == ONE else ""

    def summary_rows(self, counts: QuestionCounts) -> list[tuple[str, int]]:
        """The chart's rows: by count, unless the options have an order of their own."""
        return by_count(list(counts.options.items()))

    def summarise(self, counts: QuestionCounts) -> Summary:
        """This question's summary on the dashboard. Shares are of the people who answered."""
        return Summary(
            kind=self.summary_kind,
            note=self.summary_note,
            rows=self.summary_rows(counts),
            share_of=counts.answered,
            about_people=self.describes_people,
        )


def one_or_zero(column: str, cell: str) -> bool:
    """A 1/0 cell of a multiple-choice column (empty is 0)."""
    if cell in ("1", "1.0"):
        return True
    if cell in ("", "0", "0.0"):
        return False
    raise forms.ValidationError(f"'{cell}' in '{column}' must be 1 (chosen) or 0 (not chosen)")


class UnknownQuestionBlock(QuestionBlock):
    """Reads answers whose stored type no block has any more. Their text may be anyone's
    words, so exports redact it."""

    question_type = "unknown"
    holds_own_words = True


DECONSTRUCT_ALIASES = public_paths(QuestionBlock, UnknownQuestionBlock)
