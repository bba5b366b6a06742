"""Try the screening: a lead types wording and sees what each stage would do. The phrase list
answers at once; the meaning check runs in the real task worker; nothing is stored."""

import pytest
from django_tasks_db.models import DBTaskResult

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from language.models import TextVector
from safeguarding.models import PendingScreening, SafeguardingFlag
from safeguarding.screening import screen_text
from tests.support.language import language_model, shipped_classifier  # noqa: F401
from tests.support.mfa import give_mfa

pytestmark = pytest.mark.django_db

WORKER_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    "SAFEGUARDING_SEMANTIC_ENQUEUE": True,
}
MISSED = "they said if i talk to the feds they know where my mum lives"
LISTED = "i want to kill myself"


def _user(username, group):
    user = User.objects.create_user(username, f"{username}@example.org", "pw-123456789")
    user.groups.add(Group.objects.get(name=group))
    give_mfa(user)
    return user


@pytest.fixture
def lead_client(client):
    client.force_login(_user("lead", "Safeguarding lead"))
    return client


def _stored_anywhere(text) -> bool:
    rows = [str(row.__dict__) for row in DBTaskResult.objects.all()]
    return (
        any(text in row for row in rows)
        or SafeguardingFlag.objects.exists()
        or PendingScreening.objects.exists()
        or TextVector.objects.exists()
    )


@pytest.mark.django_db(transaction=True)
def test_each_stage_answers_and_nothing_is_stored(
    lead_client,
    language_model,  # noqa: F811
):
    assert screen_text(MISSED) == []  # only the meaning check can catch this
    with override_settings(**WORKER_SETTINGS):
        page = lead_client.get(reverse("safeguarding:try"))
        assert page.status_code == 200
        result = lead_client.post(reverse("safeguarding:try"), {"sentence": MISSED})
        assert result.status_code == 302
        result_url = result["Location"]
        page = lead_client.get(result_url).content.decode()
        assert "Would not flag it</strong>: no phrase on the list matches" in page
        assert "Checking…" in page
        assert "Check again" in page
        # The queued task holds only a random key, never the wording.
        queued = DBTaskResult.objects.get(task_path="safeguarding.tasks.check_wording")
        key = result_url.rstrip("/").rsplit("/", 1)[1]
        assert queued.args_kwargs["args"] == [key]
        assert not _stored_anywhere(MISSED)

        call_command("db_worker", batch=True, verbosity=0)

    page = lead_client.get(result_url).content.decode()
    assert "Checking…" not in page
    meaning = page[page.index("Meaning (classifier)") :]
    assert "Would flag it</strong>:" in meaning
    assert "% confident it is a concern" in meaning
    assert "Criminal exploitation" in meaning or "Threats" in meaning
    assert not _stored_anywhere(MISSED)  # the finished task row holds no text or result

    # Forget it now: the key is gone at once.
    forgotten = lead_client.post(result_url + "forget/", follow=True)
    assert "Forgotten" in forgotten.content.decode()
    assert lead_client.get(result_url).status_code == 404


def test_the_phrase_list_answers_at_once(lead_client):
    result = lead_client.post(reverse("safeguarding:try"), {"sentence": LISTED}, follow=True)
    page = result.content.decode()
    assert "Would flag it</strong>: Self-harm or suicide" in page
    assert "kill* myself" in page
    assert not SafeguardingFlag.objects.exists()


def test_bad_input_gets_a_clear_error(lead_client):
    result = lead_client.post(reverse("safeguarding:try"), {"sentence": "   "})
    assert result.status_code == 400
    assert "Type the wording you want to try." in result.content.decode()
    result = lead_client.post(reverse("safeguarding:try"), {"sentence": "x" * 2001})
    assert result.status_code == 400
    assert "2,000 characters or fewer" in result.content.decode()
    assert lead_client.get(reverse("safeguarding:try_result", args=["nope"])).status_code == 404


def test_only_leads_may_try_and_only_their_own_results(client):
    lead = _user("lead", "Safeguarding lead")
    other_lead = _user("other", "Safeguarding lead")
    editor = _user("editor", "Content editor")
    client.force_login(editor)
    assert client.get(reverse("safeguarding:try")).status_code == 403
    assert client.post(reverse("safeguarding:try"), {"sentence": LISTED}).status_code == 403
    client.force_login(lead)
    result_url = client.post(reverse("safeguarding:try"), {"sentence": LISTED})["Location"]
    client.force_login(other_lead)
    assert client.get(result_url).status_code == 404
    assert client.post(result_url + "forget/").status_code == 404
