from django import forms

from home.forms import SiteEmailField, SlugFilterField
from home.models import Borough, Network, PriorityArea

from . import checkin
from .models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH, AttendeeMessage


class BookingForm(forms.Form):
    first_name = forms.CharField(
        max_length=80,
        error_messages={"required": "Enter your first name"},
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    email = SiteEmailField(help_text="We send your booking and a link to change or cancel it here.")
    access_needs = forms.CharField(
        label="Anything we should know to help you take part?",
        help_text="For example, step-free access, a quiet space, an interpreter or a carer "
        "coming with you. Only the organisers see this.",
        required=False,
        max_length=1000,
        error_messages={"max_length": "Keep this to 1,000 characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    under_16 = forms.TypedChoiceField(
        label="Are you under 16?",
        help_text="If you are, we will ask a parent or carer to agree before your place is "
        "confirmed.",
        choices=[("no", "No"), ("yes", "Yes")],
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        error_messages={"required": "Tell us if you are under 16"},
    )
    # Required only for under-16s: the label says so instead of "(optional)", and clean()
    # enforces it (a field-level `required` cannot depend on another answer).
    parent_name = forms.CharField(
        label="Parent or carer's name (if you are under 16)",
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    parent_email = SiteEmailField(
        label="Parent or carer's email address (if you are under 16)",
        help_text="We will email them a link to agree to you coming.",
        required=False,
        autocomplete="off",
    )

    def __init__(self, *args, event, user=None, **kwargs):
        if user is not None and user.is_authenticated:
            kwargs.setdefault("initial", {"first_name": user.first_name, "email": user.email})
        super().__init__(*args, **kwargs)
        self.event = event
        if not event.parent_consent_for_under_16s:
            del self.fields["under_16"]
            del self.fields["parent_name"]
            del self.fields["parent_email"]
        else:
            for name in ("parent_name", "parent_email"):
                self.fields[name].conditionally_required = True

    def clean_first_name(self):
        name = " ".join(self.cleaned_data["first_name"].split())
        if not name:
            raise forms.ValidationError("Enter your first name")
        return name

    def clean_parent_name(self):
        return " ".join(self.cleaned_data.get("parent_name", "").split())

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("under_16"):
            # Not needed, so neither checked nor kept.
            for name in ("parent_name", "parent_email"):
                self._errors.pop(name, None)
                cleaned[name] = ""
            return cleaned
        if not cleaned.get("parent_name") and "parent_name" not in self.errors:
            self.add_error("parent_name", "Enter your parent or carer's name")
        if "parent_email" in self.errors:
            return cleaned
        if not cleaned.get("parent_email"):
            self.add_error("parent_email", "Enter your parent or carer's email address")
        elif cleaned.get("email") and cleaned["parent_email"].lower() == cleaned["email"].lower():
            self.add_error("parent_email", "Enter a different email address from your own")
        return cleaned


class EventFilterForm(forms.Form):
    network = SlugFilterField(Network.objects.all(), empty_label="All networks")
    borough = SlugFilterField(Borough.objects.all(), empty_label="All boroughs")
    priority_area = SlugFilterField(PriorityArea.objects.all(), empty_label="All priority areas")


class CheckInForm(forms.Form):
    """The door's "Type a reference" box."""

    reference = forms.CharField(
        label="Type a reference",
        help_text="6 letters and numbers, from the person's booking email or booking page.",
        max_length=20,
        error_messages={
            "required": "Enter the booking reference, for example K7PM3X",
            "max_length": "A reference is 6 letters and numbers, for example K7PM3X",
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "input input--width-10",
            }
        ),
    )

    def clean_reference(self):
        try:
            return checkin.normalise_reference(self.cleaned_data["reference"])
        except checkin.InvalidReference as error:
            raise forms.ValidationError(str(error)) from error


class WalkInForm(forms.Form):
    """Someone who came without booking. `key` makes a retried POST add them once."""

    first_name = forms.CharField(
        label="First name",
        help_text=f"Leave it empty and we will write “{checkin.WALK_IN_NAME}”.",
        required=False,
        max_length=80,
        error_messages={"max_length": "Keep the name to 80 characters or fewer"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=32, required=False)


class AttendeeMessageForm(forms.Form):
    """A coordinator's message to an event's bookings: who, subject and plain text."""

    audiences = forms.MultipleChoiceField(
        label="Who should get it?",
        choices=AttendeeMessage.Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who should get the message"},
    )
    subject = forms.CharField(
        max_length=SUBJECT_MAX_LENGTH,
        help_text="The event's name is added to the end.",
        error_messages={
            "required": "Enter a subject",
            "max_length": f"Keep the subject to {SUBJECT_MAX_LENGTH} characters or fewer",
        },
    )
    body = forms.CharField(
        label="Message",
        max_length=BODY_MAX_LENGTH,
        help_text="Plain text. Each person also gets the event's details and their own booking "
        "link, so there is no need to add them. Never include anyone's personal details.",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "Enter the message",
            "max_length": f"Keep the message to {BODY_MAX_LENGTH:,} characters or fewer",
        },
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError("Keep the subject on one line")
        return subject
