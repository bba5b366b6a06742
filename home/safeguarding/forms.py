from django import forms

from home.models import SafeguardingCategory, SafeguardingFlag

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
