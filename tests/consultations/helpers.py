"""Journey helpers: walk a consultation through real HTTP requests."""

import re
import threading

from django.db import connection

from consultations.models import ConsultationPage


def step_url(page: ConsultationPage, number: int) -> str:
    return page.subpage_url("step_route", number=number)


def check_url(page: ConsultationPage) -> str:
    return page.subpage_url("check_route")


def answer_steps(client, page, answers_by_step: dict) -> None:
    for number, answers in answers_by_step.items():
        client.get(step_url(page, number))
        response = client.post(step_url(page, number), answers)
        assert response.status_code == 302, response.content.decode()[:3000]


def submission_token(client, page) -> str:
    response = client.get(check_url(page))
    assert response.status_code == 200, response
    match = re.search(r'name="submission_token" value="([^"]+)"', response.content.decode())
    assert match, "no submission token on the check-answers page"
    return match.group(1)


def submit(client, page, token: str, **extra):
    return client.post(check_url(page), {"submission_token": token, **extra})


def submit_at_once(clients, page, tokens) -> list[int]:
    """Every client sends its answers at the same moment (one thread each, released together);
    returns the status codes, sorted. For exactly-once tests on PostgreSQL."""
    barrier = threading.Barrier(len(clients))
    statuses = []

    def send(client, token):
        try:
            barrier.wait()
            statuses.append(submit(client, page, token).status_code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=pair) for pair in zip(clients, tokens, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def send_from_both(first, second, page, answers_by_step: dict) -> tuple:
    """Two browsers holding the same answers both finish them and press send, the first
    before the second; returns both replies."""
    answer_steps(first, page, answers_by_step)
    answer_steps(second, page, answers_by_step)
    first_token = submission_token(first, page)
    second_token = submission_token(second, page)
    return submit(first, page, first_token), submit(second, page, second_token)
