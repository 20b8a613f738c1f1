"""Every write to accounts, agencies, roles, devices and tokens. Each is audited.

Split by concern; callers import from here (``from lantern.accounts import services``):

- ``users``: agencies, and creating, changing, deactivating and reactivating accounts;
- ``role_grants``: requests for roles that open records about people, their approval, the approver;
- ``sign_in``: passwords, two-factor devices, backup codes, sign-in audit, ending sessions, API tokens;
- ``unlock``: lockouts after failed sign-ins and the emailed unlock link;
- ``notifications``: sending notifications (ADR 17) and the person's choice of email.
"""

from lantern.accounts.services.notifications import (
    notification_mark_read,
    notification_send,
    notifications_mark_all_read,
    user_set_notify_by_email,
    user_update_profile,
)
from lantern.accounts.services.role_grants import (
    role_grant_approve,
    role_grant_approver_set,
    role_grant_decline,
    role_grant_request,
)
from lantern.accounts.services.sign_in import (
    BACKUP_DEVICE_NAME,
    TOTP_DEVICE_NAME,
    api_token_create,
    api_token_revoke,
    api_tokens_described,
    backup_codes_generate,
    backup_codes_regenerate,
    totp_device_confirm,
    totp_device_start,
    two_factor_device_matching,
    user_change_password,
    user_end_sessions,
    user_has_confirmed_device,
    user_reset_password,
    user_reset_two_factor,
    user_sign_in_password_record,
    user_sign_in_two_factor_record,
)
from lantern.accounts.services.unlock import (
    UNLOCK_SALT,
    user_for_unlock_link,
    user_is_locked_out,
    user_unlock,
    user_unlock_by_link,
    user_unlock_link_send,
)
from lantern.accounts.services.users import (
    agency_create,
    agency_update,
    user_create,
    user_deactivate,
    user_reactivate,
    user_update,
)

__all__ = [
    "BACKUP_DEVICE_NAME",
    "TOTP_DEVICE_NAME",
    "UNLOCK_SALT",
    "agency_create",
    "agency_update",
    "api_token_create",
    "api_token_revoke",
    "api_tokens_described",
    "backup_codes_generate",
    "backup_codes_regenerate",
    "notification_mark_read",
    "notification_send",
    "notifications_mark_all_read",
    "role_grant_approve",
    "role_grant_approver_set",
    "role_grant_decline",
    "role_grant_request",
    "totp_device_confirm",
    "totp_device_start",
    "two_factor_device_matching",
    "user_change_password",
    "user_create",
    "user_deactivate",
    "user_end_sessions",
    "user_for_unlock_link",
    "user_has_confirmed_device",
    "user_is_locked_out",
    "user_reactivate",
    "user_reset_password",
    "user_reset_two_factor",
    "user_set_notify_by_email",
    "user_update_profile",
    "user_sign_in_password_record",
    "user_sign_in_two_factor_record",
    "user_unlock",
    "user_unlock_by_link",
    "user_unlock_link_send",
    "user_update",
]
