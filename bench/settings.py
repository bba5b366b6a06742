"""Production settings for the benchmark, with static files collected into a temporary folder
(so the benchmark never writes into the repository)."""

import os

from config.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]

# Every load-generator client comes from 127.0.0.1, so the per-address ceiling on survey
# submissions (200 an hour in production) would refuse most of them.
CONSULTATION_ADDRESS_CEILING = (1_000_000_000, 3600)
# Likewise the booking limits per connection and per browser (events.services.BOOKING_LIMITS).
EVENT_BOOKING_LIMITS = {
    "browser": (1_000_000_000, 3600),
    "address_event": (1_000_000_000, 3600),
    "address": (1_000_000_000, 3600),
}

# `run_load.py --page-cache-seconds N` (0 turns the anonymous page cache off).
if os.environ.get("PAGE_CACHE_SECONDS"):
    PAGE_CACHE_SECONDS = int(os.environ["PAGE_CACHE_SECONDS"])
