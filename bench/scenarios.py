"""The benchmark's scenarios, in one registry.

A scenario names a flow (an async function in a module, run by loadgen.py once per
iteration on a client's connection) and where it starts (a path found on the seeded site by
discover.py). Every request a flow makes is timed under a label; the scenario's `headline`
label gives its main row in the table and any other label a row of its own. For example:

    register(Scenario(
        name="survey submission",
        start=lambda site: site.get("survey"),
        flow="bench.flows.survey:submit_survey",  # async def submit_survey(connection, path)
        headline="submit",                 # the POST that sends the answers
        is_page=False,
        verify="bench.flows.survey:verify_submissions",  # def verify_submissions(report) -> dict
    ))

`start` returning None skips the scenario (the app or content is not there yet). `verify`
runs after the load, in a process with Django set up against the benchmark database, is given
loadgen's report (with the acknowledgements the flow recorded) and returns
{"problems": [...], "summary": "..."}: lost or duplicated responses, overbooked events.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    start: Callable[[dict], str | None]
    flow: str = "bench.loadgen:get_ok"
    # Pages are compared with the static-file rate; the targets apply to them.
    is_page: bool = True
    verify: str | None = None
    headline: str = "request"


SCENARIOS: list[Scenario] = []


def register(scenario: Scenario) -> Scenario:
    SCENARIOS.append(scenario)
    return scenario


register(Scenario("static file", lambda site: site.get("static"), is_page=False))
register(Scenario("home page", lambda site: site.get("home page")))
register(Scenario("strategy page", lambda site: site.get("strategy page")))
register(Scenario("standard page", lambda site: site.get("standard page")))
register(Scenario("get help page", lambda site: site.get("get help page")))
register(Scenario("consultation page", lambda site: site.get("consultation page")))
register(Scenario("event page", lambda site: site.get("event page")))
register(
    Scenario(
        "survey submission",
        lambda site: site.get("survey"),
        flow="bench.flows.survey:submit_survey",
        is_page=False,
        verify="bench.flows.survey:verify_submissions",
        headline="submit",
    )
)
register(
    Scenario(
        "event booking",
        lambda site: site.get("bookable event"),
        flow="bench.flows.booking:book_event",
        is_page=False,
        verify="bench.flows.booking:verify_bookings",
        headline="book",
    )
)
