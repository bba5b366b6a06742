"""A routed survey (skip logic) for the tests: who you are decides your route.

- A young person: step 1, step 2 (young people), then step 4 (everyone), then the end.
- A parent or carer: step 1, step 3 (parents), step 4, the end.
- A professional: step 1, then straight to the end.
"""

from .conftest import question, section

WHO = "Are you a young person, a parent or a professional?"


def route(answer, step=None):
    return {
        "type": "item",
        "id": f"route-{answer}",
        "value": {"answer": answer, "go_to_step": step},
    }


def who_question(*routes):
    return question(
        "q-who",
        "single_choice",
        label=WHO,
        options_list=["A young person", "A parent or carer", "A professional"],
        routes=list(routes),
    )


ROUTED_SURVEY = [
    section("step-1", "About you"),
    who_question(route("A parent or carer", 3), route("A professional")),
    section("step-2", "Young people"),
    question(
        "q-young",
        "single_choice",
        label="Where do you feel least safe?",
        options_list=["On the street", "On buses"],
        routes=[route("On the street", 4), route("On buses", 4)],
    ),
    section("step-3", "Parents and carers"),
    question("q-parent", "short_text", label="What worries you most?", max_length=100),
    section("step-4", "Everyone"),
    question("q-idea", "short_text", label="One idea to make your area safer", max_length=100),
]
