"""The public YPAG and network pages: what they show, what they never show."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from home.models import Network
from ypag.models import MemberProfile, NetworkPage, PhotoConsent, YPAGThemePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo():
    return Image.objects.create(title="Portrait", file=get_test_image_file())


def give_consent(profile, scope=PhotoConsent.Scope.WEBSITE, **extra):
    return PhotoConsent.objects.create(
        profile=profile,
        given_by=PhotoConsent.GivenBy.MEMBER,
        given_on=datetime.date(2026, 1, 10),
        scope=scope,
        **extra,
    )


def test_landing_page_shows_motto_themes_members_and_get_involved_link(client, ypag_landing):
    response = client.get(ypag_landing.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<h1") == 1
    assert "Nothing about us without us" in content
    for theme in YPAGThemePage.objects.live():
        assert theme.title in content
        assert theme.url in content
    for name in ("Amara", "Jay", "Precious"):
        assert name in content
    assert "/ypag/get-involved/" in content
    assert "There are no upcoming events for the group" in content
    assert "<img" not in content.split('id="members-heading"')[1].split("</section>")[0]


def test_hidden_profile_disappears_at_once(client, ypag_landing):
    MemberProfile.objects.filter(first_name="Jay").update(is_visible=False)
    content = client.get(ypag_landing.url).content.decode()
    assert "Jay" not in content
    assert "Amara" in content
    MemberProfile.objects.filter(first_name="Amara").delete()
    assert "Amara" not in client.get(ypag_landing.url).content.decode()


def test_photo_without_consent_is_refused_and_never_shown(client, ypag_landing, photo):
    profile = MemberProfile.objects.get(first_name="Amara")
    profile.photo = photo
    profile.photo_alt_text = "Amara smiling in front of a mural"
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert "photo" in error.value.message_dict
    # Even if a photo gets into the database some other way, the page does not show it.
    profile.save()
    assert not profile.can_show_photo()
    assert "Amara smiling" not in client.get(ypag_landing.url).content.decode()


# Wagtail's rendition code leaves a SpooledTemporaryFile for the garbage collector (not ours).
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_photo_shown_with_consent_and_hidden_when_consent_withdrawn(client, ypag_landing, photo):
    profile = MemberProfile.objects.get(first_name="Amara")
    consent = give_consent(profile)
    profile.photo = photo
    profile.photo_alt_text = "Amara smiling in front of a mural"
    profile.full_clean()
    profile.save()
    assert profile.can_show_photo()
    assert (
        'alt="Amara smiling in front of a mural"' in client.get(ypag_landing.url).content.decode()
    )

    consent.withdrawn_at = timezone.now()
    consent.save()
    assert not profile.can_show_photo()
    assert "Amara smiling" not in client.get(ypag_landing.url).content.decode()


def test_consent_for_print_only_does_not_allow_the_website(photo, ypag_landing):
    profile = MemberProfile.objects.get(first_name="Jay")
    give_consent(profile, scope=PhotoConsent.Scope.PRINT_ONLY)
    profile.photo = photo
    profile.photo_alt_text = "Jay"
    with pytest.raises(ValidationError):
        profile.full_clean()
    assert not profile.can_show_photo()


def test_photo_needs_alt_text(photo, ypag_landing):
    profile = MemberProfile.objects.get(first_name="Precious")
    give_consent(profile)
    profile.photo = photo
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert "photo_alt_text" in error.value.message_dict


def test_first_name_only(ypag_landing):
    profile = MemberProfile(first_name="Amara Jones")
    with pytest.raises(ValidationError) as error:
        profile.full_clean()
    assert error.value.message_dict["first_name"] == ["Use a first name only, with no surname."]


def test_consent_date_cannot_be_in_the_future(ypag_landing):
    profile = MemberProfile.objects.get(first_name="Amara")
    consent = PhotoConsent(
        profile=profile,
        given_by=PhotoConsent.GivenBy.PARENT_CARER,
        given_on=timezone.localdate() + datetime.timedelta(days=1),
        scope=PhotoConsent.Scope.WEBSITE,
    )
    with pytest.raises(ValidationError):
        consent.full_clean()


def test_theme_pages_belong_under_the_ypag_section_only():
    assert YPAGThemePage.parent_page_types == ["ypag.YPAGLandingPage"]
    assert NetworkPage.parent_page_types == ["ypag.NetworkIndexPage"]


def test_parent_carer_network_page_lists_all_32_boroughs_with_how_to_join(client, demo_output):
    page = NetworkPage.objects.get(network__slug="parent-carer-champions-hackney")
    response = client.get(page.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('<th scope="row">') == 32
    assert "City of London" not in content.split("<tbody>")[1].split("</tbody>")[0]
    assert "Contact Barnet Council" in content


def test_housing_association_youth_network_lists_partners_and_boroughs(client, demo_output):
    page = NetworkPage.objects.get(network__slug="housing-association-youth-network")
    content = client.get(page.url).content.decode()
    for name in ("Peabody", "Poplar Harca", "Clarion Housing Group", "Waltham Forest"):
        assert name in content
    assert "Partner housing associations" in content


def test_network_index_lists_every_network_page(client, demo_output):
    from ypag.models import NetworkIndexPage

    index = NetworkIndexPage.objects.get()
    content = client.get(index.url).content.decode()
    for page in NetworkPage.objects.live():
        assert page.url in content


def test_a_network_can_have_only_one_page(demo_output):
    existing = NetworkPage.objects.get(network__slug="myends-hackney")
    duplicate = NetworkPage(
        title="Another", slug="another", network=Network.objects.get(slug="myends-hackney")
    )
    duplicate.path = existing.path + "0001"
    duplicate.depth = existing.depth
    with pytest.raises(ValidationError) as error:
        duplicate.clean()
    assert "network" in error.value.message_dict
