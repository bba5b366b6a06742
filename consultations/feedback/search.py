"""Search by meaning in the responses listing, without a language model in the web process
(decision 0024). Both ways read the vectors the worker stored for each free-text answer:

- "Find answers like this": the stored vector of the chosen answer is the query.
- Words and meaning: responses whose answers contain the words, then responses with an
  answer close in meaning to what the answers containing the words have in common (the
  centroid of up to `SEED_ANSWERS` of their vectors). Words nobody used find nothing by
  meaning: there is nothing to take the meaning from until the worker could encode the words.

Either way the search runs inside the filtered responses, so every filter still applies, and
reads at most `MAX_SCANNED` vectors (the newest) to stay quick in a web request.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, IntegerField, Q, Value, When
from django.db.models.functions import Cast

from consultations.models import Answer, Response
from language.encoder import model_version
from language.models import TextVector
from language.services import _key
from language.similarity import centroid, nearest, unit

MAX_SCANNED = 20_000
SEED_ANSWERS = 50
MEANING_RESULTS = 200
LIKE_THRESHOLD = 0.5
MEANING_THRESHOLD = 0.55


@dataclass
class MeaningSearch:
    """What the search found, for the listing to explain each row."""

    kind: str  # "like" or "words"
    scores: dict = field(default_factory=dict)  # response pk: (similarity, question label)
    word_matches: int = 0
    scanned: int = 0
    seed: Answer | None = None
    note: str = ""

    @property
    def scan_limited(self) -> bool:
        return self.scanned >= MAX_SCANNED


def _vectors(responses):
    pks = responses.prefetch_related(None).order_by().annotate(pk_text=Cast("pk", CharField()))
    return TextVector.objects.filter(
        content_type=ContentType.objects.get_for_model(Response),
        model_version=model_version(),
        object_id__in=pks.values("pk_text"),
    )


def _ranked(responses, matches: list, search: MeaningSearch, word_pks=None):
    for score, object_id, key in matches:
        search.scores.setdefault(int(object_id), (score, key))
    ranks = [When(pk=pk, then=Value(rank)) for rank, pk in enumerate(search.scores, start=1)]
    found = Q(pk__in=list(search.scores))
    if word_pks is not None:
        found |= Q(pk__in=word_pks)
    rank = Case(*ranks, default=Value(0), output_field=IntegerField()) if ranks else Value(0)
    return (
        responses.filter(found).annotate(meaning_rank=rank).order_by("meaning_rank", "-pk"),
        search,
    )


def _scan(responses, seed, threshold: float, search: MeaningSearch, exclude=()):
    rows = list(
        _vectors(responses)
        .exclude(pk__in=list(exclude))
        .order_by("-pk")
        .values_list("object_id", "key", "vector")[:MAX_SCANNED]
    )
    search.scanned = len(rows)
    return nearest(seed, rows, threshold=threshold, limit=MEANING_RESULTS)


def answers_like(responses, answer_pk):
    """The filtered responses with an answer close in meaning to answer `answer_pk`."""
    search = MeaningSearch("like")
    answer = Answer.objects.filter(pk=answer_pk).select_related("response").first()
    seed_row = None
    if answer is not None:
        search.seed = answer
        seed_row = (
            _vectors(Response.objects.filter(pk=answer.response_id))
            .filter(key=_key(answer.question_label))
            .first()
        )
    if seed_row is None:
        search.note = (
            "That answer has not been read for meaning yet (this happens in the background "
            "within a few minutes of it arriving), or it is not in someone's own words."
        )
        return responses.none(), search
    matches = _scan(responses, unit(seed_row.as_array()), LIKE_THRESHOLD, search, [seed_row.pk])
    return _ranked(responses, matches, search)


def words_and_meaning(responses, words: str):
    """The filtered responses containing `words`, then those close to them in meaning."""
    search = MeaningSearch("words")
    containing = Answer.objects.filter(response__in=responses.values("pk")).filter(
        value_text__icontains=words
    )
    word_pks = list(
        responses.filter(pk__in=containing.values("response_id")).values_list("pk", flat=True)
    )
    search.word_matches = len(word_pks)
    seeds = list(
        containing.order_by("-pk").values_list("response_id", "question_label")[:SEED_ANSWERS]
    )
    seed_rows = []
    if seeds:
        which = Q()
        for response_id, label in seeds:
            which |= Q(object_id=str(response_id), key=_key(label))
        seed_rows = list(_vectors(responses).filter(which))
    seed = centroid(unit(row.as_array()) for row in seed_rows)
    if seed is None:
        search.note = (
            "No answers containing these words have been read for meaning yet, so only "
            "answers containing the words are shown."
        )
        matches = []
    else:
        matches = _scan(responses.exclude(pk__in=word_pks), seed, MEANING_THRESHOLD, search)
    return _ranked(responses, matches, search, word_pks)
