from django import forms

from home.forms import SlugFilterField
from home.models import PriorityArea

from .blocks import CommitmentStatus


class CommitmentFilterForm(forms.Form):
    priority_area = SlugFilterField(
        PriorityArea.objects.in_strategy_order(), empty_label="All priority areas"
    )
    status = forms.ChoiceField(
        choices=[("", "Any status"), *CommitmentStatus.CHOICES], required=False
    )
