"""The made-up responses for bench/campaigns_bench.py: word lists, campaign templates copied
with small edits, organic answers that share common phrases without being copies, and short
answers. Fixed seed; nothing read from real answers (what is generated: campaigns_bench.py)."""

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "site"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from assisted_coding.campaigns import normalise  # noqa: E402

NAMES = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Femi",
    "Grace",
    "Hassan",
    "Isla",
    "Jay",
    "Kai",
    "Leah",
    "Musa",
    "Nia",
    "Omar",
    "Priya",
]
PLACES = [
    "Croydon",
    "Hackney",
    "Lambeth",
    "Lewisham",
    "Newham",
    "Southwark",
    "Tower",
    "Hamlets",
    "Brent",
    "Ealing",
    "Enfield",
    "Haringey",
    "Islington",
    "Camden",
    "Barnet",
    "Bromley",
    "Greenwich",
    "Hounslow",
    "Redbridge",
    "Sutton",
    "Merton",
]
COMMON = [
    "there is nothing for young people to do",
    "knife crime is a big problem round here",
    "we need more youth clubs",
    "the police should listen to young people",
    "i do not feel safe on the bus at night",
    "schools should teach us about staying safe",
    "parents need more support",
    "it is too expensive to do anything after school",
    "i think the council should do more",
    "more people like youth workers would help",
]
SUBJECTS = [
    "my little brother",
    "my friends",
    "people at my school",
    "the kids on my estate",
    "girls my age",
    "young people in care",
    "my cousins",
    "boys in year nine",
    "the older ones",
    "my neighbours",
    "my mum",
    "lads from my football team",
    "my best mate",
    "year elevens",
    "people in my class",
]
VERBS = [
    "get stopped by police",
    "hang around the shops",
    "walk home in the dark",
    "miss out on clubs",
    "get pulled into trouble",
    "stay in their rooms",
    "get bullied online",
    "skip school",
    "travel far for football",
    "worry about money",
    "wait months for counselling",
    "feel ignored",
    "get followed by older boys",
    "carry things to feel safe",
    "avoid the high street",
]
REASONS = [
    "because the park has no lights",
    "since the youth centre closed",
    "because buses stop early",
    "as there are no jobs for teenagers",
    "because nobody asks us",
    "since the library shut",
    "because it costs too much",
    "as the gangs recruit near the station",
    "because of the cuts",
    "as teachers are too busy",
    "because the estate has no cameras",
    "since the pitch was sold",
    "because adults assume the worst",
    "as there is nowhere warm to sit",
]
WISHES = [
    "a free gym",
    "a music studio",
    "more mentors",
    "safer routes",
    "better lighting",
    "a late bus",
    "paid work experience",
    "a drop-in centre",
    "sports on weekends",
    "someone to talk to",
    "cooking classes",
    "a place to do homework",
    "boxing sessions",
    "a coding club",
    "free travel",
]
FEELINGS = [
    "it makes me angry",
    "honestly it is scary",
    "nobody seems to care",
    "it is getting worse",
    "i am tired of it",
    "it was better before",
    "my mum worries all the time",
    "we just get used to it",
    "it feels unfair",
    "i want to move away",
]
TIMES = ["after school", "at weekends", "in the holidays", "on Friday nights", "in the evenings"]
SHORT = ["yes", "no", "idk", "not sure", "more youth clubs", "n/a", "nothing", "good idea"]
ORGANISATIONS = [
    "Youth Alliance",
    "Parents Forum",
    "Safer Streets group",
    "Tenants Association",
    "Mosque committee",
    "Church youth team",
    "Football Foundation",
    "Mentoring Network",
    "Young Carers group",
    "Boxing Club",
    "Arts Collective",
    "Residents Panel",
]
DEMANDS = [
    "protect funding for youth services",
    "keep the community centre open",
    "fund mentoring for teenagers",
    "end stop and search without cause",
    "pay youth workers properly",
    "open school halls in the evenings",
    "light the park paths",
    "run a late-night bus",
    "fund family support workers",
    "build a new skate park",
    "give young people a seat on the board",
    "restore the summer programme",
]
CLAIMS = [
    "violence is preventable and youth work works",
    "early help saves money and lives",
    "cutting youth workers puts more children at risk",
    "young people must be heard in every decision",
    "trust between police and young people is broken",
    "every child deserves a safe place to go",
    "families cannot do this alone",
    "our area has been ignored for too long",
]
CAMPAIGN_PATTERNS = [
    "We the {org} of {place} call on the Mayor to {demand}",
    "The evidence is clear that {claim}",
    "I am writing with {name} and our neighbours to ask you to {demand}",
    "As members of the {place} {org} we believe {claim}",
    "Please {demand} before another young person in {place} is hurt",
    "Sign with us and tell the council that {place} needs {wish}",
    "We want {wish} {time} and we want it this year",
    "Our children like {name} deserve better because {claim}",
]
OWN_SENTENCES = [
    "My son {name} goes there every week.",
    "I have lived in {place} for twenty years.",
    "This matters to my whole family.",
    "Please listen to us this time.",
    "I am a youth worker in {place}.",
]
ORGANIC_PATTERNS = [
    "{subject} {verb} {time} {reason} in {place}",
    "round {place} {subject} {verb} and {feeling}",
    "{feeling} because {subject} {verb} {time}",
    "what would help is {wish} and {wish2} for {subject}",
    "if i ran things i would get {wish} near {place} {time}",
    "{subject} told me they {verb} {reason}",
    "honestly {feeling} and {subject} still {verb}",
    "in {place} there is no {wish} so {subject} {verb}",
    "i reckon {wish} would stop {subject} having to {verb}",
    "{time} {subject} {verb} because nobody is around",
    "the council forgot {place} {reason}",
    "last year {subject} had {wish} but now they {verb}",
    "ask {subject} and they will say {feeling}",
    "my worry is that {subject} {verb} {time}",
    "we used to have {wish} {time} in {place}",
]


def _slots(rng: random.Random) -> dict:
    return {
        "name": rng.choice(NAMES),
        "place": rng.choice(PLACES),
        "time": rng.choice(TIMES),
        "wish": rng.choice(WISHES),
        "wish2": rng.choice(WISHES),
        "org": rng.choice(ORGANISATIONS),
        "demand": rng.choice(DEMANDS),
        "claim": rng.choice(CLAIMS),
        "subject": rng.choice(SUBJECTS),
        "verb": rng.choice(VERBS),
        "reason": rng.choice(REASONS),
        "feeling": rng.choice(FEELINGS),
    }


def _fill(sentence: str, rng: random.Random, **fixed) -> str:
    return sentence.format(**(_slots(rng) | fixed))


OPENERS = ["", "", "tbh ", "i think ", "also ", "and ", "basically ", "honestly ", "like "]
ENDINGS = ["", "", "", " innit", " to be honest", " which is bad", " and nobody does anything"]


def _organic(rng: random.Random) -> str:
    """One person's own answer: a few sentences in their own order and wording, often with a
    common phrase that thousands of others use too."""
    parts = [rng.choice(COMMON) for _ in range(rng.choice((0, 1, 1, 2)))]
    for pattern in rng.sample(ORGANIC_PATTERNS, rng.randint(2, 4)):
        parts.append(rng.choice(OPENERS) + _fill(pattern, rng) + rng.choice(ENDINGS))
    rng.shuffle(parts)
    return ". ".join(part[0].upper() + part[1:] for part in parts) + "."


def _typo(text: str, rng: random.Random) -> str:
    words = text.split()
    index = rng.randrange(len(words))
    word = words[index]
    if len(word) > 3:
        at = rng.randrange(1, len(word) - 1)
        kind = rng.randrange(3)
        if kind == 0:
            word = word[:at] + word[at + 1 :]  # a letter dropped
        elif kind == 1:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]  # two swapped
        else:
            word = word[:at] + word[at] + word[at:]  # a letter doubled
    words[index] = word
    return " ".join(words)


def _swap(text: str, rng: random.Random) -> str:
    sentences = [s for s in text.split(". ") if s]
    if len(sentences) > 2 and rng.random() < 0.5:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
        return ". ".join(sentences)
    words = text.split()
    i = rng.randrange(len(words) - 1)
    words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def _copy(template: list[str], rng: random.Random) -> str:
    """One sender's copy of a campaign's sentences (slots already filled, or refilled by the
    caller): exact, or with typos, an added sentence of their own and swapped words."""
    text = ". ".join(template) + "."
    if rng.random() < 0.3:
        return text  # an exact copy
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        text = _typo(text, rng)
    if rng.random() < 0.3:
        text += " " + _fill(rng.choice(OWN_SENTENCES), rng)
    if rng.random() < 0.25:
        text = _swap(text, rng)
    return text


def generate(responses: int = 100_000, seed: int = 15):
    """[(id, text, source)]: source is ("campaign", n), ("organic", i) or ("short", i)."""
    rng = random.Random(seed)
    planted_share, short_share = 0.20, 0.10
    sizes = [max(3, min(2000, int(2000 / (rank**1.1)))) for rank in range(1, 151)]
    scale = planted_share * responses / sum(sizes)
    sizes = [max(3, round(size * scale)) for size in sizes]
    rows = []
    for number, size in enumerate(sizes):
        chosen = rng.sample(CAMPAIGN_PATTERNS, rng.randint(2, 5))
        slots = _slots(rng)
        template = [sentence.format(**slots) for sentence in chosen]
        names = [s for s in chosen if "{name}" in s or "{place}" in s]
        for _ in range(size):
            sentences = list(template)
            if names and rng.random() < 0.2:  # the sender changed the name and the place
                index = chosen.index(rng.choice(names))
                changed = slots | {"name": rng.choice(NAMES), "place": rng.choice(PLACES)}
                sentences[index] = chosen[index].format(**changed)
            rows.append((("campaign", number), _copy(sentences, rng)))
    seen = {normalise(text) for _, text in rows}
    organic = responses - len(rows) - int(short_share * responses)
    count = 0
    while count < organic:
        text = _organic(rng)
        if normalise(text) in seen:
            continue
        seen.add(normalise(text))
        rows.append((("organic", count), text))
        count += 1
    while len(rows) < responses:
        rows.append((("short", len(rows)), rng.choice(SHORT)))
    rng.shuffle(rows)
    return [(index, text, source) for index, (source, text) in enumerate(rows)]
