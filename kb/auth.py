"""Accounts for the app's login: salted scrypt hashes in a private file, and a limit on failed logins.

The file holds one `user:scrypt$N$r$p$salt$hash` line per account (`kb passwd USER` writes them); a plain
password, or a file that other users can read, is refused with a message saying what to do. Hashing uses
hashlib.scrypt (no extra dependency), about 50 ms and 16 MB per check, which also slows guessing.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import os
import secrets
import stat
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from kb.errors import ConfigError

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
SCHEME = "scrypt"


def hash_password(password: str, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash`, salt and hash in base64."""
    salt = salt or secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    encode = base64.b64encode
    return f"{SCHEME}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest, validate=True)
        if scheme != SCHEME:
            return False
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=HASH_BYTES
    )


def is_hash(text: str) -> bool:
    parts = text.split("$")
    return len(parts) == 6 and parts[0] == SCHEME and all(parts[1:4]) and all(p.isdigit() for p in parts[1:4])


class Accounts:
    """The accounts of an auth file; calling it checks a login (what Gradio's `auth=` takes)."""

    def __init__(self, hashes: dict[str, str]) -> None:
        self.hashes = hashes
        self._unknown = hash_password(secrets.token_hex(16))

    def __call__(self, user: str, password: str) -> bool:
        stored = self.hashes.get(user)
        if stored is None:
            verify_password(password, self._unknown)  # as long as for a known user: names cannot be probed
            return False
        return verify_password(password, stored)

    @classmethod
    def read(cls, path: str | Path) -> Accounts:
        """The accounts of a private auth file; ConfigError naming the file and the line otherwise."""
        file = Path(path)
        try:
            mode = file.stat().st_mode
            lines = file.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise ConfigError(f"{file}: cannot read the auth file ({e.strerror})") from e
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise ConfigError(
                f"{file}: the auth file can be read by other users (mode {stat.S_IMODE(mode):o}): "
                f"run `chmod 600 {file}`"
            )
        hashes: dict[str, str] = {}
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            user, sep, stored = (part.strip() for part in line.partition(":"))
            if not sep or not user or not stored:
                raise ConfigError(f"{file}: line {number} is not `user:password-hash`")
            if not is_hash(stored):
                raise ConfigError(
                    f"{file}: line {number} holds a plain password for '{user}': store a hash instead with "
                    f"`kb passwd {user} --auth {file}`"
                )
            hashes[user] = stored
        if not hashes:
            raise ConfigError(
                f"{file}: no account in the auth file (add one with `kb passwd USER --auth {file}`)"
            )
        return cls(hashes)


def set_password(path: str | Path, user: str, password: str) -> bool:
    """Add or replace `user`'s hash in the auth file (created private, 0600); True when the user was new."""
    if not user or ":" in user or user != user.strip():
        raise ConfigError(f"'{user}' cannot be a user name: no colon, no leading or trailing space")
    if not password:
        raise ConfigError("the password is empty")
    file = Path(path)
    lines = file.read_text(encoding="utf-8").splitlines() if file.exists() else []
    kept = [line for line in lines if line.partition(":")[0].strip() != user]
    kept.append(f"{user}:{hash_password(password)}")
    temporary = file.with_name(f".{file.name}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write("\n".join(kept) + "\n")
    os.chmod(temporary, 0o600)
    temporary.replace(file)
    return len(kept) > len(lines)


MAX_KEYS = 100_000  # addresses and account names remembered; beyond, the oldest are forgotten (memory bound)


def trusted_proxies(setting: str) -> list[str]:
    """The addresses or networks of KB_TRUSTED_PROXIES (comma-separated), checked: only a request from one
    of them may name its client in `X-Forwarded-For`. Empty (the default): no proxy is trusted."""
    proxies = [part.strip() for part in setting.split(",") if part.strip()]
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError as e:
            raise ConfigError(
                f"KB_TRUSTED_PROXIES: '{proxy}' is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
            ) from e
    return proxies


@dataclass
class LoginThrottle:
    """At most `limit` failed logins per client within `window` seconds; beyond, logins wait.

    A login is held back by its address and by the account it names (`login_wait`): guesses at one account
    spread over many addresses are counted against that account too."""

    limit: int = 5
    window: float = 300.0
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def login_wait(self, address: str, account: str | None) -> float:
        """Seconds until a login from `address` for `account` may be tried (0: now)."""
        return max(self.wait_for(key) for key in _login_keys(address, account))

    def login_failed(self, address: str, account: str | None) -> None:
        for key in _login_keys(address, account):
            self.failed(key)

    def login_succeeded(self, address: str, account: str | None) -> None:
        for key in _login_keys(address, account):
            self.succeeded(key)

    def wait_for(self, client: str) -> float:
        """Seconds until `client` may try again (0: now)."""
        with self._lock:
            recent = self._recent(client)
            if len(recent) < self.limit:
                return 0.0
            return max(0.0, recent[0] + self.window - time.monotonic())

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(time.monotonic())
            while len(self._failures) > MAX_KEYS:
                self._failures.pop(next(iter(self._failures)))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def _recent(self, client: str) -> deque[float]:
        times = self._failures.setdefault(client, deque())
        while times and times[0] + self.window < time.monotonic():
            times.popleft()
        return times


def _login_keys(address: str, account: str | None) -> list[str]:
    keys = [f"address:{address}"]
    if account is not None:
        keys.append(f"account:{account.strip()[:256]}")  # as Gradio compares it (stripped)
    return keys
