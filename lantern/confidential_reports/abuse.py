"""Abuse resistance for the public channel, without tracking anyone.

Nothing here looks at who is sending: there is no address, cookie or device
fingerprint to look at. Instead:

- **Proof of work** (the ALTCHA protocol, from the ``altcha`` package): the
  form carries a signed puzzle that the reporter's browser solves in the
  background while they type (``static/js/report-form.mjs``). Sending a
  report costs a script thousands of hashes; a person notices nothing.
- **One use per form**: a puzzle is spent when its report is accepted, so a
  solved form cannot be replayed, and a refreshed confirmation page cannot
  send the report twice.
- **A minimum time** between the form being served and being sent, and a
  **honeypot** field people never see.
- **Global rate limits** (django-ratelimit, in the shared cache): one budget
  for reports whose puzzle was solved and a smaller one for reports sent
  without JavaScript, so a flood of scripted reports cannot crowd out people
  whose browsers run no scripts for long. Each form counts once in each
  budget however often it is sent back with mistakes to correct, so one
  solved form cannot use up the budget; and a form can be sent only
  ``MAX_SENDS_PER_FORM`` times before it needs a fresh puzzle, which bounds
  the work (files checked, answers validated) one puzzle can cause.
"""

import base64
import datetime
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any, Literal

from altcha import v1 as altcha_v1
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import is_ratelimited

CHALLENGE_ALGORITHM: Literal["SHA-256"] = "SHA-256"
_SPENT_PREFIX = "lantern:report-form-spent:"


def _hmac_key() -> str:
    return f"lantern.confidential_reports.challenge:{settings.SECRET_KEY}"


def challenge_issue() -> str:
    """A new signed puzzle for a form, as the JSON the page carries."""
    lifetime = datetime.timedelta(seconds=settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS)
    challenge = altcha_v1.create_challenge(altcha_v1.ChallengeOptions(
        algorithm=CHALLENGE_ALGORITHM,
        max_number=settings.LANTERN_REPORT_POW_MAX_NUMBER,
        hmac_key=_hmac_key(),
        expires=timezone.now() + lifetime,
        params={"issued": str(int(time.time()))},
    ))
    data = challenge.to_dict()
    # ALTCHA's signature covers the salt (and so the expiry and issue time) only once the
    # puzzle is solved; the seal covers them for forms sent without JavaScript too.
    data["seal"] = _seal(data["salt"], data["challenge"])
    return json.dumps(data, separators=(",", ":"))


def _seal(salt: str, challenge: str) -> str:
    return hmac.new(_hmac_key().encode(), f"{salt}|{challenge}".encode(), "sha256").hexdigest()


@dataclass(frozen=True)
class ChallengeCheck:
    valid: bool
    solved: bool = False
    too_quick: bool = False
    expired: bool = False
    key: str = ""


def challenge_check(challenge_json: str, number: str) -> ChallengeCheck:
    """Is the form's puzzle ours and fresh, was it solved, and was the form filled in too quickly?"""
    try:
        data: dict[str, Any] = json.loads(challenge_json or "")
        payload = {
            "algorithm": str(data["algorithm"]),
            "challenge": str(data["challenge"]),
            "salt": str(data["salt"]),
            "signature": str(data["signature"]),
        }
        seal = str(data["seal"])
    except (ValueError, KeyError, TypeError):
        return ChallengeCheck(valid=False)
    if payload["algorithm"] != CHALLENGE_ALGORITHM:
        return ChallengeCheck(valid=False)
    expected = altcha_v1.hmac_hex(CHALLENGE_ALGORITHM, payload["challenge"].encode(), _hmac_key())
    if not hmac.compare_digest(expected, payload["signature"]) or not hmac.compare_digest(
        _seal(payload["salt"], payload["challenge"]), seal
    ):
        return ChallengeCheck(valid=False)
    params = altcha_v1.extract_params(payload)  # type: ignore[arg-type]
    try:
        expires = int(params["expires"][0])
        issued = int(params["issued"][0])
    except (KeyError, IndexError, ValueError):
        return ChallengeCheck(valid=False)
    now = time.time()
    key = payload["challenge"]
    if expires < now:
        return ChallengeCheck(valid=True, expired=True, key=key)
    too_quick = now - issued < settings.LANTERN_REPORT_MIN_SECONDS
    solved = False
    if number.isdigit() and len(number) <= 12:
        encoded = base64.b64encode(json.dumps({**payload, "number": int(number)}).encode()).decode()
        solved, _ = altcha_v1.verify_solution(encoded, _hmac_key(), check_expires=True)
    return ChallengeCheck(valid=True, solved=bool(solved), too_quick=too_quick, key=key)


def challenge_spent(key: str) -> bool:
    return cache.get(_SPENT_PREFIX + key) is not None


# A spent puzzle is remembered well past its expiry, so that re-sending an old confirmation page
# says "already sent" rather than making a second report.
SPENT_MEMORY_SECONDS = 2 * 24 * 60 * 60


def challenge_spend(key: str) -> bool:
    """Mark a puzzle used; False if it already was (the form was sent before)."""
    timeout = settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS + SPENT_MEMORY_SECONDS
    return bool(cache.add(_SPENT_PREFIX + key, 1, timeout=timeout))


_SENDS_PREFIX = "lantern:report-form-sends:"
MAX_SENDS_PER_FORM = 10


_FILES_PREFIX = "lantern:report-form-files:"
MAX_FILES_PER_FORM = 10  # files one form may have checked and kept, over all its sendings


def _count(key: str, delta: int) -> int:
    timeout = settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS
    cache.add(key, 0, timeout=timeout)
    try:
        return int(cache.incr(key, delta))
    except ValueError:  # expired between the two calls
        cache.add(key, delta, timeout=timeout)
        return delta


def challenge_send(key: str) -> int:
    """Count one more sending of a form; returns how many times it has now been sent."""
    return _count(_SENDS_PREFIX + key, 1)


_COUNTED_PREFIX = "lantern:report-form-counted:"


def challenge_first_in_budget(key: str, group: str) -> bool:
    """True the first time a form reaches a given budget: each form counts once in each budget, so
    neither a form sent back for corrections nor one sent first unsolved, then solved, escapes it."""
    timeout = settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS
    return bool(cache.add(f"{_COUNTED_PREFIX}{group}:{key}", 1, timeout=timeout))


def challenge_files_allowed(key: str, wanted: int) -> int:
    """How many of ``wanted`` new files this form may still have checked and kept."""
    if wanted <= 0:
        return 0
    total = _count(_FILES_PREFIX + key, wanted)
    return max(0, min(wanted, MAX_FILES_PER_FORM - (total - wanted)))


def _everyone(group: str, request: HttpRequest) -> str:
    """Rate limit key: the same for every sender, because we do not tell senders apart."""
    return "all"


def over_limit(request: HttpRequest, *, group: str, rate: str, key: str | None = None, count: bool = True) -> bool:
    """Count one more against a global budget (unless ``count`` is False); True when it is spent."""
    return is_ratelimited(
        request, group=group, key=(lambda g, r: key) if key else _everyone, rate=rate, increment=count
    )
