"""Redaction of what identifies someone: names, addresses, schools, dates of birth, NHS and
NI numbers, handles named by platform, profile links, spelled-out emails; and what it keeps."""

from datetime import date

import pytest

from language.redaction import find, redact
from language.redaction.numbers import dates_of_birth, nhs_check_digit_ok


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Names: after an introduction, a relationship word, a title; full names; lower case
        ("hi im jayden and i live in peckham", "hi im [name] and i live in peckham"),
        ("Hi, I'm Keisha, 15, from Lewisham", "Hi, I'm [name], 15, from Lewisham"),
        ("my name is Tyrese Campbell", "my name is [name]"),
        ("My son Daniel is 14", "My son [name] is 14"),
        ("my daughter Hope wont go out", "my daughter [name] wont go out"),
        ("my youth worker Will is the best", "my youth worker [name] is the best"),
        ("Mrs Okafor at the youth club helped", "[name] at the youth club helped"),
        ("Dr. Okonkwo at the clinic", "[name] at the clinic"),
        ("PC Harris was decent", "[name] was decent"),
        ("me and kai got robbed", "me and [name] got robbed"),
        ("Chloe and Ruby get bullied", "[name] and [name] get bullied"),
        ("Destiny is my best friend", "[name] is my best friend"),
        ("Ayesha Begum runs a girls group", "[name] runs a girls group"),
        # Addresses
        ("we live at 14 Rye Lane, Peckham", "we live at [address], Peckham"),
        ("I live in Flat 3, 27 Mare Street now", "I live in [address] now"),
        ("Flat 8, Pelican House has no lights", "[address] has no lights"),
        ("im at 45 old kent road above the shop", "im at [address] above the shop"),
        # Schools
        ("I go to Kingsdale Foundation School in Dulwich", "I go to [school] in Dulwich"),
        ("St Saviour's Primary School is near", "[school] is near"),
        ("i go harris academy peckham", "i go [school]"),
        ("at st marys primary they did a talk", "at [school] they did a talk"),
        ("im in year 9 at bishop challoner", "im in year 9 at [school]"),
        # Dates of birth
        ("she was born on 14/03/2010", "she was born on [date of birth]"),
        ("dob 03.11.2009", "dob [date of birth]"),
        ("date of birth: 2011-06-02", "date of birth: [date of birth]"),
        ("born 21st of August 2008", "born [date of birth]"),
        ("my son was born in March 2012", "my son was born in [date of birth]"),
        ("my son (12/09/2011) is autistic", "my son ([date of birth]) is autistic"),
        # Identity numbers
        ("his NHS number is 943 476 5919", "his NHS number is [NHS number]"),
        ("nhs no 9434765919", "nhs no [NHS number]"),
        ("NHS: 943-476-5919", "NHS: [NHS number]"),
        ("my NI number is QQ123456C", "my NI number is QQ123456C"),  # QQ is no valid prefix
        ("my NI number is AB123456C", "my NI number is [NI number]"),
        ("ni no ab 12 34 56 c", "ni no [NI number]"),
        # Handles named by platform, profile links
        ("my snap is ella_bellaxo", "my snap is [handle]"),
        ("insta: bigmike.24", "insta: [handle]"),
        ("add me on snap jaydenx07", "add me on snap [handle]"),
        ("my discord is shadowfox#2231", "my discord is [handle]"),
        ("psn BlazeRunner_7", "psn [handle]"),
        ("my profile is instagram.com/jay.k_07", "my profile is [link]"),
        ("see https://www.tiktok.com/@peckhamgyal", "see [link]"),
        # Emails written out
        ("email me sam dot jones at gmail dot com", "email me [email]"),
        ("contact: kerry.ann(at)hotmail.co.uk", "contact: [email]"),
        ("my email is d.walker [at] outlook [dot] com", "my email is [email]"),
        ("write to tunde_b at yahoo.com", "write to [email]"),
        ("lola (at) yahoo (dot) co (dot) uk", "[email]"),
        ("mike_1998 @ hotmail.com", "[email]"),
        # Named handles whose value is a word, after "my … is"; speaking verbs; full names
        ("my snap is jay", "my snap is [handle]"),
        ("my insta's bigmike", "my insta's [handle]"),
        ("snap me ella_bellaxo", "snap me [handle]"),
        ("see linktr.ee/keisha_x", "see [link]"),
        ("Precious said she would come", "[name] said she would come"),
        ("Rose Okafor runs it", "[name] runs it"),
        ("my birthday's the 3rd of May 2009", "my birthday's the [date of birth]"),
    ],
)
def test_redacts_what_identifies_someone(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # boroughs, areas, stations, streets without a number
        "Lewisham, Southwark and Lambeth all have the same problem",
        "Peckham Rye station is dodgy after 10pm",
        "More police on Rye Lane and Old Kent Road at night",
        "Victoria station late at night is scary",
        "Bethnal Green tube is where it kicks off",
        "I'm from Haringey",
        "SE15 has too many knife crimes",
        # public figures
        "Sadiq Khan should fund more youth centres",
        "Marcus Rashford does more for kids than the government",
        "Keir Starmer never comes to Tottenham",
        "Bukayo Saka is my favourite player",
        # scores, session dates, counts, times, amounts
        "We won 3-1 on Saturday",
        "The session on 05/12/2026 was really useful",
        "the meeting on 12/01/2027 clashes with exams",
        "about 40 young people came at 6pm",
        "It cost £5 to get in",
        "the 12 bus down Old Kent Road is packed",
        "the 2012 Olympic park is nice",
        # I'm + something else; relationship words without a name; platforms without a handle
        "I'm tired of being stopped and searched",
        "I'm worried about my son",
        "im dead this survey is long lol",
        "my mum said i cant go to the park",
        "my insta is private",
        "i saw it on tiktok",
        "snap is where people send threats",
        "snap is toxic and insta is the worst",
        "my snap is down rn",
        "Green Lanes and Hope Street",
        "Mark Duggan's death started the riots",
        "I'm Black British and I'm Christian",
        "email is the best way to reach me",
        # ordinary-word names, slang, venues, organisations, schools without a name
        "Hope this helps",
        "May is when it gets bad",
        "allow it fam the feds dont care",
        "bare man get shanked round here innit",
        "Brixton Academy gigs end late",
        "Kings College Hospital saved my brother",
        "after school there is nothing to do",
        "i go to a good school in Hackney",
        "Childline is free on 0800 1111",
        "Samaritans on 116 123 helped me",
        "Year 9 and Year 10 are the worst",
    ],
)
def test_keeps_what_analysts_need(text):
    assert redact(text) == text


def test_nhs_check_digit():
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")  # wrong check digit
    assert redact("nhs number 943 476 5918") == "nhs number 943 476 5918"


def test_a_bare_date_is_a_birth_date_only_when_long_ago():
    today = date(2026, 12, 2)
    assert [s.kind for s in dates_of_birth("it was on 04/05/2010", today)] == ["date_of_birth"]
    assert dates_of_birth("it was on 04/05/2025", today) == []
    assert dates_of_birth("born 04/05/2025", today)  # a baby's, with the birth word


def test_spans_name_their_kind():
    text = "I'm Olu, call 07700 900461, dob 03.11.2009"
    assert [(text[s.start : s.end], s.kind) for s in find(text)] == [
        ("Olu", "name"),
        ("07700 900461", "phone"),
        ("03.11.2009", "date_of_birth"),
    ]


def test_redaction_is_idempotent_with_every_placeholder():
    text = (
        "I'm Keisha, 14 Rye Lane SE15 4ST, Kingsdale School, born 14/03/2010, "
        "NHS 943 476 5919, NI AB123456C, snap kee.07, kee at gmail dot com"
    )
    once = redact(text)
    assert once == (
        "I'm [name], [address] [postcode], [school], born [date of birth], "
        "NHS [NHS number], NI [NI number], snap [handle], [email]"
    )
    assert redact(once) == once
