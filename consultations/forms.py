"""Forms built from the survey: one form class per step, made from that step's question blocks.

Answers between steps are kept as the submitted form data (only the keys the step's form
knows), so they can be shown again exactly as typed and re-checked against the questions as
they are when the resident finally submits.
"""

from dataclasses import dataclass

from django import forms
from django.forms.utils import ErrorDict
from django.forms.widgets import MultiWidget
from django.utils.safestring import mark_safe

from consultations.blocks import OTHER_CHOICE, MultipleChoiceQuestionBlock, RankingField
from home.forms import HONEYPOT_FIELD, HoneypotField, SiteEmailField

# Keys a survey POST may carry besides the questions' own fields.
CONTROL_KEYS = {"csrfmiddlewaretoken", HONEYPOT_FIELD, "action", "return_to"}
UNKNOWN_FIELDS_MESSAGE = (
    "Some of what was sent does not match the questions on this page. Check your answers and "
    "try again."
)


def other_field_name(question_id: str) -> str:
    return f"{question_id}-other"


@dataclass
class QuestionItem:
    """What the step template needs to draw one question."""

    question: object
    field: forms.BoundField
    other_field: forms.BoundField | None = None

    @property
    def is_ranking(self) -> bool:
        return isinstance(self.field.field, RankingField)

    @property
    def is_free_text(self) -> bool:
        return self.question.block.is_free_text

    @property
    def is_character_count(self) -> bool:
        return hasattr(self.field.field, "character_limit")

    @property
    def character_limit(self):
        return getattr(self.field.field, "character_limit", None)

    def ranking_rows(self) -> list[dict]:
        """One row per option: its label and a position select, named like MultiWidget's."""
        field = self.field.field
        widget = field.widget
        values = widget.decompress(None) if not self.field.data else self.field.data
        if not isinstance(values, list | tuple):
            values = []
        rows = []
        for index, option in enumerate(field.ranked_options):
            select_id = f"{self.field.auto_id}_{index}"
            name = f"{self.field.html_name}_{index}"
            value = values[index] if index < len(values) else ""
            attrs = {"id": select_id, "class": "select"}
            if self.field.errors:
                attrs["class"] = "select select--error"
            html = widget.widgets[index].render(name, value, attrs=attrs)
            rows.append({"option": option, "id": select_id, "select": mark_safe(html)})  # noqa: S308 - Django widget output
        return rows


class SurveyStepForm(forms.Form):
    """Validates one step. Built by `build_step_form`; never used directly."""

    honeypot = HoneypotField()

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        # The honeypot is named like a field bots love to fill.
        self.fields[HONEYPOT_FIELD] = self.fields.pop("honeypot")
        for question in self.questions:
            self.fields[question.id] = question.block.form_field(question.value)
            if isinstance(question.block, MultipleChoiceQuestionBlock) and question.value.get(
                "allow_other"
            ):
                self.fields[other_field_name(question.id)] = question.block.other_field(
                    question.value
                )
        self.order_fields([name for name in self.fields if name != HONEYPOT_FIELD])
        if self.is_bound:
            self.data = self._other_text_ticks_other(self.data)

    def _other_text_ticks_other(self, data):
        """Text typed in 'Other, please say' means "Other": without JavaScript the box is
        always visible, so people type in it without ticking the box above."""
        for question in self.questions:
            other_name = other_field_name(question.id)
            if other_name not in self.fields or not (data.get(other_name) or "").strip():
                continue
            chosen = data.getlist(question.id) if hasattr(data, "getlist") else []
            if OTHER_CHOICE not in chosen:
                data = data.copy()
                data.setlist(question.id, [*chosen, OTHER_CHOICE])
        return data

    def answer_keys(self) -> set[str]:
        """Every POST key that belongs to a question on this step."""
        keys = set()
        for name, field in self.fields.items():
            if name == HONEYPOT_FIELD:
                continue
            if isinstance(field.widget, MultiWidget):
                keys.update(name + suffix for suffix in field.widget.widgets_names)
            else:
                keys.add(name)
        return keys

    def clean(self):
        cleaned = super().clean()
        if self.is_bound:
            unknown = set(self.data.keys()) - self.answer_keys() - CONTROL_KEYS
            if unknown:
                raise forms.ValidationError(UNKNOWN_FIELDS_MESSAGE, code="unknown_fields")
        for question in self.questions:
            other_name = other_field_name(question.id)
            if other_name not in self.fields:
                continue
            chosen = cleaned.get(question.id) or []
            other_text = (cleaned.get(other_name) or "").strip()
            if OTHER_CHOICE in chosen and not other_text and other_name not in self.errors:
                self.add_error(other_name, "Tell us what 'Other' means for you")
        return cleaned

    def hide_errors(self) -> None:
        """Render the data as given, with no errors (it is not validated)."""
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}

    def question_items(self) -> list[QuestionItem]:
        items = []
        for question in self.questions:
            other_name = other_field_name(question.id)
            items.append(
                QuestionItem(
                    question=question,
                    field=self[question.id],
                    other_field=self[other_name] if other_name in self.fields else None,
                )
            )
        return items

    def stored_data(self) -> dict[str, list[str]]:
        """The submitted values for this step's questions, to keep in the session."""
        return {key: self.data.getlist(key) for key in self.answer_keys() if key in self.data}


def build_step_form(step, data=None, *, show_errors: bool = True) -> SurveyStepForm:
    """The step's form. `show_errors=False` shows kept answers without checking them (a step
    saved half done), so the page does not open on errors nobody has made yet."""
    form = SurveyStepForm(data=data, questions=step.questions, auto_id="id_%s")
    if data is not None and not show_errors:
        form.hide_errors()
    return form


YES_NO = [("yes", "Yes"), ("no", "No")]


class ContactForm(forms.Form):
    """The optional 'tell me what happened' opt-in on the check-answers page, and, when the
    consultation publishes responses, the question whether we may publish these answers
    (nothing chosen means no). `age_check` (services.age_check) says whether to ask "Are you
    16 or over?" (no age given) and a parent or carer's email (under 16, or maybe)."""

    wants_update = forms.BooleanField(
        required=False,
        label="Email me when the results are published",
        help_text="We only use your email to tell you what happened, then delete it.",
    )
    contact_email = SiteEmailField(required=False)
    submission_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    website = HoneypotField()

    def __init__(self, *args, consent_question: str = "", age_check: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.asks_publication = bool(consent_question)
        self.age_check = age_check
        if not self.asks_publication:
            return
        self.fields["publish"] = forms.ChoiceField(
            label=consent_question,
            choices=YES_NO,
            widget=forms.RadioSelect,
            required=False,
            help_text="Our staff read every answer first and take out anything that could "
            "identify someone. You can change your mind later.",
        )
        if age_check == "unknown":
            self.fields["is_16_or_over"] = forms.ChoiceField(
                label="If you said yes: are you 16 or over?",
                choices=YES_NO,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields["is_16_or_over"].conditionally_required = True
        if age_check in ("unknown", "under_16"):
            self.fields["parent_email"] = SiteEmailField(
                label="If you said yes and you are under 16: your parent or carer's email address",
                required=False,
                help_text="We email them a link to agree. We publish nothing until they do, "
                "and we do not keep their address.",
            )
            self.fields["parent_email"].conditionally_required = True

    def clean(self):
        cleaned = super().clean()
        self._clean_publication(cleaned)
        wants_update = cleaned.get("wants_update")
        if wants_update and not cleaned.get("contact_email") and "contact_email" not in self.errors:
            self.add_error("contact_email", "Enter your email address, or untick the box above")
        if not cleaned.get("wants_update"):
            cleaned["contact_email"] = ""
        return cleaned

    def _clean_publication(self, cleaned) -> None:
        if not self.asks_publication or cleaned.get("publish") != "yes":
            return
        if self.age_check == "unknown" and not cleaned.get("is_16_or_over"):
            if "is_16_or_over" not in self.errors:
                self.add_error("is_16_or_over", "Tell us if you are 16 or over, or choose No above")
            return
        under_16 = self.age_check == "under_16" or cleaned.get("is_16_or_over") == "no"
        if under_16 and not cleaned.get("parent_email") and "parent_email" not in self.errors:
            self.add_error(
                "parent_email",
                "Enter your parent or carer's email address, or choose No above",
            )

    def publication_choice(self) -> dict:
        """What the person said about publishing, as services.PublicationChoice's fields."""
        if not self.asks_publication or self.cleaned_data.get("publish") != "yes":
            return {"consent": False}
        over = self.cleaned_data.get("is_16_or_over")
        return {
            "consent": True,
            "says_16_or_over": {"yes": True, "no": False}.get(over),
            "parent_email": self.cleaned_data.get("parent_email") or "",
        }


class ContinueLaterForm(forms.Form):
    email = SiteEmailField(
        help_text="We send you a private link. We do not keep your email address."
    )


def describe_answer(question, cleaned_value, other_text: str = "") -> str:
    """The answer as a resident reads it on the check-answers page."""
    return question.block.check_answer(question.value, cleaned_value, other_text)
