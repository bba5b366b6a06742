import pytest

from home.models import Borough, Network, PartnerOrganisation, PriorityArea, SupportService

pytestmark = pytest.mark.django_db


def test_exactly_five_priority_areas_in_strategy_order():
    areas = list(PriorityArea.objects.in_strategy_order())
    assert [area.number for area in areas] == [1, 2, 3, 4, 5]
    assert areas[2].name == "Families"
    assert "Parent and carer champion networks in every borough" in areas[2].intervention_list


def test_all_33_local_authorities():
    assert Borough.objects.count() == 33
    assert Borough.objects.filter(is_city_of_london=True).count() == 1


def test_networks_cover_every_borough_and_the_london_wide_groups():
    parent_networks = Network.objects.of_kind(Network.Kind.PARENT_CARER)
    assert parent_networks.count() == 32
    assert not parent_networks.filter(borough__is_city_of_london=True).exists()
    assert Network.objects.of_kind(Network.Kind.MYENDS).count() == 8
    housing = Network.objects.get(kind=Network.Kind.HOUSING_YOUTH)
    assert housing.partners.count() == 9
    assert sorted(housing.boroughs.values_list("name", flat=True)) == [
        "Brent",
        "Hackney",
        "Islington",
        "Lambeth",
        "Southwark",
        "Tower Hamlets",
        "Waltham Forest",
    ]
    hackney = Borough.objects.get(name="Hackney")
    assert set(Network.objects.for_borough(hackney).values_list("kind", flat=True)) == {
        "parent_carer",
        "myends",
        "housing_youth",
    }
    assert PartnerOrganisation.objects.filter(kind="housing_association").count() == 9


def test_emergency_service_listed_first_and_childline_number():
    services = SupportService.cached_list()
    assert services[0].phone == "999"
    childline = SupportService.objects.get(name="Childline")
    assert childline.phone == "0800 1111"
    assert childline.phone_href == "tel:08001111"


def test_support_service_cache_is_cleared_on_save():
    assert "Test line" not in [s.name for s in SupportService.cached_list()]
    SupportService.objects.create(name="Test line", description="A test")
    assert "Test line" in [s.name for s in SupportService.cached_list()]
