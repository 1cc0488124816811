"""Users, organisations and roles: who works where, and as what."""

import secrets
import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def new_session_token() -> str:
    return secrets.token_hex(16)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with a login. The e-mail address is the login; there is no username."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))],
        default="nb",
        help_text=_("Language used in e-mails from the portal."),
    )
    # Part of every session's auth hash: changing it ends all of the user's sessions
    # (on logout, password change and account deletion), on every device.
    session_token = models.CharField(max_length=32, default=new_session_token, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    # Per-request caches kept by portal.permissions: attributes, not fields.
    _portal_roles: frozenset[tuple[int, str]]
    _portal_acting_ids: frozenset[int]
    _careers_chief_of: frozenset[int]  # careers.tracks.permissions
    _recruitment_applies: bool  # recruitment.permissions.applies

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else "") or self.email

    def get_session_auth_hash(self) -> str:
        return salted_hmac(
            "portal.User.get_session_auth_hash",
            f"{self.password}:{self.session_token}",
            algorithm="sha256",
        ).hexdigest()

    def get_session_auth_fallback_hash(self):
        # Sessions signed with a rotated-out SECRET_KEY are ended rather than migrated.
        return iter(())

    def end_all_sessions(self) -> None:
        self.session_token = new_session_token()
        self.save(update_fields=["session_token"])


class Organisation(models.Model):
    """An employer or partnership: a hospital trust, one of its hospitals, a municipality,
    or the health community (*helsefellesskap*) that the trust and municipalities form."""

    class Kind(models.TextChoices):
        HOSPITAL_TRUST = "hospital_trust", _("Hospital trust")
        HOSPITAL = "hospital", _("Hospital")
        MUNICIPALITY = "municipality", _("Municipality")
        HEALTH_COMMUNITY = "health_community", _("Health community")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A hospital belongs to its trust; trust and municipalities to the community."),
    )
    website = models.URLField(_("website"), blank=True)
    about = models.TextField(_("about"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["hospital_trust", "hospital", "municipality", "health_community"]
                ),
                name="organisation_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")),
                name="organisation_not_own_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == self.Kind.MUNICIPALITY


class Unit(models.Model):
    """A department or service inside an organisation (e.g. *Medisinsk klinikk*, *Legevakt*)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unit_unique_name_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation.name})"


class Membership(models.Model):
    """A user's role in an organisation. Staff act for their organisation and the
    organisations under it; the coordinator (RKO) of a health community sees everything."""

    class Role(models.TextChoices):
        RECRUITER = "recruiter", _("Recruiter / department head")
        CHIEF_PHYSICIAN = "chief_physician", _("Municipal chief physician (kommuneoverlege)")
        COORDINATOR = "coordinator", _("Recruitment coordinator")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role_per_org"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["recruiter", "chief_physician", "coordinator"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class Notification(models.Model):
    """One message to one person for one occasion about one object.

    The unique constraint makes a second or concurrent sweep a no-op: a sweep inserts the
    rows it finds due (ignoring ones that exist). Delivery claims a row with a conditional
    UPDATE before sending, and every attempt carries the row's one Message-ID, so a copy
    sent again after an unknown outcome is recognised by mail clients as the same message.
    The delivery policy (which outcome leads to which status) is in portal/notifications.py.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        # Not delivered yet: the mail server failed, refused for now, or did not answer.
        # Sent again automatically at ``next_attempt_at``.
        DEFERRED = "deferred", _("Waiting to be sent again")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # Given up after every attempt, at least one of which may have arrived (the mail
        # server took the message but its answer never came): not known to have failed.
        UNCONFIRMED = "unconfirmed", _("Sent, not confirmed")
        SKIPPED = "skipped", _("Not sent (turned off by the recipient)")
        OBSOLETE = "obsolete", _("Not sent (no longer needed)")

    # Empty for someone without an account (a survey invitee); the object names the person.
    recipient = models.ForeignKey(
        User,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    occasion = models.CharField(_("occasion"), max_length=64)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    # Which happening about the object, for occasions that can happen more than once to it
    # (a buddy named, then another; an invitation moved, then cancelled). Empty for most.
    event = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Made once, when the row is created: the Message-ID of every attempt.
    message_key = models.UUIDField(default=uuid.uuid4, editable=False)
    # Attempts whose outcome is unknown: the message may have arrived each time.
    unknown_outcomes = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "occasion", "content_type", "object_id", "event"],
                name="notification_once_per_occasion",
            ),
            models.UniqueConstraint(
                fields=["occasion", "content_type", "object_id", "event"],
                condition=Q(recipient__isnull=True),
                name="notification_once_per_occasion_no_account",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="notification_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notification_due"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["occasion", "status"], name="notification_occasion_status"),
        ]

    def __str__(self) -> str:
        return f"{self.occasion} → {self.recipient_id} ({self.status})"


class MailServerState(models.Model):
    """The mail server as delivery last found it: one row, written only when it fails
    and when it delivers again after failing (portal/notifications.py).

    Several messages in a row that the server refused or did not answer, with nothing
    delivered between them, mean the server itself is failing; delivery then pauses until
    ``paused_until`` and tries again, each pause longer than the last, instead of failing
    every message in the queue.
    """

    failures = models.PositiveIntegerField(default=0)  # in a row, since the last delivery
    failing_since = models.DateTimeField(null=True, blank=True)
    paused_until = models.DateTimeField(null=True, blank=True)
    pauses = models.PositiveSmallIntegerField(default=0)  # in a row: how long the next is
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="mail_server_state_one_row"),
        ]

    def __str__(self) -> str:
        return f"mail server: {self.failures} failures, paused until {self.paused_until}"


class NotificationSetting(models.Model):
    """A person's choice to turn off an optional kind of notification."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notification_settings")
    occasion = models.CharField(_("occasion"), max_length=64)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "occasion"], name="notification_setting_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occasion}: {'on' if self.enabled else 'off'}"


class AuditEvent(models.Model):
    """Who looked at or changed personal data, and every staff login. Append-only: a
    PostgreSQL trigger refuses UPDATE and DELETE. It holds ids, never contents — no
    passwords, tokens, documents or survey answers — and no foreign keys, so that erasing a
    person leaves the trail intact but pseudonymous."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        CREATE = "create", _("Created")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        DOWNLOAD = "download", _("Downloaded")
        EXPORT = "export", _("Exported")
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login_failed", _("Failed login")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True, db_index=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    subject_user_id = models.BigIntegerField(_("whose data"), null=True, blank=True, db_index=True)
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    action__in=[
                        "view",
                        "create",
                        "change",
                        "delete",
                        "download",
                        "export",
                        "login",
                        "login_failed",
                    ]
                ),
                name="audit_action_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class OutboxTask(models.Model):
    """Work to queue once the change that causes it commits (``portal/outbox.py``): written
    in the change's transaction, deleted when the broker has taken the task. A row still
    here after ``outbox.GRACE`` means the broker was away at commit; the periodic sweep
    queues it then. Every task queued this way is safe to run twice."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("queued task")
        verbose_name_plural = _("queued tasks")

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
