"""Write flows for the benchmark: a survey answered step by step and sent, and an event booked
(and sometimes cancelled), as an anonymous visitor with a browser would, plus the checks run
against the database afterwards.

The flows run inside loadgen.py (no Django there); they read the forms out of the pages'
HTML and fill them in, so they follow whatever questions the seeded consultation asks. Each
journey carries a unique marker (in a free-text answer, or in the booking's email address) so
the checks can find exactly what each acknowledgement stands for without trusting the
mechanism under test (the submission token, the booking's duplicate check). A booking is
acknowledged only with "check your email": the flow then reads the booker's email in the
site's outbox (the benchmark runs no email worker, so every email stays there) to find the
manage link, as the booker would.

The verify functions run in a process with Django set up against the benchmark database and
return {"problems": [...], "summary": "..."}: an empty list of problems means every
acknowledged submission or booking is stored exactly once and no event holds more people than
it has places.

`visitor.py` reads and fills forms as a browser would; `survey.py` and `booking.py` are
the two flows, each with its check.
"""
