"""Every question type, read from the survey's blocks: the one place that says which types
hold people's own words and how each is counted. Nothing else lists question types."""

from .base import NUMBER, ONE, RANKED, SEVERAL, WORDS, QuestionBlock, UnknownQuestionBlock
from .survey import SurveyBlock

QUESTION_BLOCKS: dict[str, QuestionBlock] = {
    block.question_type: block
    for block in SurveyBlock.base_blocks.values()
    if isinstance(block, QuestionBlock)
}
UNKNOWN = UnknownQuestionBlock()


def question_block(question_type: str) -> QuestionBlock:
    """The block that reads answers of this (stored) type."""
    return QUESTION_BLOCKS.get(question_type, UNKNOWN)


def _types(test) -> tuple[str, ...]:
    return tuple(name for name, block in QUESTION_BLOCKS.items() if test(block))


# Answers that may hold words people typed: text answers, and "Other, please say".
OWN_WORDS_TYPES = _types(lambda block: block.holds_own_words)
# Closed questions whose answer is one label, also kept in value_text: counted from it.
SINGLE_CHOICE_TYPES = _types(lambda block: block.counted_as == ONE)
# Closed questions where a person may pick several labels: counted from value_choices.
MULTIPLE_CHOICE_TYPES = _types(lambda block: block.counted_as == SEVERAL)
CLOSED_TYPES = SINGLE_CHOICE_TYPES + MULTIPLE_CHOICE_TYPES
# Ranked options (each option at its rank, from value_choices), numbers, and typed answers
# counted per question (answered and coded).
RANKED_TYPES = _types(lambda block: block.counted_as == RANKED)
NUMBER_TYPES = _types(lambda block: block.counted_as == NUMBER)
FREE_TEXT_TYPES = _types(lambda block: block.counted_as == WORDS)
# Every type with a summary on the dashboard.
SUMMARISED_TYPES = CLOSED_TYPES + RANKED_TYPES + NUMBER_TYPES + FREE_TEXT_TYPES
