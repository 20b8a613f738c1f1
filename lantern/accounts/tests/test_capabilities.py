"""The role → capability table: the one place access is defined (pure unit tests)."""

import pytest

from lantern.accounts.capabilities import (
    ROLE_CAPABILITIES,
    ROLE_DESCRIPTIONS,
    Capability,
    Role,
    capabilities_for,
    roles_with,
)
from tests.support import make_user

C = Capability
CASE_CAPABILITIES = frozenset({
    C.RAISE_CONCERN, C.TRIAGE_CONCERN, C.WORK_CASES, C.OVERSEE_CASES, C.VIEW_CHILD_CASES, C.COORDINATE_SHOP,
})
PERSONAL_DATA_CAPABILITIES = CASE_CAPABILITIES | {C.VIEW_SUPPLY_CHAIN, C.MANAGE_SUPPLY_CHAIN}


def test_every_role_has_capabilities_and_a_description():
    assert set(ROLE_CAPABILITIES) == set(Role.values)
    assert set(ROLE_DESCRIPTIONS) == set(Role.values)
    assert all(ROLE_CAPABILITIES[role] for role in Role.values)
    assert all(ROLE_DESCRIPTIONS[role].endswith(".") for role in Role.values)


def test_every_capability_is_held_by_some_role():
    assert {cap for caps in ROLE_CAPABILITIES.values() for cap in caps} == set(Capability)


def test_no_roles_means_no_capabilities():
    assert capabilities_for([]) == frozenset()
    assert capabilities_for(set()) == frozenset()


def test_unknown_roles_grant_nothing():
    assert capabilities_for(["emperor", "root"]) == frozenset()
    assert capabilities_for(["emperor", Role.BOARD_VIEWER]) == ROLE_CAPABILITIES[Role.BOARD_VIEWER]


def test_capabilities_of_several_roles_are_their_union():
    combined = capabilities_for({Role.CASE_WORKER, Role.DATA_PROTECTION_OFFICER})
    assert combined == ROLE_CAPABILITIES[Role.CASE_WORKER] | ROLE_CAPABILITIES[Role.DATA_PROTECTION_OFFICER]
    assert C.WORK_CASES in combined and C.VIEW_AUDIT in combined


def test_accepts_lists_sets_and_frozensets_alike():
    roles = [Role.PROGRAMME_MANAGER, Role.PROCUREMENT_OFFICER]
    assert capabilities_for(roles) == capabilities_for(set(roles)) == capabilities_for(frozenset(roles))
    assert isinstance(capabilities_for(roles), frozenset)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.FIRST_RESPONDER, {C.RAISE_CONCERN, C.VIEW_PARTNERSHIP}),
        (Role.CASE_WORKER, {C.RAISE_CONCERN, C.WORK_CASES, C.VIEW_CHILD_CASES, C.VIEW_PARTNERSHIP, C.USE_API}),
        (Role.SHOP_COORDINATOR, {C.RAISE_CONCERN, C.TRIAGE_CONCERN, C.WORK_CASES, C.OVERSEE_CASES,
                                 C.VIEW_CHILD_CASES, C.COORDINATE_SHOP, C.VIEW_AGGREGATES, C.VIEW_PARTNERSHIP,
                                 C.VIEW_GOVERNANCE, C.MANAGE_GOVERNANCE, C.USE_API}),
        (Role.PROGRAMME_MANAGER, {C.TRIAGE_CONCERN, C.OVERSEE_CASES, C.VIEW_AGGREGATES, C.PUBLISH_STATISTICS,
                                  C.VIEW_SUPPLY_CHAIN, C.VIEW_PARTNERSHIP, C.VIEW_GOVERNANCE, C.MANAGE_GOVERNANCE,
                                  C.MANAGE_PLEDGE, C.MANAGE_TRAINING, C.VIEW_TRAINING_COMPLIANCE, C.USE_API}),
        (Role.PROCUREMENT_OFFICER, {C.VIEW_SUPPLY_CHAIN, C.MANAGE_SUPPLY_CHAIN, C.VIEW_PARTNERSHIP, C.USE_API}),
        (Role.BOARD_VIEWER, {C.VIEW_AGGREGATES, C.VIEW_PARTNERSHIP, C.VIEW_GOVERNANCE}),
        (Role.DATA_PROTECTION_OFFICER, {C.VIEW_AUDIT, C.EXPORT_AUDIT, C.VIEW_PARTNERSHIP}),
        (Role.SYSTEM_ADMINISTRATOR, {C.MANAGE_USERS, C.MANAGE_AGENCIES, C.CONFIGURE_PARTNERSHIP,
                                     C.VIEW_PARTNERSHIP}),
        (Role.TRAINING_COORDINATOR, {C.MANAGE_TRAINING, C.VIEW_TRAINING_COMPLIANCE, C.VIEW_PARTNERSHIP, C.USE_API}),
    ],
)
def test_each_role_grants_exactly_its_documented_capabilities(role, expected):
    assert capabilities_for([role]) == expected


@pytest.mark.parametrize("role", [Role.BOARD_VIEWER, Role.SYSTEM_ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER])
def test_oversight_and_admin_roles_hold_no_case_capabilities(role):
    assert not capabilities_for([role]) & PERSONAL_DATA_CAPABILITIES


def test_board_viewer_and_admin_together_still_see_no_cases():
    assert not capabilities_for([Role.BOARD_VIEWER, Role.SYSTEM_ADMINISTRATOR]) & CASE_CAPABILITIES


def test_roles_with_a_capability():
    assert roles_with(C.MANAGE_USERS) == {Role.SYSTEM_ADMINISTRATOR}
    assert roles_with(C.MANAGE_AGENCIES) == {Role.SYSTEM_ADMINISTRATOR}
    assert roles_with(C.CONFIGURE_PARTNERSHIP) == {Role.SYSTEM_ADMINISTRATOR}
    assert roles_with(C.VIEW_AUDIT) == {Role.DATA_PROTECTION_OFFICER}
    assert roles_with(C.EXPORT_AUDIT) == {Role.DATA_PROTECTION_OFFICER}
    assert roles_with(C.VIEW_PARTNERSHIP) == set(Role.values)
    assert roles_with(C.COORDINATE_SHOP) == {Role.SHOP_COORDINATOR}
    assert roles_with(C.VIEW_CHILD_CASES) == {Role.CASE_WORKER, Role.SHOP_COORDINATOR}
    assert roles_with(C.USE_API) == {Role.CASE_WORKER, Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER,
                                     Role.PROCUREMENT_OFFICER, Role.TRAINING_COORDINATOR}
    assert roles_with(C.MANAGE_GOVERNANCE) == {Role.SHOP_COORDINATOR, Role.PROGRAMME_MANAGER}
    assert roles_with(C.MANAGE_TRAINING) == {Role.TRAINING_COORDINATOR, Role.PROGRAMME_MANAGER}
    assert roles_with(C.MANAGE_PLEDGE) == {Role.PROGRAMME_MANAGER}


@pytest.mark.parametrize("capability", list(Capability))
def test_roles_with_and_capabilities_for_agree(capability):
    for role in Role.values:
        assert (role in roles_with(capability)) == (capability in capabilities_for([role]))


def test_no_role_can_both_manage_users_and_work_cases():
    """Separation of duties: whoever hands out access never reads case content."""
    assert not roles_with(C.MANAGE_USERS) & roles_with(C.WORK_CASES)
    assert not roles_with(C.MANAGE_USERS) & roles_with(C.VIEW_AUDIT)


@pytest.mark.django_db
def test_a_deactivated_user_holds_no_capabilities():
    user = make_user(Role.SHOP_COORDINATOR)
    assert user.can(C.WORK_CASES)
    user.is_active = False
    user.save()
    fresh = type(user).objects.get(pk=user.pk)
    assert fresh.capabilities == frozenset()
    assert not fresh.can(C.RAISE_CONCERN)
    assert fresh.role_labels == ["SHOP coordinator"]


@pytest.mark.django_db
def test_users_are_never_django_staff_or_superusers():
    admin = make_user(Role.SYSTEM_ADMINISTRATOR)
    assert admin.is_staff is False and admin.is_superuser is False
    assert admin.has_perm("accounts.delete_user") is False
    assert admin.has_module_perms("accounts") is False
