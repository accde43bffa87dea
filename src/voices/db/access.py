"""Access codes: generated with :mod:`secrets`, stored only as a salted scrypt hash, checked in constant time.

A code reads ``K7QM-4XHP-9TRW-2NCJ``. The first group is a public id stored in clear, so sign-in finds the one
row to check without hashing against every person; the other three groups (about 59 bits) are the secret.
The alphabet leaves out look-alikes (0/O, 1/I/L) so codes can be read aloud or copied from paper.

Example:
    >>> code = new_code("K7QM")
    >>> stored = hash_secret(split_code(code)[1])
    >>> check_secret(split_code(code)[1], stored), check_secret("WRONGSECRET2", stored)
    (True, False)
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUP = 4
SECRET_GROUPS = 3
CODE_CHARS = GROUP * (1 + SECRET_GROUPS)

# scrypt at 16 MiB: about 50 ms per check, far too slow for guessing from a stolen database.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_DKLEN, _SALT_BYTES = 32, 16
_DUMMY = None


def new_code_id() -> str:
    """A random public id: the first group of a code.

    Returns:
        Four characters from :data:`ALPHABET`.

    Example:
        >>> len(new_code_id())
        4
    """
    return "".join(secrets.choice(ALPHABET) for _ in range(GROUP))


def new_code(code_id: str) -> str:
    """A fresh access code with the given public id and a random secret.

    Args:
        code_id: from :func:`new_code_id`.

    Returns:
        The code, in dash-separated groups of four.

    Example:
        >>> new_code("K7QM")[:5], len(new_code("K7QM"))
        ('K7QM-', 19)
    """
    secret = "".join(secrets.choice(ALPHABET) for _ in range(GROUP * SECRET_GROUPS))
    groups = [code_id] + [secret[i : i + GROUP] for i in range(0, len(secret), GROUP)]
    return "-".join(groups)


def split_code(code: str) -> tuple[str, str] | tuple[None, None]:
    """Normalise what someone typed and split it into (public id, secret).

    Case, spaces and dashes are ignored. Anything that cannot be a code gives ``(None, None)``.

    Args:
        code: the code as typed.

    Returns:
        ``(code_id, secret)`` or ``(None, None)``.

    Example:
        >>> split_code(" k7qm 4xhp-9trw 2ncj ")
        ('K7QM', '4XHP9TRW2NCJ')
        >>> split_code("hello")
        (None, None)
    """
    cleaned = "".join(ch for ch in code.upper() if ch not in " -\t\n")
    if len(cleaned) != CODE_CHARS or any(ch not in ALPHABET for ch in cleaned):
        return None, None
    return cleaned[:GROUP], cleaned[GROUP:]


def hash_secret(secret: str) -> str:
    """Hash a code's secret part with scrypt and a fresh random salt.

    Args:
        secret: the secret part from :func:`split_code`.

    Returns:
        ``scrypt$n$r$p$salt$hash`` with base64 salt and hash.

    Example:
        >>> hash_secret("4XHP9TRW2NCJ").startswith("scrypt$16384$8$1$")
        True
    """
    salt = secrets.token_bytes(_SALT_BYTES)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=_DKLEN)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def check_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` matches a stored hash, compared in constant time.

    Args:
        secret: the secret part from :func:`split_code`.
        stored: a value from :func:`hash_secret`.

    Returns:
        True if it matches.

    Example:
        >>> check_secret("4XHP9TRW2NCJ", hash_secret("4XHP9TRW2NCJ"))
        True
    """
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(
            secret.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except ValueError:
        return False
    return scheme == "scrypt" and hmac.compare_digest(actual, expected)


def waste_time(secret: str) -> None:
    """Spend as long as a real check, so a wrong public id takes as long to refuse as a wrong secret.

    Args:
        secret: anything.

    Example:
        >>> waste_time("x")
    """
    global _DUMMY
    if _DUMMY is None:
        _DUMMY = hash_secret("dummy")
    check_secret(secret, _DUMMY)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
