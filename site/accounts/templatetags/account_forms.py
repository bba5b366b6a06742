from django import template

register = template.Library()


@register.filter(is_safe=True)
def squash_spaces(value: str) -> str:
    """Collapse runs of whitespace (allauth's titles arrive spread over several lines)."""
    return " ".join(str(value).split())
