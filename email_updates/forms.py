from django import forms

from home.forms import SiteEmailField
from home.models import Network, PriorityArea


class UpdatesSignupForm(forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = SiteEmailField()
    priority_areas = forms.ModelMultipleChoiceField(
        label="Which topics do you want to hear about?",
        help_text="Choose any. If you choose none, we will tell you about all of them.",
        queryset=PriorityArea.objects.in_strategy_order(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    networks = forms.ModelMultipleChoiceField(
        label="Which networks do you want to hear from?",
        help_text="Choose any, or none.",
        queryset=Network.objects.order_by("kind", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
