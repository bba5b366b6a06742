import io

import pytest

from tests.support.site_content import build_minimal_site


@pytest.fixture
def home_page(db):
    return build_minimal_site()


@pytest.fixture
def demo_output(home_page):
    """Runs the YPAG demo seed and returns what it printed."""
    from ypag import demo

    output = io.StringIO()
    demo.seed(output)
    return output.getvalue()


@pytest.fixture
def ypag_landing(demo_output):
    from ypag.models import YPAGLandingPage

    return YPAGLandingPage.objects.get()


@pytest.fixture
def make_user(db, django_user_model):
    """A staff user in the named groups (no groups: a resident)."""
    from django.contrib.auth.models import Group

    def make(*group_names, username=None):
        user = django_user_model.objects.create_user(
            username=username
            or "user-" + "-".join(g.lower().replace(" ", "-") for g in group_names)
            or "resident",
            email=f"{username or 'someone'}@example.org",
            password="a-long-test-password",
        )
        for name in group_names:
            user.groups.add(Group.objects.get(name=name))
        return user

    return make
