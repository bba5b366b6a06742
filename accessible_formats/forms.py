from django import forms
from django.core.validators import validate_email

from home.forms import EMAIL_INVALID
from home.phone import normalise_phone

from .models import AccessibleFormatRequest


class AccessibleFormatRequestForm(forms.Form):
    document = forms.CharField(
        label="Which document or page do you need?",
        help_text="For example, the name of the consultation or report.",
        max_length=255,
        error_messages={"required": "Tell us which document or page you need"},
    )
    document_url = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)
    format = forms.ChoiceField(
        label="Which format do you need?",
        choices=AccessibleFormatRequest.Format.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the format you need"},
    )
    format_details = forms.CharField(
        label="If you chose something else, tell us what you need",
        max_length=255,
        required=False,
    )
    assistive_technology = forms.CharField(
        label="Do you use any assistive technology?",
        help_text="For example, a screen reader or screen magnifier. This helps us get it right.",
        max_length=255,
        required=False,
    )
    name = forms.CharField(
        label="Your name",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your name"},
    )
    contact = forms.CharField(
        label="Email address or phone number",
        help_text="We will only use this to send you the document or ask about your request.",
        max_length=255,
        error_messages={"required": "Enter an email address or phone number"},
    )

    def clean_document_url(self):
        # Only a path on this site, never a link elsewhere: staff open it from the admin.
        url = self.cleaned_data.get("document_url", "").strip()
        if not url.startswith("/") or url.startswith("//") or "\\" in url:
            return ""
        return url

    def clean_contact(self):
        """An email address as typed, or a phone number written the one way (home.phone)."""
        contact = self.cleaned_data["contact"].strip()
        if "@" in contact:
            try:
                validate_email(contact)
            except forms.ValidationError:
                raise forms.ValidationError(EMAIL_INVALID) from None
            return contact
        phone = normalise_phone(contact)
        if phone is None:
            raise forms.ValidationError(
                "Enter an email address like name@example.com, or a phone number like 07700 900123"
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("format") == AccessibleFormatRequest.Format.OTHER
            and not cleaned.get("format_details", "").strip()
        ):
            self.add_error("format_details", "Tell us which format you need")
        return cleaned
