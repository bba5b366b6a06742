"""Campaigns: the engine groups the same and nearly the same texts (typos, an added sentence,
swapped words, a changed name), never short answers or merely similar ones; the worker's
sweep stores them per consultation through the registered source; membership goes with the
answer."""

import pytest

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import override_settings

from assisted_coding import grouping, tasks
from assisted_coding.campaigns import Settings, find_groups, normalise
from assisted_coding.models import Campaign, CampaignMember, CampaignRun
from consultations.feedback.services import delete_response
from consultations.models import Response
from home.scheduling import registered_jobs
from language.encoder import model_version
from language.models import TextVector
from language.services import forget, text_sha256
from tests.consultations.feedback.factories import make_consultation, make_response

TEMPLATE = (
    "We call on the Mayor to protect funding for youth services in Lambeth. Every young "
    "person deserves a safe place to go in the evenings, and cutting youth workers puts "
    "more children at risk."
)
ORGANIC = [
    "The park has no lights so my brother walks home in the dark and gets scared every night",
    "We need more youth clubs because there is nothing for young people to do after school",
    "Buses stop too early on Fridays and my friends end up waiting in the cold at the station",
]


def test_exact_copies_are_one_group_whatever_the_case_and_punctuation():
    groups = find_groups([(1, TEMPLATE), (2, TEMPLATE.upper()), (3, TEMPLATE.replace(",", ""))])
    assert groups == [[1, 2, 3]]


@pytest.mark.parametrize(
    "copy",
    [
        TEMPLATE.replace("protect", "protcet").replace("youth services", "yuoth services"),
        TEMPLATE + " My son goes to the club in Brixton every week.",
        TEMPLATE.replace("safe place", "place safe"),
        TEMPLATE.replace("Lambeth", "Croydon"),
    ],
    ids=["typos", "added sentence", "swapped words", "changed name"],
)
def test_near_copies_join_the_template(copy):
    assert find_groups([("template", TEMPLATE), ("copy", copy), ("other", ORGANIC[0])]) == [
        ["copy", "template"]
    ]


def test_different_answers_on_the_same_subject_are_not_grouped():
    assert find_groups(enumerate(ORGANIC)) == []


def test_short_answers_never_form_a_campaign():
    items = [(n, text) for n, text in enumerate(["yes", "idk", "more youth clubs"] * 50)]
    assert find_groups(items) == []
    eleven = "Please keep the youth club on my road open, it helps!"
    twelve = "Please keep the youth club on my road open, it really helps!"
    assert [len(normalise(text).split()) for text in (eleven, twelve)] == [11, 12]
    assert find_groups([(1, eleven), (2, eleven)]) == []
    assert find_groups([(1, twelve), (2, twelve)]) == [[1, 2]]
    assert find_groups([(1, twelve), (2, twelve)], Settings(min_words=13)) == []


def _vector(response, text, label="What would help?"):
    """The vector the safeguarding stage would have stored (the numbers do not matter)."""
    return TextVector.objects.create(
        content_type=ContentType.objects.get_for_model(Response),
        object_id=str(response.pk),
        key=label,
        model_version=model_version(),
        dimensions=4,
        vector=b"\0" * 16,
        text_sha256=text_sha256(text),
    )


def _campaign_responses(consultation, count, text=TEMPLATE):
    responses = []
    for number in range(count):
        words = text if number % 2 else text.replace("Mayor", "mayor!")
        response = make_response(consultation, free_text=words)
        _vector(response, words)
        responses.append(response)
    return responses


@pytest.mark.django_db(transaction=True)
def test_the_worker_sweep_finds_campaigns_per_consultation():
    assert "assisted_coding.find_campaigns" in {job.name for job in registered_jobs()}
    consultation, other = make_consultation(), make_consultation("Another")
    copies = _campaign_responses(consultation, 3)
    elsewhere = _campaign_responses(other, 1)  # the same words in another consultation
    organic = [make_response(consultation, free_text=text) for text in ORGANIC]
    for response, text in zip(organic, ORGANIC, strict=True):
        _vector(response, text)
    no_vector_yet = make_response(consultation, free_text=TEMPLATE)

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        tasks.find_campaigns.enqueue()
        call_command("db_worker", batch=True, verbosity=0)

    campaign = Campaign.objects.get()
    assert campaign.scope_object_id == str(consultation.pk)
    assert grouping.owners_in(Response, campaign.pk) == sorted(r.pk for r in copies)
    found = grouping.campaigns_of(Response, [r.pk for r in [*copies, *organic, *elsewhere]])
    assert set(found) == {r.pk for r in copies}
    assert found[copies[0].pk][0].size == 3
    assert no_vector_yet.pk not in found  # grouped once its vector is stored
    assert grouping.sweep() == 0  # nothing new since: nothing is read again

    late = _campaign_responses(consultation, 1)[0]
    _vector(no_vector_yet, TEMPLATE)
    assert grouping.sweep() == 1
    assert Campaign.objects.get().pk == campaign.pk  # the same campaign, grown
    assert len(grouping.owners_in(Response, campaign.pk)) == 5
    assert late.pk in grouping.owners_in(Response, campaign.pk)
    assert CampaignRun.objects.filter(scope_object_id=str(consultation.pk)).count() == 2


@pytest.mark.django_db
def test_the_command_regroups_one_consultation():
    consultation = make_consultation()
    _campaign_responses(consultation, 2)
    call_command("find_campaigns", scope=f"consultations.consultationpage:{consultation.pk}")
    assert CampaignMember.objects.count() == 2


@pytest.mark.django_db
def test_a_stale_vector_is_not_grouped():
    consultation = make_consultation()
    copies = _campaign_responses(consultation, 2)
    edited = make_response(consultation, free_text=TEMPLATE)
    _vector(edited, "what it said before it was redacted")
    grouping.regroup(Response, consultation.pk)
    assert grouping.owners_in(Response, Campaign.objects.get().pk) == [r.pk for r in copies]


@pytest.mark.django_db
def test_membership_goes_with_the_answer(moderator):
    consultation = make_consultation()
    first, second, third = _campaign_responses(consultation, 3)
    grouping.regroup(Response, consultation.pk)
    campaign = Campaign.objects.get()

    delete_response(first, moderator)
    assert not CampaignMember.objects.filter(object_id=str(first.pk)).exists()
    assert grouping.campaigns_of(Response, [second.pk])[second.pk][0].size == 2

    forget(Response, [second.pk])  # what redaction, retention and account deletion call
    assert grouping.campaigns_of(Response, [third.pk]) == {}  # a campaign of one is none
    assert grouping.prune() == 1
    assert not Campaign.objects.filter(pk=campaign.pk).exists()


@pytest.fixture
def moderator(db, django_user_model):
    return django_user_model.objects.create_user(username="moderator", password="x")
