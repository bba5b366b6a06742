"""The themes engine on planted vectors (no model, no database): the number of themes is
found, off-topic answers and tiny groups go to "Unclear / other", labels come from each
theme's own words (class-based TF-IDF), quotes are the answers nearest the centre."""

import numpy as np

from assisted_coding.themes import engine
from assisted_coding.themes.labels import class_tfidf_top_words, short_label

TOPICS = {
    "lights": ["Better street lights on my road", "The lights in the park are broken"],
    "clubs": ["Open the youth club on Fridays", "More youth clubs with football"],
    "buses": ["Safer night buses home", "Staff on the buses after dark"],
}


def planted(per_topic=30, noise=2, dimensions=64, seed=1):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(TOPICS), dimensions))
    vectors, texts, truth = [], [], []
    for topic, (name, phrases) in enumerate(TOPICS.items()):
        for n in range(per_topic):
            vectors.append(centres[topic] + rng.normal(scale=0.35, size=dimensions))
            texts.append(f"{phrases[n % 2]} {name} {n}")
            truth.append(topic)
    for n in range(noise):
        vectors.append(rng.normal(size=dimensions))
        texts.append(f"my cat is called smudge {n}")
        truth.append(-1)
    return np.array(vectors, dtype=np.float32), texts, np.array(truth)


def test_planted_topics_are_found_with_their_words_and_the_noise_is_unclear():
    vectors, texts, truth = planted()
    result = engine.find_themes(vectors, texts)
    themes = [theme for theme in result.themes if not theme.unclear]
    assert result.k in (3, 4)  # the two stray answers may be tried as a group of their own
    assert len(themes) == 3
    for theme in themes:
        topics = set(truth[theme.members].tolist())
        assert len(topics) == 1 and topics != {-1}
        assert theme.count == 30
        name = list(TOPICS)[topics.pop()]
        assert name in theme.top_words
        assert theme.label == short_label(theme.top_words)
        assert len(theme.quotes) == 3
        # quotes are the members nearest the centre, most similar first
        assert list(theme.members[:3]) == theme.quotes
        assert np.all(np.diff(theme.similarities) <= 1e-6)
    unclear = result.themes[-1]
    assert unclear.unclear and unclear.label == engine.UNCLEAR_LABEL
    assert set(truth[unclear.members].tolist()) == {-1}
    assert sum(theme.count for theme in result.themes) == len(texts)


def test_a_fixed_k_splits_one_topic_and_tiny_groups_become_unclear():
    vectors, texts, _ = planted(per_topic=40, noise=0)
    result = engine.find_themes(vectors[:40], texts[:40], k=2)
    assert 1 <= len([theme for theme in result.themes if not theme.unclear]) <= 2
    assert sum(theme.count for theme in result.themes) == 40
    # two answers cannot be a theme: they go to the unclear bucket
    few = engine.find_themes(vectors[:2], texts[:2])
    assert [theme.unclear for theme in few.themes] == [True]


def test_nothing_to_group_and_mismatched_input():
    assert engine.find_themes(np.zeros((0, 8)), []).themes == []
    try:
        engine.find_themes(np.zeros((2, 8)), ["one"])
    except ValueError as error:
        assert "One text per vector" in str(error)
    else:
        raise AssertionError("expected a ValueError")


def test_duplicate_answers_do_not_fill_every_quote():
    vectors, texts, _ = planted(per_topic=30, noise=0)
    texts = ["Same words copied"] * 10 + texts[10:]
    result = engine.find_themes(vectors, texts)
    for theme in result.themes:
        quoted = [texts[index].lower() for index in theme.quotes]
        assert len(quoted) == len(set(quoted))


def test_class_tfidf_prefers_words_of_one_theme_over_words_of_all():
    texts = [
        "youth club youth club area",
        "youth club football area",
        "street lights area",
        "street lights dark area",
    ]
    words = class_tfidf_top_words(texts, np.array([0, 0, 1, 1]), 2)
    assert words[0][0] in ("youth club", "youth", "club")
    assert "street lights" in words[1] or "lights" in words[1]
    assert "area" not in words[0][:2] and "area" not in words[1][:2]
    assert class_tfidf_top_words(["the", "a"], np.array([0, 0]), 1) == [[]]
    assert short_label([]) == "Unnamed theme"
    assert short_label(["youth clubs", "football", "free", "late"]) == "Youth clubs, football, free"
