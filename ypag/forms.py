"""The public 'get involved with the YPAG' form."""

import uuid

from django import forms

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
        widget=forms.Select(attrs={"class": "select"}),
    )
    reason = forms.CharField(
        label="Why do you want to join?",
        help_text="A few sentences is plenty. Please don't include your full name or address.",
        max_length=2000,
        error_messages={
            "required": "Tell us why you want to join",
            "max_length": "Keep it to 2,000 characters or fewer",
        },
        widget=forms.Textarea(attrs={"class": "textarea", "rows": 5}),
    )
    contact_email = forms.EmailField(
        label="Email address",
        help_text="We only use this to reply to you about the group.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the right format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"class": "input", "autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label="I agree that the VRU can keep these answers and email me about the group",
        help_text="Only VRU staff who run the group can see them. We delete them after a year.",
        error_messages={"required": "Tick the box to say we can keep your answers and email you"},
        widget=forms.CheckboxInput(attrs={"class": "checkboxes__input"}),
    )
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # One-time token: the same form sent twice is stored once (ypag.services.record_interest).
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self):
        super().full_clean()
        # GOV.UK pattern: the field gets an error class and points at its error message.
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            if "class" in widget.attrs:
                css = widget.attrs["class"].split()[0]
                widget.attrs["class"] += f" {css}--error"
            described_by = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = f"{described_by} id_{name}-error".strip()

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
        return bool(self.cleaned_data.get("website"))
