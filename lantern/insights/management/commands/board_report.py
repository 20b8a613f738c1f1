"""Render a quarter's board report to a PDF file: the figures as the page would show them now (small
numbers suppressed) with the commentary saved for the quarter, if any. Aggregates only."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lantern.core.periods import PeriodError
from lantern.insights.board import board_content, board_period, render_html, render_pdf
from lantern.insights.models import BoardCommentary


class Command(BaseCommand):
    help = "Render the quarterly board report of a quarter to a PDF file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="The quarter, e.g. 2026-Q3.")
        parser.add_argument("--out", required=True, help="The PDF file to write (its directory is made if missing).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = board_period(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        commentary = BoardCommentary.objects.filter(period_code=period.code).first()
        snapshot = commentary.snapshot() if commentary else {"executive_summary": "", "objectives": {}}
        content = board_content(period)
        pdf = render_pdf(render_html(content, snapshot))
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(pdf)
        self.stdout.write(f"Wrote the board report for {period.label} to {out} ({len(pdf):,} bytes"
                          f"{', with commentary' if commentary else ', no commentary saved'}).")
