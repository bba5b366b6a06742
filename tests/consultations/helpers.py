"""Journey helpers: walk a consultation through real HTTP requests."""

import re

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
