"""The Home Office NRM / Duty to Notify form, question by question: where Lantern holds each answer.

The single source of truth for the referral pack, the completeness panel of the
case page, ``manage.py nrm_coverage`` and the API's completeness figures. For each
row of the form's field list (lantern/cases/data/nrm_form_fields.csv, the form's
own source, MIT licence) ``SOURCES`` names:

- ``held_in``: the model field or selector that answers it;
- ``step``: the page of the case where a worker captures it (a URL name, with
  arguments), so an unanswered question links to where it is answered;
- ``answer``: the answer as the form wants it, from ``Facts`` (objects already
  loaded: reading answers makes no query).

Whether a question applies to a case is the form's own logic (``shown_when`` and
``page_shown_when``), evaluated on the answers' codes, with three rules of
Lantern's own: the pack's kind (NRM or Duty to Notify) answers "do they consent";
a Duty to Notify carries the person's name and contact details only when they
agreed to their details being shared (the consent step), whatever the
cooperation answer; and the form's numbered slots of a list (towns 2 to 10,
countries 2 to 10) apply only when the list has that many entries.

An unasked question is "not answered", never "No": every yes/no here is
nullable or blank until someone asks.

The package, in the order a question is worked out: ``form`` (the field list, its
pages and the case steps), ``facts`` (what the case holds), ``conditions``
(whether the form asks it), ``answers`` (where Lantern holds it) and ``pack``
(the form for one case, and what is still to ask).
"""

from lantern.cases.nrm_form.answers import SOURCES, Source
from lantern.cases.nrm_form.conditions import CODES, applies, condition_holds
from lantern.cases.nrm_form.facts import Facts
from lantern.cases.nrm_form.form import (
    FIELDS_CSV,
    QUESTIONS,
    QUESTIONS_SECTION,
    SECTION_TITLES,
    SECTIONS,
    STEP_NAMES,
    Row,
    form_rows,
    section_slug,
)
from lantern.cases.nrm_form.pack import (
    CASE_ANSWERS,
    Answer,
    Page,
    Section,
    StepSection,
    asked_by_section,
    form_sections,
    kind_for,
    step_questions,
    step_sections,
    still_to_ask,
    totals,
    unmapped_fields,
)

__all__ = [
    "CASE_ANSWERS", "CODES", "FIELDS_CSV", "QUESTIONS", "QUESTIONS_SECTION", "SECTIONS", "SECTION_TITLES", "SOURCES",
    "STEP_NAMES", "Answer", "Facts", "Page", "Row", "Section", "Source", "StepSection", "applies", "asked_by_section", "condition_holds",
    "form_rows", "form_sections", "kind_for", "section_slug", "step_questions", "step_sections", "still_to_ask", "totals",
    "unmapped_fields",
]
