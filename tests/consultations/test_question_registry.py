"""Each question block owns how its answer is stored, shown, exported and counted, and whether it
holds someone's own words (decision 0019). One table below says what every registered type
does; a type added without a row here fails the first test, so nothing is left to a default
by accident. "Other, please say" text is own words everywhere: screening, redaction, the
coding queue, the dashboard's counts and the free-text index."""

import pytest

from django.db import connection

from consultations.blocks import (
    CLOSED_TYPES,
    MULTIPLE_CHOICE_TYPES,
    OTHER_CHOICE,
    OWN_WORDS_TYPES,
    QUESTION_BLOCKS,
    SINGLE_CHOICE_TYPES,
    SUMMARISED_TYPES,
    question_block,
)
from consultations.feedback.exports import _answer_value
from consultations.models import Answer

EMAIL = "me@example.com"

# type: (cleaned value, other text, stored columns, display, export, redacted export,
#        holds own words, counted as: one, several, ranked, number, words or None)
EXPECTED = {
    "short_text": (
        f" Mail {EMAIL} ",
        "",
        {"value_text": f"Mail {EMAIL}"},
        f"Mail {EMAIL}",
        f"Mail {EMAIL}",
        "Mail [email]",
        True,
        "words",
    ),
    "long_text": (
        "More clubs",
        "",
        {"value_text": "More clubs"},
        "More clubs",
        "More clubs",
        "More clubs",
        True,
        "words",
    ),
    "single_choice": (
        "Safe",
        "",
        {"value_choices": ["Safe"], "value_text": "Safe"},
        "Safe",
        "Safe",
        "Safe",
        False,
        "one",
    ),
    "multiple_choice": (
        ["Park", OTHER_CHOICE],
        f" Ask {EMAIL} ",
        {"value_choices": ["Park", "Other"], "value_text": f"Ask {EMAIL}"},
        f"Park, Other, Ask {EMAIL}",
        f"Park, Other, Ask {EMAIL}",
        "Park, Other, Ask [email]",
        True,
        "several",
    ),
    "agreement_scale": (
        "Agree",
        "",
        {"value_choices": ["Agree"], "value_text": "Agree"},
        "Agree",
        "Agree",
        "Agree",
        False,
        "one",
    ),
    "yes_no": (
        "Yes",
        "",
        {"value_choices": ["Yes"], "value_text": "Yes"},
        "Yes",
        "Yes",
        "Yes",
        False,
        "one",
    ),
    "number": (12, "", {"value_number": 12}, "12", 12, 12, False, "number"),
    "ranking": (
        ["Clubs", "Lights"],
        "",
        {"value_choices": ["Clubs", "Lights"]},
        "1. Clubs, 2. Lights",
        "1. Clubs, 2. Lights",
        "1. Clubs, 2. Lights",
        False,
        "ranked",
    ),
    "age_band": (
        "16_17",
        "",
        {"value_choices": ["16 or 17"], "value_text": "16 or 17"},
        "16 or 17",
        "16 or 17",
        "16 or 17",
        False,
        "one",
    ),
    "borough": (
        "Hackney",
        "",
        {"value_choices": ["Hackney"], "value_text": "Hackney"},
        "Hackney",
        "Hackney",
        "Hackney",
        False,
        "one",
    ),
    "network": (
        ["Hackney YPAG", "Parents"],
        "",
        {"value_choices": ["Hackney YPAG", "Parents"]},
        "Hackney YPAG, Parents",
        "Hackney YPAG, Parents",
        "Hackney YPAG, Parents",
        False,
        "several",
    ),
    "equality": (
        "Non-binary",
        "",
        {"value_choices": ["Non-binary"], "value_text": "Non-binary"},
        "Non-binary",
        "Non-binary",
        "Non-binary",
        False,
        "one",
    ),
}


def test_every_registered_question_type_has_a_row_here():
    assert set(QUESTION_BLOCKS) == set(EXPECTED)


@pytest.mark.parametrize("question_type", sorted(EXPECTED))
def test_each_type_stores_shows_exports_and_counts_its_answer(question_type):
    value, other, stored, shown, exported, redacted, own_words, counted_as = EXPECTED[question_type]
    block = question_block(question_type)
    assert block.question_type == question_type
    assert block.stored_fields(value, other) == stored
    # Read back from the stored columns only, as old snapshots are.
    columns = (
        stored.get("value_text", ""),
        stored.get("value_choices", []),
        stored.get("value_number"),
    )
    answer = Answer(question_type=question_type, **stored)
    assert answer.display_value == shown
    assert block.display(*columns) == shown
    assert _answer_value(question_type, *columns, redacted=False) == exported
    assert _answer_value(question_type, *columns, redacted=True) == redacted
    assert block.holds_own_words is own_words
    assert (question_type in OWN_WORDS_TYPES) is own_words
    assert block.counted_as == counted_as
    assert (question_type in SINGLE_CHOICE_TYPES) is (counted_as == "one")
    assert (question_type in MULTIPLE_CHOICE_TYPES) is (counted_as == "several")
    assert (question_type in CLOSED_TYPES) is (counted_as in ("one", "several"))
    assert (question_type in SUMMARISED_TYPES) is (counted_as is not None)
    # What screening reads: the words typed, and nothing for a closed choice.
    typed = block.own_words(value, other)
    assert typed == (stored.get("value_text", "") if own_words else "")


def test_an_unknown_stored_type_is_shown_and_its_text_redacted_in_exports():
    columns = (f"Write to {EMAIL}", [], None)
    assert Answer(question_type="retired_type", value_text=columns[0]).display_value == columns[0]
    assert _answer_value("retired_type", *columns, redacted=True) == "Write to [email]"


def test_the_free_text_index_covers_every_own_words_type(db):
    if connection.vendor != "postgresql":
        pytest.skip("partial indexes are checked on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'answer_free_text'")
        (definition,) = cursor.fetchone()
    for question_type in OWN_WORDS_TYPES:
        assert f"'{question_type}'" in definition
    assert "'single_choice'" not in definition


CHECK_ANSWERS = {
    "short_text": ("Hackney", "", "Hackney"),
    "long_text": ("More clubs", "", "More clubs"),
    "single_choice": ("Safe", "", "Safe"),
    "multiple_choice": (["Park", OTHER_CHOICE], "Library", "Park, Library"),
    "agreement_scale": ("Agree", "", "Agree"),
    "yes_no": ("No", "", "No"),
    "number": (0, "", "0"),
    "ranking": (
        ["B", "<A>"],
        "",
        "<ol class='list list--number'><li>B</li><li>&lt;A&gt;</li></ol>",
    ),
    "age_band": ("60_plus", "", "60 or over"),
    "borough": ("Hackney", "", "Hackney"),
    "network": (["Hackney YPAG", "Parents"], "", "Hackney YPAG, Parents"),
    "equality": ("Prefer not to say", "", "Prefer not to say"),
}


def test_every_registered_question_type_has_a_check_answers_row():
    assert set(QUESTION_BLOCKS) == set(CHECK_ANSWERS)


@pytest.mark.parametrize("question_type", sorted(CHECK_ANSWERS))
def test_each_type_shows_its_answer_on_the_check_answers_page(question_type):
    value, other, shown = CHECK_ANSWERS[question_type]
    block = question_block(question_type)
    assert str(block.check_answer({}, value, other)) == shown
    assert block.check_answer({}, [] if isinstance(value, list) else "", other) == ""


def test_about_you_answers_are_kept_for_the_response():
    assert question_block("age_band").about_you("18_25") == {"age_band": "18_25"}
    assert question_block("age_band").about_you("99") == {}
    assert question_block("network").about_you(["Parents"]) == {"network_names": ["Parents"]}
    assert question_block("borough").about_you("Hackney") == {"borough_name": "Hackney"}
    assert question_block("borough").about_you("") == {}
    for question_type in set(QUESTION_BLOCKS) - {"age_band", "borough", "network"}:
        assert question_block(question_type).about_you("anything") == {}
