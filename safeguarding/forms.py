from django import forms

from safeguarding.models import SafeguardingCategory, SafeguardingFlag

OPEN = "open"
ALL = "all"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        choices=[(OPEN, "Open (not closed)"), *SafeguardingFlag.Status.choices, (ALL, "All")],
    )
    category = forms.ModelChoiceField(
        required=False,
        queryset=SafeguardingCategory.objects.all(),
        empty_label="All categories",
    )

    def filter(self, queryset):
        status = self.cleaned_data.get("status") or OPEN
        if status == OPEN:
            queryset = queryset.open()
        elif status != ALL:
            queryset = queryset.filter(status=status)
        category = self.cleaned_data.get("category")
        if category is not None:
            queryset = queryset.filter(categories=category)
        return queryset


class AssessmentForm(forms.Form):
    assessment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text="What you think is happening and how serious it is.",
    )
    action_taken = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text="Who you contacted or referred to, and when. Write 'None' if no action.",
    )


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text="How this ended, for the record. The flag is then closed.",
    )
    finding = forms.ChoiceField(
        label="Was this a safeguarding concern?",
        required=False,
        widget=forms.RadioSelect,
        choices=SafeguardingFlag.Finding.choices,
        help_text=(
            "Optional. Your answer teaches the screening: answers you mark as not a concern "
            "are less likely to be flagged next time."
        ),
    )


class HandFlagForm(forms.Form):
    """A moderator raises a flag for something the screening missed."""

    categories = forms.ModelMultipleChoiceField(
        label="What kind of concern?",
        queryset=SafeguardingCategory.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every one that might apply. If unsure, tick the closest.",
        error_messages={"required": "Tick at least one kind of concern."},
    )
    reason = forms.CharField(
        label="Why are you flagging this?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One or two sentences for the Safeguarding lead. Up to 500 characters.",
        error_messages={
            "required": "Write a short reason for the Safeguarding lead.",
            "max_length": "Keep the reason to 500 characters or fewer.",
        },
    )

    def clean_reason(self):
        # Blank input never gets here: the field strips it and it is required.
        return " ".join(self.cleaned_data["reason"].split())
