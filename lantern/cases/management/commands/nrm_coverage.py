"""How much of the Home Office NRM form Lantern answers: overall, and for each case with a referral."""

from typing import Any

from django.core.management.base import BaseCommand

from lantern.cases import nrm_form
from lantern.cases.models import Case, ReferralKind


class Command(BaseCommand):
    help = ("Print how many of the Home Office NRM / Duty to Notify form's questions have a source in Lantern, "
            "and for each case with an NRM referral or Duty to Notify, how many of the questions that apply "
            "to it are answered (as its referrer would see them). Prints case references only.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = nrm_form.form_rows()
        unmapped = nrm_form.unmapped_fields()
        mapped = sum(row.field not in unmapped for row in rows)
        self.stdout.write(f"Questions of the form with a source in Lantern: {mapped} of {len(rows)}")
        for field in unmapped:
            self.stdout.write(f"  no source: {field}")
        cases = (Case.objects.filter(referrals__kind__in=[ReferralKind.NRM, ReferralKind.DUTY_TO_NOTIFY])
                 .select_related("person", "referral_questions").distinct().order_by("reference"))
        total_answered = total_asked = 0
        for case in cases.iterator(chunk_size=200):
            referral = (case.referrals.filter(kind__in=[ReferralKind.NRM, ReferralKind.DUTY_TO_NOTIFY])
                        .select_related("created_by", "created_by__agency").order_by("made_on", "id").first())
            facts = _facts(case, referral)
            answered, asked = nrm_form.totals(nrm_form.form_sections(facts))
            total_answered, total_asked = total_answered + answered, total_asked + asked
            form = "NRM" if facts.kind == "nrm" else "Duty to Notify"
            self.stdout.write(f"{case.reference} ({form}): {answered} of {asked} answered")
        if total_asked:
            self.stdout.write(f"All cases with a referral: {total_answered} of {total_asked} answered "
                              f"({100 * total_answered / total_asked:.0f}%)")


def _facts(case: Case, referral: Any) -> nrm_form.Facts:
    from lantern.cases.selectors import nrm_facts

    # The referral's maker is the first responder who filled the form.
    return nrm_facts(case=case, user=referral.created_by,
                     kind="nrm" if referral.kind == ReferralKind.NRM else "dtn")
