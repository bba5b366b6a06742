import pytest

from safeguarding.models import SafeguardingCategory, SafeguardingPhrase
from safeguarding.screening import normalise, screen_text

pytestmark = pytest.mark.django_db


def categories(text):
    return {match.category.slug for match in screen_text(text)}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Some days I just want to die tbh", "self-harm-suicide"),
        ("been thinking about killing myself", "self-harm-suicide"),
        ("I self harm when it gets bad", "self-harm-suicide"),
        ("my dad hits me when he's drunk", "abuse-at-home"),
        ("I'm scared to go home most nights", "abuse-at-home"),
        ("my mum's boyfriend touched me and told me not to tell", "sexual-exploitation"),
        ("a man online keeps asking me to send nudes", "sexual-exploitation"),
        ("the olders made me run drugs out in Kent, county lines", "criminal-exploitation"),
        ("I think I'm being groomed by people from the estate", "criminal-exploitation"),
        ("everyone in my year carries a knife so I carry a knife too", "weapons"),
        ("man got shanked outside the chicken shop", "weapons"),
        ("if he comes round again I'm going to stab him", "threats-to-others"),
        ("they said they will shoot someone from our ends", "threats-to-others"),
        ("I ran away from home last week and I'm sofa surfing", "missing-or-unsafe"),
    ],
)
def test_each_category_is_detected(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "I want to K.I.L.L myself",
        "i wanna diiiie",
        "I WANT TO DIE",
        "feel like k1ll1ng mys3lf",
        "I've been self-harming",
        "selfharm",
        "s e l f h a r m",
        "im sucidal",
        "Suïcidal thoughts every night",
        "thinking about suicide",
        "been cuttin myself",
        "I keep thinkin about killin myself",
    ],
)
def test_matching_survives_case_punctuation_repeats_and_misspellings(text):
    assert "self-harm-suicide" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "I have good skills in football and want to coach",
        "the film was killer, we loved it",
        "the new youth club is the best thing in our area",
        "we need more to do after school, I'm bored",
        "knife crime is going up and nobody talks to us about it",
        "I died laughing at the workshop",
        "it was a stab in the dark but we got the answer",
        "Thanks for asking young people what they think",
        "my dog needs grooming",
        # Everyday consultation wording that broad phrases used to catch.
        "the survey was sent out to schools too late",
        "there's nowhere safe for young people to hang out",
        "tickets sell for £5 which is too much",
        "I need to take my pills at lunchtime, please have water",
        "I hit my head playing football last year",
        "we moved out to Croydon when I was small",
        "more police for protection at the station",
        "prices will shoot up if the club closes",
        "the youth club gave me free football boots",
    ],
)
def test_benign_answers_are_not_flagged(text):
    assert screen_text(text) == []


def test_word_boundaries():
    SafeguardingPhrase.objects.create(
        category=SafeguardingCategory.objects.get(slug="threats-to-others"), phrase="kill"
    )
    assert categories("I will kill") == {"threats-to-others"}
    assert categories("so many skills and killers in the film") == set()


def test_wildcard_stems():
    weapons = SafeguardingCategory.objects.get(slug="weapons")
    SafeguardingPhrase.objects.create(category=weapons, phrase="stab*")
    assert "weapons" in categories("someone got stabbed near the station")
    assert "weapons" in categories("the stabbing last week")
    assert "weapons" not in categories("stubborn people")


def test_editing_the_phrase_list_takes_effect_at_once():
    assert screen_text("the blue bike is outside") == []
    phrase = SafeguardingPhrase.objects.create(
        category=SafeguardingCategory.objects.get(slug="weapons"), phrase="blue bike"
    )
    assert categories("the blue bike is outside") == {"weapons"}
    phrase.is_active = False
    phrase.save()
    assert screen_text("the blue bike is outside") == []
    phrase.is_active = True
    phrase.save()
    assert screen_text("the blue bike is outside") != []
    phrase.delete()
    assert screen_text("the blue bike is outside") == []


def test_each_phrase_reported_once_with_its_category():
    matches = screen_text("I want to die. I want to die. I want to die.")
    assert [match.phrase for match in matches] == ["want to die"]
    assert matches[0].category.name == "Self-harm or suicide"


def test_empty_and_whitespace_text():
    assert screen_text("") == []
    assert screen_text("   \n ") == []


def test_default_phrase_list_is_seeded_in_every_category():
    for category in SafeguardingCategory.objects.all():
        assert category.phrases.filter(is_active=True).count() >= 10, category.slug
    assert SafeguardingCategory.objects.count() == 7


def test_normalise():
    assert normalise("K.I.L.L   Myself!!!") == "kil myself"
    assert normalise("don't") == "dont"
    assert normalise("h@rm 5elf") == "harm self"
    assert normalise("at 10:30 in 2025") == "at 10 30 in 2025"
