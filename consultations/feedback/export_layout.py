"""The shape of an export: which columns a one-row-per-response export has (each question's,
from its block), the codebook that says what every column means and which versions of each
question were answered, and which counts of people a redacted export must not show.

A "version" of a question is one snapshot of it as answered (label, type, options, settings),
numbered in the order people first answered it: a live survey edited after it opened has
answers to more than one version (decision 0006 keeps a snapshot with every answer)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min

from consultations.blocks import QuestionBlock, question_block
from consultations.models import AgeBand, Answer, Response
from home.formatting import format_date
from home.models import Borough

from . import disclosure

BASE_MEANINGS = {
    "reference": "The response's reference, as the person was told it",
    "consultation": "The consultation answered",
    "submitted_at": "When the response was sent (London time)",
    "status": "Moderation status: new, reviewed or hidden",
    "age_band": "Age band given",
    "borough": "London borough given",
    "networks": "Networks the person said they are part of",
    "group_session": "The group session the response was collected in, if any",
    "entered_by_staff": "Typed in by staff from a paper form or a workshop: how, who "
    "(unredacted exports only) and when; empty for answers sent online",
    "priority_areas": "Priority areas staff gave the whole response",
    "tags": "Tags staff gave the whole response",
    "staff_notes": "Staff notes on the response (redacted exports remove names and contacts)",
    "question_id": "The question's id (stable when the survey is edited)",
    "question": "The question as it was asked",
    "question_type": "The question's type",
    "answer": "The answer",
}
CODEBOOK_HEADER = ["column", "question_id", "question", "question_type", "values", "versions"]


@dataclass
class QuestionVersion:
    number: int
    label: str
    options: list
    first: object
    last: object
    answered: int

    def __str__(self) -> str:
        options = f" ({'; '.join(map(str, self.options))})" if self.options else ""
        return (
            f"Version {self.number}: '{self.label}'{options}, answered "
            f"{format_date(self.first)} to {format_date(self.last)} ({self.answered})"
        )


@dataclass
class QuestionColumns:
    """One question's columns in a one-row-per-response export."""

    question_id: str
    label: str
    question_type: str
    position: int
    options: list = field(default_factory=list)
    settings: dict = field(default_factory=dict)
    versions: list[QuestionVersion] = field(default_factory=list)

    @property
    def block(self) -> QuestionBlock:
        return question_block(self.question_type)

    @property
    def columns(self) -> list[str]:
        return self.block.export_columns(self.options, self.settings)

    @property
    def coded(self) -> bool:
        """Answers in people's own words are coded: their priority areas and tags go too."""
        return self.block.holds_own_words

    def answer_headers(self) -> list[str]:
        """The answer's own columns (the import template has these, and no coding)."""
        return [f"{self.label}: {column}" if column else self.label for column in self.columns]

    def headers(self) -> list[str]:
        names = self.answer_headers()
        if self.coded:
            names += [f"{self.label}: priority areas", f"{self.label}: tags"]
        return names

    def codebook(self) -> list[list]:
        versions = "\n".join(str(version) for version in self.versions)
        meanings = [self.block.codebook_meaning(column) for column in self.columns]
        if self.coded:
            meanings += ["Priority areas staff gave this answer", "Tags staff gave this answer"]
        return [
            [header, self.question_id, self.label, self.question_type, meaning, versions]
            for header, meaning in zip(self.headers(), meanings, strict=True)
        ]


def question_columns(responses) -> list[QuestionColumns]:
    """Every question answered in these responses, in survey order, with its versions. Options
    and settings are merged over the versions (an option dropped later keeps its column)."""
    snapshots = (
        Answer.objects.filter(response__in=responses.order_by().values("pk"))
        .values(
            "question_id",
            "question_label",
            "question_type",
            "question_options",
            "question_settings",
        )
        .annotate(
            first=Min("response__submitted_at"),
            last=Max("response__submitted_at"),
            answered=Count("pk"),
            position=Min("position"),
        )
        .order_by()
    )
    by_question: dict[str, list[dict]] = defaultdict(list)
    for snapshot in snapshots:
        by_question[snapshot["question_id"]].append(snapshot)
    questions = []
    for question_id, found in by_question.items():
        found.sort(key=lambda snapshot: snapshot["first"])
        latest = found[-1]
        options: dict = {}
        for snapshot in found:
            options.update(dict.fromkeys(map(str, snapshot["question_options"] or [])))
        questions.append(
            QuestionColumns(
                question_id=question_id,
                label=latest["question_label"],
                question_type=latest["question_type"],
                position=min(snapshot["position"] for snapshot in found),
                options=list(options),
                settings={
                    "allow_other": any(
                        (s["question_settings"] or {}).get("allow_other") for s in found
                    )
                },
                versions=[
                    QuestionVersion(
                        number,
                        s["question_label"],
                        s["question_options"] or [],
                        s["first"],
                        s["last"],
                        s["answered"],
                    )
                    for number, s in enumerate(found, 1)
                ],
            )
        )
    return sorted(questions, key=lambda question: (question.position, question.question_id))


def survey_columns(consultation) -> list[QuestionColumns]:
    """Every question of the survey as it is now, in order, with its export columns: the
    columns of an import template (`feedback.paper_import`)."""
    return [
        QuestionColumns(
            question_id=question.id,
            label=question.label,
            question_type=question.question_type,
            position=question.position,
            options=question.block.options(question.value),
            settings=question.block.settings(question.value),
        )
        for question in consultation.questions()
    ]


def codebook_rows(base_columns: list[str], questions: list[QuestionColumns], *, per_column=True):
    """The codebook: a row per column (or, for one row per answer, a row per question)."""
    rows = [[name, "", "", "", BASE_MEANINGS.get(name, ""), ""] for name in base_columns]
    for question in questions:
        if per_column:
            rows += question.codebook()
        else:
            versions = "\n".join(str(version) for version in question.versions)
            meaning = question.block.codebook_meaning("")
            rows.append(
                ["answer", question.question_id, question.label, question.question_type, meaning]
                + [versions]
            )
    return rows


class Suppression:
    """Which values a redacted export shows as "[c]": an age band, borough, network or
    equality answer given by fewer than the threshold of the exported responses (with the
    secondary suppression of `disclosure`). Unredacted exports suppress nothing."""

    def __init__(self, responses, questions: list[QuestionColumns], *, enabled: bool):
        self.ages: set = set()
        self.boroughs: set = set()
        self.networks: set = set()
        self.options: dict[str, set] = {}
        if not enabled:
            return
        responses = responses.order_by()
        total = responses.count()
        ages = dict(responses.values_list("age_band").annotate(n=Count("pk")))
        labels = dict(AgeBand.choices)
        self.ages = {labels.get(key, key) for key in disclosure.suppressed_keys(ages, total)}
        boroughs = dict(responses.values_list("borough_id").annotate(n=Count("pk")))
        names = dict(Borough.objects.values_list("pk", "name"))
        self.boroughs = {
            names.get(key, "") for key in disclosure.suppressed_keys(boroughs, total) if key
        }
        networks = dict(
            Response.networks.through.objects.filter(response__in=responses.values("pk"))
            .values_list("network__name")
            .annotate(n=Count("pk"))
        )
        self.networks = disclosure.suppressed_keys(networks, total)
        for question in questions:
            if question.block.describes_people:
                self.options[question.question_id] = self._hidden_options(responses, question)

    @staticmethod
    def _hidden_options(responses, question: QuestionColumns) -> set:
        answers = Answer.objects.filter(
            question_id=question.question_id, response__in=responses.values("pk")
        )
        counts: Counter = Counter()
        for choices in answers.values_list("value_choices", flat=True).iterator(chunk_size=2000):
            counts.update(str(choice) for choice in choices or [])
        return disclosure.suppressed_keys(dict(counts), answers.count())

    def value(self, hidden: set, value):
        return disclosure.EXPORTED_AS if value in hidden else value

    def names(self, hidden: set, names: list[str]) -> list[str]:
        return sorted({disclosure.EXPORTED_AS if name in hidden else name for name in names})

    def cells(self, question_id: str, columns: list[str], cells: list) -> list:
        """An answer's cells with suppressed options (and columns of them) as "[c]"."""
        hidden = self.options.get(question_id)
        if not hidden:
            return cells
        return [
            disclosure.EXPORTED_AS if column in hidden or cell in hidden else cell
            for column, cell in zip(columns, cells, strict=True)
        ]
