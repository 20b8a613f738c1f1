"""Shared helpers for the confidential reporting tests: fill in and send the public form, follow
it up, build a sent report from the factories, and look through everything the system stored."""

import hashlib
import html
import io
import json
import re
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from lantern.confidential_reports import services
from lantern.confidential_reports.models import ReportAttachment
from lantern.confidential_reports.receipts import receipt_normalise
from lantern.confidential_reports.tests.factories import ReporterIdentityFactory, ReportFactory
from lantern.confidential_reports.tests.factories import (
    team_member as team_member,  # re-exported for the tests
)
from tests.support import png_bytes

ANSWERS: dict[str, Any] = {
    "identity_mode": "anonymous",
    "reporter_type": "public",
    "what_happened": "Six men work at the car wash from 7am to 10pm and sleep in the unit at the back.",
    "location": "Car wash behind the parade on Oldbury Road",
    "premises_type": "car_wash",
    "when_seen": "Most evenings last week",
    "still_happening": "yes",
    "people": "Men in their twenties; a man in a black BMW collects the cash.",
    "children_involved": "no",
    "signs": ["long_hours", "living_at_work"],
    "business_name": "Sparkle Hand Car Wash",
    "council_supplier": "unknown",
    "anything_else": "",
}


def solve(challenge: dict[str, Any]) -> int:
    for number in range(challenge["maxNumber"] + 1):
        if hashlib.sha256(f"{challenge['salt']}{number}".encode()).hexdigest() == challenge["challenge"]:
            return number
    raise AssertionError("puzzle has no solution")


def form_fields(page: str) -> dict[str, str]:
    """The hidden fields the served form carries (challenge, held files)."""
    fields = {}
    for name in ("challenge", "held", "pow_number"):
        match = re.search(rf'name="{name}" value="([^"]*)"', page)
        fields[name] = html.unescape(match.group(1)) if match else ""
    return fields


def open_form(client: Client) -> dict[str, str]:
    response = client.get("/report/new/")
    assert response.status_code == 200
    return form_fields(response.content.decode())


def report_data(client: Client, *, solve_puzzle: bool = True, **overrides: Any) -> dict[str, Any]:
    """What a browser sends for a freshly served form, filled in with ANSWERS (and any overrides)."""
    hidden = open_form(client)
    data: dict[str, Any] = {**ANSWERS, **overrides, "challenge": hidden["challenge"], "held": hidden["held"]}
    if solve_puzzle:
        data["pow_number"] = str(solve(json.loads(hidden["challenge"])))
    return data


def send_report(client: Client, *, solve_puzzle: bool = True, files: list[Any] | None = None,
                **overrides: Any) -> Any:
    data = report_data(client, solve_puzzle=solve_puzzle, **overrides)
    if files:
        data["uploads"] = files
    return client.post("/report/new/", data)


def resend(client: Client, response: Any, data: dict[str, Any], **changes: Any) -> Any:
    """Send the form again as the browser would after a problem: the page's hidden fields, corrected answers."""
    hidden = form_fields(response.content.decode())
    return client.post("/report/new/", {**data, "challenge": hidden["challenge"], "held": hidden["held"],
                                        "pow_number": hidden["pow_number"], **changes})


def receipt_from(response: Any) -> str:
    match = re.search(r'id="receipt-code">([\d ]+)<', response.content.decode())
    assert match, "no receipt on the page"
    digits = receipt_normalise(match.group(1))
    assert digits
    return digits


def try_receipt(client: Client, receipt: str, *, solve_puzzle: bool = True, page: Any = None) -> Any:
    """Enter a receipt on the follow-up page as a browser does: the page's own puzzle, solved by its
    script unless ``solve_puzzle`` is False (no JavaScript). ``page``: a follow-up page already shown
    (such as the answer to an earlier try), else a fresh one is opened."""
    if page is None:
        page = client.get("/report/follow-up/")
    challenge = form_fields(page.content.decode())["challenge"]
    data = {"receipt": receipt, "challenge": challenge, "pow_number": ""}
    if solve_puzzle:
        data["pow_number"] = str(solve(json.loads(challenge)))
    return client.post("/report/follow-up/", data)


def open_follow_up(client: Client, receipt: str) -> Any:
    """Enter a receipt on the follow-up page and land on the report's messages."""
    response = try_receipt(client, receipt)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/report/follow-up/messages/"
    return client.get("/report/follow-up/messages/")


# --- Reports built directly (the reporter's side is tested through the pages) -------


def make_report(*, identity: dict[str, str] | None = None, attachment_ids: list[int] | None = None,
                **fields: Any) -> services.Submitted:
    """A report of ANSWERS (and any other ``fields``) as a sent form leaves it, built by the factories:
    with the reporter's identity if given, and the held files ``attachment_ids`` on it (their names
    dropped, as on sending)."""
    report = ReportFactory(**{**ANSWERS, **fields})
    if identity:
        ReporterIdentityFactory(report=report, **identity)
    if attachment_ids:
        ReportAttachment.objects.held().filter(pk__in=attachment_ids).update(report=report, original_name="")
    return services.Submitted(report=report, receipt=report.receipt)


def png(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


GPS_LATITUDE = (52.0, 30.0, 12.5)


def jpeg_with_gps() -> bytes:
    """A photo as a phone takes it: EXIF with the camera and the place it was taken."""
    from PIL import Image

    image = Image.new("RGB", (16, 16), "blue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Reporter's Phone 12"  # Model
    exif[0x8825] = {1: "N", 2: GPS_LATITUDE, 3: "W", 4: (2.0, 1.0, 56.75)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


# --- Everything stored ----------------------------------------------------------------


def stored_text() -> str:
    """Every row of every table, twice: as the models read it (decrypted) and as the database holds it;
    and every session's decoded contents."""
    parts: list[str] = []
    for model in apps.get_models():
        for row in model._default_manager.all().values_list():
            parts.append(repr(row))
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the schema itself
            parts.extend(repr(row) for row in cursor.fetchall())
    for session in Session.objects.all():
        parts.append(repr(session.get_decoded()))
    return "\n".join(parts)


def raw_column(table: str, column: str, where: str = "", params: tuple[Any, ...] = ()) -> list[Any]:
    """The column exactly as the database stores it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} {where}", params)  # noqa: S608 - test-controlled names
        return [row[0] for row in cursor.fetchall()]
