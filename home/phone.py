"""UK phone numbers in forms: checked and written one way, with Google's libphonenumber
(`phonenumbers`). Phone *detection* in free text is redaction's (language/redaction/).

A resident's own number is accepted when libphonenumber knows it is valid, or when it has the
full length of a UK number (ten digits after the 0): Ofcom's drama ranges (07700 900xxx) and
newly allocated ranges are real-shaped numbers the library does not list. Numbers are stored
in the national format ("07700 900123", "020 7946 0000"), numbers abroad in the international
one ("+33 1 23 45 67 89"). Helplines may also be short numbers (999, 116 123).
"""

import phonenumbers
from phonenumbers import PhoneNumberFormat, shortnumberinfo

REGION = "GB"
UK_NATIONAL_LENGTH = 10
PHONE_INVALID = "Enter a phone number like 07700 900123 or 020 7946 0000"


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    text = (text or "").strip()
    if not text or len(text) > 40:
        return None
    try:
        return phonenumbers.parse(text, REGION)
    except phonenumbers.NumberParseException:
        return None


def _is_uk(number: phonenumbers.PhoneNumber) -> bool:
    return number.country_code == phonenumbers.country_code_for_region(REGION)


def _formatted(number: phonenumbers.PhoneNumber) -> str:
    if _is_uk(number):
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def normalise_phone(text: str) -> str | None:
    """The number written the one way, or None when it is not a phone number we can call."""
    number = _parse(text)
    if number is None:
        return None
    if phonenumbers.is_valid_number(number):
        return _formatted(number)
    full_uk_length = _is_uk(number) and len(str(number.national_number)) == UK_NATIONAL_LENGTH
    if full_uk_length and phonenumbers.is_possible_number(number):
        return _formatted(number)
    return None


def normalise_helpline(text: str) -> str | None:
    """Like `normalise_phone`, but a UK short number (999, 116 123) is kept as written."""
    number = _parse(text)
    if number is not None and shortnumberinfo.is_valid_short_number_for_region(number, REGION):
        return " ".join(text.split())
    return normalise_phone(text)
