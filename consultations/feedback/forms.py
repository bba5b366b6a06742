"""Forms for the feedback workspace. Plain Django forms: every action works without JS."""

from django import forms

from taggit.utils import parse_tags

from consultations.models import FeedbackTag, Response
from home.models import PriorityArea

from .queries import ListModelChoiceField


class TagsField(forms.CharField):
    """Free tags typed as a comma-separated list. Spaces stay inside a tag."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", "Separate tags with commas, like: route 3 bus, lighting.")
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return parse_tags(value or "")


def priority_area_field():
    return forms.ModelMultipleChoiceField(
        queryset=PriorityArea.objects.order_by("number"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Priority areas",
    )


class CodingForm(forms.Form):
    priority_areas = priority_area_field()
    tags = TagsField(label="Tags")

    @classmethod
    def for_object(cls, obj, **kwargs):
        initial = {
            "priority_areas": list(obj.priority_areas.all()),
            "tags": ", ".join(sorted(tag.name for tag in obj.tags.all())),
        }
        return cls(initial=initial, **kwargs)


class ModerationForm(forms.Form):
    status = forms.ChoiceField(choices=Response.ModerationStatus.choices, label="Status")


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Add a note", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuoteForm(forms.Form):
    text = forms.CharField(
        label="Passage to quote",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave empty to quote the whole answer. Replace names with [name] by hand; "
        "contact details are always hidden.",
    )
    priority_area = forms.ModelChoiceField(
        queryset=PriorityArea.objects.order_by("number"), required=False, label="Priority area"
    )


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("add_priority_area", "Add priority area"),
        ("add_tag", "Add tag"),
        ("mark_reviewed", "Mark as reviewed"),
        ("hide", "Hide (spam or abusive)"),
    ]
    action = forms.ChoiceField(choices=ACTIONS, label="Action")
    responses = forms.ModelMultipleChoiceField(
        queryset=Response.objects.all(),
        widget=forms.MultipleHiddenInput,
        error_messages={"required": "Select at least one response."},
    )
    priority_area = ListModelChoiceField(
        queryset=PriorityArea.objects.order_by("number"), required=False, label="Priority area"
    )
    tag = forms.CharField(max_length=100, required=False, label="Tag")

    def __init__(self, *args, **kwargs):
        # The listing's filter form on the same page has its own priority_area and tag
        # fields: the bulk form's ids start with "bulk-" so no id is used twice.
        kwargs.setdefault("auto_id", "bulk-%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "add_priority_area" and not data.get("priority_area"):
            self.add_error("priority_area", "Choose the priority area to add.")
        if action == "add_tag" and not (data.get("tag") or "").strip():
            self.add_error("tag", "Enter the tag to add.")
        return data


class TagRenameForm(forms.Form):
    name = forms.CharField(max_length=100, label="New name")


class TagMergeForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        queryset=FeedbackTag.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        label="Tags to merge",
    )
    target = forms.ModelChoiceField(
        queryset=FeedbackTag.objects.order_by("name"), label="Merge them into"
    )
