"""Production settings for the benchmark, with static files collected into a temporary folder
(so the benchmark never writes into the repository)."""

import os

from config.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

# Every load-generator client comes from 127.0.0.1, so the per-address limit on survey
# submissions (10 an hour in production) would refuse all but the first ten.
CONSULTATION_RATE_LIMIT = (1_000_000_000, 3600)
# Likewise the booking limits per connection and per browser (events.services.BOOKING_LIMITS).
EVENT_BOOKING_LIMITS = {
    "browser": (1_000_000_000, 3600),
    "address_event": (1_000_000_000, 3600),
    "address": (1_000_000_000, 3600),
}

# `run_load.py --page-cache-seconds N` (0 turns the anonymous page cache off).
if os.environ.get("PAGE_CACHE_SECONDS"):
    PAGE_CACHE_SECONDS = int(os.environ["PAGE_CACHE_SECONDS"])
