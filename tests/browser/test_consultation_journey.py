"""A young person answers the demo consultation 'What would make your area feel safer?':
once using only the keyboard (with axe on every page), and once with JavaScript switched off."""

import pytest

from consultations.models import ConsultationPage, Response
from tests.support.a11y import assert_accessible, assert_valid_html
from tests.support.keyboard import choose_radio, press_button, tab_to, tick, type_into

pytestmark = pytest.mark.browser

SLUG = "what-would-make-your-area-feel-safer"


@pytest.fixture
def consultation_url(demo_site, site_url, monkeypatch):
    from consultations import demo

    demo.seed()  # seed_demo runs it already; harmless when it has
    # A keyboard journey is quick; the minimum-time check has its own tests.
    monkeypatch.setattr("consultations.views.MIN_SECONDS_TO_COMPLETE", 0)
    return site_url + ConsultationPage.objects.get(slug=SLUG).url


def test_keyboard_only_journey_is_accessible(page, consultation_url):
    page.goto(consultation_url)
    assert page.locator("h1").count() == 1
    assert page.locator(".quick-exit a[href='https://www.bbc.co.uk/weather']").count() == 1
    assert_accessible(page, context="consultation start page")
    documents = [("start", page.content())]

    tab_to(page, "a:has-text('Start now')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Step 1 of 3" in page.content()
    assert_accessible(page, context="step 1")
    documents.append(("step 1", page.content()))

    press_button(page, "Save and continue")  # nothing answered yet
    assert page.title().startswith("Error: ")
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, context="step 1 with errors")
    documents.append(("step 1 with errors", page.content()))

    choose_radio(page, "demo-safer-feel-safe", 2)
    tick(page, "demo-safer-places", "Park")
    tick(page, "demo-safer-places", "__other__")
    type_into(page, "input[name='demo-safer-places-other']", "The library")
    choose_radio(page, "demo-safer-enough-places", 3)
    choose_radio(page, "demo-safer-more", 0)  # yes: not the route to "About you"
    press_button(page, "Save and continue")
    assert "Step 2 of 3" in page.content()
    assert_accessible(page, context="step 2")
    documents.append(("step 2", page.content()))

    type_into(page, "textarea", "Better lighting near the bus station.")
    for index in range(5):
        tab_to(page, f"select[name='demo-safer-ranking_{index}']")
        page.keyboard.type(str(index + 1))
    choose_radio(page, "demo-safer-trusted-adult", 0)
    type_into(page, "input[name='demo-safer-minutes']", "10")
    press_button(page, "Save and continue")
    assert "Step 3 of 3" in page.content()
    assert_accessible(page, context="step 3")
    documents.append(("step 3", page.content()))

    choose_radio(page, "demo-safer-age", 2)
    tab_to(page, "select[name='demo-safer-borough']")
    page.keyboard.type("Croydon")
    press_button(page, "Continue to check your answers")
    assert page.locator("h1").inner_text() == "Check your answers before sending them"
    assert "The library" in page.content()
    assert_accessible(page, context="check your answers")
    documents.append(("check answers", page.content()))

    press_button(page, "Send my answers")
    assert page.locator("h1").inner_text() == "Your answers have been sent"
    response = Response.objects.get(consultation__slug=SLUG)
    assert response.reference in page.content()
    assert response.borough.name == "Croydon"
    assert response.answers.get(question_id="demo-safer-ranking").value_choices
    assert_accessible(page, context="confirmation")
    documents.append(("confirmation", page.content()))
    assert_valid_html(documents, context="consultation journey")


def test_journey_without_javascript(no_js_page, consultation_url):
    page = no_js_page
    page.goto(consultation_url)
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Not very safe").check()
    page.get_by_label("Youth club").check()
    page.get_by_label("Disagree", exact=True).check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()
    assert "Step 2 of 3" in page.content()

    page.get_by_label("What would make your area feel safer?").fill("More youth workers.")
    for index in range(5):
        page.locator(f"select[name='demo-safer-ranking_{index}']").select_option(str(5 - index))
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Save and continue").click()

    # Go back with the back link and change an answer; it is kept.
    page.get_by_role("link", name="Back").click()
    assert page.locator("textarea").input_value() == "More youth workers."
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_label("18 to 25").check()
    page.locator("select[name='demo-safer-borough']").select_option("Hackney")
    page.get_by_role("button", name="Continue to check your answers").click()
    page.get_by_label("Email me when the results are published").check()
    page.get_by_label("Email address").fill("someone@example.org")
    page.get_by_role("button", name="Send my answers").click()
    assert page.locator("h1").inner_text() == "Your answers have been sent"

    page.reload()  # a refresh never sends the answers twice
    response = Response.objects.get(consultation__slug=SLUG)
    assert response.contact_email == "someone@example.org"
    assert (
        response.answers.get(question_id="demo-safer-ranking").value_choices[0]
        == (response.answers.get(question_id="demo-safer-ranking").question_options[4])
    )
