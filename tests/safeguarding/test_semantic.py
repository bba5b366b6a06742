"""The semantic stage of safeguarding screening: merging with phrase flags, the sweep after a
worker outage, the screen and train_screening commands, and the lead's finding."""

import csv
import io
import sys

import pytest

from django.core.management import call_command
from django.urls import reverse

from home.models import OutboundEmail, SupportService
from home.scheduling import registered_jobs
from language.models import TextVector
from safeguarding import semantic, services, tasks
from safeguarding.models import PendingScreening, SafeguardingFlag, ScreeningClassifier
from safeguarding.screening import screen_text
from tests.support.language import language_model, shipped_classifier  # noqa: F401

pytestmark = pytest.mark.django_db

# Disclosures the phrase list misses (checked in each test that relies on it).
GROOMING = "a guy from fortnite sends me gift cards and says i should keep our chats secret"
GOODBYE = "im giving away my xbox and my trainers, i wont need them after friday"
BENIGN = "The community centre needs a new roof and longer opening hours"


def submit(source, text, label="Your answer"):
    return services.screen_and_flag(
        source, {label: text, "Anything else?": ""}, source_label="Consultation response XYZ"
    )


def alerts():
    return OutboundEmail.objects.filter(purpose=services.ALERT_PURPOSE).count()


def test_a_phrase_flag_gets_the_semantic_finding_added_not_a_second_flag(
    source,
    lead,
    shipped_classifier,  # noqa: F811
):
    text = "i want to kill myself, i have a plan for tonight"
    flag = submit(source, text)
    assert flag.stage == SafeguardingFlag.Stage.PHRASE
    assert flag.semantic_confidence is None
    assert alerts() == 1

    assert tasks.sweep() == 1

    assert SafeguardingFlag.objects.count() == 1
    flag.refresh_from_db()
    assert flag.stage == SafeguardingFlag.Stage.BOTH
    assert flag.semantic_confidence > 0.5
    assert flag.flagged_texts[0]["phrases"]  # the phrase match is kept
    assert flag.flagged_texts[0]["semantic_confidence"] > 0.5
    assert "self-harm-suicide" in flag.categories.values_list("slug", flat=True)
    assert alerts() == 1  # the lead was already told


def test_the_sweep_screens_answers_left_while_the_worker_was_down(
    source,
    lead,
    shipped_classifier,  # noqa: F811
):
    assert "safeguarding.sweep_semantic_screening" in {job.name for job in registered_jobs()}
    other = SupportService.objects.create(name="Second source", description="stand-in")
    for text in (GROOMING, GOODBYE):
        assert screen_text(text) == []
    # The worker is down: submissions commit their pending answers and nothing else.
    assert submit(source, GROOMING) is None
    assert submit(other, GOODBYE) is None
    assert submit(SupportService.objects.create(name="Third", description="x"), BENIGN) is None
    assert PendingScreening.objects.count() == 3
    assert not SafeguardingFlag.objects.exists()

    # The scheduler's sweep job, run by a worker that is back.
    tasks.sweep_semantic_screening.enqueue()

    assert not PendingScreening.objects.exists()
    flags = {flag.object_id: flag for flag in SafeguardingFlag.objects.all()}
    assert set(flags) == {str(source.pk), str(other.pk)}
    assert all(flag.stage == SafeguardingFlag.Stage.SEMANTIC for flag in flags.values())
    assert "sexual-exploitation" in flags[str(source.pk)].categories.values_list("slug", flat=True)
    assert alerts() == 2
    # Every non-empty answer has its vector for the current model, flagged or not.
    assert TextVector.objects.count() == 3
    assert tasks.sweep() == 0  # nothing left; running it again is harmless


def test_an_ordinary_answer_gets_a_vector_and_no_flag(source, shipped_classifier):  # noqa: F811
    submit(source, BENIGN)
    assert tasks.process_pending(PendingScreening.objects.get().pk)
    assert not SafeguardingFlag.objects.exists()
    assert TextVector.objects.get().key == "Your answer"


def test_screen_command_prints_a_line_per_answer_and_stores_nothing(
    monkeypatch,
    capsys,
    shipped_classifier,  # noqa: F811
):
    lines = [GROOMING, "i want to kill myself", BENIGN, ""]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    call_command("screen")
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 4
    verdict, categories, stage, confidence = out[0].split(" ")
    assert (verdict, stage) == ("flag", "semantic")
    assert "sexual-exploitation" in categories.split(",")
    assert 0.5 < float(confidence) <= 1
    assert out[1].startswith("flag self-harm-suicide") and out[1].split(" ")[2] == "both"
    assert out[2:] == ["ok", "ok"]
    assert not TextVector.objects.exists()
    assert not PendingScreening.objects.exists()
    assert not SafeguardingFlag.objects.exists()


def write_examples(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "expected_flag", "expected_category", "notes"])
        writer.writerows(rows)
    return path


def small_sets(tmp_path, count=40):
    examples = semantic.load_examples(semantic.TRAINING_EXAMPLES)
    dev = semantic.load_examples(semantic.DEV_EXAMPLES)
    pick = examples[:count] + examples[-count:]  # both positives and negatives

    def rows(items, flip=False):
        return [
            (
                e.text,
                "yes" if e.expected_flag != flip else "no",
                ";".join(sorted(e.expected_categories)) if e.expected_flag != flip else "",
                "",
            )
            for e in items
        ]

    return pick, dev[:20] + dev[-20:], rows


def test_train_screening_refuses_a_classifier_that_does_worse(
    tmp_path,
    capsys,
    shipped_classifier,  # noqa: F811
):
    pick, dev, rows = small_sets(tmp_path)
    # Labels turned upside down: a classifier that has learnt the wrong thing.
    bad = write_examples(tmp_path / "bad.csv", rows(pick, flip=True))
    dev_file = write_examples(tmp_path / "dev.csv", rows(dev))

    call_command("train_screening", "--examples", str(bad), "--dev", str(dev_file))

    out = capsys.readouterr().out
    assert "Not activated: lower recall on the held-back examples" in out
    assert ScreeningClassifier.objects.get(is_active=True) == shipped_classifier
    refused = ScreeningClassifier.objects.exclude(pk=shipped_classifier.pk).get()
    assert not refused.is_active
    assert refused.dev_recall < 0.5


def test_train_screening_learns_from_lead_outcomes_and_activates_when_no_worse(
    tmp_path,
    capsys,
    lead,
    language_model,  # noqa: F811
):
    pick, dev, rows = small_sets(tmp_path)
    examples = write_examples(tmp_path / "examples.csv", rows(pick))
    dev_file = write_examples(tmp_path / "dev.csv", rows(dev))
    source = SupportService.objects.create(name="Source", description="x")
    concern = services.flag_by_hand(
        source,
        {"Answer": GOODBYE},
        source_label="Consultation response A",
        user=lead,
        category_ids=[1],
    )
    not_a_concern = submit(source, "this session was killer, i want to die laughing")
    services.close(not_a_concern.pk, lead, outcome="Figure of speech", finding="not_a_concern")
    labelled = semantic.lead_examples()
    assert {(e.text, e.expected_flag) for e in labelled} == {
        (GOODBYE, True),
        ("this session was killer, i want to die laughing", False),
    }
    assert concern.stage == SafeguardingFlag.Stage.HAND

    call_command("train_screening", "--examples", str(examples), "--dev", str(dev_file))

    out = capsys.readouterr().out
    assert "on 80 examples and 2 lead outcomes" in out
    assert "Held-back examples (40): precision" in out
    assert "Activated" in out
    active = ScreeningClassifier.objects.get(is_active=True)
    assert active.lead_examples == 2


def test_the_lead_records_the_finding_and_sees_stage_and_confidence(
    client,
    source,
    lead,
    shipped_classifier,  # noqa: F811
):
    submit(source, GOODBYE)
    tasks.sweep()
    flag = SafeguardingFlag.objects.get()
    client.force_login(lead)

    queue = client.get(reverse("safeguarding:queue")).content.decode()
    assert "Meaning (classifier)" in queue
    assert f"{flag.confidence_percent}% confident" in queue
    assert GOODBYE not in queue  # the list never shows answer text
    detail = client.get(reverse("safeguarding:detail", args=[flag.pk])).content.decode()
    assert "Raised by" in detail and "Meaning (classifier)" in detail
    # The choice is a group with its question as the legend (not a bare label).
    assert '<legend class="w-field__label">Was this a safeguarding concern?</legend>' in detail

    response = client.post(
        reverse("safeguarding:close", args=[flag.pk]),
        {"outcome": "Spoke to school, child safe", "finding": "not_a_concern"},
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.finding == SafeguardingFlag.Finding.NOT_A_CONCERN
    bad = client.post(
        reverse("safeguarding:reopen", args=[flag.pk]),
    )
    assert bad.status_code == 302
    response = client.post(
        reverse("safeguarding:close", args=[flag.pk]),
        {"outcome": "Again", "finding": "maybe"},
    )
    assert response.status_code == 400  # a clear error, not a 500
    assert "Select a valid choice" in response.content.decode()


def test_the_scheduled_retrain_is_cheap_when_nothing_is_new():
    assert not ScreeningClassifier.objects.exists()
    assert tasks.retrain_if_new_outcomes() is False  # installs the shipped one, trains nothing
    assert ScreeningClassifier.objects.get(is_active=True).notes.startswith("shipped")


def test_the_training_and_held_back_examples_are_big_disjoint_and_cover_every_category():
    from safeguarding.models import SafeguardingCategory

    training = semantic.load_examples(semantic.TRAINING_EXAMPLES)
    dev = semantic.load_examples(semantic.DEV_EXAMPLES)
    assert len(training) >= 300 and len(dev) >= 100
    assert not {e.text for e in training} & {e.text for e in dev}
    slugs = set(SafeguardingCategory.objects.values_list("slug", flat=True))
    for examples in (training, dev):
        assert sum(not e.expected_flag for e in examples) >= 0.4 * len(examples)
        for example in examples:
            assert example.expected_categories <= slugs, example.text
            assert bool(example.expected_categories) == example.expected_flag, example.text
        assert {slug for e in examples for slug in e.expected_categories} == slugs


def test_both_stages_together_meet_the_targets_on_the_held_back_examples(
    shipped_classifier,  # noqa: F811
):
    from bench.safeguarding_eval import (
        Example,
        combine,
        evaluate,
        phrase_decisions,
        report,
        semantic_decisions,
    )

    dev = [
        Example(e.text, e.expected_flag, e.expected_categories, e.notes)
        for e in semantic.load_examples(semantic.DEV_EXAMPLES)
    ]
    combined = evaluate(dev, combine(phrase_decisions(dev), semantic_decisions(dev)))
    # Dev figures (not blind): 0.96 recall, 0.78 precision when this was written.
    assert combined.recall >= 0.95, report(combined, dev)
    assert combined.precision >= 0.6, report(combined, dev)
