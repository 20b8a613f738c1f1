"""Server-side sessions whose idle expiry is renewed at most once a minute, not written on every request.

A session ends after ``SESSION_COOKIE_AGE`` (30 minutes) without a request. Django can renew the
expiry by saving the session on every request (``SESSION_SAVE_EVERY_REQUEST``), which costs a
database write on every page. Instead SessionLifetimeMiddleware asks ``needs_idle_refresh()`` and
saves the session only when its stored expiry is more than ``LANTERN_SESSION_REFRESH_SECONDS``
(60 s) older than a fresh one would be (or when the session changed). A session therefore still
ends at most 30 minutes after the last request, and never later: at worst up to a minute sooner.

The stored expiry is read from the session's database row when the row was read for this
request, and otherwise (a cache hit with the cached_db engine) from the copy kept in the data.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

IDLE_UNTIL_KEY = "_lantern_idle_until"


class IdleRefreshMixin(SessionBase):
    """For a database-backed session store: knows when its idle expiry was last renewed."""

    _stored_expiry: datetime.datetime | None = None

    def _get_session_from_db(self) -> Any:
        row = super()._get_session_from_db()  # type: ignore[misc]
        self._stored_expiry = row.expire_date if row else None
        return row

    def save(self, must_create: bool = False) -> None:
        data = self._get_session(no_load=must_create)  # type: ignore[attr-defined]
        data[IDLE_UNTIL_KEY] = self.get_expiry_date().timestamp()
        super().save(must_create)
        self._stored_expiry = None  # the copy in the data is now current

    def stored_expiry(self) -> datetime.datetime | None:
        """When the session ends if no request renews it, as stored; None if not known."""
        until = self.get(IDLE_UNTIL_KEY)  # loads the session first, which reads the row if the cache has it not
        if self._stored_expiry is not None:
            return self._stored_expiry
        if until is None:
            return None
        return datetime.datetime.fromtimestamp(float(until), tz=datetime.UTC)

    def needs_idle_refresh(self) -> bool:
        """Whether the session should be saved now to push its idle expiry back."""
        stored = self.stored_expiry()
        if stored is None:
            return True
        fresh = timezone.now() + datetime.timedelta(seconds=self.get_expiry_age())
        return fresh - stored >= datetime.timedelta(seconds=settings.LANTERN_SESSION_REFRESH_SECONDS)
