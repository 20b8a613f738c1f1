"""Agencies in the partnership, their staff, and the roles staff hold."""

import hashlib
import hmac
from functools import cached_property
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from lantern.accounts.capabilities import Capability, Role, capabilities_for
from lantern.core.crypto import blind_index
from lantern.core.fields import EncryptedCharField, EncryptedTextField
from lantern.core.models import TimeStampedModel


class AgencyType(models.TextChoices):
    COUNCIL_SERVICE = "council_service", "Council service"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    GOVERNMENT = "government", "Government body or regulator"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class Agency(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    agency_type = models.CharField(max_length=30, choices=AgencyType.choices)
    is_first_responder = models.BooleanField(
        default=False,
        help_text="A first responder organisation may make National Referral Mechanism referrals.",
    )
    first_responder_code = models.CharField(
        max_length=120,
        blank=True,
        help_text="The organisation's value in the Home Office referral form's list, if it is on it.",
    )
    is_childrens_services = models.BooleanField(
        default=False,
        help_text="Children's services staff may see children's cases where they are restricted.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        """`createsuperuser` makes a system administrator: accounts, not case content."""
        user = self.create_user(email, password, **extra)
        RoleAssignment.objects.create(user=user, role=Role.SYSTEM_ADMINISTRATOR)
        return user


class User(AbstractBaseUser):  # type: ignore[django-manager-missing]  # backup code devices (django-otp abstract FK)
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    phone = EncryptedCharField(max_length=40, blank=True, help_text="Work phone, given on the referrals they make.")
    alternative_contact = EncryptedTextField(
        blank=True, help_text="Who the Home Office can contact when they are not available (the NRM form asks).")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    session_generation = models.PositiveIntegerField(
        default=0,
        help_text="Raised to end every session of the user at once (sign out everywhere).",
    )
    deactivated_at = models.DateTimeField(null=True, blank=True)
    notify_by_email = models.BooleanField(
        default=True, db_default=True,  # in the database too: rows written by older code or raw SQL get it
        help_text="Email the person each notification as well as showing it in Lantern (their choice).",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def get_session_auth_hash(self) -> str:
        """Sessions stay valid while the password and the session generation are unchanged."""
        return salted_hmac(
            "lantern.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            algorithm="sha256",
        ).hexdigest()

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.role_assignments.values_list("role", flat=True))

    @cached_property
    def capabilities(self) -> frozenset[Capability]:
        if not self.is_active:
            return frozenset()
        return capabilities_for(self.role_set)

    def can(self, capability: str) -> bool:
        return capability in self.capabilities

    def has_role(self, role: str) -> bool:
        return role in self.role_set

    @property
    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self.role_set)]

    # Django's auth framework asks these; Lantern grants nothing through Django permissions.
    @property
    def is_staff(self) -> bool:
        return False

    @property
    def is_superuser(self) -> bool:
        return False

    def has_perm(self, perm: str, obj: object = None) -> bool:
        return False

    def has_module_perms(self, app_label: str) -> bool:
        return False


class RoleAssignment(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="role_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class RoleGrant(TimeStampedModel):
    """A request to give someone a role that opens records about people; a second person decides.

    Made by ``role_grant_request``; ``role_grant_approve`` (which adds the role) or ``role_grant_decline``
    decide it. The person who asked can never decide, and no one asks for themselves.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants",
                             help_text="The person who would get the role.")
    role = models.CharField(max_length=40, choices=Role.choices)
    reason = models.CharField(max_length=500, help_text="Why the person needs the role, from the requester.")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=RoleGrantStatus.choices, default=RoleGrantStatus.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(status="pending"), name="one_pending_grant_per_role"
            ),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="role_grant_role_is_known"),
            models.CheckConstraint(condition=~models.Q(requested_by=models.F("user")), name="role_grant_not_for_self"),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")), name="role_grant_not_decided_by_requester"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(status="pending", decided_by__isnull=True, decided_at__isnull=True)
                    | (models.Q(status__in=["approved", "declined"], decided_by__isnull=False,
                                decided_at__isnull=False))
                ),
                name="role_grant_decision_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for {self.user} ({self.get_status_display()})"


class RoleGrantApprover(models.Model):
    """The partnership's named approver of role requests, if it has one (one row at most).

    Set by the server's operator with ``manage.py set_role_approver``, not from a page, so an
    administrator cannot name an approver of their own choosing. Without one, any other
    system administrator approves.
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    approver = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Role requests approved by {self.approver}"


class ApiToken(TimeStampedModel):
    """A personal API token. Only a SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'Monthly statistics script'.")
    prefix = models.CharField(max_length=12, db_index=True, help_text="First characters, to tell tokens apart.")
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_for(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    def matches(self, raw: str) -> bool:
        return hmac.compare_digest(self.digest, self.digest_for(raw))

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class BackupCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """A user's single-use backup codes, as a django-otp device. Only keyed hashes of the codes are stored.

    django-otp's own static device keeps codes in plain text; these are HMAC-SHA256 under
    ``LANTERN_BLIND_INDEX_KEY`` with the user's id, so reading the table gives no usable code
    (a 10-digit code could be found from an unkeyed hash by trying them all).
    """

    def get_throttle_factor(self) -> int:
        return 1  # as django-otp's static device: each wrong code doubles the wait (1, 2, 4... seconds)

    @staticmethod
    def digest_for(user_id: int, code: str) -> str:
        return blind_index("backup-code", str(user_id), "".join(code.split()))

    def verify_token(self, token: Any) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        used = BackupCode.objects.filter(device=self, digest=self.digest_for(self.user_id, str(token))).delete()[0]
        if used:
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment()
        return bool(used)


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, help_text="Keyed hash of the code; the code itself is shown once.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["device", "digest"], name="unique_backup_code")]

    def __str__(self) -> str:
        return f"A backup code of {self.device}"


class Notification(models.Model):
    """Something a person should know, shown in Lantern and, if they choose, emailed to them.

    Made only by ``accounts.services.notification_send``, which any app may call. It names a record
    by its people-facing reference and links to its page (ADR 12: a reference string, never a foreign
    key up to the app that owns the record); the page checks access again, so a notification never
    grants access. Never personal details: the message is written from references and dates only.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=60, help_text="What happened, as app.event, e.g. 'cases.lead_assigned'.")
    message = models.CharField(max_length=300, help_text="What happened, naming records by reference only.")
    reference = models.CharField(max_length=40, help_text="The people-facing reference of the record (ADR 12).")
    link = models.CharField(max_length=300, help_text="The record's page in Lantern, as a path.")
    key = models.CharField(
        max_length=120, blank=True,
        help_text="Set by scheduled work so that running it again tells no one twice; empty otherwise.",
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            models.Index(fields=["user", "-created_at", "-id"], name="notification_user_newest"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""),
                                    name="one_notification_per_key"),
            models.CheckConstraint(condition=models.Q(link__startswith="/") & ~models.Q(link__startswith="//"),
                                   name="notification_link_is_a_path"),
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk} for user {self.user_id}"
