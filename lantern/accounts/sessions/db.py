"""Database sessions renewed at most once a minute (see lantern.accounts.sessions)."""

from django.contrib.sessions.backends import db

from lantern.accounts.sessions import IdleRefreshMixin


class SessionStore(IdleRefreshMixin, db.SessionStore):
    pass
