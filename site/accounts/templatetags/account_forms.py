from django import template
from django.forms import BoundField

from accounts.forms import WIDGET_CLASSES

register = template.Library()


@register.filter
def site_field(field: BoundField) -> BoundField:
    """Give a third-party form's widget (allauth's) the site's input classes before rendering.

    Use: {% include "includes/forms/field.html" with field=form.email|site_field %}
    """
    widget = field.field.widget
    base = WIDGET_CLASSES.get(type(widget), "input")
    if base:
        classes = [base]
        if field.errors and base != "checkboxes__input":
            classes.append(f"{base}--error")
        widget.attrs["class"] = " ".join(classes)
        # allauth sets placeholders; labels say it already and placeholders vanish on typing.
        widget.attrs.pop("placeholder", None)
    return field


@register.filter(is_safe=True)
def squash_spaces(value: str) -> str:
    """Collapse runs of whitespace (allauth's titles arrive spread over several lines)."""
    return " ".join(str(value).split())
