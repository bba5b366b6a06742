import io
import re

import pytest

from django.contrib.auth import get_user_model

from wagtail.models import WorkflowPage

from ypag import demo, services
from ypag.models import MemberProfile, NetworkPage, YPAGLandingPage, YPAGThemePage

pytestmark = pytest.mark.django_db


def test_demo_builds_the_section_and_prints_each_password_once(demo_output, client):
    landing = YPAGLandingPage.objects.get()
    assert landing.live
    assert YPAGThemePage.objects.child_of(landing).live().count() == 3
    assert MemberProfile.objects.visible().count() == 3
    assert not MemberProfile.objects.exclude(photo=None).exists()
    assert set(NetworkPage.objects.values_list("network__kind", flat=True)) == {
        "ypag",
        "parent_carer",
        "housing_youth",
        "myends",
    }
    assert WorkflowPage.objects.get(page=landing).workflow.name == services.YPAG_REVIEW_WORKFLOW

    passwords = dict(re.findall(r"(\S+@\S+) with password (\S+)", demo_output))
    assert set(passwords) == {
        "ypag.editor@example.org",
        "network.coordinator@example.org",
        "content.editor@example.org",
    }
    User = get_user_model()
    editor = User.objects.get(email="ypag.editor@example.org")
    assert editor.check_password(passwords["ypag.editor@example.org"])
    assert editor.groups.filter(name=services.YPAG_EDITOR).exists()
    coordinator = User.objects.get(email="network.coordinator@example.org")
    assert [n.slug for n in services.networks_coordinated_by(coordinator)] == [
        "parent-carer-champions-hackney"
    ]

    again = io.StringIO()
    demo.seed(again)
    assert "password" not in again.getvalue()
    assert "Created" not in again.getvalue()
    assert editor.check_password(passwords["ypag.editor@example.org"])
    assert YPAGLandingPage.objects.count() == 1
    assert MemberProfile.objects.count() == 3
