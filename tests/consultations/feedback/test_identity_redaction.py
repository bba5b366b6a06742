"""Exports and quotes now take out names and schools too (language.redaction)."""

import csv
import io

from django.urls import reverse

from consultations.models import Quote
from home.models import PriorityArea
from tests.consultations.feedback.factories import make_response

ANSWER = "My son Tayo goes to Kingsdale Foundation School and gets robbed on Rye Lane"
REDACTED = "My son [name] goes to [school] and gets robbed on Rye Lane"


def test_a_redacted_export_takes_out_a_name_and_a_school(moderator_client, consultation):
    response = make_response(consultation, free_text=ANSWER)
    result = moderator_client.get(reverse("feedback:export", args=["responses", "csv"]))
    assert result.status_code == 200
    body = b"".join(result.streaming_content).decode()
    assert "Tayo" not in body and "Kingsdale" not in body
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(body))}
    assert rows[response.reference]["What would help?"] == REDACTED


def test_a_highlighted_quote_is_shown_without_the_name_and_school(moderator_client, consultation):
    response = make_response(consultation, free_text=ANSWER)
    answer = response.answers.get(question_id="q-long")
    area = PriorityArea.objects.order_by("number").first()
    result = moderator_client.post(
        reverse("feedback:add_quote", args=[answer.pk]), {"text": "", "priority_area": area.pk}
    )
    assert result.status_code == 302
    assert Quote.objects.get().text == ANSWER  # stored as the analyst chose it
    page = moderator_client.get(reverse("feedback:response", args=[response.pk])).content.decode()
    quote_part = page.split("Quote for reports")[1]
    assert "Tayo" not in quote_part and "Kingsdale" not in quote_part
    assert REDACTED in quote_part
