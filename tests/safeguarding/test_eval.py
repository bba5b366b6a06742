import pytest

from bench.safeguarding_eval import EXAMPLES, evaluate, load_examples, report

pytestmark = pytest.mark.django_db


def test_example_set_is_big_and_balanced():
    examples = load_examples(EXAMPLES)
    assert len(examples) >= 100
    flagged = sum(example.expected_flag for example in examples)
    assert 0.4 <= flagged / len(examples) <= 0.6
    for example in examples:
        assert bool(example.expected_categories) == example.expected_flag, example.text


def test_default_phrase_list_meets_recall_and_precision_targets():
    examples = load_examples(EXAMPLES)
    result = evaluate(examples)
    summary = report(result, examples)
    assert result.recall >= 0.9, summary
    assert result.precision >= 0.7, summary
    for slug in result.per_category:
        _, recall, support = result.category_scores(slug)
        assert support >= 5, slug
        assert recall >= 0.8, summary
