"""Production settings for the benchmark, with static files collected into a temporary folder
(so the benchmark never writes into the repository)."""

import os

from config.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
