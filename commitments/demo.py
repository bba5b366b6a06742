"""Demo content for commitments: the "What we are doing" page and six commitments (every
status, enough for the listing's filters), two of them answering the demo's closed
consultation. Idempotent: the page is
matched by its slug under the home page and commitments by their slugs."""

from datetime import timedelta

from django.utils import timezone

from consultations.models import ConsultationPage
from home.demo import ensure_child
from home.models import HomePage, PriorityArea

from .blocks import CommitmentStatus
from .models import Commitment, CommitmentIndexPage


def _update(days_ago: int, note: str, status: str = "") -> tuple[str, dict]:
    return (
        "update",
        {"date": timezone.localdate() - timedelta(days=days_ago), "note": note, "status": status},
    )


def _commitments(parents: ConsultationPage | None) -> tuple[list[dict], dict]:
    areas = {area.number: area for area in PriorityArea.objects.all()}
    return [
        {
            "slug": "trusted-adults-at-bus-stops",
            "title": "Trusted adults at bus stops near schools",
            "what_we_said": "Fund youth workers to be at bus stops near schools at the end of "
            "the school day in three boroughs, starting next term.",
            "consultation": parents,
            "areas": [1, 4],
            "owner": "VRU Youth Programmes team",
            "status": CommitmentStatus.IN_PROGRESS,
            "progress": 40,
            "target_days": 200,
            "updates": [
                _update(
                    40,
                    "We agreed with three borough councils which bus stops to start at, "
                    "using what parents told us about where they worry most.",
                    CommitmentStatus.IN_PROGRESS,
                ),
                _update(
                    10,
                    "Eight youth workers have been recruited and trained. They start at the "
                    "first four bus stops after half term.",
                ),
            ],
        },
        {
            "slug": "parents-hear-about-support-sooner",
            "title": "Tell parents about support sooner",
            "what_we_said": "Send every parent and carer champion network a short guide to "
            "local support for families worried about the school journey.",
            "consultation": parents,
            "areas": [3],
            "owner": "Parent and carer champion networks",
            "status": CommitmentStatus.DONE,
            "progress": 100,
            "target_days": None,
            "updates": [
                _update(25, "We wrote the guide with parents from two networks."),
                _update(
                    5,
                    "The guide has gone to all 32 networks, in print and online.",
                    CommitmentStatus.DONE,
                ),
            ],
        },
        {
            "slug": "more-evening-youth-spaces",
            "title": "More youth spaces open in the evening",
            "what_we_said": "Keep more youth spaces open until 9pm on weekdays, starting "
            "where young people say they have nowhere safe to go.",
            "consultation": None,
            "areas": [2],
            "owner": "VRU Communities team",
            "status": CommitmentStatus.PLANNED,
            "progress": 0,
            "target_days": 365,
            "updates": [],
        },
        {
            "slug": "late-night-bus-wardens",
            "title": "Wardens on late-night buses",
            "what_we_said": "Look at putting wardens on late-night bus routes used by young "
            "people.",
            "consultation": None,
            "areas": [5],
            "owner": "VRU Partnerships team",
            "status": CommitmentStatus.NOT_GOING_AHEAD,
            "progress": 0,
            "target_days": None,
            "reason": "Transport for London is already trialling this on the same routes, so "
            "we are putting the money into youth workers at bus stops instead.",
            "updates": [
                _update(
                    15,
                    "We have stopped this work because a similar trial is already running.",
                    CommitmentStatus.NOT_GOING_AHEAD,
                )
            ],
        },
        {
            "slug": "mentoring-in-alternative-provision",
            "title": "Mentors in pupil referral units",
            "what_we_said": "Offer every young person in a pupil referral unit in four "
            "boroughs a mentor they can keep when they move on.",
            "consultation": None,
            "areas": [4],
            "owner": "VRU Education team",
            "status": CommitmentStatus.IN_PROGRESS,
            "progress": 25,
            "target_days": 300,
            "updates": [
                _update(
                    20,
                    "Two boroughs have started. Mentors meet young people weekly.",
                    CommitmentStatus.IN_PROGRESS,
                )
            ],
        },
        {
            "slug": "myends-community-grants",
            "title": "Grants for community-led MyEnds networks",
            "what_we_said": "Give MyEnds networks small grants that local people decide "
            "how to spend.",
            "consultation": None,
            "areas": [5],
            "owner": "MyEnds programme team",
            "status": CommitmentStatus.IN_PROGRESS,
            "progress": 70,
            "target_days": 120,
            "updates": [
                _update(
                    60,
                    "Each network has chosen a panel of local people to decide on grants.",
                    CommitmentStatus.IN_PROGRESS,
                ),
                _update(12, "The first 14 grants have been paid."),
            ],
        },
    ], areas


def seed(stdout=None) -> None:
    home = HomePage.objects.first()
    if home is None:
        return
    ensure_child(
        home,
        "what-we-are-doing",
        lambda: CommitmentIndexPage(
            title="What we are doing",
            show_in_menus=True,
            introduction="What we said we would do after listening to you, who is doing it "
            "and how far we have got.",
        ),
        stdout,
    )
    parents = ConsultationPage.objects.filter(slug="safer-journeys-to-school").first()
    commitments, areas = _commitments(parents)
    today = timezone.localdate()
    for fields in commitments:
        if Commitment.objects.filter(slug=fields["slug"]).exists():
            continue
        commitment = Commitment(
            slug=fields["slug"],
            title=fields["title"],
            what_we_said=fields["what_we_said"],
            consultation=fields["consultation"],
            owner=fields["owner"],
            status=fields["status"],
            progress=fields["progress"],
            reason_not_going_ahead=fields.get("reason", ""),
            target_date=today + timedelta(days=fields["target_days"])
            if fields["target_days"]
            else None,
            updates=fields["updates"],
        )
        commitment.priority_areas = [areas[number] for number in fields["areas"] if number in areas]
        commitment.full_clean()
        commitment.save()
        commitment.save_revision().publish()
        if stdout is not None:
            stdout.write(f"Created commitment: {commitment.title}")
