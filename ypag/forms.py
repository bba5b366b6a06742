"""The public 'get involved with the YPAG' form."""

import uuid

from django import forms

from home.forms import HoneypotField, SiteEmailField, honeypot_filled
from home.models import Borough

MIN_AGE = 13
MAX_AGE = 25


class YPAGInterestForm(forms.Form):
    """Age, borough, why and an email to reply to. The `website` field is a honeypot: hidden
    from people, filled in by bots, and a filled-in form is quietly thrown away."""

    age = forms.IntegerField(
        label="How old are you?",
        help_text=f"The group is for young people aged {MIN_AGE} to {MAX_AGE}.",
        error_messages={
            "required": "Enter your age",
            "invalid": "Enter your age as a number, like 16",
        },
        widget=forms.TextInput(
            attrs={"class": "input input--width-4", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )
    borough = forms.ModelChoiceField(
        label="Which borough do you live in?",
        queryset=Borough.objects.all(),
        required=False,
        empty_label="I'd rather not say",
    )
    reason = forms.CharField(
        label="Why do you want to join?",
        help_text="A few sentences is plenty. Please don't include your full name or address.",
        max_length=2000,
        error_messages={
            "required": "Tell us why you want to join",
            "max_length": "Keep it to 2,000 characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact_email = SiteEmailField(
        help_text="We only use this to reply to you about the group.",
    )
    consent = forms.BooleanField(
        label="I agree that the VRU can keep these answers and email me about the group",
        help_text="Only VRU staff who run the group can see them. We delete them after a year.",
        error_messages={"required": "Tick the box to say we can keep your answers and email you"},
    )
    website = HoneypotField()
    # One-time token: the same form sent twice is stored once (ypag.services.record_interest).
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    def clean_submission_token(self):
        # A missing or mangled token must not block a real person: start a fresh one.
        return self.cleaned_data.get("submission_token") or uuid.uuid4()

    def clean_age(self):
        age = self.cleaned_data["age"]
        if age < MIN_AGE or age > MAX_AGE:
            raise forms.ValidationError(f"Enter an age from {MIN_AGE} to {MAX_AGE}")
        return age

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Tell us why you want to join")
        return reason

    @property
    def is_spam(self) -> bool:
        return honeypot_filled(self.cleaned_data)
