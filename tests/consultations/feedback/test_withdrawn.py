"""A withdrawn response is not counted, quoted or exported, as the respondent was told. Staff
see it only behind the explicit "withdrawn" filter, marked as withdrawn."""

import csv
import io
import json
import re
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from consultations.feedback import services
from consultations.models import ConsultationPage, ExportJob, Quote, Response
from home.models import PriorityArea
from tests.consultations.feedback.factories import make_response

KEPT_TEXT = "Keep the youth club open late"
WITHDRAWN_TEXT = "Withdrawn words about the bus stop"


@pytest.fixture
def resident(db, django_user_model):
    return django_user_model.objects.create_user(username="resident", password="x")


@pytest.fixture
def responses(consultation, resident):
    kept = make_response(consultation, free_text=KEPT_TEXT, safe="Safe")
    withdrawn = make_response(
        consultation,
        free_text=WITHDRAWN_TEXT,
        safe="Unsafe",
        user=resident,
        contact_email="resident@example.org",
    )
    area = PriorityArea.objects.order_by("number").first()
    # Quoted before the respondent changed their mind.
    services.highlight_quote(withdrawn.answers.get(question_id="q-long"), "", area, None)
    services.highlight_quote(kept.answers.get(question_id="q-long"), "", area, None)
    consultation_services.withdraw_response(withdrawn, resident)
    withdrawn.refresh_from_db()
    assert withdrawn.is_withdrawn
    return {"kept": kept, "withdrawn": withdrawn}


def references(html: str) -> set[str]:
    return set(re.findall(r">(R\d{7})<", html))


def body(result) -> bytes:
    return b"".join(result.streaming_content) if result.streaming else result.content


def test_counted_is_the_one_definition(responses):
    assert set(Response.objects.counted()) == {responses["kept"]}
    assert set(Response.objects.withdrawn()) == {responses["withdrawn"]}
    assert {quote.answer.response for quote in Quote.objects.visible()} == {responses["kept"]}


def test_listing_leaves_withdrawn_out_by_default(moderator_client, responses):
    html = moderator_client.get(reverse("feedback:responses")).content.decode()
    assert references(html) == {responses["kept"].reference}
    assert "<strong>1</strong> response found" in html
    assert (
        "Withdrawn"
        not in re.sub(r"<form.*?</form>", "", html, flags=re.S).split("response found")[1]
    )


def test_withdrawn_filter_shows_them_marked_and_not_exportable(moderator_client, responses):
    html = moderator_client.get(reverse("feedback:responses"), {"withdrawn": "on"}).content
    html = html.decode()
    assert references(html) == {responses["withdrawn"].reference}
    assert 'feedback-status--withdrawn">Withdrawn by the respondent' in html
    assert "Withdrawn responses are never exported" in html
    assert reverse("feedback:export", args=["responses", "csv"]) not in html


def test_detail_marks_a_withdrawn_response_and_offers_no_quote(moderator_client, responses):
    html = moderator_client.get(
        reverse("feedback:response", args=[responses["withdrawn"].pk])
    ).content.decode()
    assert "withdrawn by the respondent" in html.lower()
    assert "It is not counted, quoted or exported" in html
    assert "Passage to quote" not in html
    kept = moderator_client.get(reverse("feedback:response", args=[responses["kept"].pk]))
    assert "Passage to quote" in kept.content.decode()


def test_quoting_a_withdrawn_answer_is_refused(moderator_client, responses):
    answer = responses["withdrawn"].answers.get(question_id="q-long")
    before = Quote.objects.count()
    result = moderator_client.post(
        reverse("feedback:add_quote", args=[answer.pk]), {"text": ""}, follow=True
    )
    assert result.status_code == 200
    assert Quote.objects.count() == before
    assert "withdrawn" in result.content.decode().lower()


def test_coding_queue_counts_and_shows_only_counted_answers(moderator_client, responses):
    consultation = responses["kept"].consultation
    index = moderator_client.get(reverse("feedback:queue_index")).content.decode()
    assert "0 of 1" in index
    url = reverse("feedback:queue", args=[consultation.pk, "q-long"])
    html = moderator_client.get(url).content.decode()
    assert "Coded 0 of 1" in html
    assert KEPT_TEXT in html
    assert WITHDRAWN_TEXT not in html
    withdrawn_answer = responses["withdrawn"].answers.get(question_id="q-long")
    result = moderator_client.post(url, {"answer": withdrawn_answer.pk, "tags": "bus"})
    assert result.status_code == 404
    assert not withdrawn_answer.tags.exists()


@pytest.mark.parametrize("filtered", [False, True])
def test_dashboard_and_report_leave_withdrawn_out(moderator_client, responses, filtered):
    consultation = responses["kept"].consultation
    query = {"age_band": "16_17"} if filtered else {}
    for name in ("dashboard", "report"):
        html = moderator_client.get(
            reverse(f"feedback:{name}", args=[consultation.pk]), query
        ).content.decode()
        assert "<strong>1</strong> response counted" in html, name
        assert KEPT_TEXT in html, name  # its quote
        assert WITHDRAWN_TEXT not in html, name
        assert '<th scope="row">Unsafe</th>' not in html, name
    overall = moderator_client.get(reverse("feedback:dashboard"), query).content.decode()
    assert "<strong>1</strong> response counted" in overall
    assert WITHDRAWN_TEXT not in overall


def _rows(result, file_format):
    data = body(result)
    if file_format == "csv":
        return list(csv.DictReader(io.StringIO(data.decode())))
    if file_format == "json":
        return json.loads(data)
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.mark.parametrize("kind", ["responses", "answers"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("unredacted", [False, True])
def test_exports_leave_withdrawn_out(manager_client, responses, kind, file_format, unredacted):
    url = reverse("feedback:export", args=[kind, file_format])
    result = manager_client.get(url + ("?unredacted=1" if unredacted else ""))
    assert result.status_code == 200
    rows = _rows(result, file_format)
    assert {row["reference"] for row in rows} == {responses["kept"].reference}
    everything = json.dumps(rows, default=str)
    assert KEPT_TEXT in everything
    assert WITHDRAWN_TEXT not in everything


def test_hidden_status_export_still_leaves_withdrawn_out(manager_client, responses, resident):
    services.set_moderation_status([responses["withdrawn"]], "hidden", None)
    url = reverse("feedback:export", args=["responses", "csv"])
    rows = _rows(manager_client.get(url + "?status=hidden"), "csv")
    assert rows == []


def test_asking_to_export_withdrawn_responses_is_refused(moderator_client, responses):
    url = reverse("feedback:export", args=["responses", "csv"]) + "?withdrawn=on"
    result = moderator_client.get(url)
    assert result.status_code == 400
    assert b"Withdrawn responses are never exported" in result.content
    assert moderator_client.post(url).status_code == 400
    assert not ExportJob.objects.exists()


def test_background_exports_leave_withdrawn_out(moderator_client, responses, settings, tmp_path):
    settings.PRIVATE_EXPORT_ROOT = tmp_path / "private-exports"
    settings.FEEDBACK_EXPORT_BACKGROUND_ROWS = 1
    url = reverse("feedback:export", args=["answers", "csv"])
    confirm = moderator_client.get(url).content.decode()
    assert "<strong>3</strong> rows" in confirm  # the kept response's three answers
    assert moderator_client.post(url).status_code == 302
    job = ExportJob.objects.get()
    assert job.status == ExportJob.Status.DONE and job.row_count == 3
    download = moderator_client.get(reverse("feedback:export_download", args=[job.pk]))
    text = body(download).decode()
    assert responses["kept"].reference in text
    assert responses["withdrawn"].reference not in text
    assert WITHDRAWN_TEXT not in text


def test_you_said_we_did_does_not_email_withdrawn_respondents(responses):
    consultation = ConsultationPage.objects.get(pk=responses["kept"].consultation_id)
    Response.objects.filter(pk=responses["kept"].pk).update(contact_email="kept@example.org")
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.results_what_we_will_do = "<p>We will keep the club open.</p>"
    consultation.save_revision().publish()
    assert consultation_services.publish_results(ConsultationPage.objects.get(pk=consultation.pk))
    assert [message.to for message in mail.outbox] == [["kept@example.org"]]
