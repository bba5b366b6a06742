import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from django.contrib.sessions.models import Session
from django.core import mail

from wagtail.models import ModelLogEntry

from tests.support.mfa import give_mfa, totp_code

from .helpers import PASSWORD, links_in_last_email, make_staff, make_user, sign_in

pytestmark = pytest.mark.django_db


def test_staff_without_mfa_is_sent_to_set_it_up(client):
    staff = make_staff()
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/admin/pages/").status_code == 302


def test_user_with_only_admin_access_permission_counts_as_staff(client):
    from django.contrib.auth.models import Group, Permission

    user = make_user(email="coordinator@example.org")
    group = Group.objects.create(name="Coordinators")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)

    assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"


def test_resident_is_not_asked_for_mfa(client):
    client.force_login(make_user())

    response = client.get("/admin/")

    # Wagtail itself refuses a non-staff user; our gate does not send them to MFA setup.
    assert response.status_code == 302
    assert "/2fa/" not in response["Location"]


def test_staff_enrols_totp_on_first_admin_sign_in_then_gets_in(client):
    staff = make_staff()

    response = sign_in(client, staff.email, next_url="/admin/")
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response["Location"] == "/accounts/2fa/totp/activate/"

    # They typed their password a moment ago: they are not asked for it again.
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert page.content.count(b"<h1") == 1
    secret = client.session["mfa.totp.secret"]
    assert secret.encode() in page.content  # the setup key is shown for people who cannot scan

    wrong = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert b"error-summary" in wrong.content
    assert not Authenticator.objects.filter(user=staff).exists()

    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_must_give_the_code_to_sign_in(client):
    staff = make_staff()
    secret = give_mfa(staff)

    response = sign_in(client, staff.email, next_url="/admin/")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    # Password alone is not enough.
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session

    page = client.get("/accounts/2fa/authenticate/")
    assert page.content.count(b"<h1") == 1
    assert b"Enter your security code" in page.content

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_recovery_code_works_once(client):
    staff = make_staff()
    give_mfa(staff)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10

    sign_in(client, staff.email)
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post("/accounts/logout/")
    sign_in(client, staff.email)
    reused = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert reused.status_code == 200
    assert b"error-summary" in reused.content
    assert client.get("/admin/").status_code == 302

    fresh = client.post("/accounts/2fa/authenticate/", {"code": codes[1]})
    assert fresh.status_code == 302


def test_login_rate_limit_stops_password_guessing(client):
    staff = make_staff()

    for _ in range(5):
        response = sign_in(client, staff.email, password="wrong password guess")
        assert response.status_code == 200
        assert b"error-summary" in response.content

    # Even the right password is refused once the limit is reached.
    response = sign_in(client, staff.email)
    assert response.status_code == 200
    assert b"You have tried too many times" in response.content
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_bypass_mfa(client):
    staff = make_staff()
    secret = give_mfa(staff)

    client.post("/accounts/password/reset/", {"email": staff.email})
    reset_link = next(link for link in links_in_last_email() if "/password/reset/key/" in link)
    response = client.get(reset_link)
    assert response.status_code == 302  # allauth moves the key into the session
    new_password = "a brand new long passphrase"
    response = client.post(
        response["Location"], {"password1": new_password, "password2": new_password}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

    response = sign_in(client, staff.email, password=new_password, next_url="/admin/")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert client.get("/admin/").status_code == 200


def test_wagtail_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"

    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/login/")


def test_staff_client_fixture_gets_into_the_admin(staff_client):
    assert staff_client.get("/admin/").status_code == 200


def test_mfa_changes_and_staff_sign_ins_are_logged_without_secrets(client, caplog):
    staff = make_staff()
    secret = give_mfa(staff)
    caplog.set_level("INFO", logger="vru.security")

    sign_in(client, staff.email, password="not the password at all")
    sign_in(client, staff.email)
    code = totp_code(secret)
    client.post("/accounts/2fa/authenticate/", {"code": "999999"})
    client.post("/accounts/2fa/authenticate/", {"code": code})

    messages = [record.getMessage() for record in caplog.records if record.name == "vru.security"]
    assert f"Failed staff sign-in (password): user {staff.pk}" in messages
    assert f"Failed staff sign-in (MFA code): user {staff.pk}" in messages
    assert f"Staff sign-in: user {staff.pk}" in messages
    joined = "\n".join(messages)
    for secret_text in ("not the password", PASSWORD, code, "999999", staff.email):
        assert secret_text not in joined
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(staff.pk)).values_list("action", flat=True)
    )
    assert {"vru.staff_sign_in", "vru.staff_sign_in_failed"} <= actions


def test_role_change_in_admin_is_logged(staff_client, caplog):
    from django.contrib.auth.models import Group

    caplog.set_level("INFO", logger="vru.security")
    editor = make_user(email="new.editor@example.org")
    group = Group.objects.get_or_create(name="Editors")[0]

    response = staff_client.post(
        f"/admin/users/edit/{editor.pk}/",
        {
            "username": editor.username,
            "email": editor.email,
            "first_name": "New",
            "last_name": "Editor",
            "is_active": "on",
            "groups": [group.pk],
        },
    )

    assert response.status_code == 302, response.content[:2000]
    entry = ModelLogEntry.objects.get(object_id=str(editor.pk), action="vru.role_changed")
    assert entry.data["after"]["groups"] == ["Editors"]
    assert any("Roles changed for user" in record.getMessage() for record in caplog.records)


# A real commit: allauth sends its MFA signals from transaction.on_commit inside the request.
@pytest.mark.django_db(transaction=True)
def test_adding_mfa_ends_other_sessions(client):
    from django.test import Client

    staff = make_staff()
    other_device = Client()
    other_device.force_login(staff)
    other_key = other_device.session.session_key
    sign_in(client, staff.email)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/accounts/2fa/totp/activate/")
    client.post(
        "/accounts/2fa/totp/activate/", {"code": totp_code(client.session["mfa.totp.secret"])}
    )

    assert not Session.objects.filter(session_key=other_key).exists()
    assert Session.objects.filter(session_key=client.session.session_key).exists()
    assert ModelLogEntry.objects.filter(object_id=str(staff.pk), action="vru.mfa_changed").exists()
    assert mail.outbox[-1].to == [staff.email]  # allauth tells the person about the change
    # The other device is signed out.
    assert other_device.get("/admin/")["Location"].startswith("/accounts/login/")


def test_staff_sign_in_asks_for_the_password_once_but_later_changes_ask_again(client):
    """The password just typed counts as recent for 5 minutes; after that, changing two-step
    sign-in asks for it again (allauth's reauthentication), and a resident's account changes
    work the same way."""
    staff = make_staff()
    with time_machine.travel("2026-12-01 19:00:00 +0000", tick=False):
        assert sign_in(client, staff.email, next_url="/admin/")["Location"] == "/admin/"
        assert client.get("/admin/")["Location"] == "/accounts/2fa/totp/activate/"
        page = client.get("/accounts/2fa/totp/activate/")
        assert page.status_code == 200
        assert b'name="password"' not in page.content

    with time_machine.travel("2026-12-01 19:06:00 +0000", tick=False):
        later = client.get("/accounts/2fa/totp/activate/")
        assert later["Location"].startswith("/accounts/reauthenticate/")
        again = client.post(later["Location"], {"password": PASSWORD})
        assert again["Location"] == "/accounts/2fa/totp/activate/"
        assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_a_failed_password_is_not_a_recent_sign_in(client):
    staff = make_staff()
    sign_in(client, staff.email, password="not the password at all")
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
