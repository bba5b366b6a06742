"""Survey question blocks. Editors build a survey as a StreamField of these; residents see each
one as a form field (consultations/forms.py turns a block into a Django field).

Each question block owns its behaviour (consultations/blocks/base.py says what): how its answer
is asked, stored, shown, exported and counted, and whether it holds someone's own words.
`registry` derives every set of question types from the blocks.

A question's identity is its StreamField block id, which Wagtail keeps when questions are
edited or reordered, so answers can always be traced back to the question they answered.

Migrations name the blocks by this package's path (`consultations.blocks.ShortTextQuestionBlock`),
so each class is re-exported here and deconstructs to it (DECONSTRUCT_ALIASES).
"""

from .about_you import (
    AGE_BANDS,
    EQUALITY_TOPICS,
    AgeBandQuestionBlock,
    BoroughQuestionBlock,
    EqualityQuestionBlock,
    NetworkQuestionBlock,
    network_kind_choices,
)
from .base import (
    OTHER_CHOICE,
    PREFER_NOT_TO_SAY,
    CheckboxSelectMultiple,
    QuestionBlock,
    RadioSelect,
    Textarea,
    TextInput,
)
from .choice import (
    AGREEMENT_POINTS,
    AgreementScaleQuestionBlock,
    ChoiceQuestionBlock,
    MultipleChoiceQuestionBlock,
    SingleChoiceQuestionBlock,
    YesNoQuestionBlock,
)
from .ranking import RankingField, RankingQuestionBlock
from .registry import (
    CLOSED_TYPES,
    FREE_TEXT_TYPES,
    MULTIPLE_CHOICE_TYPES,
    NUMBER_TYPES,
    OWN_WORDS_TYPES,
    QUESTION_BLOCKS,
    RANKED_TYPES,
    SINGLE_CHOICE_TYPES,
    SUMMARISED_TYPES,
    question_block,
)
from .routing import END_OF_SURVEY, RouteBlock, split_into_steps
from .summary import QuestionCounts, Summary
from .survey import SectionBreakBlock, SurveyBlock
from .text import (
    LongTextQuestionBlock,
    NumberQuestionBlock,
    ShortTextQuestionBlock,
    TypedTextQuestionBlock,
)

__all__ = [
    "AGE_BANDS",
    "AGREEMENT_POINTS",
    "CLOSED_TYPES",
    "END_OF_SURVEY",
    "EQUALITY_TOPICS",
    "FREE_TEXT_TYPES",
    "NUMBER_TYPES",
    "RANKED_TYPES",
    "SUMMARISED_TYPES",
    "MULTIPLE_CHOICE_TYPES",
    "OTHER_CHOICE",
    "OWN_WORDS_TYPES",
    "PREFER_NOT_TO_SAY",
    "QUESTION_BLOCKS",
    "SINGLE_CHOICE_TYPES",
    "AgeBandQuestionBlock",
    "AgreementScaleQuestionBlock",
    "BoroughQuestionBlock",
    "CheckboxSelectMultiple",
    "ChoiceQuestionBlock",
    "EqualityQuestionBlock",
    "LongTextQuestionBlock",
    "MultipleChoiceQuestionBlock",
    "NetworkQuestionBlock",
    "NumberQuestionBlock",
    "QuestionBlock",
    "QuestionCounts",
    "RadioSelect",
    "RankingField",
    "RankingQuestionBlock",
    "RouteBlock",
    "SectionBreakBlock",
    "ShortTextQuestionBlock",
    "SingleChoiceQuestionBlock",
    "Summary",
    "SurveyBlock",
    "TextInput",
    "TypedTextQuestionBlock",
    "Textarea",
    "YesNoQuestionBlock",
    "network_kind_choices",
    "question_block",
    "split_into_steps",
]
