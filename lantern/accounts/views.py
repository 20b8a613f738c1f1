"""Sign-in, two-factor authentication, the user's own account, and account management."""

import base64
from io import BytesIO
from typing import Any

import qrcode
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from lantern.accounts import selectors, services
from lantern.accounts.capabilities import ROLE_DESCRIPTIONS, Capability, Role
from lantern.accounts.forms import (
    AgencyForm,
    ApiTokenForm,
    ChangePasswordForm,
    ChooseNewPasswordForm,
    DeactivateForm,
    EnrolForm,
    NotificationPreferenceForm,
    ProfileForm,
    ResetPasswordForm,
    RoleGrantDecisionForm,
    SignInForm,
    TokenForm,
    UnlockConfirmForm,
    UnlockRequestForm,
    UserForm,
)
from lantern.accounts.middleware import SESSION_STARTED_KEY
from lantern.accounts.models import Agency, ApiToken, RoleGrant, User
from lantern.core.access import not_found, require_capability
from lantern.core.access import signed_in_user as _user
from lantern.core.breadcrumbs import crumbs
from lantern.core.pages import form_page

ENROL_DEVICE_KEY = "lantern_enrol_device"



# --- Signing in ---------------------------------------------------------------


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        self.request.session[SESSION_STARTED_KEY] = None  # stamped by SessionLifetimeMiddleware
        services.user_sign_in_password_record(user=form.get_user())
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if user.is_verified():
        return redirect("core:home")
    if not services.user_has_confirmed_device(user):
        return redirect("accounts:two-factor-enrol")
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = services.two_factor_device_matching(user=user, token=form.cleaned_data["token"])
        if device is not None:
            _verified(request, device)
            services.user_sign_in_two_factor_record(user=user, device=device)
            return redirect(str(request.GET["next"]) if _safe_next(request) else "core:home")
        form.add_error("token", "The security code is not right, or has already been used. Try the newest code from your app")
    return render(request, "accounts/two_factor_verify.html", {"form": form})


def _verified(request: HttpRequest, device: Any) -> None:
    """Mark the session as past the second factor, under a new session key.

    The key the session had before this step (after the password alone) stops working,
    so a key seen or set before the second factor cannot ride on the verified session.
    """
    otp_login(request, device)
    request.session.cycle_key()


def _safe_next(request: HttpRequest) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next")
    return bool(target) and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})


def _qr_data_uri(uri: str) -> str:
    """The enrolment QR code as a PNG data URI (allowed by the CSP's img-src)."""
    buffer = BytesIO()
    qrcode.make(uri, box_size=6, border=2).save(buffer)  # PIL image factory: PNG by default
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if services.user_has_confirmed_device(user):
        return redirect("core:home" if user.is_verified() else "accounts:two-factor-verify")
    device = TOTPDevice.objects.filter(pk=request.session.get(ENROL_DEVICE_KEY), user=user, confirmed=False).first()
    if device is None:
        device = services.totp_device_start(user=user)
        request.session[ENROL_DEVICE_KEY] = device.pk
    form = EnrolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        if codes is not None:
            request.session.pop(ENROL_DEVICE_KEY, None)
            _verified(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes, "first_time": True})
        form.add_error("token", "The code is not right. Check your app shows Lantern and enter the newest code")
    secret = base64.b32encode(device.bin_key).decode()
    context: dict[str, Any] = {
        "form": form,
        "qr_src": _qr_data_uri(device.config_url),
        "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


# --- The user's own account -----------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "account_user": user,
        "roles": [(Role(r).label, ROLE_DESCRIPTIONS[r]) for r in sorted(user.role_set)],
        "tokens": selectors.api_tokens_for(user=user) if user.can(Capability.USE_API) else None,
        "crumbs": crumbs(("Your account", None)),
    }
    return render(request, "accounts/account.html", context)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own work details: job title, phone and alternative contact."""
    user = _user(request)

    def save(form: ProfileForm) -> None:
        services.user_update_profile(user=user, **form.cleaned_data)

    return form_page(
        request, form_class=ProfileForm, save=save, template="form_page.html", success_url=reverse("accounts:account"),
        form_kwargs={"initial": {"job_title": user.job_title, "phone": user.phone,
                                 "alternative_contact": user.alternative_contact}},
        success_message="Your details have been saved.",
        context={"heading": "Your work details", "lede": "Lantern gives these on the referrals you make, so the "
                 "Home Office can reach you.",
                 "crumbs": crumbs(("Your account", reverse("accounts:account")), ("Your work details", None))},
    )


@login_required
def notification_preference(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    how = NotificationPreferenceForm.EMAIL if user.notify_by_email else NotificationPreferenceForm.LANTERN_ONLY

    def save(form: NotificationPreferenceForm) -> None:
        services.user_set_notify_by_email(
            user=user, notify_by_email=form.cleaned_data["how"] == NotificationPreferenceForm.EMAIL)

    return form_page(
        request, form_class=NotificationPreferenceForm, form_kwargs={"initial": {"how": how}}, save=save,
        template="form_page.html", success_url=reverse("accounts:account"),
        success_message="Your notification choice has been saved.",
        context={"heading": "Notifications", "crumbs": crumbs(("Your account", reverse("accounts:account")),
                                                              ("Notifications", None))},
    )


# --- Notifications ---------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.notifications_for(user=user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/notification_list.html", {
        "page": page, "filters": {}, "unread": selectors.notifications_unread_count(user=user),
        "crumbs": crumbs(("Notifications", None)),
    })


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = _user(request)
    notification = selectors.notification_get_own(user=user, notification_id=notification_id)
    services.notification_mark_read(notification=notification, user=user)
    messages.success(request, f"The notification about {notification.reference} is marked as read.")
    return redirect("accounts:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    count = services.notifications_mark_all_read(user=user)
    messages.success(request, "All your notifications are marked as read." if count else
                     "You have no unread notifications.")
    return redirect("accounts:notifications")


class ChangePasswordView(auth_views.PasswordChangeView):
    template_name = "form_page.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:account")
    extra_context = {"heading": "Change your password", "back_url": reverse_lazy("accounts:account")}

    def form_valid(self, form: ChangePasswordForm) -> HttpResponse:
        revoked = services.user_change_password(
            user=form.user, new_password=form.cleaned_data["new_password1"], request=self.request
        )
        messages.success(self.request, "Your password has been changed." + _tokens_revoked_sentence(revoked))
        return redirect(self.success_url)


def _tokens_revoked_sentence(tokens: list[ApiToken], *, whose: str = "Your") -> str:
    """" Your API tokens have been revoked: 'Stats' (created 3 March 2026).", or nothing if there were none."""
    if not tokens:
        return ""
    return f" {whose} API tokens have been revoked: {services.api_tokens_described(tokens)}."


@login_required
@require_POST
def backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    codes = services.backup_codes_regenerate(user=user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "first_time": False})


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    revoked = services.user_end_sessions(user=user, acting_user=user, request=request)
    messages.success(
        request, "You have been signed out on every other device and browser." + _tokens_revoked_sentence(revoked)
    )
    return redirect("accounts:account")


@login_required
def api_token_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require_capability(user, Capability.USE_API)
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token, raw = services.api_token_create(user=user, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
        return render(request, "accounts/api_token_created.html", {"token": token, "raw": raw})
    return render(request, "form_page.html", {
        "form": form, "heading": "Create an API token", "back_url": reverse("accounts:account"),
        "lede": "A token lets a script use the Lantern API as you, with your access. Keep it secret.",
    })


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    user = _user(request)
    token = selectors.api_token_get_own(user=user, token_id=token_id)
    services.api_token_revoke(token=token, acting_user=user)
    messages.success(request, f"The token '{token.name}' has been revoked.")
    return redirect("accounts:account")


# --- Unlocking one's own account after a lockout ----------------------------------


def unlock_request(request: HttpRequest) -> HttpResponse:
    """Ask for an unlock link. The answer is the same whether or not the account exists or is locked."""
    form = UnlockRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.user_unlock_link_send(
            email=form.cleaned_data["email"],
            build_url=lambda token: request.build_absolute_uri(reverse("accounts:unlock-confirm", args=[token])),
        )
        return redirect("accounts:unlock-sent")
    return render(request, "form_page.html", {
        "form": form, "heading": "Unlock your account", "back_url": reverse("accounts:sign-in"),
        "lede": "If your account is locked after too many attempts to sign in, we will email you a link to unlock "
                "it. You will then sign in with your password and security code as usual.",
    })


def unlock_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/unlock_sent.html")


def unlock_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: a page with a button (so a mail scanner opening the link changes nothing)."""
    user = services.user_for_unlock_link(token=token)
    if user is None:
        return render(request, "accounts/unlock_invalid.html", status=400)
    form = UnlockConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.user_unlock_by_link(user=user)
        messages.success(request, "Your account is unlocked. Sign in with your password and security code.")
        return redirect("accounts:sign-in")
    return render(request, "form_page.html", {"form": form, "heading": "Unlock your account",
                                              "lede": "Your account will be unlocked. You will then sign in with "
                                                      "your password and security code."})


# --- Password reset (also how a new user sets a first password) -------------------


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")
    form_class = ResetPasswordForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "form_page.html"
    form_class = ChooseNewPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")
    extra_context = {"heading": "Choose a password"}

    def form_valid(self, form: ChooseNewPasswordForm) -> HttpResponse:
        revoked = services.user_reset_password(user=form.user, new_password=form.cleaned_data["new_password1"])
        self.request.session.pop(auth_views.INTERNAL_RESET_SESSION_TOKEN, None)
        if revoked:
            messages.info(self.request, _tokens_revoked_sentence(revoked).strip())
        return redirect(self.success_url)


# --- Managing users (system administrators) ---------------------------------------


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    acting = _user(request)
    agency_param = request.GET.get("agency", "")
    users = selectors.users_list(
        acting_user=acting,
        query=request.GET.get("q", "").strip()[:100],
        agency_id=int(agency_param) if agency_param.isdigit() else None,
        role=request.GET.get("role", "") if request.GET.get("role", "") in Role.values else "",
        status=request.GET.get("status", "active"),
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {
        "page": page, "agencies": Agency.objects.order_by("name"), "roles": Role.choices,
        "filters": request.GET, "crumbs": crumbs(("Users", None)),
        "grants_waiting": selectors.role_grants_waiting(acting_user=acting).count(),
    })


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    acting = _user(request)
    require_capability(acting, Capability.MANAGE_USERS)

    def save(form: UserForm) -> User:
        data = form.cleaned_data
        user = services.user_create(acting_user=acting, email=data["email"], full_name=data["full_name"],
                                    job_title=data["job_title"], agency=data["agency"], roles=data["roles"],
                                    reason=data["reason"])
        _send_set_password_email(request, user)
        return user

    def created(user: User) -> str:
        return (f"Account created for {user.full_name}. They have been emailed a link to set a password."
                + _requested_sentence(list(selectors.role_grants_for(user=user))))

    return form_page(
        request, form_class=UserForm, save=save, template="form_page.html",
        context={"heading": "Create an account", "back_url": reverse("accounts:user-list"),
                 "crumbs": crumbs(("Users", reverse("accounts:user-list")), ("Create an account", None))},
        success_url=_user_detail_url, success_message=created,
    )


def _user_detail_url(user: User) -> str:
    return reverse("accounts:user-detail", args=[user.pk])


def _send_set_password_email(request: HttpRequest, user: User) -> None:
    form = ResetPasswordForm({"email": user.email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="accounts/email/welcome_subject.txt",
            email_template_name="accounts/email/welcome.txt",
        )


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    acting = _user(request)
    subject = selectors.user_get_for_admin(acting_user=acting, user_id=user_id)
    return render(request, "accounts/user_detail.html", {
        "subject": subject,
        "roles": [(Role(r).label, ROLE_DESCRIPTIONS[r]) for r in sorted(subject.role_set)],
        "locked_out": services.user_is_locked_out(user=subject),
        "has_two_factor": services.user_has_confirmed_device(subject),
        "pending_grants": selectors.role_grants_for(user=subject),
        "crumbs": crumbs(("Users", reverse("accounts:user-list")), (subject.full_name, None)),
    })


@login_required
def user_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    acting = _user(request)
    subject = selectors.user_get_for_admin(acting_user=acting, user_id=user_id)
    initial = {"full_name": subject.full_name, "email": subject.email, "job_title": subject.job_title,
               "agency": subject.agency_id, "roles": sorted(subject.role_set)}

    def save(form: UserForm) -> list[RoleGrant]:
        data = form.cleaned_data
        # On their own account an administrator is not offered roles or agency: they stay as they are.
        return services.user_update(user=subject, acting_user=acting, full_name=data["full_name"],
                                    job_title=data["job_title"], agency=data.get("agency", subject.agency),
                                    roles=data.get("roles", subject.role_set), reason=data.get("reason", ""))

    def updated(grants: list[RoleGrant]) -> str:
        return "The account has been updated." + _requested_sentence(grants)

    detail_url = _user_detail_url(subject)
    return form_page(
        request, form_class=UserForm, form_kwargs={"initial": initial, "editing": subject, "acting": acting}, save=save,
        template="form_page.html",
        context={"heading": f"Change {subject.full_name}'s account", "back_url": detail_url,
                 "lede": ("You cannot change your own roles or agency. Ask another system administrator."
                          if subject.pk == acting.pk else ""),
                 "crumbs": crumbs(("Users", reverse("accounts:user-list")), (subject.full_name, detail_url),
                                  ("Change", None))},
        success_url=detail_url, success_message=updated,
    )


def _requested_sentence(grants: list[RoleGrant]) -> str:
    if not grants:
        return ""
    labels = ", ".join(g.get_role_display() for g in grants)
    return (f" These roles need another administrator's approval before they take effect: {labels}."
            " The request is waiting for approval.")


# --- Role requests ----------------------------------------------------------------


def _users_crumb(acting: User) -> list[tuple[str, str | None]]:
    """'Users' leads to the role requests for administrators; the approver and the DPO come from Home."""
    return [("Users", reverse("accounts:user-list"))] if acting.can(Capability.MANAGE_USERS) else []


@login_required
def role_grant_list(request: HttpRequest) -> HttpResponse:
    acting = _user(request)
    rows = selectors.role_grants_waiting_with_decision(acting_user=acting)
    return render(request, "accounts/role_grant_list.html", {
        "rows": rows, "approver": selectors.role_grant_approver(),
        "crumbs": crumbs(*_users_crumb(acting), ("Role requests", None)),
    })


@login_required
def role_grant_detail(request: HttpRequest, grant_id: int) -> HttpResponse:
    acting = _user(request)
    grant = selectors.role_grant_get(acting_user=acting, grant_id=grant_id)
    can_decide = grant.status == "pending" and selectors.role_grant_can_decide(user=acting, grant=grant)
    list_url = reverse("accounts:role-grant-list")
    context = {
        "grant": grant, "can_decide": can_decide, "approver": selectors.role_grant_approver(),
        "can_manage_users": acting.can(Capability.MANAGE_USERS),
        "crumbs": crumbs(*_users_crumb(acting), ("Role requests", list_url), (f"Request {grant.pk}", None)),
    }
    if not can_decide:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "accounts/role_grant_detail.html", context)

    def save(form: RoleGrantDecisionForm) -> str:
        note = form.cleaned_data["note"]
        if form.cleaned_data["decision"] == "approve":
            services.role_grant_approve(grant=grant, acting_user=acting, note=note)
            return f"Approved: {grant.user.full_name} now has the role {grant.get_role_display()}."
        services.role_grant_decline(grant=grant, acting_user=acting, note=note)
        return f"Declined: {grant.user.full_name} has not been given the role {grant.get_role_display()}."

    def decided(message: str) -> str:
        return message

    return form_page(request, form_class=RoleGrantDecisionForm, save=save, template="accounts/role_grant_detail.html",
                     context=context, success_url=list_url, success_message=decided)


@login_required
def user_deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    acting = _user(request)
    subject = selectors.user_get_for_admin(acting_user=acting, user_id=user_id)

    def save(form: DeactivateForm) -> None:
        services.user_deactivate(user=subject, acting_user=acting, reason=form.cleaned_data["reason"])

    detail_url = _user_detail_url(subject)
    return form_page(
        request, form_class=DeactivateForm, save=save, template="form_page.html",
        context={"heading": f"Deactivate {subject.full_name}'s account", "back_url": detail_url,
                 "lede": "They will be signed out at once, their API tokens revoked, and they will not be able to sign in.",
                 "crumbs": crumbs(("Users", reverse("accounts:user-list")), (subject.full_name, detail_url),
                                  ("Deactivate", None))},
        success_url=detail_url,
        success_message=f"{subject.full_name}'s account has been deactivated and all their sessions ended.",
    )


@login_required
@require_POST
def user_action(request: HttpRequest, user_id: int, action: str) -> HttpResponse:
    acting = _user(request)
    subject = selectors.user_get_for_admin(acting_user=acting, user_id=user_id)
    if action == "reactivate":
        services.user_reactivate(user=subject, acting_user=acting)
        messages.success(request, f"{subject.full_name}'s account has been reactivated.")
    elif action == "end-sessions":
        revoked = services.user_end_sessions(user=subject, acting_user=acting)
        messages.success(request, f"All of {subject.full_name}'s sessions have been ended."
                         + _tokens_revoked_sentence(revoked, whose="Their"))
    elif action == "unlock":
        services.user_unlock(user=subject, acting_user=acting)
        messages.success(request, f"{subject.full_name} can sign in again.")
    elif action == "reset-two-factor":
        revoked = services.user_reset_two_factor(user=subject, acting_user=acting)
        messages.success(request, f"{subject.full_name} will set up two-factor authentication at their next sign-in."
                         + _tokens_revoked_sentence(revoked, whose="Their"))
    elif action == "send-password-link":
        _send_set_password_email(request, subject)
        messages.success(request, f"A link to set a password has been emailed to {subject.email}.")
    else:
        raise not_found()
    return redirect("accounts:user-detail", user_id=subject.pk)


# --- Managing agencies ------------------------------------------------------------


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = selectors.agencies_list(acting_user=_user(request))
    return render(request, "accounts/agency_list.html", {"agencies": agencies, "crumbs": crumbs(("Agencies", None))})


@login_required
def agency_edit(request: HttpRequest, agency_id: int | None = None) -> HttpResponse:
    acting = _user(request)
    require_capability(acting, Capability.MANAGE_AGENCIES)
    agency = selectors.agency_get_for_admin(acting_user=acting, agency_id=agency_id) if agency_id else Agency()

    def save(form: AgencyForm) -> Agency:
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        if agency.pk:
            return services.agency_update(agency=agency, acting_user=acting, **fields)
        return services.agency_create(acting_user=acting, **fields)

    def saved(saved_agency: Agency) -> str:
        return f"{saved_agency.name} has been saved."

    heading = f"Change {agency.name}" if agency.pk else "Add an agency"
    return form_page(
        request, form_class=AgencyForm, form_kwargs={"instance": agency}, save=save, template="form_page.html",
        context={"heading": heading, "back_url": reverse("accounts:agency-list"),
                 "crumbs": crumbs(("Agencies", reverse("accounts:agency-list")), (heading, None))},
        success_url=reverse("accounts:agency-list"), success_message=saved,
    )
