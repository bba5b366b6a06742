"""One way to build a public form: the site's form renderer, its honeypot and its email field.

`FORM_RENDERER` is `home.forms.SiteFormRenderer`, so every form on the public site (ours and
allauth's) renders its widgets with the stylesheet's classes (docs/frontend.md) and the error
variant when the field has an error, ties each input to its hint (`<id>-hint`) and error
(`<id>-error`) with aria-describedby, and `{{ field.as_field_group }}` draws the GOV.UK form
group in `includes/forms/field.html`. Django marks an input with an error `aria-invalid`.
Nothing is written into a form's widgets, so a form instance can be rendered any number of
times, bound or not, and look the same.

Forms of the Wagtail and Django admins keep their own look: they are rendered untouched.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

# The first widget class that matches decides; widgets matching none (multi-part widgets,
# radios and checkbox groups drawn by the field template) get no class.
WIDGET_CLASSES: tuple[tuple[type, str], ...] = (
    (forms.HiddenInput, ""),
    (forms.RadioSelect, ""),  # and CheckboxSelectMultiple, its subclass
    (forms.MultiWidget, ""),
    (forms.CheckboxInput, "checkboxes__input"),
    (forms.Textarea, "textarea"),
    (forms.Select, "select"),
    (Input, "input"),
)
# A ticked or unticked box has no error look of its own: the form group shows the error.
NO_ERROR_VARIANT = {"checkboxes__input"}
UNSTYLED_MODULES = ("wagtail.", "django.contrib.admin", "modelcluster.", "taggit.")


def widget_class(widget: forms.Widget) -> str:
    """The stylesheet class for a widget: its own `class` attribute if it sets one."""
    own = widget.attrs.get("class")
    if own is not None:
        return own
    return next((css for kind, css in WIDGET_CLASSES if isinstance(widget, kind)), "")


def styled_class(widget: forms.Widget, has_errors: bool) -> str:
    """`widget_class` plus the error variant of its first class (`input input--error`)."""
    css = widget_class(widget)
    if not css or not has_errors:
        return css
    first = css.split()[0]
    if first in NO_ERROR_VARIANT or f"{first}--error" in css.split():
        return css
    return f"{css} {first}--error"


class SiteBoundField(BoundField):
    """A bound field whose widget is drawn with the site's classes."""

    @property
    def styled(self) -> bool:
        return not type(self.form).__module__.startswith(UNSTYLED_MODULES)

    @property
    def aria_describedby(self):
        if not self.styled:
            return super().aria_describedby
        if self.field.widget.attrs.get("aria-describedby") or not self.auto_id or self.is_hidden:
            return None
        ids = [f"{self.auto_id}-hint"] if self.help_text else []
        if self.errors:
            ids.append(f"{self.auto_id}-error")
        return " ".join(ids)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if not self.styled:
            return attrs
        widget = widget or self.field.widget
        css = styled_class(widget, bool(self.errors))
        if css and "class" not in attrs:
            attrs["class"] = css
        # Placeholders (allauth sets them) repeat the label and vanish as soon as you type.
        if "placeholder" in widget.attrs:
            attrs["placeholder"] = False
        return attrs


class SiteFormRenderer(TemplatesSetting):
    """The project's form renderer: the TEMPLATES setting (so site/templates can override
    Django's widget templates), GOV.UK form groups and the site's widget classes."""

    field_template_name = "includes/forms/field.html"
    bound_field_class = SiteBoundField


class SlugFilterField(forms.ModelChoiceField):
    """A listing's filter by one reference row (network, borough, priority area), named by
    its slug in the address; empty means all of them."""

    def __init__(self, queryset, *, empty_label: str, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("required", False)
        super().__init__(queryset=queryset, empty_label=empty_label, **kwargs)


# The honeypot: a box hidden from people (the template wraps it in `hidden`) that bots fill.
HONEYPOT_FIELD = "website"


class HoneypotField(forms.CharField):
    """The one honeypot. Name it `website` (HONEYPOT_FIELD) in the form; a filled-in form is
    refused or quietly dropped by the view (see `honeypot_filled`)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Leave this box empty")
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        )
        super().__init__(**kwargs)


def honeypot_filled(data) -> bool:
    """True when a submitted form (its POST data) has something in the honeypot."""
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


# The one wording for an address that is not an email address, in every form.
EMAIL_INVALID = "Enter an email address like name@example.com"
EMAIL_REQUIRED = "Enter your email address"


class SiteEmailField(forms.EmailField):
    """The one email field: GOV.UK length and messages, browser hints, stored as typed
    (trimmed). Pass `autocomplete="off"` for someone else's address (a parent's)."""

    def __init__(self, *, autocomplete: str = "email", **kwargs):
        kwargs.setdefault("label", "Email address")
        kwargs.setdefault("max_length", 254)
        messages = {"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID}
        messages.update(kwargs.pop("error_messages", {}))
        kwargs["error_messages"] = messages
        kwargs.setdefault(
            "widget",
            forms.EmailInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
        )
        super().__init__(**kwargs)
