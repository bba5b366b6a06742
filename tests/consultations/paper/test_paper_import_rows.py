"""An import with bad rows reports every bad row by its line, with the online form's own
message, and stores nothing (decision 0032)."""

import pytest

from consultations.models import Response

from .importing import csv_upload, problems, upload

BAD_ROWS = [
    ({"How old are you?": "12"}, "'How old are you?' — '12' was not accepted. Choose one"),
    ({"Name of your area": ""}, "'Name of your area' —"),
    ({"How safe?": "Maybe"}, "'How safe?' — 'Maybe' was not accepted"),
    ({"Where do you go?: Park": "yes"}, "'yes' in 'Park' must be 1 (chosen) or 0"),
    ({"Where do you go?: Other, please say": ""}, "Tell us what 'Other' means for you"),
    ({"Order these: rank 1": "Shops"}, "'Shops' in 'rank 1' is not one of the options"),
    ({"Order these: rank 3": ""}, "Give every option a position"),
    ({"Order these: rank 3": "Clubs"}, "'Clubs' is at more than one rank"),
    ({"Minutes to walk": "90"}, "'Minutes to walk' — '90' was not accepted"),
    ({"Minutes to walk": "ten"}, "'Minutes to walk' — 'ten' was not accepted"),
    ({"Name of your area": "x" * 21}, "'Name of your area'"),
    ({"Your borough": "Paris"}, "'Your borough' — 'Paris' was not accepted"),
    ({"source": "email"}, "'source' — 'email' must be paper or workshop"),
]


@pytest.mark.parametrize(("bad", "said"), BAD_ROWS)
def test_each_kind_of_bad_row_is_reported_with_its_line(moderator_client, consultation, bad, said):
    checked = upload(moderator_client, consultation, csv_upload(consultation, [{}, bad, {}]))
    assert checked.status_code == 400
    found = problems(checked)
    assert found and all(problem.startswith("Row 3: ") for problem in found), found
    assert any(said in problem for problem in found), found
    assert "Nothing was saved" in checked.content.decode()
    assert not Response.objects.exists()


def test_every_bad_row_is_reported_and_nothing_stored(moderator_client, consultation):
    rows = [{}, *(bad for bad, _said in BAD_ROWS), {}]
    checked = upload(moderator_client, consultation, csv_upload(consultation, rows))
    assert checked.status_code == 400
    lines = {problem.split(":")[0] for problem in problems(checked)}
    assert lines == {f"Row {line}" for line in range(3, 3 + len(BAD_ROWS))}
    page = checked.content.decode()
    assert "Row 3: &#x27;How old are you?&#x27;" in page
    assert not Response.objects.exists()
    # Nothing is waiting to be confirmed either.
    assert moderator_client.session.get(f"feedback:paper_import:{consultation.pk}") is None


def test_a_skipped_question_is_not_required(moderator_client, make_consultation):
    from tests.consultations.conftest import FULL_SURVEY

    # "Unsafe" skips to the end: the questions after step 1 are not asked, so not needed.
    survey = [dict(block) for block in FULL_SURVEY]
    survey[3] = {
        **survey[3],
        "value": {**survey[3]["value"], "routes": [{"answer": "Unsafe", "go_to_step": None}]},
    }
    page = make_consultation(slug="routed", survey=survey)
    empty_later = dict.fromkeys(("Enough places?", "Trusted adult?", "Minutes to walk"), "")
    empty_later |= {f"Order these: rank {n}": "" for n in (1, 2, 3)}
    empty_later |= {"How old are you?": "", "Your borough": "", "What is your gender?": ""}
    checked = upload(
        moderator_client, page, csv_upload(page, [{"How safe?": "Unsafe", **empty_later}])
    )
    assert checked.status_code == 200, problems(checked)
    assert problems(upload(moderator_client, page, csv_upload(page, [empty_later])))


def test_wrong_headings_are_row_one(moderator_client, consultation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("x.csv", b"source,name\npaper,Sam\n")
    checked = upload(moderator_client, consultation, file)
    assert problems(checked)[0].startswith("Row 1: the column headings do not match")


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        ("responses.txt", b"hello", "must be a CSV or an XLSX"),
        ("responses.csv", "\xff\xfe".encode("latin-1") + b"\x00\x81", "CSV UTF-8"),
        ("responses.xlsx", b"not a zip", "not an XLSX file"),
        ("responses.csv", b"", "empty"),
    ],
)
def test_unreadable_files_are_refused(moderator_client, consultation, name, content, said):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = upload(moderator_client, consultation, SimpleUploadedFile(name, content))
    assert response.status_code in (200, 400)
    assert said in response.content.decode()
    assert not Response.objects.exists()


def test_too_big_a_file_is_refused(moderator_client, consultation, monkeypatch):
    monkeypatch.setattr("consultations.feedback.paper_import.MAX_FILE_BYTES", 100)
    response = upload(moderator_client, consultation, csv_upload(consultation, [{}, {}]))
    assert response.status_code == 400
    assert "bigger than 5 MB" in response.content.decode()
