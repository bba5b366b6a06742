"""The home app's demo words: the home page, the strategy and "Get help now" (home/demo.py
builds the pages), and the small helpers that write StreamField data."""

from typing import Any


def _body(*blocks: tuple[str, Any]) -> list[dict[str, Any]]:
    """StreamField raw data from (block type, value) pairs."""
    return [{"type": block_type, "value": value} for block_type, value in blocks]


def _html(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _figure(figure: str, label: str) -> dict[str, str]:
    return {"figure": figure, "label": label}


def _bullets(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


HOME = {
    "hero_heading": "Working with Londoners to stop violence before it starts",
    "introduction": (
        "We bring together young people, families, schools, health services, police and "
        "community groups across all of London's boroughs. Together we work out what causes "
        "violence and what keeps people safe, then fund what works."
    ),
    "body": [
        {
            "type": "key_figures",
            "value": {
                "heading": "What we have done so far",
                "figures": [
                    _figure("150,000", "positive opportunities funded for young people since 2021"),
                    _figure("32", "boroughs with a parent and carer champion network"),
                    _figure("8", "community-led MyEnds networks"),
                ],
            },
        },
        {
            "type": "quote",
            "value": {
                "quote": "Nothing about us without us.",
                "attribution": "The Young People's Action Group",
            },
        },
    ],
}

STRATEGY = {
    "introduction": (
        "Our plan to 2025. It explains what we want to change, how we go about it and the "
        "five areas where we put our money and effort."
    ),
    "mission": (
        "We treat violence like a health problem that can be prevented. We look for the "
        "things that put people at risk, act early and work alongside communities, not just "
        "for them."
    ),
    "vision": (
        "A London where every young person grows up safe, feels safe and has the chances they "
        "need to do well, and where violence keeps going down year after year."
    ),
    "impact_goals": _bullets(
        "Children and young people feel safer where they live, learn and spend their time.",
        "Organisations solve problems together instead of one at a time.",
        "Violence stops rising and then falls.",
    ),
    "guiding_principles": _bullets(
        "<b>Listen and learn.</b> What communities tell us shapes what we do.",
        "<b>Build relationships.</b> Trust takes time, so we invest in it.",
        "<b>Speak up for change.</b> We push for fairer policies and services.",
        "<b>Include everyone.</b> Equality, diversity and inclusion run through all our work.",
    ),
    "body": [],
}

GET_HELP_WORRIED = _html(
    "If you think a child or young person is being hurt, or is at risk of being hurt, you can "
    "talk to the NSPCC helpline for advice, or contact the children's services team at your "
    "local council.",
    "If you are a young person and something is worrying you, you can talk to Childline about "
    "anything. No problem is too big or too small.",
)
