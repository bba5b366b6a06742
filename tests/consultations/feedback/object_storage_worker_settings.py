"""Settings for the worker process of test_export_object_storage.py: the worker test settings
with the export bucket the environment names and a folder of the worker's own."""

import os
from pathlib import Path

from config.settings.base import object_storage
from tests.home.worker_settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "private_exports": object_storage(
        os.environ["EXPORT_STORAGE_BUCKET"], location="exports", private=True
    ),
}
PRIVATE_EXPORT_ROOT = Path(os.environ["PRIVATE_EXPORT_ROOT"])
