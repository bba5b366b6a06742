"""The feedback workspace's name for the dashboard's counts, which live in consultations.tallies
(below both the workspace and the public submit path: decision 0019)."""

from consultations.tallies import (  # noqa: F401 - this module's public names
    Tally,
    counted_responses,
    keeping_counts,
    keeping_tag_counts,
    live_tally,
    local_zone,
    matches_stored,
    rebuild,
    reconcile,
    record_new_response,
    response_tally,
    stored_tally,
)
