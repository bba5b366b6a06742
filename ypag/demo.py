"""Demo content for the YPAG and networks: the YPAG section with its three theme pages and three
member profiles (no photos), the network pages, and demo staff accounts for the YPAG editor,
network coordinator and content editor roles.

Called by `manage.py seed_demo` after the home app. Safe to run again: pages are matched on their
slug, profiles on their first name, and existing accounts are left alone (their passwords are
never printed again).
"""

from django.db import transaction

from wagtail.models import Site

from home.demo import ensure_child
from home.demo_accounts import ensure_demo_user
from home.models import Network, PriorityArea

from . import services
from .models import MemberProfile, NetworkIndexPage, NetworkPage, YPAGLandingPage, YPAGThemePage

THEMES = [
    (
        "school-exclusion",
        "Changing the story on school exclusion",
        YPAGThemePage.Theme.SCHOOL_EXCLUSION,
        "Seminars led and hosted by young people, so schools hear what exclusion feels like "
        "and what would have helped.",
        ["education"],
    ),
    (
        "online-harms",
        "Online harms",
        YPAGThemePage.Theme.ONLINE_HARMS,
        "What young people see and face online, and what would make it safer.",
        ["reducing-harm"],
    ),
    (
        "pathways-into-employment",
        "Pathways into employment",
        YPAGThemePage.Theme.EMPLOYMENT,
        "Mentoring, careers advice and meeting employers, so more young people find good work.",
        ["positive-opportunities"],
    ),
]

PROFILES = [
    ("Amara", "Co-chair", "Lewisham", "I joined because my friends deserve to feel safe."),
    ("Jay", "Online harms lead", "", "I want adults to understand what really goes on online."),
    ("Precious", "School exclusion lead", "Croydon", "School should be a place you belong."),
]

NETWORK_PAGES = [
    ("young-peoples-action-group", "young-peoples-action-group"),
    ("hackney-parent-carer-champions", "parent-carer-champions-hackney"),
    ("housing-association-youth-network", "housing-association-youth-network"),
    ("myends-hackney", "myends-hackney"),
]

DEMO_USERS = [
    # username, email, first name, role
    ("ypag-editor", "ypag.editor@example.org", "Demo YPAG editor", services.YPAG_EDITOR),
    ("content-editor", "content.editor@example.org", "Demo content editor",
     services.CONTENT_EDITOR),
    ("network-coordinator", "network.coordinator@example.org", "Demo network coordinator",
     services.NETWORK_COORDINATOR),
]  # fmt: skip


def seed(stdout) -> None:
    home = Site.objects.get(is_default_site=True).root_page
    with transaction.atomic():
        landing = ensure_child(
            home,
            "ypag",
            lambda: YPAGLandingPage(
                title="Young People's Action Group",
                show_in_menus=True,
                introduction="Young Londoners making sure the VRU hears from young people "
                "first, not last.",
                who_we_are="We are about ten young people from across London. Some of us have "
                "lived through violence; some of us campaign on youth issues. We check the "
                "VRU's plans, run our own projects and tell decision makers what young people "
                "really think.",
                get_involved_text="If you are 13 to 25 and live in London, we would love to "
                "hear from you. You do not need any experience.",
            ),
            stdout,
        )
        services.ensure_ypag_permissions(landing)
        for slug, title, theme, introduction, area_slugs in THEMES:
            theme_page = ensure_child(
                landing,
                slug,
                lambda title=title, theme=theme, introduction=introduction: YPAGThemePage(
                    title=title, theme=theme, introduction=introduction
                ),
                stdout,
            )
            if not theme_page.priority_areas.exists():
                theme_page.priority_areas.set(PriorityArea.objects.filter(slug__in=area_slugs))
                theme_page.save_revision().publish()

        for order, (first_name, role, borough_name, about) in enumerate(PROFILES):
            _, created = MemberProfile.objects.get_or_create(
                first_name=first_name,
                defaults={
                    "role": role,
                    "about": about,
                    "borough": _borough(borough_name),
                    "sort_order": order * 10,
                },
            )
            if created:
                stdout.write(f"Created YPAG member profile: {first_name}")

        index = ensure_child(
            home,
            "networks",
            lambda: NetworkIndexPage(
                title="Networks",
                show_in_menus=True,
                introduction="Groups of parents, carers, young people and partners working "
                "with us across London.",
            ),
            stdout,
        )
        network_pages = {}
        for page_slug, network_slug in NETWORK_PAGES:
            network = Network.objects.get(slug=network_slug)
            network_pages[network_slug] = ensure_child(
                index,
                page_slug,
                lambda network=network: NetworkPage(title=network.name, network=network),
                stdout,
            )
            services.ensure_network_coordinator_group(network_pages[network_slug])

        for username, email, name, role in DEMO_USERS:
            user = ensure_demo_user(
                username=username,
                email=email,
                role=role,
                first_name=name,
                groups=[services.ensure_roles()[role]],
                stdout=stdout,
            )
            if user is not None and role == services.NETWORK_COORDINATOR:
                services.add_network_coordinator(
                    user, network_pages["parent-carer-champions-hackney"].network
                )


def _borough(name: str):
    from home.models import Borough

    return Borough.objects.filter(name=name).first() if name else None
