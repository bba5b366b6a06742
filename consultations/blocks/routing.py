"""Routes through a survey (skip logic): an answer to a single-choice question can send the
person to a later step, or to the end ("check your answers"), instead of the next step.

Routes only go forward, so a route can never loop, and every route's step must exist, so none
leads nowhere; `route_errors` checks both for the whole survey, because only the survey knows
which step a question is on and how many steps there are. The journey follows the routes on
the server, between steps (consultations.survey_state), so they work without JavaScript.
"""

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks import ListBlockValidationError, StructBlockValidationError

from .base import QuestionBlock, public_paths

END_OF_SURVEY = None  # where a route with no step goes: "check your answers"


class RouteBlock(blocks.StructBlock):
    """If the answer is this option, go to this later step (or, with no step, to the end)."""

    answer = blocks.CharBlock(
        max_length=200, help_text="One of the options above, written exactly the same."
    )
    go_to_step = blocks.IntegerBlock(
        required=False,
        min_value=1,
        help_text="The number of a later step. Leave empty to go to the end ('check your "
        "answers').",
    )

    class Meta:
        icon = "redirect"
        label = "Route"
        template = "consultations/blocks/route_preview.html"
        preview_value = {"answer": "A parent or carer", "go_to_step": 3}


def route_list_error(errors: dict[int, dict[str, str]]) -> StructBlockValidationError:
    """The error on a question's `routes`: {route index: {field: message}}."""
    return StructBlockValidationError(
        block_errors={
            "routes": ListBlockValidationError(
                block_errors={
                    index: StructBlockValidationError(
                        block_errors={
                            name: ValidationError(message) for name, message in fields.items()
                        }
                    )
                    for index, fields in errors.items()
                }
            )
        }
    )


def split_into_steps(children) -> list[tuple[object, list]]:
    """The survey's children split at each section break: (the break's value, or None for
    the first step, [question children]). Steps with no questions are dropped, so a step's
    number is its place in this list plus one, as the person sees it."""
    steps: list[tuple[object, list]] = [(None, [])]
    for child in children:
        if isinstance(child.block, QuestionBlock):
            steps[-1][1].append(child)
        elif steps[-1][1]:
            steps.append((child.value, []))
        else:
            steps[-1] = (child.value, [])
    return [step for step in steps if step[1]]


def route_errors(children) -> dict[int, StructBlockValidationError]:
    """Errors on the survey's routes, keyed by the question's index in the survey: a route
    to this step or an earlier one (it would loop), or to a step that does not exist."""
    children = list(children)
    index_of = {id(child): index for index, child in enumerate(children)}
    steps = split_into_steps(children)
    errors = {}
    for number, (_heading, questions) in enumerate(steps, 1):
        for child in questions:
            problems = {}
            for route_index, target in enumerate(child.block.route_targets(child.value)):
                if target is END_OF_SURVEY:
                    continue
                if target <= number:
                    problems[route_index] = {
                        "go_to_step": f"Step {target} is not after this question, which is on "
                        f"step {number}. Routes can only go forward: choose a later step, or "
                        "leave it empty to go to the end."
                    }
                elif target > len(steps):
                    problems[route_index] = {
                        "go_to_step": f"There is no step {target}: this survey has "
                        f"{len(steps)} step{'s' if len(steps) != 1 else ''}. Choose a later "
                        "step, or leave it empty to go to the end."
                    }
            if problems:
                errors[index_of[id(child)]] = route_list_error(problems)
    return errors


DECONSTRUCT_ALIASES = public_paths(RouteBlock)
