"""Production settings for the benchmark, with static files collected into a temporary folder
(so the benchmark never writes into the repository)."""

import os

from config.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

# Every load-generator client comes from 127.0.0.1, so the per-address limits would refuse
# most of them: the ceiling on survey submissions (200 an hour in production) and the booking
# limits per connection (events.services.BOOKING_LIMITS). The per-browser limits
# (CONSULTATION_SESSION_LIMIT, EVENT_BOOKING_LIMITS["browser"]) and the per-inbox ones stay as
# in production: each simulated visitor has its own cookie jar (one session per survey
# journey or booking) and its own email address, as real people do, so the load shows that
# those limits never refuse an ordinary journey.
CONSULTATION_ADDRESS_CEILING = (1_000_000_000, 3600)
EVENT_BOOKING_LIMITS = {
    "address_event": (1_000_000_000, 3600),
    "address": (1_000_000_000, 3600),
}

# `run_load.py --page-cache-seconds N` (0 turns the anonymous page cache off).
if os.environ.get("PAGE_CACHE_SECONDS"):
    PAGE_CACHE_SECONDS = int(os.environ["PAGE_CACHE_SECONDS"])
