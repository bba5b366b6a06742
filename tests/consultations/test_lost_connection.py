"""A database connection lost in the middle of a request (issue 20): a GET is tried once more on
a new connection and the visitor never sees it; a POST gets the 503 "try again" page, and
sending the same form again works, so nothing typed is lost and nothing is stored twice.

The connection is really lost: on PostgreSQL a second connection terminates the request's
backend with pg_terminate_backend; on SQLite the request's own connection is closed under it
(a second connection keeps the in-memory test database alive)."""

import logging
import sqlite3

import pytest

from django.db import connection
from django.test import Client

from consultations.models import Response

from .conftest import VALID_ANSWERS
from .helpers import answer_steps, step_url, submission_token, submit

pytestmark = pytest.mark.django_db(transaction=True)


def lose_connection() -> None:
    """Cut the default connection from outside, as a database restart or a network fault
    would."""
    if connection.vendor == "postgresql":
        backend_pid = connection.connection.info.backend_pid
        other = connection.get_new_connection(connection.get_connection_params())
        try:
            other.autocommit = True
            # The second argument waits (milliseconds) until the backend has really gone.
            other.execute("SELECT pg_terminate_backend(%s, 5000)", [backend_pid])
        finally:
            other.close()
    else:
        connection.connection.close()


@pytest.fixture
def keep_sqlite_memory_database():
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    keeper = sqlite3.connect(connection.settings_dict["NAME"], uri=True)
    yield
    keeper.close()


@pytest.fixture
def cut_connection(keep_sqlite_memory_database):
    """`with cut_connection(when=...)`: lose the connection just before the first query of
    the request for which `when(sql)` is true (default: the request's third query)."""

    class Cutter:
        def __init__(self, when=None, nth=3):
            self.when = when
            self.nth = nth
            self.seen = 0
            self.cuts = 0

        def __call__(self, execute, sql, params, many, context):
            self.seen += 1
            due = self.when(sql) if self.when else self.seen == self.nth
            if due and self.cuts == 0:
                self.cuts += 1
                lose_connection()
            return execute(sql, params, many, context)

        def __enter__(self):
            self._wrapper = connection.execute_wrapper(self)
            self._wrapper.__enter__()
            return self

        def __exit__(self, *exc):
            return self._wrapper.__exit__(*exc)

    yield Cutter
    if connection.vendor == "sqlite" and connection.connection is not None:
        try:
            connection.connection.execute("SELECT 1")
        except sqlite3.ProgrammingError:
            connection.connection = None


@pytest.fixture
def visitor():
    # A browser sees the page; it never sees the exception the test client would re-raise.
    return Client(raise_request_exception=False)


def test_a_survey_step_whose_connection_is_lost_is_tried_again(
    visitor, consultation, cut_connection, caplog
):
    with caplog.at_level(logging.WARNING, logger="vru.errors"), cut_connection() as cutter:
        response = visitor.get(step_url(consultation, 1))
    assert cutter.cuts == 1
    assert response.status_code == 200
    assert "Name of your area" in response.content.decode()
    messages = [record.getMessage() for record in caplog.records]
    assert any(message.startswith("503 Database unavailable: GET") for message in messages)
    assert any(message.startswith("Trying GET") for message in messages)


def test_a_survey_answer_whose_connection_is_lost_can_be_sent_again(
    visitor, consultation, cut_connection
):
    visitor.get(step_url(consultation, 1))
    with cut_connection() as cutter:
        response = visitor.post(step_url(consultation, 1), VALID_ANSWERS[1])
    assert cutter.cuts == 1
    assert response.status_code == 503
    html = response.content.decode()
    assert '<h1 class="heading-xl">Sorry, the service is busy</h1>' in html
    assert "Nothing you typed has been lost" in html
    assert "refresh this page" in html and "send the form again" in html
    assert response["Retry-After"] == "5"

    # What the browser does on refresh: the same POST again.
    again = visitor.post(step_url(consultation, 1), VALID_ANSWERS[1])
    assert again.status_code == 302
    assert "Hackney" in visitor.get(step_url(consultation, 1)).content.decode()  # kept


def test_a_submission_whose_connection_is_lost_is_stored_once_when_sent_again(
    visitor, consultation, skip_min_time, cut_connection
):
    answer_steps(visitor, consultation, VALID_ANSWERS)
    token = submission_token(visitor, consultation)
    with cut_connection(when=lambda sql: "consultations_answer" in sql and "INSERT" in sql):
        response = submit(visitor, consultation, token)
    assert response.status_code == 503
    assert "Sending it again is safe" in response.content.decode()
    assert Response.objects.count() == 0

    assert submit(visitor, consultation, token).status_code == 302
    assert submit(visitor, consultation, token).status_code == 302  # a second refresh
    assert Response.objects.count() == 1


def test_a_page_whose_connection_is_lost_twice_gets_the_busy_page(
    visitor, consultation, keep_sqlite_memory_database
):
    class AlwaysCut:
        def __call__(self, execute, sql, params, many, context):
            lose_connection()
            return execute(sql, params, many, context)

    with connection.execute_wrapper(AlwaysCut()):
        response = visitor.get(step_url(consultation, 1))
    if connection.vendor == "sqlite":
        connection.connection = None
    assert response.status_code == 503
    assert "Try again in a few minutes" in response.content.decode()
    assert visitor.get(step_url(consultation, 1)).status_code == 200
