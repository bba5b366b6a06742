"""QR codes drawn as inline SVG: no image files, no JavaScript, nothing fetched."""

import xml.etree.ElementTree as ET

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.svg import SvgPathImage

from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, label: str) -> SafeString:
    """An `<svg>` element (as markup) for `data`, named `label` for screen readers.

    Sized by CSS (`.check-in-code`), not in millimetres, and drawn dark on light whatever
    the page's colours, as phone cameras need."""
    image = qrcode.make(
        data, image_factory=SvgPathImage, error_correction=ERROR_CORRECT_M, border=4
    )
    svg = image.get_image()
    for attribute in ("width", "height"):
        svg.attrib.pop(attribute, None)
    svg.set("role", "img")
    svg.set("aria-label", label)
    svg.set("focusable", "false")
    svg.set("class", "check-in-code__image")
    for path in svg.iter("path"):
        path.attrib.pop("id", None)  # one fixed id: two codes on a page would repeat it
        path.set("fill", "#000000")
    # Safe: ElementTree escapes the label and every attribute; the rest is path data.
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # noqa: S308
