"""Users, their roles and their API tokens."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models

from journeys.authorities.register import REGIONS


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", "National admin"
    REGIONAL_COORDINATOR = "regional_coordinator", "Regional coordinator"
    LA_EDITOR = "la_editor", "Local authority editor"
    LA_VIEWER = "la_viewer", "Local authority viewer"
    ELECTED_MEMBER = "elected_member", "Elected member"


LA_ROLES = {Role.LA_EDITOR, Role.LA_VIEWER, Role.ELECTED_MEMBER}


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password is not None:
            # createsuperuser --noinput takes its password unchecked; the rules hold here too.
            validate_password(password, user)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=Role.NATIONAL_ADMIN)
        return self.create_user(email, password, **fields)


class User(AbstractUser):
    """A person who signs in with their email address and holds exactly one role."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    la = models.ForeignKey(
        "authorities.LocalAuthority",
        verbose_name="local authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    region = models.CharField(max_length=64, blank=True, choices=[(r, r) for r in REGIONS])

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = UserManager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.CheckConstraint(
                name="la_roles_have_an_la",
                # Sorted: a set's order changes between runs, which makemigrations would take for a change.
                condition=~models.Q(role__in=sorted(r.value for r in LA_ROLES)) | models.Q(la__isnull=False),
            ),
            models.CheckConstraint(
                name="coordinators_have_a_region",
                condition=~models.Q(role=Role.REGIONAL_COORDINATOR) | ~models.Q(region=""),
            ),
        ]

    def clean(self):
        super().clean()
        if self.role in LA_ROLES and self.la_id is None:
            raise ValidationError({"la": "Choose the local authority this person works for."})
        if self.role == Role.REGIONAL_COORDINATOR and not self.region:
            raise ValidationError({"region": "Choose the region this coordinator covers."})
        if self.role not in LA_ROLES and self.la_id is not None:
            raise ValidationError({"la": "Only local authority roles belong to a local authority."})
        if self.role != Role.REGIONAL_COORDINATOR and self.region:
            raise ValidationError({"region": "Only regional coordinators cover a region."})

    def __str__(self):
        return self.email

    @property
    def is_national_admin(self) -> bool:
        return self.role == Role.NATIONAL_ADMIN

    @property
    def is_regional_coordinator(self) -> bool:
        return self.role == Role.REGIONAL_COORDINATOR

    @property
    def is_la_editor(self) -> bool:
        return self.role == Role.LA_EDITOR

    @property
    def role_description(self) -> str:
        label = Role(self.role).label
        if self.la_id:
            return f"{label}, {self.la.name}"
        if self.region:
            return f"{label}, {self.region}"
        return label


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash is stored; the token is shown once. It works until
    it expires or is revoked, and only while its user is active."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    def state(self, now) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= now:
            return "expired"
        return "live"


class SignInDomain(models.Model):
    """An email domain whose people sign in with their council's own identity (OpenID Connect).

    A domain first seen at sign-in is recorded unconfirmed, and its people get no access until a
    national admin confirms it with the LA and the LA role a newcomer from it is given. Existing
    accounts keep their own role. Coordinators and national admins are invited one by one: no
    domain grants more than an LA role."""

    domain = models.CharField(max_length=253, unique=True)
    role = models.CharField(
        max_length=32, choices=[(r.value, r.label) for r in Role if r in LA_ROLES], default=Role.LA_VIEWER
    )
    la = models.ForeignKey(
        "authorities.LocalAuthority",
        verbose_name="local authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    first_seen_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
