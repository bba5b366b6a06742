import pytest

from language.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Email addresses
        ("mail me at sam.jones@example.org please", "mail me at [email] please"),
        ("(jo+vru@example.co.uk)", "([email])"),
        ("[JO.Bloggs@Example.COM]", "[[email]]"),
        ("email: a_b-c@mail.example.ac.uk.", "email: [email]."),
        # Phone numbers
        ("call 07700 900123", "call [phone]"),
        ("call 07700900123 after school", "call [phone] after school"),
        ("ring +44 7700 900 123", "ring [phone]"),
        ("ring +447700900123", "ring [phone]"),
        ("ring 0044 7700 900123", "ring [phone]"),
        ("office 020 7946 0000", "office [phone]"),
        ("office (020) 7946-0000", "office [phone]"),
        ("office +44 (0)20 7946 0000", "office [phone]"),
        ("text 07700-900-123!", "text [phone]!"),
        ("mum's on 0161 496 0000", "mum's on [phone]"),
        # Postcodes
        ("I live in SW1A 1AA", "I live in [postcode]"),
        ("near e17 4pq innit", "near [postcode] innit"),
        ("n11ab", "[postcode]"),
        ("CR0 2AB and se15 3ab", "[postcode] and [postcode]"),
        # Links
        ("see https://example.org/page?x=1.", "see [link]."),
        ("see www.example.com for more", "see [link] for more"),
        ("my site is example.co.uk", "my site is [link]"),
        ("watch youtube.com/watch?v=abc", "watch [link]"),
        # Handles
        ("follow me @jay_123 on insta", "follow me [handle] on insta"),
        ("snap: @kaylaa.x", "snap: [handle]"),
        ("dm @Someone_Else!", "dm [handle]!"),
    ],
)
def test_redacts_contact_details(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The meeting starts at 10:30 and ends at 12:00.",
        "In 2019 and again in 2025 things changed.",
        "about 2000 people came, maybe 2,000",
        "£7m for schools and £750,000 each",
        "Call Childline? No, I just want more youth clubs.",
        "we need 24/7 support, e.g. at weekends etc.",
        "I am 15 years old and in year 10",
        "on 12/03/2025 at 3pm",
        "it was 50-50 really, score 3-1",
        "room B12 on floor 2",
        "I scored 100% on my test",
        "the bus is the 253",
        "ends.Then it started again",
        "an M25 jam",
        "see you @5pm or @ 10:30, or @10.30am",
        "Childline is free on 0800 1111",
    ],
)
def test_leaves_ordinary_text_alone(text):
    assert redact(text) == text


def test_email_is_not_mistaken_for_a_handle_or_link():
    assert redact("x@y.com") == "[email]"
    assert redact("hi @sam, my email is sam@example.org") == "hi [handle], my email is [email]"


def test_redaction_is_idempotent_and_handles_empty_text():
    once = redact("07700 900123 or sam@example.org at sw1a1aa")
    assert once == "[phone] or [email] at [postcode]"
    assert redact(once) == once
    assert redact("") == ""
