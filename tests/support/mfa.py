"""Satisfy the staff MFA gate in tests.

Every staff user (is_staff, is_superuser or wagtailadmin.access_admin) is sent to set up
two-step sign-in before the Wagtail admin lets them in. Tests that use the admin should give
the user a real TOTP authenticator first:

    from tests.support.mfa import give_mfa
    give_mfa(user)
    client.force_login(user)

or use the `staff_client` fixture in tests/conftest.py. `totp_code(secret)` computes the current
code with plain HMAC (RFC 6238), independent of allauth's own code.
"""

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret


def give_mfa(user) -> str:
    """Give `user` an authenticator app (and recovery codes). Returns the TOTP secret."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        from allauth.mfa.utils import decrypt

        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str, at: float | None = None, period: int = 30, digits: int = 6) -> str:
    """The TOTP code an authenticator app would show for `secret` at time `at` (now)."""
    counter = int((time.time() if at is None else at) // period)
    key = base64.b32decode(secret.encode("ascii"), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"
