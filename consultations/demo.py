"""Demo content for consultations: an index page, one open, one upcoming and one closed
consultation (with results and responses). Idempotent: pages are matched by slug and demo
responses are only added while the closed consultation has none.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import Site

from consultations.blocks import AGREEMENT_POINTS
from consultations.models import (
    Answer,
    ConsultationIndexPage,
    ConsultationPage,
    Response,
    SeenQuestion,
)
from consultations.services import (
    AnsweredQuestion,
    build_answers,
    new_reference,
    new_submission_token,
    publish_results,
    seen_questions,
)
from consultations.services.submitting import _about_you, _networks
from consultations.tallies import record_new_response
from home.demo_accounts import ensure_demo_user
from home.models import Borough, PriorityArea

PRIVACY_NOTICE = (
    "<p>You do not have to give your name. We only ask your age group and borough so we can "
    "see who we are hearing from. Only a small team at the Violence Reduction Unit can read "
    "your answers. We never share anything that could identify you.</p>"
    "<p>If you ask us to email you, we use your email address only for that, then delete it."
    "</p>"
)


def _q(block_id, block_type, *, hint="", required=True, **value):
    """One question block; most demo questions are required and have no hint."""
    value = {"hint": hint, "required": required, **value}
    return {"type": block_type, "id": block_id, "value": value}


SAFER_SURVEY = [
    {
        "type": "section_break",
        "id": "demo-safer-step-1",
        "value": {"heading": "Your area", "introduction": "Tell us about where you live."},
    },
    _q(
        "demo-safer-feel-safe",
        "single_choice",
        label="How safe do you feel in your area after dark?",
        options_list=["Very safe", "Fairly safe", "Not very safe", "Not safe at all"],
    ),
    _q(
        "demo-safer-places",
        "multiple_choice",
        label="Where do you spend time outside school, college or work?",
        hint="Choose all that apply.",
        options_list=["Youth club", "Park", "Sports club", "Friends' homes", "Shops"],
        allow_other=True,
    ),
    _q(
        "demo-safer-enough-places",
        "agreement_scale",
        label="There are enough safe places for young people in my area.",
        options_list=AGREEMENT_POINTS,
    ),
    # The demo's route (skip logic): people short of time go straight to "About you".
    _q(
        "demo-safer-more",
        "single_choice",
        label="Do you want to tell us what would help?",
        hint="It takes about 3 minutes. You can skip it.",
        options_list=["Yes", "No, skip to the questions about me"],
        routes=[
            {
                "type": "item",
                "id": "demo-safer-more-skip",
                "value": {"answer": "No, skip to the questions about me", "go_to_step": 3},
            }
        ],
    ),
    {
        "type": "section_break",
        "id": "demo-safer-step-2",
        "value": {"heading": "What would help", "introduction": ""},
    },
    _q(
        "demo-safer-what-would-help",
        "long_text",
        label="What would make your area feel safer?",
        hint="Tell us in your own words. Please do not include names.",
        max_length=1000,
    ),
    _q(
        "demo-safer-ranking",
        "ranking",
        label="Put the five priority areas in order, most important to you first",
        required=False,
        options_list=[],
        use_priority_areas=True,
    ),
    _q(
        "demo-safer-trusted-adult",
        "yes_no",
        label="Is there an adult you trust that you could talk to if you felt unsafe?",
    ),
    _q(
        "demo-safer-minutes",
        "number",
        label="How many minutes does it take you to walk to somewhere safe to hang out?",
        hint="A rough guess is fine.",
        required=False,
        min_value=0,
        max_value=180,
    ),
    {
        "type": "section_break",
        "id": "demo-safer-step-3",
        "value": {"heading": "About you", "introduction": "This helps us see who we hear from."},
    },
    _q("demo-safer-age", "age_band", label="How old are you?"),
    _q(
        "demo-safer-borough",
        "borough",
        label="Which London borough do you live in?",
    ),
    _q(
        "demo-safer-network",
        "network",
        label="Are you part of any of these groups?",
        hint="Tick all that apply.",
        required=False,
        kinds=["ypag", "housing_youth", "myends"],
    ),
    _q("demo-safer-gender", "equality", topic="gender", label="", required=False),
]

YOUTH_SPACES_SURVEY = [
    _q(
        "demo-spaces-what",
        "long_text",
        label="What would you like youth spaces to offer in the evenings?",
        max_length=800,
    ),
    _q("demo-spaces-age", "age_band", label="How old are you?"),
]

PARENTS_SURVEY = [
    _q(
        "demo-parents-worry",
        "single_choice",
        label="What worries you most about your child's journey to school?",
        options_list=["Fights", "Knife crime", "Online threats", "Traffic", "Nothing"],
    ),
    _q(
        "demo-parents-support",
        "agreement_scale",
        label="I know where to get support if I am worried about my child.",
        options_list=AGREEMENT_POINTS,
    ),
    _q(
        "demo-parents-idea",
        "long_text",
        label="What one thing would make the school journey safer?",
        required=False,
        max_length=600,
    ),
    _q(
        "demo-parents-borough",
        "borough",
        label="Which borough do you live in?",
    ),
    _q(
        "demo-parents-network",
        "network",
        label="Are you a parent and carer champion?",
        hint="Tick your borough's network if you are part of it.",
        required=False,
        kinds=["parent_carer"],
    ),
]

WORRIES = ["Fights", "Knife crime", "Online threats", "Traffic", "Nothing"]
IDEAS = [
    "More adults around at the bus stops after school.",
    "Staggered finishing times so there are fewer crowds.",
    "Better street lighting on the way to the station.",
    "Safe havens in shops where children can go if they are scared.",
    "",
]


def _upsert(index, slug, *, priority_areas, stdout=None, **fields):
    """Create the consultation unless a page with this slug exists (then leave it alone)."""
    page = ConsultationPage.objects.filter(slug=slug).first()
    if page is not None:
        return page, False
    page = ConsultationPage(slug=slug, **fields)
    index.add_child(instance=page)
    page.priority_areas = priority_areas
    page.save_revision().publish()
    if stdout is not None:
        stdout.write(f"Created consultation: {page.title}")
    return ConsultationPage.objects.get(pk=page.pk), True


def seed(stdout=None) -> None:
    def say(message):
        if stdout is not None:
            stdout.write(message)

    ensure_demo_user(
        username="feedback-moderator",
        email="moderator@example.org",
        role="Feedback moderator",
        first_name="Ade",
        groups=[Group.objects.get(name="Feedback moderator")],
        stdout=stdout,
    )
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = ConsultationIndexPage.objects.filter(slug="have-your-say").first()
    if index is None:
        index = ConsultationIndexPage(
            title="Have your say",
            slug="have-your-say",
            introduction="Tell us what would make London safer for young people. Your answers "
            "shape what we do.",
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        say("Created the consultations index page")
    now = timezone.now()
    areas = list(PriorityArea.objects.in_strategy_order())

    _upsert(
        index,
        "what-would-make-your-area-feel-safer",
        stdout=stdout,
        title="What would make your area feel safer?",
        summary="We want to hear from young people aged 11 to 25 about feeling safe where "
        "they live, and what would help.",
        audience="young people aged 11 to 25 in London",
        age_from=11,
        age_to=25,
        opens_at=now - timedelta(days=7),
        closes_at=now + timedelta(days=45),
        estimated_minutes=6,
        privacy_notice=PRIVACY_NOTICE,
        retention_days=365,
        is_sensitive=True,
        survey=SAFER_SURVEY,
        results_expected="in the spring",
        why_we_are_asking=[
            {
                "type": "paragraph",
                "value": "<p>Young people know their areas best. What you tell us will decide "
                "where we put money for youth work, safe spaces and trusted adults.</p>",
            }
        ],
        priority_areas=areas[:3],
    )

    _upsert(
        index,
        "youth-spaces-in-the-evening",
        stdout=stdout,
        title="Youth spaces in the evening",
        summary="Help us plan what youth spaces should offer in the evenings and at weekends.",
        audience="young people aged 11 to 25",
        opens_at=now + timedelta(days=14),
        closes_at=now + timedelta(days=60),
        estimated_minutes=3,
        privacy_notice=PRIVACY_NOTICE,
        survey=YOUTH_SPACES_SURVEY,
        priority_areas=areas[1:2],
    )

    parents, created = _upsert(
        index,
        "safer-journeys-to-school",
        stdout=stdout,
        title="Safer journeys to school",
        summary="Parents and carers told us what worries them about the school journey.",
        audience="parents and carers",
        opens_at=now - timedelta(days=120),
        closes_at=now - timedelta(days=30),
        estimated_minutes=4,
        privacy_notice=PRIVACY_NOTICE,
        survey=PARENTS_SURVEY,
        results_expected="in the new year",
        results_what_we_heard=[
            {
                "type": "paragraph",
                "value": "<p>30 parents and carers answered. Fights and knife crime worried "
                "them most, and most wanted more adults around at the end of the school day."
                "</p>",
            }
        ],
        results_what_we_will_do="<p>We will fund more trusted adults at bus stops near "
        "schools in three boroughs, starting next term.</p>",
        results_when="From next term",
        priority_areas=areas[:1] + areas[3:4],
    )
    if created:
        publish_results(parents)

    if not Response.objects.filter(consultation=parents).exists():
        _seed_responses(parents, count=30)
        say("Added 30 demo responses to 'Safer journeys to school'")


def _seed_responses(consultation: ConsultationPage, count: int) -> None:

    randomiser = random.Random(42)  # noqa: S311 - demo data only
    boroughs = list(Borough.objects.values_list("name", flat=True)) or ["Prefer not to say"]
    questions = consultation.questions()
    for number in range(count):
        values = {
            "demo-parents-worry": randomiser.choice(WORRIES),
            "demo-parents-support": randomiser.choice(AGREEMENT_POINTS),
            "demo-parents-idea": randomiser.choice(IDEAS),
            "demo-parents-borough": randomiser.choice(boroughs),
        }
        if randomiser.random() < 0.4:  # some parents are champions in their borough
            values["demo-parents-network"] = [
                f"{values['demo-parents-borough']} parent and carer champions"
            ]
        answered = [AnsweredQuestion(question=q, value=values.get(q.id)) for q in questions]
        response = Response.objects.create(
            consultation=consultation,
            reference=new_reference(),
            submission_token=new_submission_token(),
            submitted_at=consultation.opens_at + timedelta(hours=7 * number + 3),
            **_about_you(answered),
        )
        response.networks.set(_networks(answered))
        Answer.objects.bulk_create(build_answers(response, answered))
        SeenQuestion.objects.bulk_create(seen_questions(response, answered))
        record_new_response(response)  # as submit_response does, for the dashboard's totals
