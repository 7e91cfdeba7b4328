"""Login hardening for the web app: limited failed attempts, password checks off the event loop, sessions
that end.

Why: one scrypt check costs ~50 ms of CPU. Run inside an async handler it stalls every request; run in
threads without a limit, a few clients looping wrong passwords still keep the CPUs busy (issue 9.3). So a
name or client address that failed too often is refused before scrypt runs, and the checks that do run
share a small thread pool of their own. Gradio keeps page logins in `App.tokens` (token -> user name)
forever; `Sessions` replaces that dict so a login ends after `session_hours`, or as soon as its user is
removed or their password changes (issue 9.5).
"""

from __future__ import annotations

import base64
import binascii
import logging
import math
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass

from assistant.access import Users
from assistant.settings import AccessSettings

log = logging.getLogger(__name__)

# The client address of the request being served: Gradio calls the page's auth function with the name and
# password only, so the middleware leaves the address here (it is copied into the request's tasks).
CLIENT_ADDRESS: ContextVar[str] = ContextVar("client_address", default="unknown")
CHECK_THREADS = 2  # scrypt checks at once: about the CPUs of a small server; other work keeps its threads


class LockedOut(Exception):
    """Too many failed logins for this name or address; `retry_after` whole seconds until the next try."""

    def __init__(self, seconds: float):
        self.retry_after = max(1, math.ceil(seconds))
        super().__init__(f"too many failed logins; try again in {self.retry_after} s")


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0  # the latest failure, or the end of the latest lockout if later
    locked_until: float = 0.0


class LoginLimiter:
    """Failed logins per user name and per client address. Past its limit a name or address is locked for
    `login_lockout_s`, doubled by each further failure (up to `login_max_lockout_s`); a correct login resets
    its name, and a name or address idle for `login_max_lockout_s` starts afresh. A locked attempt is
    refused whatever the password, so a lockout costs no scrypt and tells an attacker nothing."""

    MAX_KEYS = 10_000  # names and addresses remembered; unlocked ones are forgotten first

    def __init__(self, settings: AccessSettings, clock=time.monotonic):
        self._limits = {"user": settings.login_max_failures, "address": settings.login_address_max_failures}
        self._lockout, self._max_lockout = settings.login_lockout_s, settings.login_max_lockout_s
        self._clock = clock
        self._state: dict[tuple[str, str], _Failures] = {}
        self._lock = threading.Lock()

    def retry_after(self, name: str, address: str) -> float:
        """Seconds until `name` from `address` may try again; 0 when it may now."""
        now = self._clock()
        with self._lock:
            waits = [s.locked_until - now for key in (("user", name), ("address", address))
                     if (s := self._state.get(key))]
        return max([0.0, *waits])

    def failed(self, name: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._state) >= self.MAX_KEYS:
                self._forget(now)
            for kind, value in (("user", name), ("address", address)):
                state = self._state.setdefault((kind, value), _Failures())
                if now - state.last > self._max_lockout:
                    state.count = 0
                state.count += 1
                state.last = now
                over = state.count - self._limits[kind]
                if over >= 0:
                    seconds = min(self._lockout * 2 ** min(over, 30), self._max_lockout)
                    state.locked_until = state.last = now + seconds
                    log.warning("login: %d failed attempts for %s %r; locked out for %.0f s",
                                state.count, kind, value, seconds)

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._state.pop(("user", name), None)

    def _forget(self, now: float) -> None:
        by_age = sorted(self._state, key=lambda k: (self._state[k].locked_until > now, self._state[k].last))
        for key in by_age[: len(by_age) // 2]:
            del self._state[key]


class LoginGuard:
    """The one login check of the app, for the page's form and the API's Basic credentials alike."""

    def __init__(self, users: Users, settings: AccessSettings):
        self.users, self.limiter = users, LoginLimiter(settings)
        self._threads = None  # an anyio CapacityLimiter, made in the event loop on first use

    async def check(self, name: str, password: str, address: str) -> bool:
        """Whether the credentials are good; raises LockedOut, before any scrypt, when the name or address is
        locked. The check itself runs in a worker thread (the cache of good credentials makes it cheap)."""
        import anyio

        wait = self.limiter.retry_after(name, address)
        if wait > 0:
            raise LockedOut(wait)
        self._threads = self._threads or anyio.CapacityLimiter(CHECK_THREADS)
        good = await anyio.to_thread.run_sync(self.users.check, name, password, limiter=self._threads)
        if good:
            self.limiter.succeeded(name)
        else:
            self.limiter.failed(name, address)
        return good

    def page_auth(self):
        """Gradio's auth callback for the login form. Gradio awaits a coroutine function, so the check stays
        off the event loop; a lockout becomes a 429 with Retry-After instead of "Incorrect credentials"."""
        from fastapi import HTTPException

        async def auth(name: str, password: str) -> bool:
            try:
                return await self.check(name, password, CLIENT_ADDRESS.get())
            except LockedOut as exc:
                raise HTTPException(429, detail=f"Too many failed logins: {exc}.",
                                    headers={"Retry-After": str(exc.retry_after)}) from None

        return auth


def basic_credentials(header: str) -> tuple[str, str] | None:
    """(name, password) of an `Authorization: Basic …` header; None when it is missing or malformed."""
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        name, colon, password = base64.b64decode(token, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (name, password) if colon else None


class Sessions(dict):
    """Gradio's page logins (token -> user name), each ending `max_age_s` after it began, or as soon as its
    user is gone from the users file or has another password hash than at login.

    Gradio decides who is signed in with `.get(token)` (every page and queue request), so that is where a
    session is checked: one stat() of the users file while it is unchanged. Other reads stay plain dict reads;
    a token gone meanwhile reads as nobody (Gradio's logout loops over the tokens from a worker thread)."""

    def __init__(self, users: Users, max_age_s: float, clock=time.monotonic):
        super().__init__()
        self._users, self._max_age, self._clock = users, max_age_s, clock
        self._began: dict[str, tuple[float, str | None]] = {}  # token -> (login time, password hash then)

    def __setitem__(self, token: str, name: str) -> None:
        for old in [t for t in list(self) if not self._alive(t)]:
            self.pop(old, None)
        self._began[token] = (self._clock(), self._users.password_stamp(name))
        super().__setitem__(token, name)

    def _alive(self, token) -> bool:
        name = dict.get(self, token)
        began, stamp = self._began.get(token, (-math.inf, None))
        return (name is not None and stamp is not None and self._clock() - began < self._max_age
                and self._users.password_stamp(name) == stamp)

    def get(self, token, default=None):
        if self._alive(token):
            return dict.get(self, token)
        self.pop(token, None)
        return default

    def __contains__(self, token) -> bool:
        return self.get(token) is not None

    def __missing__(self, token):
        return None

    def __delitem__(self, token) -> None:
        self.pop(token, None)

    def pop(self, token, default=None):
        self._began.pop(token, None)
        return super().pop(token, default)
