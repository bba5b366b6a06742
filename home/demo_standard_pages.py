"""The standard demo pages (about us, programmes, partners, privacy, accessibility, reporting a
concern), in the project's own words from the VRU's published strategy. home/demo.py builds them."""

from wagtail.models import Page

from .demo_content import _bullets, _figure, _html


def standard_pages(strategy: Page, get_help: Page) -> list[tuple[str, str, bool, str, list]]:
    """The standard pages as (slug, title, show in menu, introduction, body blocks)."""
    return [
        (
            "about-us",
            "About us",
            True,
            "Who we are, why we were set up and how we work with London's communities.",
            [
                ("heading", {"text": "Who we are", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "The Mayor of London set us up in 2018. We were the first Violence "
                        "Reduction Unit in England.",
                        "We believe violence can be prevented. Instead of only reacting after "
                        "someone is hurt, we look at what leads to violence and step in "
                        "early, with the people who know their area best.",
                    ),
                ),
                ("heading", {"text": "Who we work with", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "We work in every London borough and the City of London. Our partners "
                        "include the NHS, the police, councils, schools and colleges, "
                        "charities, faith and community groups, families and young people "
                        "themselves. Most of our work is with young people aged 25 and under."
                    ),
                ),
                ("heading", {"text": "What we set out to do", "level": "h2"}),
                (
                    "paragraph",
                    _bullets(
                        "Stop violence rising, then bring it down.",
                        "Understand what really causes violence and act on it across London.",
                        "Give communities the support and skills to lead change themselves.",
                    ),
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Read our plan",
                        "text": "See our five priority areas and what we fund in each one.",
                        "page": strategy.pk,
                        "url": "",
                        "button_label": "Read our strategy",
                    },
                ),
            ],
        ),
        (
            "our-programmes",
            "Our programmes",
            True,
            "The projects we fund, from youth workers in hospitals to community-led networks.",
            [
                (
                    "key_figures",
                    {
                        "heading": "Our work in numbers",
                        "figures": [
                            _figure(
                                "150,000",
                                "positive opportunities funded for young people since 2021",
                            ),
                            _figure(
                                "5,600",
                                "young people helped in the first year of community-led work",
                            ),
                            _figure("126", "programmes funded in a single year"),
                            _figure("80,000", "young people supported in 2020"),
                            _figure("£7m", "for schools and pupil referral units"),
                            _figure("£6m", "shared across 8 MyEnds community networks"),
                        ],
                    },
                ),
                ("heading", {"text": "In schools", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "We help schools to be inclusive and caring places, so fewer pupils are "
                        "excluded. Over three years we aim to support 9,000 children and young "
                        "people and 70 schools. So far 150 schools have had support with "
                        "inclusive education.",
                    ),
                ),
                ("heading", {"text": "In communities", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "MyEnds puts local people in charge. Eight community networks, in "
                        "Brent, Croydon, Hackney, Haringey, Lambeth, Newham, Southwark and "
                        "Tower Hamlets, each receive up to £750,000 to run their own plans.",
                        "Parent and carer champion networks run in all 32 boroughs, backed by "
                        "£1m, so families can support each other.",
                    ),
                ),
                (
                    "quote",
                    {
                        "quote": "The youth worker at the hospital was the first person who "
                        "asked me what I actually needed.",
                        "attribution": "Young person, 17",
                    },
                ),
            ],
        ),
        (
            "partners",
            "Partners",
            True,
            "No one organisation can prevent violence alone. These are some of the people and "
            "groups we work with.",
            [
                ("heading", {"text": "Who we work with", "level": "h2"}),
                (
                    "paragraph",
                    _bullets(
                        "Young people",
                        "Families, parents and carers",
                        "Community groups",
                        "Charities and voluntary groups",
                        "London's councils",
                        "The NHS and public health teams",
                        "Schools and colleges",
                        "The police",
                    ),
                ),
                ("heading", {"text": "Housing Association Youth Network", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "Nine housing associations have joined us for three years to support "
                        "young people where they live, in Brent, Hackney, Islington, Lambeth, "
                        "Southwark, Tower Hamlets and Waltham Forest. They are Catalyst, "
                        "Clarion Housing Group, Hyde, Metropolitan Thames Valley Housing, One "
                        "Housing, Optivo, Peabody, Poplar Harca and Southern Housing Group.",
                        "Together we plan mentoring, help with handling conflict, counselling, "
                        "training for parents and neighbours to spot warning signs, and safe "
                        "places for young people to go.",
                    ),
                ),
            ],
        ),
        (
            "report-a-concern",
            "How to report a concern",
            False,
            "What to do if you are worried that someone is in danger or is being harmed.",
            [
                ("heading", {"text": "If someone is in danger now", "level": "h2"}),
                ("paragraph", _html("Call 999. Do not wait to tell us first.")),
                (
                    "heading",
                    {"text": "If you are worried about a child or young person", "level": "h2"},
                ),
                (
                    "paragraph",
                    _html(
                        "Contact the children's services team at the local council where the "
                        "child lives, or call the NSPCC helpline for advice. You can do this "
                        "without giving your name.",
                    ),
                ),
                (
                    "heading",
                    {"text": "If you told us something in a survey or at an event", "level": "h2"},
                ),
                (
                    "paragraph",
                    _html(
                        "Most answers you give us are read to understand what people think, not "
                        "to check up on anyone. But if you tell us something that makes us "
                        "think someone could be seriously hurt, a trained member of our team "
                        "will read it and may pass it to people who can keep them safe.",
                        "We do not watch answers all day and night, so we cannot help in an "
                        "emergency. If you need help now, use the services below.",
                    ),
                ),
                ("support_links", {"heading": "Where to get help now", "intro": ""}),
                (
                    "call_to_action",
                    {
                        "heading": "More places to get help",
                        "text": "",
                        "page": get_help.pk,
                        "url": "",
                        "button_label": "See all support services",
                    },
                ),
            ],
        ),
        (
            "privacy-notice",
            "Privacy notice",
            False,
            "How we collect, use and protect personal data when you use this website.",
            [
                ("heading", {"text": "Who we are", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "This website is run by the London Violence Reduction Unit, part of the "
                        "Greater London Authority, which is the data controller for the "
                        "personal data described here.",
                    ),
                ),
                ("heading", {"text": "What we collect and why", "level": "h2"}),
                (
                    "paragraph",
                    _bullets(
                        "<b>Consultation answers.</b> You can answer without an account and "
                        "without giving your name. We ask for your age group and borough so we "
                        "can see whose voices we are hearing.",
                        "<b>Contact details.</b> Only if you ask us to tell you what happened "
                        "next, or you book a place at an event.",
                        "<b>An account</b>, if you choose to make one, so you can see and "
                        "withdraw your own answers and bookings.",
                    ),
                ),
                ("heading", {"text": "Our lawful basis", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "We use your data to carry out a task in the public interest: "
                        "preventing violence in London. Where we ask for your consent, for "
                        "example to email you updates, you can withdraw it at any time.",
                    ),
                ),
                ("heading", {"text": "How long we keep it", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "We remove names and contact details after a set time. We keep counts "
                        "and answers with personal details taken out, so we can keep learning "
                        "from what people told us.",
                    ),
                ),
                ("heading", {"text": "Cookies", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "We only use cookies the website needs to work, such as keeping you "
                        "signed in. We do not use tracking or advertising cookies.",
                    ),
                ),
                ("heading", {"text": "Your rights", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "You can ask for a copy of your data, ask us to correct it or delete "
                        "it, or object to how we use it. Email privacy@example.org. If you are "
                        "unhappy with our answer you can complain to the Information "
                        "Commissioner's Office.",
                    ),
                ),
            ],
        ),
        (
            "privacy-notice-for-young-people",
            "Privacy notice for young people",
            False,
            "What happens to the things you tell us, explained simply.",
            [
                ("heading", {"text": "You do not have to tell us who you are", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "You can answer our questions without giving your name or email. We "
                        "ask how old you are (as a range, like 16 to 18) and which part of "
                        "London you live in. This helps us know if we are hearing from lots of "
                        "different people.",
                    ),
                ),
                ("heading", {"text": "Who sees your answers", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "A small team at the Violence Reduction Unit reads the answers. When we "
                        "share what people said, we take out anything that could show who you "
                        "are.",
                    ),
                ),
                ("heading", {"text": "When we might tell someone", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "If you tell us something that makes us think you or someone else "
                        "could be badly hurt, we may need to tell people whose job is to keep "
                        "you safe. We will only share what they need to know.",
                    ),
                ),
                ("heading", {"text": "If you give us your email", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "We only use it for what you asked, like telling you what happened "
                        "because of your answers. We never sell it or give it to other "
                        "companies. We delete it after a while.",
                    ),
                ),
                ("heading", {"text": "You are in charge", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "You can ask us what we have about you, or ask us to delete it. Email "
                        "privacy@example.org, or ask a parent, carer, teacher or youth worker "
                        "to help you.",
                    ),
                ),
                ("support_links", {"heading": "Need to talk to someone?", "intro": ""}),
            ],
        ),
        (
            "accessibility-statement",
            "Accessibility statement",
            False,
            "How accessible this website is, and how to tell us about a problem.",
            [
                ("heading", {"text": "Using this website", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "We want as many people as possible to be able to use this website. "
                        "You should be able to:",
                    )
                    + _bullets(
                        "zoom in up to 400% without text spilling off the screen",
                        "get around the whole website using just a keyboard or speech recognition",
                        "use it with a screen reader",
                        "answer surveys and book events without JavaScript",
                    ),
                ),
                ("heading", {"text": "How accessible this website is", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "We aim to meet the Web Content Accessibility Guidelines version 2.2 "
                        "at level AA. We test with automated tools and by hand. Some older "
                        "documents may not be fully accessible.",
                    ),
                ),
                ("heading", {"text": "Asking for another format", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "If you need a document in large print, easy read, audio or another "
                        "format, email accessibility@example.org. We will reply within 5 "
                        "working days.",
                    ),
                ),
                ("heading", {"text": "Reporting a problem", "level": "h2"}),
                (
                    "paragraph",
                    _html(
                        "If you find something on this website hard to use, please tell us at "
                        "accessibility@example.org. If you are not happy with how we respond, "
                        "contact the Equality Advisory and Support Service.",
                    ),
                ),
            ],
        ),
    ]
