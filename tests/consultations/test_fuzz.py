"""Junk POSTs to every step and to the check-answers page never cause a server error."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.models import Response

from .helpers import check_url, step_url

field_names = st.one_of(
    st.sampled_from(
        [
            "q-short",
            "q-long",
            "q-single",
            "q-multi",
            "q-multi-other",
            "q-scale",
            "q-yesno",
            "q-number",
            "q-rank_0",
            "q-rank_1",
            "q-rank_2",
            "q-rank_9",
            "q-age",
            "q-borough",
            "q-gender",
            "action",
            "return_to",
            "website",
            "submission_token",
            "wants_update",
            "contact_email",
        ]
    ),
    st.text(min_size=1, max_size=20),
)
values = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "9" * 40,
            "__other__",
            "Park",
            "continue_later",
            "check",
            "1e9",
            "NaN",
            "\x00",
        ]
    ),
)
junk = st.dictionaries(field_names, st.lists(values, min_size=1, max_size=3), max_size=12)

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=junk, number=st.integers(min_value=1, max_value=3))
def test_junk_posts_to_steps_never_fail(client, consultation, data, number):
    response = client.post(step_url(consultation, number), data)
    assert response.status_code < 500


@FUZZ
@given(data=junk)
def test_junk_posts_to_check_answers_never_fail(client, consultation, skip_min_time, data):
    response = client.post(check_url(consultation), data)
    assert response.status_code < 500
    assert not Response.objects.exists()
