"""Reference data: the five priority areas, the 33 London local authorities, the networks the
VRU works with, the nine housing association partners and the support services we signpost to.

Written in our own words from the VRU's published strategy. Safe to re-run: everything is
matched on its slug or name.
"""

from django.db import migrations
from django.utils.text import slugify

PRIORITY_AREAS = [
    (
        1,
        "Children and young people: reducing harm",
        "Reducing harm",
        "Reaching young people at the moments when harm is most likely, such as after an "
        "injury, an arrest or exploitation online, and offering someone to talk to and a way out.",
        [
            "Youth workers in hospital emergency departments",
            "Youth workers in police custody suites",
            "Tackling harm that happens online",
            "Cognitive behaviour therapy for young people",
            "Domestic abuse training for health professionals",
            "Online support for young people at risk of exploitation",
        ],
        [
            "Fewer young people hurt or harmed more than once",
            "Young people at risk are reached earlier",
        ],
    ),
    (
        2,
        "Children and young people: positive opportunities",
        "Positive opportunities",
        "Making sure every young person has safe places to go, trusted adults to turn to and "
        "things to do that build skills and confidence.",
        [
            "Activities after school and at weekends",
            "Sport",
            "A leadership programme for youth workers",
            "The Young People's Action Group",
            "Mentoring for girls and young women",
        ],
        [
            "More young people taking part in positive activities",
            "Young people's voices shaping the decisions that affect them",
        ],
    ),
    (
        3,
        "Families",
        "Families",
        "Supporting parents and carers to keep their children safe, and helping families "
        "affected by violence or abuse at home.",
        [
            "Parent and carer champion networks in every borough",
            "A parent support pilot in Islington and Camden",
            "Mental health support for parents and carers in the community",
            "Help with child or adolescent to parent violence and abuse",
            "Support for children affected by domestic abuse",
        ],
        [
            "Parents and carers feel confident and supported",
            "Children affected by abuse at home get help sooner",
        ],
    ),
    (
        4,
        "Education",
        "Education",
        "Keeping young people in education by helping schools to be inclusive and nurturing, "
        "and supporting those who have been excluded.",
        [
            "Inclusive and nurturing schools",
            "A programme for primary schools",
            "Mentoring in pupil referral units and alternative provision",
            "A resilient schools programme",
        ],
        [
            "Fewer exclusions from school",
            "Young people in alternative provision have a trusted mentor",
        ],
    ),
    (
        5,
        "Communities and place",
        "Communities and place",
        "Backing local people to lead change in their own neighbourhoods, and responding "
        "together when something serious happens.",
        [
            "MyEnds community-led networks",
            "The London Crime Prevention Fund",
            "A fund to build community capacity",
            "A fund to respond to critical incidents",
        ],
        [
            "Communities lead and own local work to prevent violence",
            "Neighbourhoods recover faster after a serious incident",
        ],
    ),
]

BOROUGHS = [
    "Barking and Dagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "City of London",
    "Croydon", "Ealing", "Enfield", "Greenwich", "Hackney", "Hammersmith and Fulham", "Haringey",
    "Harrow", "Havering", "Hillingdon", "Hounslow", "Islington", "Kensington and Chelsea",
    "Kingston upon Thames", "Lambeth", "Lewisham", "Merton", "Newham", "Redbridge",
    "Richmond upon Thames", "Southwark", "Sutton", "Tower Hamlets", "Waltham Forest",
    "Wandsworth", "Westminster",
]  # fmt: skip

HOUSING_ASSOCIATIONS = [
    "Catalyst", "Clarion Housing Group", "Hyde", "Metropolitan Thames Valley Housing",
    "One Housing", "Optivo", "Peabody", "Poplar Harca", "Southern Housing Group",
]  # fmt: skip

HOUSING_YOUTH_BOROUGHS = [
    "Brent", "Hackney", "Islington", "Lambeth", "Southwark", "Tower Hamlets", "Waltham Forest",
]  # fmt: skip

MYENDS_BOROUGHS = [
    "Brent", "Croydon", "Hackney", "Haringey", "Lambeth", "Newham", "Southwark", "Tower Hamlets",
]  # fmt: skip

SUPPORT_SERVICES = [
    # name, description, phone, website, is_emergency, order
    ("Emergency services", "If you are in danger or someone is hurt", "999", "", True, 0),
    ("Childline", "Free, private help for anyone under 19, day or night", "0800 1111",
     "https://www.childline.org.uk/", False, 10),
    ("NSPCC", "Worried about a child? Talk to the NSPCC", "", "https://www.nspcc.org.uk/",
     False, 20),
    ("Is this OK?", "Chat online if something does not feel right", "",
     "https://www.isthisok.org.uk/", False, 30),
    ("Missing People", "Help if you have run away or someone is missing", "116 000",
     "https://www.missingpeople.org.uk/", False, 40),
    ("Women's Aid", "Support with domestic abuse", "", "https://www.womensaid.org.uk/",
     False, 50),
    ("Refuge", "Support with domestic abuse, day or night", "", "https://www.refuge.org.uk/",
     False, 60),
    ("Barnardo's", "Support for children, young people and families", "",
     "https://www.barnardos.org.uk/", False, 70),
    ("Action for Children", "Advice for young people and parents", "",
     "https://www.actionforchildren.org.uk/", False, 80),
    ("Save the Children", "Support for children and families", "",
     "https://www.savethechildren.org.uk/", False, 90),
    ("Shelter", "Help with housing and homelessness", "", "https://www.shelter.org.uk/",
     False, 100),
    ("Citizens Advice", "Free advice on money, housing, work and the law", "",
     "https://www.citizensadvice.org.uk/", False, 110),
]  # fmt: skip


def create_reference_data(apps, schema_editor):
    PriorityArea = apps.get_model("home", "PriorityArea")
    Borough = apps.get_model("home", "Borough")
    PartnerOrganisation = apps.get_model("home", "PartnerOrganisation")
    Network = apps.get_model("home", "Network")
    SupportService = apps.get_model("home", "SupportService")

    for number, name, short_name, summary, interventions, outcomes in PRIORITY_AREAS:
        PriorityArea.objects.update_or_create(
            number=number,
            defaults={
                "name": name,
                "short_name": short_name,
                "slug": slugify(short_name),
                "summary": summary,
                "key_interventions": "\n".join(interventions),
                "outcomes": "\n".join(outcomes),
                "policies_supported": "The Mayor's Police and Crime Plan\nThe VRU strategy",
            },
        )

    boroughs = {}
    for name in BOROUGHS:
        boroughs[name], _ = Borough.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "is_city_of_london": name == "City of London"},
        )

    partners = []
    for name in HOUSING_ASSOCIATIONS:
        partner, _ = PartnerOrganisation.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": "housing_association"}
        )
        partners.append(partner)

    Network.objects.get_or_create(
        slug="young-peoples-action-group",
        defaults={
            "name": "Young People's Action Group",
            "kind": "ypag",
            "summary": "About ten young Londoners who shape the VRU's work. "
            "Nothing about us without us.",
        },
    )
    for name, borough in boroughs.items():
        if borough.is_city_of_london:
            continue
        Network.objects.get_or_create(
            slug=f"parent-carer-champions-{borough.slug}",
            defaults={
                "name": f"{name} parent and carer champions",
                "kind": "parent_carer",
                "borough": borough,
                "summary": f"Parents and carers in {name} supporting each other to keep "
                "young people safe.",
                "how_to_join": f"Contact {name} Council and ask about the parent and carer "
                "champion network.",
            },
        )
    housing, _ = Network.objects.get_or_create(
        slug="housing-association-youth-network",
        defaults={
            "name": "Housing Association Youth Network",
            "kind": "housing_youth",
            "summary": "Nine housing associations working with the VRU for three years to "
            "support young people where they live.",
        },
    )
    housing.partners.add(*partners)
    housing.boroughs.add(*(boroughs[name] for name in HOUSING_YOUTH_BOROUGHS))
    for name in MYENDS_BOROUGHS:
        Network.objects.get_or_create(
            slug=f"myends-{slugify(name)}",
            defaults={
                "name": f"MyEnds {name}",
                "kind": "myends",
                "borough": boroughs[name],
                "summary": f"A community-led network working to prevent violence in {name}.",
            },
        )

    for name, description, phone, website, is_emergency, order in SUPPORT_SERVICES:
        SupportService.objects.update_or_create(
            name=name,
            defaults={
                "description": description,
                "phone": phone,
                "website": website,
                "is_emergency": is_emergency,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [migrations.RunPython(create_reference_data, migrations.RunPython.noop)]
