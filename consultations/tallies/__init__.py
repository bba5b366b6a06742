"""The dashboard's running totals and live counts, as "cells": counts keyed by
(measure, key, option). What is counted is defined once, in `measures.py`; the same cells
come from three places, which must always agree:

- `live_tally(responses)`: aggregate queries over any (filtered) set of responses;
- `stored_tally(consultation)`: the running totals in `SynthesisCount`, for the unfiltered
  dashboard, so it reads a few hundred rows instead of aggregating a million answers;
- `response_tally(response_ids)`: one or a few responses' share, computed from their rows,
  used to keep the running totals up to date (`keeping.py`).

This package sits below both the public submit path (consultations.services counts each new
response) and the staff workspace (consultations.feedback reads the totals), so neither
imports the other (decision 0019).
"""

from .cells import QUESTION_DESCRIPTION, Tally, local_zone
from .keeping import (
    keeping_counts,
    keeping_tag_counts,
    matches_stored,
    rebuild,
    reconcile,
    record_new_response,
)
from .live import live_tally, stored_tally
from .measures import (
    ANSWER_FIELDS,
    ANSWER_MEASURES,
    LINK_MEASURES,
    RESPONSE_MEASURES,
    answer_is_coded,
    campaign_repeats,
    count_campaigns_once,
    counted_responses,
)
from .share import response_tally, tag_tally, tally_rows

__all__ = [
    "ANSWER_FIELDS",
    "ANSWER_MEASURES",
    "LINK_MEASURES",
    "QUESTION_DESCRIPTION",
    "RESPONSE_MEASURES",
    "Tally",
    "answer_is_coded",
    "campaign_repeats",
    "count_campaigns_once",
    "counted_responses",
    "keeping_counts",
    "keeping_tag_counts",
    "live_tally",
    "local_zone",
    "matches_stored",
    "rebuild",
    "reconcile",
    "record_new_response",
    "response_tally",
    "stored_tally",
    "tag_tally",
    "tally_rows",
]
