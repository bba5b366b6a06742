"""Synthetic answers with planted themes for the themes benchmark (bench/themes_bench.py).

Twelve topics a young Londoner might raise when asked what would make their area safer, each
written from its own openers, asks, details and reasons, so no two answers of a topic need
share a sentence; plus noise (non-answers and off-topic remarks), labelled -1. Made up for
the benchmark: no real answer is in here.
"""

import random

OPENERS = [
    "",
    "Honestly ",
    "I think ",
    "For me ",
    "In my opinion ",
    "Personally I reckon ",
    "The main thing is ",
    "What would help is ",
    "We need ",
    "Please ",
]

TOPICS: dict[str, dict[str, list[str]]] = {
    "youth clubs": {
        "asks": [
            "more youth clubs open in the evenings",
            "the youth centre to open on weekends",
            "a proper youth club near the estate",
            "free youth club sessions after school",
            "bring back the youth club that shut down",
        ],
        "details": [
            "with table tennis and games",
            "where we can hang out with friends safely",
            "run by youth workers who get us",
            "so we are not stuck on the streets",
            "with music studios and activities",
        ],
    },
    "street lighting": {
        "asks": [
            "better street lights on my road",
            "brighter lighting in the park at night",
            "fix the broken lamp posts near the alley",
            "more lights along the canal path",
            "lighting in the underpass",
        ],
        "details": [
            "because it is pitch dark walking home",
            "as I feel scared when it gets dark",
            "since the lights have been broken for months",
            "so people can see who is around",
            "it is so dark you cannot see anything",
        ],
    },
    "knife crime": {
        "asks": [
            "something done about knife crime",
            "stop young people carrying knives",
            "more knife amnesty bins",
            "talks in schools about the dangers of knives",
            "less stabbings in our area",
        ],
        "details": [
            "my friend got stabbed last year",
            "too many teenagers carry blades for protection",
            "people carry a knife because they are scared",
            "weapons are everywhere round here",
            "nobody should die from a stabbing",
        ],
    },
    "police": {
        "asks": [
            "more police patrols on the high street",
            "police officers who actually talk to young people",
            "less stop and search of black boys",
            "community officers we know by name",
            "police to respond faster when we call",
        ],
        "details": [
            "the police never come when you need them",
            "officers treat us like criminals",
            "being searched for no reason is humiliating",
            "trust in the police is really low",
            "a visible police presence would reassure people",
        ],
    },
    "mental health": {
        "asks": [
            "more mental health support for teenagers",
            "counsellors in every school",
            "shorter waiting lists for CAMHS",
            "someone to talk to about anxiety and depression",
            "free therapy for young people",
        ],
        "details": [
            "I waited eight months to see a counsellor",
            "loads of my friends struggle with their mental health",
            "anxiety stops me from going out",
            "nobody listens when you say you are depressed",
            "stress and trauma affect so many of us",
        ],
    },
    "jobs and training": {
        "asks": [
            "more apprenticeships for young people",
            "part time jobs for teenagers",
            "work experience placements with local businesses",
            "training courses that lead to a real job",
            "help writing a CV and finding work",
        ],
        "details": [
            "so we can earn money legally",
            "there is no employment for people my age",
            "without a job people turn to dealing",
            "employers never give us a chance",
            "a wage would keep people out of trouble",
        ],
    },
    "schools and exclusions": {
        "asks": [
            "schools to stop excluding pupils",
            "teachers who support students instead of punishing them",
            "fewer permanent exclusions",
            "help for kids sent to a pupil referral unit",
            "schools that deal with bullying properly",
        ],
        "details": [
            "being excluded from school pushed my cousin into gangs",
            "the PRU made things worse for my brother",
            "teachers give up on difficult students",
            "isolation rooms do not help anyone learn",
            "exclusion leaves pupils with nothing to do all day",
        ],
    },
    "public transport": {
        "asks": [
            "safer buses late at night",
            "staff at the train station after dark",
            "CCTV on the buses",
            "more night buses from the town centre",
            "guards on the overground platforms",
        ],
        "details": [
            "I get harassed on the bus home",
            "the station is empty and scary at night",
            "waiting at the bus stop alone feels unsafe",
            "fights break out on the top deck",
            "the last train leaves me stranded",
        ],
    },
    "parks and green spaces": {
        "asks": [
            "cleaner parks with working equipment",
            "a new football pitch in the park",
            "outdoor gyms and basketball courts",
            "park wardens to look after green spaces",
            "more trees and gardens on the estate",
        ],
        "details": [
            "the playground is full of broken glass",
            "there is nowhere green to play sport",
            "the pitch is always locked",
            "the grass is covered in litter and needles",
            "open spaces make the area feel calmer",
        ],
    },
    "family support": {
        "asks": [
            "support for parents who are struggling",
            "parenting classes for families",
            "help for families going through domestic abuse",
            "family support workers who visit at home",
            "help for single mums",
        ],
        "details": [
            "things at home affect how kids behave",
            "my mum works three jobs and is exhausted",
            "violence at home is never talked about",
            "parents do not know where to turn",
            "carers need a break too",
        ],
    },
    "gangs and exploitation": {
        "asks": [
            "protect kids from being groomed by gangs",
            "stop county lines exploiting young people",
            "mentors who have left gang life",
            "help for children forced to sell drugs",
            "people to get teenagers out of postcode wars",
        ],
        "details": [
            "older boys recruit kids as young as twelve",
            "groomers offer trainers and money",
            "county lines sends children to other towns",
            "postcode beef means you cannot cross the road",
            "drug dealers use children as runners",
        ],
    },
    "social media": {
        "asks": [
            "something about fights filmed and posted online",
            "social media companies to remove violent videos",
            "stop drill videos that taunt rival areas",
            "teach young people about staying safe online",
            "action on online threats and bullying",
        ],
        "details": [
            "arguments on Snapchat turn into real fights",
            "videos of attacks go viral on TikTok",
            "threats online spill onto the street",
            "cyberbullying follows you home",
            "Instagram beef gets people hurt",
        ],
    },
}

REASONS = [
    "",
    " Thanks.",
    " It would make a big difference.",
    " That is what everyone I know says.",
    " Our area deserves better.",
    " Please listen to us.",
]

NOISE = [
    "idk",
    "no comment",
    "n/a",
    "nothing really",
    "dunno",
    "not sure",
    "I like pizza",
    "my favourite colour is blue",
    "football is the best sport",
    "asdfgh",
    "the weather was nice today",
    "can I go now",
    "this survey is long",
    "lol",
    "I am fourteen years old",
    "my cat is called Smudge",
]


def answer(topic: str, rng: random.Random) -> str:
    parts = TOPICS[topic]
    opener = rng.choice(OPENERS)
    ask = rng.choice(parts["asks"])
    detail = rng.choice(parts["details"])
    if rng.random() < 0.5:
        text = f"{opener}{ask}, {detail}."
    else:
        text = f"{detail[:1].upper()}{detail[1:]}. {opener}{ask}."
    text += rng.choice(REASONS)
    text = text.strip()
    return text[:1].upper() + text[1:]


def make_answers(n: int, *, noise_share: float = 0.05, seed: int = 15) -> tuple[list, list]:
    """`n` (text, planted topic index or -1 for noise) pairs, as two lists."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    texts, truth = [], []
    for _ in range(n):
        if rng.random() < noise_share:
            texts.append(rng.choice(NOISE))
            truth.append(-1)
        else:
            topic = rng.randrange(len(topics))
            texts.append(answer(topics[topic], rng))
            truth.append(topic)
    return texts, truth
