"""Named locks that last until the current transaction ends, shared by every process.

Some decisions read a count and then write ("fewer than five alerts in the last 15 minutes, so
send one"). Two web servers or worker processes making that decision at the same moment would
both see room. `hold_lock(name)` makes such decisions one at a time across every process that
shares the database: PostgreSQL's transaction-scoped advisory lock, released at commit or
rollback. SQLite (the zero-setup default, one process) already lets one writer in at a time.
"""

import hashlib

from django.db import connection


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (PostgreSQL's advisory locks take a bigint)."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


def hold_lock(name: str) -> None:
    """Wait for, then hold, the lock called `name` until this transaction ends."""
    if not connection.in_atomic_block:
        raise RuntimeError("hold_lock() must be called inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])
