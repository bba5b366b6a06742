"""Every field editors fill in has plain-English help text."""

import pytest

from wagtail.models import Page

from ypag.models import (
    MemberProfile,
    NetworkCoordinator,
    NetworkIndexPage,
    NetworkPage,
    PhotoConsent,
    YPAGInterest,
    YPAGLandingPage,
    YPAGThemePage,
)

INHERITED = {field.name for field in Page._meta.get_fields()}


@pytest.mark.parametrize(
    "model",
    [
        YPAGLandingPage,
        YPAGThemePage,
        NetworkIndexPage,
        NetworkPage,
        MemberProfile,
        PhotoConsent,
        NetworkCoordinator,
        YPAGInterest,
    ],
)
def test_every_editable_field_has_help_text(model):
    missing = [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "editable", False)
        and not field.auto_created
        and field.concrete
        and field.name not in INHERITED
        and not field.name.endswith("_ptr")
        and not field.help_text
    ]
    assert missing == []
