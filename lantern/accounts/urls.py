from django.contrib.auth import views as auth_views
from django.urls import path

from lantern.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-in/unlock/", views.unlock_request, name="unlock-request"),
    path("sign-in/unlock/sent/", views.unlock_sent, name="unlock-sent"),
    path("sign-in/unlock/<str:token>/", views.unlock_confirm, name="unlock-confirm"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/set-up/", views.two_factor_enrol, name="two-factor-enrol"),
    path("account/", views.account, name="account"),
    path("account/profile/", views.profile, name="profile"),
    path("account/notifications/", views.notification_preference, name="notification-preference"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read_all, name="notifications-read-all"),
    path("notifications/<int:notification_id>/read/", views.notification_read, name="notification-read"),
    path("account/password/", views.ChangePasswordView.as_view(), name="change-password"),
    path("account/backup-codes/", views.backup_codes_regenerate, name="backup-codes"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign-out-everywhere"),
    path("account/api-tokens/new/", views.api_token_create, name="api-token-create"),
    path("account/api-tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api-token-revoke"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html"),
        name="password-reset-sent",
    ),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password-reset-complete",
    ),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/role-requests/", views.role_grant_list, name="role-grant-list"),
    path("users/role-requests/<int:grant_id>/", views.role_grant_detail, name="role-grant-detail"),
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("users/<int:user_id>/change/", views.user_edit, name="user-edit"),
    path("users/<int:user_id>/deactivate/", views.user_deactivate, name="user-deactivate"),
    path(
        "users/<int:user_id>/<slug:action>/",
        views.user_action,
        name="user-action",
    ),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/new/", views.agency_edit, name="agency-create"),
    path("agencies/<int:agency_id>/change/", views.agency_edit, name="agency-edit"),
]
