"""Answers that get no suggestion whatever the model says: empty, too short, keyboard mash,
and stock non-answers ("idk", "no comment", "n/a"). A wrong suggestion costs a coder more
than none, so these are refused before the classifier runs. Plain Python, no model."""

import re

MIN_LETTERS = 4
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# Whole answers that carry no meaning, after lower-casing and dropping punctuation.
NON_ANSWERS = {
    "idk",
    "i dont know",
    "i don't know",
    "dont know",
    "don't know",
    "dunno",
    "no idea",
    "not sure",
    "no comment",
    "no comments",
    "none",
    "nothing",
    "nothing really",
    "nothing else",
    "no",
    "yes",
    "na",
    "n a",
    "nah",
    "nope",
    "ok",
    "okay",
    "same",
    "same as above",
    "as above",
    "see above",
    "pass",
    "skip",
    "test",
    "idk really",
    "no thanks",
    "not really",
}
VOWELS = set("aeiouy")


def _looks_like_mash(word: str) -> bool:
    """A long word with no vowel, or a run of five consonants, or one letter repeated."""
    if len(word) < 5:
        return False
    if not VOWELS & set(word):
        return True
    if re.search(r"[^aeiouy]{5,}", word):
        return True
    return len(set(word)) <= 2


def abstain_reason(text: str | None) -> str:
    """Why this answer gets no suggestion ("" when it may get one)."""
    text = (text or "").strip()
    if not text:
        return "empty"
    lowered = text.lower().replace("’", "'")
    words = WORD.findall(lowered)
    letters = sum(len(word) for word in words)
    if letters < MIN_LETTERS:
        return "too short"
    if " ".join(words) in NON_ANSWERS or re.sub(r"[^a-z' ]", "", lowered).strip() in NON_ANSWERS:
        return "no answer"
    mashed = sum(len(word) for word in words if _looks_like_mash(word))
    if mashed * 2 >= letters:
        return "not words"
    return ""
