"""Cached database sessions renewed at most once a minute (see lantern.accounts.sessions)."""

from django.contrib.sessions.backends import cached_db

from lantern.accounts.sessions import IdleRefreshMixin


class SessionStore(IdleRefreshMixin, cached_db.SessionStore):
    pass
