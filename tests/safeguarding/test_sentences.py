"""The semantic stage screens each sentence of a long answer as well as the whole answer."""

import pytest

from home.models import SupportService
from language.models import TextVector
from safeguarding import semantic, services, tasks
from safeguarding.models import PendingScreening, SafeguardingFlag
from safeguarding.screening import screen_text
from safeguarding.sentences import MAX_UNITS, split_sentences
from tests.support.language import language_model, shipped_classifier  # noqa: F401

pytestmark = pytest.mark.django_db

# An ordinary answer with a disclosure only in its last sentence (written for this test).
HIDDEN = (
    "The youth club on Fridays is brilliant and the staff really listen to us. More trips "
    "would be good, and maybe a cooking night once a month. My stepdad locks me out of the "
    "house when he has been drinking and I sleep in the stairwell till he lets me back in."
)
ORDINARY = (
    "The youth club on Fridays is brilliant and the staff really listen to us. More trips "
    "would be good, and maybe a cooking night once a month. Also the tuck shop should sell "
    "fruit and not just crisps."
)


def test_one_sentence_is_not_split():
    assert split_sentences("More youth clubs please") == []
    assert split_sentences("") == []


def test_sentences_split_on_full_stops_questions_and_line_breaks():
    text = "We need more lights on the estate. Why is the park shut?\nI want a boxing gym here"
    assert split_sentences(text) == [
        "We need more lights on the estate.",
        "Why is the park shut?",
        "I want a boxing gym here",
    ]


def test_a_short_piece_joins_its_neighbour_so_sign_offs_are_not_judged_alone():
    assert split_sentences("Thanks. The park needs better lighting at night. Bye.") == []
    assert split_sentences("Ok. The park needs lights. The bus is always late too.") == [
        "Ok. The park needs lights.",
        "The bus is always late too.",
    ]


def test_a_very_long_answer_is_capped():
    text = " ".join(f"This is sentence number {n} of many." for n in range(40))
    units = split_sentences(text)
    assert len(units) == MAX_UNITS
    assert " ".join(units).split() == text.split()  # nothing dropped


def test_a_disclosure_in_the_last_sentence_of_a_long_answer_is_flagged(
    shipped_classifier,  # noqa: F811
):
    assert not screen_text(HIDDEN)  # the phrase list does not see it
    hidden, ordinary = semantic.classify_texts([HIDDEN, ORDINARY])
    assert hidden.flag
    assert not ordinary.flag
    assert hidden.confidence >= semantic.classify_texts([HIDDEN], sentences=False)[0].confidence


def test_the_worker_path_flags_a_hidden_disclosure_and_stores_the_whole_answers_vector(
    shipped_classifier,  # noqa: F811
):
    source = SupportService.objects.create(name="Test source", description="stand-in")
    services.screen_and_flag(source, {"Anything else?": HIDDEN}, source_label="Response S1")
    assert tasks.process_pending(PendingScreening.objects.get().pk)
    flag = SafeguardingFlag.objects.get()
    assert flag.stage == SafeguardingFlag.Stage.SEMANTIC
    # One stored vector per answer (the whole answer's); sentence vectors are never stored.
    assert TextVector.objects.count() == 1
