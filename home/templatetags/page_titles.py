"""The page title's "Error: " prefix, said once.

`base.html` adds "Error: " when the page's form has errors (block `title_prefix`); a page whose
errors live elsewhere says so in its own `title` block. Either way the title must read
"Error: " once, so base.html passes the whole title through `single_error_prefix`."""

from django import template

register = template.Library()

PREFIX = "Error: "


@register.filter(is_safe=True)
def single_error_prefix(title: str) -> str:
    """'Error: Error: Sign in' -> 'Error: Sign in'; titles without errors are unchanged."""
    title = " ".join(str(title).split())
    if not title.startswith(PREFIX.strip()):
        return title
    rest = title
    while rest.startswith(PREFIX.strip()):
        rest = rest[len(PREFIX.strip()) :].lstrip()
    return PREFIX + rest
