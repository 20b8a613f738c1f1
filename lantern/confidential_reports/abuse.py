"""Abuse resistance for the public channel, without tracking anyone.

Nothing here looks at who is sending: there is no address, cookie or device
fingerprint to look at. Instead:

- **Proof of work** (the ALTCHA protocol, from the ``altcha`` package): the
  form carries a signed puzzle that the reporter's browser solves in the
  background while they type (``static/js/report-form.mjs``). Sending a
  report costs a script thousands of hashes; a person notices nothing.
- **One use per form**: a puzzle is spent when its report is saved (once the
  transaction commits, never before), so a solved form cannot be replayed, a
  refreshed confirmation page cannot send the report twice, and a save that
  fails leaves the form free to be sent again.
- **Proof of work on receipt codes too**: each try at a receipt code needs a
  fresh puzzle of its own, used once, so guessing costs the guesser. Tries
  whose puzzle was solved and tries sent without JavaScript have separate
  budgets, so a flood that does not pay uses up only the smaller one.
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


REPORT_FORM = "report"
RECEIPT_TRY = "receipt"


def challenge_issue(purpose: str = REPORT_FORM) -> str:
    """A new signed puzzle for a form, as the JSON the page carries. ``purpose`` binds it to one
    kind of form: a puzzle served with the follow-up page cannot send a report, and the reverse."""
    lifetime = datetime.timedelta(seconds=settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS)
    challenge = altcha_v1.create_challenge(altcha_v1.ChallengeOptions(
        algorithm=CHALLENGE_ALGORITHM,
        max_number=settings.LANTERN_REPORT_POW_MAX_NUMBER,
        hmac_key=_hmac_key(),
        expires=timezone.now() + lifetime,
        params={"issued": str(int(time.time())), "use": purpose},
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


def challenge_check(challenge_json: str, number: str, purpose: str = REPORT_FORM) -> ChallengeCheck:
    """Is the form's puzzle ours, fresh and for this kind of form, was it solved, and was the form
    filled in too quickly?"""
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
    if params.get("use", [REPORT_FORM])[0] != purpose:
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


def challenge_spend(key: str, *, remember_after_expiry: bool = True) -> bool:
    """Mark a puzzle used; False if it already was. A report form's puzzle is spent only once its
    report is saved (see ``challenge_claim``), and remembered past its expiry; a receipt try's
    puzzle as soon as it is checked, and remembered only until it expires (an expired one is refused
    anyway), so that a flood of tries, paid or not, cannot fill the shared cache for days."""
    timeout = settings.LANTERN_REPORT_FORM_LIFETIME_SECONDS + (SPENT_MEMORY_SECONDS if remember_after_expiry else 0)
    return bool(cache.add(_SPENT_PREFIX + key, 1, timeout=timeout))


_CLAIM_PREFIX = "lantern:report-form-sending:"
# How long a sending may hold its form: longer than any request runs (a worker that stalls and is
# killed leaves its claim behind, which then lapses, so the form can be sent again).
CLAIM_SECONDS = 120
# How long a second sending of the same form (a double click) waits for the first to end.
CLAIM_WAIT_SECONDS = 5.0
_CLAIM_POLL_SECONDS = 0.1

Claim = Literal["claimed", "spent", "busy"]


def challenge_claim(key: str, *, wait: float = CLAIM_WAIT_SECONDS) -> Claim:
    """Hold a form while its report is saved, so two sendings at once make one report.

    "claimed": this sending may save the report; it must call ``challenge_release`` when done,
    and ``challenge_spend`` only once the report's transaction has committed. "spent": another
    sending saved the report (so "already sent" is true). "busy": another sending is still saving
    after ``wait`` seconds. A sending whose save fails releases the form unspent, so sending it
    again saves the report rather than claiming it arrived."""
    deadline = time.monotonic() + wait
    while True:
        if challenge_spent(key):
            return "spent"
        if cache.add(_CLAIM_PREFIX + key, 1, timeout=CLAIM_SECONDS):
            if challenge_spent(key):  # saved and released between the two looks
                challenge_release(key)
                return "spent"
            return "claimed"
        if time.monotonic() >= deadline:
            return "busy"
        time.sleep(_CLAIM_POLL_SECONDS)


def challenge_release(key: str) -> None:
    cache.delete(_CLAIM_PREFIX + key)


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


# --- The gates the public views call -------------------------------------------------


@dataclass(frozen=True)
class Refusal:
    """Why a sending of the form cannot go on, and what the reporter is shown.

    ``already_sent``: the form's puzzle was spent by an earlier sending (the 'already sent'
    page). Otherwise the form comes back with every answer and ``problem`` above it, with a
    fresh puzzle when ``fresh_challenge`` is set (the old one can no longer be used).
    """

    status: int
    problem: str = ""
    fresh_challenge: bool = False
    already_sent: bool = False


@dataclass(frozen=True)
class FormGate:
    check: ChallengeCheck
    refusal: Refusal | None = None


@dataclass(frozen=True)
class PublicForm:
    """What differs between the public forms these gates protect (the report form, the Slavery Free
    Pledge's form): the kind of puzzle, how the messages name the form and its button, and its two
    global budgets (rate-limit groups and the settings holding their rates), so one form's flood
    never uses up another's."""

    purpose: str
    thing: str  # "report": "send your report again"
    things: str  # "reports": "A lot of reports are being sent"
    button: str  # "Send report"
    group: str
    rate_setting: str
    unverified_group: str
    unverified_rate_setting: str
    busy_extra: str = ""  # after the "a lot are being sent" message


REPORT = PublicForm(
    purpose=REPORT_FORM, thing="report", things="reports", button="Send report",
    group="reports.submit", rate_setting="LANTERN_REPORT_RATE",
    unverified_group="reports.submit.unverified", unverified_rate_setting="LANTERN_REPORT_RATE_UNVERIFIED",
    busy_extra=" If someone is in immediate danger, call 999.",
)


def public_form_gate(request: HttpRequest, *, form: PublicForm, challenge_json: str, pow_number: str,
                     honeypot: str, with_files: bool = False) -> FormGate:
    """Whether a sending of a public form may go on to be validated, in the order the checks must run:
    a spent form, an old or foreign puzzle, the honeypot, too quick, sent too often, the rate budgets."""
    check = challenge_check(challenge_json, pow_number, purpose=form.purpose)
    files_again = " Add your files again: they were not kept." if with_files else ""
    press = f"press ‘{form.button}’ again"
    if check.valid and challenge_spent(check.key):
        return FormGate(check, Refusal(status=409, already_sent=True))
    if not check.valid or check.expired:
        # Too old (or not ours): keep every answer, give a fresh form to send again.
        return FormGate(check, Refusal(status=400, fresh_challenge=True, problem=(
            f"This page was open for a long time, so we need you to {press}. "
            "Your answers are still here." + files_again)))
    if honeypot:
        return FormGate(check, Refusal(status=400, problem=(
            f"Leave the field ‘Leave this empty’ empty, then send your {form.thing} again." + files_again)))
    if check.too_quick:
        return FormGate(check, Refusal(status=400, problem=(
            f"That was sent very quickly. Check your answers, then {press}." + files_again)))
    if challenge_send(check.key) > MAX_SENDS_PER_FORM:
        # Sent back many times: a fresh puzzle bounds the work one form can cause.
        return FormGate(check, Refusal(status=400, fresh_challenge=True, problem=(
            f"This form has been sent many times, so we need you to {press}. "
            "Your answers are still here." + files_again)))
    group, rate = ((form.group, getattr(settings, form.rate_setting)) if check.solved
                   else (form.unverified_group, getattr(settings, form.unverified_rate_setting)))
    # A form counts once against each budget, however often it comes back to be corrected.
    if over_limit(request, group=group, rate=rate, count=challenge_first_in_budget(check.key, group)):
        return FormGate(check, Refusal(status=429, problem=(
            f"A lot of {form.things} are being sent right now. Wait a minute, then {press}. "
            "Your answers are still here." + files_again + form.busy_extra)))
    return FormGate(check)


def report_form_gate(request: HttpRequest, *, challenge_json: str, pow_number: str, honeypot: str,
                     with_files: bool) -> FormGate:
    """The gate of the confidential report form (``public_form_gate`` with the report's budgets)."""
    return public_form_gate(request, form=REPORT, challenge_json=challenge_json, pow_number=pow_number,
                            honeypot=honeypot, with_files=with_files)


RECEIPT_FAILURES_KEY = "lantern_receipt_failures"
MAX_RECEIPT_FAILURES_PER_SESSION = 10


def receipt_try_gate(request: HttpRequest, *, challenge_json: str, pow_number: str) -> Refusal | None:
    """Whether a try at a receipt code may go on to be looked up; None if it may.

    Each try carries a puzzle of its own from the follow-up page, spent here, so every guess costs
    the guesser a fresh page and (with JavaScript) thousands of hashes. Tries whose puzzle was solved
    and tries sent without JavaScript count in separate global budgets, so a flood of guesses that do
    not pay uses up only the smaller one and never keeps out someone whose browser solved the puzzle.
    Nothing is counted against a receipt itself: a guesser cannot lock out its holder."""
    if int(request.session.get(RECEIPT_FAILURES_KEY, 0)) >= MAX_RECEIPT_FAILURES_PER_SESSION:
        return Refusal(status=429, problem="Too many receipt codes have been tried. Close your browser, "
                                           "then open this page again and enter your receipt code.")
    check = challenge_check(challenge_json, pow_number, purpose=RECEIPT_TRY)
    if not check.valid or check.expired or not challenge_spend(check.key, remember_after_expiry=False):
        # Not from a page we served, too old, or already used for a try: each try needs a fresh page.
        return Refusal(status=400, problem="This page had expired. Enter your receipt code again.")
    group, rate = (("reports.receipt", settings.LANTERN_RECEIPT_RATE) if check.solved
                   else ("reports.receipt.unverified", settings.LANTERN_RECEIPT_RATE_UNVERIFIED))
    if over_limit(request, group=group, rate=rate):
        return Refusal(status=429, problem="A lot of receipt codes are being tried right now. Wait a few minutes, "
                                           "then enter your receipt code again.")
    return None


def receipt_failure_record(request: HttpRequest) -> None:
    """Count a wrong receipt against this session (which ends when the browser closes)."""
    request.session[RECEIPT_FAILURES_KEY] = int(request.session.get(RECEIPT_FAILURES_KEY, 0)) + 1
    request.session.set_expiry(0)


def reporter_message_over_limit(request: HttpRequest, *, report_id: int) -> bool:
    """A reporter's messages on one report have their own budget (counts this message)."""
    return over_limit(request, group="reports.message", rate=settings.LANTERN_REPORTER_MESSAGE_RATE,
                      key=f"report:{report_id}")
