"""Demo events: an event listing under the home page with upcoming events for the YPAG, a
parent and carer champion network and the Housing Association Youth Network (one nearly full,
one online, one needing parent or carer consent) and one past event.

Called by `manage.py seed_demo` after home. Safe to run again: pages are matched on their slug
and demo bookings are only added to an event that has none.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from wagtail.models import Site

from home.demo import ensure_child
from home.models import Borough, Network, PriorityArea

from .models import EventIndexPage, EventPage, Registration

NEARLY_FULL_BOOKED = 19


def _at(days_from_now: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days_from_now)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _paragraph(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}]


def _event(index, slug, stdout, *, networks=(), areas=(), **fields) -> EventPage:
    def build():
        return EventPage(**fields)

    existing = index.get_children().filter(slug=slug).exists()
    event = ensure_child(index, slug, build, stdout)
    if not existing:
        event.networks.set(Network.objects.filter(slug__in=networks))
        event.priority_areas.set(PriorityArea.objects.filter(slug__in=areas))
        event.save_revision().publish()
    return event


def seed(stdout) -> None:
    home = Site.objects.get(is_default_site=True).root_page

    def build_index():
        return EventIndexPage(
            title="Events",
            show_in_menus=True,
            introduction="Seminars, meet-ups and workshops where young people, parents and "
            "carers shape how London prevents violence. Booking is free.",
        )

    index = ensure_child(home, "events", build_index, stdout)
    hackney = Borough.objects.filter(slug="hackney").first()
    southwark = Borough.objects.filter(slug="southwark").first()

    _event(
        index,
        "school-exclusion-seminar",
        stdout,
        networks=["young-peoples-action-group"],
        areas=["education"],
        title="What exclusion feels like: a seminar led by young people",
        summary="Young people from the Action Group lead a seminar for teachers, parents and "
        "other young people on school exclusion and what would have helped.",
        description=_paragraph(
            "Members of the Young People's Action Group share what being excluded from school "
            "was like, and what adults could do differently.",
            "There is time to ask questions and to share your own ideas in small groups. "
            "Food and drinks are provided.",
        ),
        start=_at(14, 17, 30),
        end=_at(14, 19, 30),
        venue_name="City Hall",
        venue_address="Kamal Chunchie Way\nLondon E16 1ZE",
        borough=Borough.objects.filter(slug="newham").first(),
        step_free_access=EventPage.StepFreeAccess.YES,
        access_information="Lifts to every floor, an accessible toilet and a quiet room.",
        minimum_age=13,
        maximum_age=25,
        capacity=20,
    )
    parents = _event(
        index,
        "hackney-parent-carer-meet-up",
        stdout,
        networks=["parent-carer-champions-hackney"],
        areas=["families"],
        title="Hackney parent and carer champions meet-up",
        summary="A friendly evening for parents and carers in Hackney to share what helps "
        "keep young people safe, and to hear what the network is doing next.",
        description=_paragraph(
            "Meet other parents and carers, hear from local champions and tell us what "
            "support you would like for your family.",
        ),
        start=_at(9, 18, 0),
        end=_at(9, 20, 0),
        venue_name="Community centre",
        venue_address="12 Mare Street\nLondon E8 1HY",
        borough=hackney,
        step_free_access=EventPage.StepFreeAccess.YES,
        access_information="Children are welcome. There is a play corner.",
        capacity=20,
    )
    _event(
        index,
        "online-harms-chat",
        stdout,
        networks=["young-peoples-action-group"],
        areas=["reducing-harm"],
        title="Staying safe online: an evening chat",
        summary="An online chat about what young people see and face online, and what would "
        "make it safer. Cameras optional.",
        description=_paragraph(
            "Join from your phone or laptop. You can keep your camera off and use the chat.",
        ),
        start=_at(6, 19, 0),
        end=_at(6, 20, 0),
        format=EventPage.Format.ONLINE,
        joining_link="https://meet.example.org/vru-online-harms",
        minimum_age=13,
        maximum_age=25,
    )
    _event(
        index,
        "estate-football-and-futures",
        stdout,
        networks=["housing-association-youth-network"],
        areas=["positive-opportunities", "communities-and-place"],
        title="Football and futures on the estate",
        summary="A football session and careers chat for young people, run by the Housing "
        "Association Youth Network on the estate.",
        description=_paragraph(
            "Play football, then talk to youth workers and local employers about "
            "apprenticeships and jobs. Under-16s need a parent or carer to agree.",
        ),
        start=_at(12, 16, 0),
        end=_at(12, 18, 0),
        venue_name="Estate sports pitch",
        venue_address="Community pitch, Aylesbury Estate\nLondon SE17 2HX",
        borough=southwark,
        step_free_access=EventPage.StepFreeAccess.YES,
        minimum_age=11,
        maximum_age=19,
        capacity=30,
        parent_consent_for_under_16s=True,
    )
    _event(
        index,
        "spring-listening-session",
        stdout,
        networks=["young-peoples-action-group"],
        areas=["education"],
        title="Spring listening session",
        summary="Young people told us what makes school feel safe and what does not.",
        start=_at(-30, 17, 0),
        end=_at(-30, 19, 0),
        venue_name="Youth centre",
        venue_address="5 Rye Lane\nLondon SE15 5EW",
        borough=southwark,
        registration_closes_at=_at(-31, 12, 0),
    )

    # The Hackney meet-up is nearly full: 19 of 20 places taken.
    if not parents.registrations.exists():
        now = timezone.now()
        Registration.objects.bulk_create(
            Registration(
                event=parents,
                first_name=f"Demo parent {number}",
                email=f"demo-parent-{number}@example.org",
                status=Registration.Status.CONFIRMED,
                created_at=now,
                confirmed_at=now,
            )
            for number in range(1, NEARLY_FULL_BOOKED + 1)
        )
        stdout.write(f"Booked {NEARLY_FULL_BOOKED} demo places on: {parents.title}")
