"""Accounts without passwords (a link sent by e-mail), and who may do what: members of a
structure, territory admins of a département, elected officials of a commune."""

from django.conf import settings
from django.db import models

from core.moderation import Decisions
from core.validators import french_phone
from directory.models import Structure
from territories.models import Commune, Departement


class MembershipQuerySet(models.QuerySet):
    def vouched(self):
        """Every membership but those an e-mail domain gave alone and the platform team has
        not reviewed yet: these are suspended (no requests, no rights) until kept."""
        return self.exclude(via=Membership.Via.DOMAIN, reviewed_at=None)


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Membre"
        ADMIN = "admin", "Administrateur de la structure"

    class Via(models.TextChoices):
        """Who vouched for the member. An e-mail domain never does: it used to, and the
        memberships it gave are listed for the platform team to review."""

        UNKNOWN = "", "Avant la vérification des rattachements"
        PLATFORM = "equipe", "Confirmé par l'équipe de la plateforme"
        ADDRESS = "adresse", "Confirmé depuis l'adresse institutionnelle de la structure"
        ADMIN = "administrateur", "Ajouté ou accepté par un administrateur de la structure"
        DOMAIN = "domaine", "Rattaché par le seul domaine de son adresse (à revoir)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)
    via = models.CharField("rattachement", max_length=20, choices=Via.choices, blank=True)
    reviewed_at = models.DateTimeField("revu le", null=True, blank=True)
    # What the member chooses to publish on the fiche, and only that: nothing of a person
    # appears on a public page until the person publishes it here.
    public_name = models.CharField("nom affiché", max_length=120, blank=True)
    public_role = models.CharField("fonction", max_length=120, blank=True)
    public_phone = models.CharField(
        "téléphone professionnel", max_length=30, blank=True, validators=[french_phone]
    )
    public_email = models.EmailField("adresse professionnelle", blank=True)
    published_at = models.DateTimeField("publié le", null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "membre d'une structure"
        verbose_name_plural = "membres des structures"
        constraints = [models.UniqueConstraint(fields=["user", "structure"], name="one_membership")]

    def __str__(self):
        return f"{self.user} — {self.structure}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and bool(self.public_name)


class TerritoryAdmin(models.Model):
    """The platform team of a département (DDT, préfecture): validates, moderates, sees all."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="territories"
    )
    departement = models.ForeignKey(Departement, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "administrateur de territoire"
        verbose_name_plural = "administrateurs de territoire"
        constraints = [
            models.UniqueConstraint(fields=["user", "departement"], name="one_territory_role")
        ]

    def __str__(self):
        return f"{self.user} — {self.departement}"


class CommuneAccess(models.Model):
    """An elected official or a town-hall agent who sees every request of their commune,
    once a territory admin has confirmed it."""

    class Status(models.TextChoices):
        PENDING = "pending", "À confirmer"
        APPROVED = "approved", "Confirmé"
        REFUSED = "refused", "Refusé"

    DECISIONS = Decisions(Status.PENDING, Status.APPROVED, Status.REFUSED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commune_accesses"
    )
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE)
    role = models.CharField("fonction", max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "accès aux demandes d'une commune"
        verbose_name_plural = "accès aux demandes des communes"
        constraints = [
            models.UniqueConstraint(fields=["user", "commune"], name="one_commune_access")
        ]

    def __str__(self):
        return f"{self.user} — {self.commune}"


class LoginToken(models.Model):
    """A single-use sign-in link. Only its SHA-256 is stored: the database alone cannot sign
    anyone in. Revoked by `revoked_at`, spent by `used_at`, dead after `expires_at`."""

    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    next_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "lien de connexion"
        verbose_name_plural = "liens de connexion"

    def __str__(self):
        return f"lien du {self.created_at:%d/%m/%Y %H:%M}"


class Claim(models.Model):
    """« C'est ma structure »: a signed-in agent asks to join a structure. The first member of
    a fiche is confirmed by the platform team of its département or from the structure's
    institutional address; later ones by the fiche's administrators (or the platform team).
    An address on the structure's domain is a hint for them, never a grant."""

    class Status(models.TextChoices):
        PENDING = "pending", "À examiner"
        APPROVED = "approved", "Acceptée"
        REFUSED = "refused", "Refusée"

    DECISIONS = Decisions(Status.PENDING, Status.APPROVED, Status.REFUSED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="claims")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # The link sent to the structure's institutional address (a sourced contact, never the
    # claimant's), for a fiche without member: whoever reads that mailbox may confirm.
    token = models.CharField(max_length=64, blank=True, db_index=True)
    sent_to = models.EmailField("lien envoyé à", blank=True)

    class Meta:
        verbose_name = "demande de rattachement"
        verbose_name_plural = "demandes de rattachement"
        ordering = ["created_at"]

    def __str__(self):
        return f"Compte n° {self.user_id} — {self.structure}"
