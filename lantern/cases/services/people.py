"""The person a case is about: created from the concern, changed by the case team."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.audit.models import AuditAction
from lantern.audit.services import audit_record, describe_changes
from lantern.cases import rules, selectors, workflow
from lantern.cases.models import Case, ContactMethod, Person, PersonNameKey, Route
from lantern.cases.selectors import ensure_can_work_case
from lantern.cases.services._common import event, lock, not_in_future, set_child_at_exploitation, today
from lantern.cases.services.team import case_add_childrens_services
from lantern.core.reference import nationalities


def person_indexes(person: Person) -> None:
    """Set the blind indexes by which a person is found (name, and name with date of birth) and counted
    (nationality, for the statistics)."""
    person.name_index, person.name_dob_index = selectors.person_blind_indexes(
        selectors.full_name(person.given_name, person.family_name), person.date_of_birth)
    person.nationality_index = selectors.nationality_index(person.nationality)


def person_name_keys_save(person: Person) -> None:
    """Replace the saved person's name keys (cases/search.py) with those of their current name."""
    parts, digests = selectors.person_name_digests(person.given_name, person.family_name, person.date_of_birth,
                                                   person.known_as)
    PersonNameKey.objects.filter(person=person).delete()
    PersonNameKey.objects.bulk_create(
        [PersonNameKey(person=person, kind=kind, digest=digest, tokens=parts) for kind, digest in digests])


def person_name_keys_rebuild(*, batch: int = 500) -> int:
    """Rebuild every person's name keys and nationality index (after LANTERN_BLIND_INDEX_KEY changes);
    returns how many people."""
    done, last = 0, 0
    while people := list(Person.objects.filter(pk__gt=last).order_by("pk")
                         .only("given_name", "family_name", "known_as", "date_of_birth", "nationality")[:batch]):
        with transaction.atomic():
            for person in people:
                person_name_keys_save(person)
                person.nationality_index = selectors.nationality_index(person.nationality)
            Person.objects.bulk_update(people, ["nationality_index"])
        done, last = done + len(people), people[-1].pk
    return done


def person_create(*, acting_user: User, **fields: Any) -> Person:
    person = Person(**fields)
    person_indexes(person)
    person.full_clean()
    person.save()
    person_name_keys_save(person)
    audit_record(actor=acting_user, action="person.create", kind=AuditAction.CREATE, target=person,
                 changes=describe_changes(instance=person, fields=[f for f in fields if fields[f] not in ("", None)]))
    return person


@transaction.atomic
def person_update(*, case: Case, acting_user: User, **fields: Any) -> Person:
    ensure_can_work_case(acting_user, case)
    lock(case)
    person = case.person
    not_in_future(fields.get("date_of_birth"), "date_of_birth")
    before = {name: getattr(person, name) for name in fields}
    for name in ("nationality", "second_nationality"):
        # From the form's list; a value kept from before the list (a concern's free text) may stay as it is.
        if fields.get(name) and fields[name] != before[name] and fields[name] not in dict(nationalities()):
            raise ValidationError({name: "Choose a nationality from the list"})
    methods = fields.get("contact_methods")
    if methods is not None and (not isinstance(methods, list) or set(methods) - set(ContactMethod.values)):
        raise ValidationError({"contact_methods": "Choose email, post or both"})
    for name, value in fields.items():
        setattr(person, name, value)
    person_indexes(person)
    person.full_clean()
    person.save()
    person_name_keys_save(person)
    event(case, acting_user, "person.update", "Person's details updated")
    if person.date_of_birth and case.route == Route.ADULT and rules.age_on(person.date_of_birth, today()) < rules.ADULT_AGE:
        # Under 18 after all: the child route, where every child is referred to the NRM.
        workflow.route_change(case, to=Route.CHILD, by="person_update")
        set_child_at_exploitation(case, True)
        case.save(update_fields=["route", "stage", "child_at_exploitation", "under_18_during_exploitation", "updated_at"])
        event(case, acting_user, "route.child", "Moved to the child route: the date of birth shows they are under 18")
        audit_record(actor=acting_user, action="case.route_change", kind=AuditAction.UPDATE, target=case,
                     changes={"route": Route.CHILD})
        case_add_childrens_services(case=case, acting_user=acting_user)
    # The form sends every field: the trail names only those whose value changed.
    audit_record(actor=acting_user, action="person.update", kind=AuditAction.UPDATE, target=person,
                 changes=describe_changes(instance=person, fields=fields, before=before))
    return person
