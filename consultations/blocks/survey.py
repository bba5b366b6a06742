"""The survey itself: a StreamField of question blocks and section breaks."""

from wagtail import blocks

from .about_you import (
    AgeBandQuestionBlock,
    BoroughQuestionBlock,
    EqualityQuestionBlock,
    NetworkQuestionBlock,
)
from .base import public_paths
from .choice import (
    AgreementScaleQuestionBlock,
    MultipleChoiceQuestionBlock,
    SingleChoiceQuestionBlock,
    YesNoQuestionBlock,
)
from .ranking import RankingQuestionBlock
from .routing import route_errors
from .text import LongTextQuestionBlock, NumberQuestionBlock, ShortTextQuestionBlock


class SectionBreakBlock(blocks.StructBlock):
    """Starts a new step of the survey. The heading is the step's title."""

    heading = blocks.CharBlock(max_length=120, help_text="The title of the next step.")
    introduction = blocks.TextBlock(required=False, help_text="A sentence about this step.")

    class Meta:
        icon = "horizontalrule"
        label = "Section break (new step)"
        template = "consultations/blocks/section_break.html"
        preview_value = {
            "heading": "About you",
            "introduction": "This helps us see who we hear from.",
        }


class SurveyBlock(blocks.StreamBlock):
    short_text = ShortTextQuestionBlock()
    long_text = LongTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    agreement_scale = AgreementScaleQuestionBlock()
    yes_no = YesNoQuestionBlock()
    number = NumberQuestionBlock()
    ranking = RankingQuestionBlock()
    age_band = AgeBandQuestionBlock()
    borough = BoroughQuestionBlock()
    network = NetworkQuestionBlock()
    equality = EqualityQuestionBlock()
    section_break = SectionBreakBlock()

    class Meta:
        template = "consultations/blocks/survey_preview.html"

    def clean(self, value):
        """Every route goes forward, to a step that exists (routing.route_errors)."""
        value = super().clean(value)
        errors = route_errors(value)
        if errors:
            raise blocks.StreamBlockValidationError(block_errors=errors)
        return value


DECONSTRUCT_ALIASES = public_paths(SectionBreakBlock, SurveyBlock)
