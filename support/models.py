"""A commune's request for help, addressed to one structure (a request sent to several
structures at once is several requests sharing a `group`), its thread and its life."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from core.params import LONG_TEXT
from directory.models import Offre, Phase, Structure, Theme
from territories.models import Commune


class SupportRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "nouvelle", "Nouvelle"
        TAKEN = "prise-en-charge", "Prise en charge"
        REROUTED = "reorientee", "Réorientée vers une autre structure"
        IN_PROGRESS = "en-cours", "En cours"
        CLOSED = "cloturee", "Clôturée"

    class Outcome(models.TextChoices):
        SUPPORTED = "accompagnee", "Accompagnée"
        OUT_OF_SCOPE = "hors-champ", "Hors du champ de la structure"
        NO_FOLLOW_UP = "sans-suite", "Sans suite"

    class Role(models.TextChoices):
        MAYOR = "maire", "Maire"
        DEPUTY = "adjoint", "Adjoint ou adjointe au maire"
        COUNCILLOR = "conseiller", "Conseiller ou conseillère municipale"
        SECRETARY = "secretaire", "Secrétaire de mairie"
        TOWN_AGENT = "agent-commune", "Agent de la commune"
        EPCI_AGENT = "agent-epci", "Agent d'intercommunalité"
        OTHER = "autre", "Autre"

    OPEN = [Status.NEW, Status.TAKEN, Status.REROUTED, Status.IN_PROGRESS]
    WAITING = [Status.NEW, Status.REROUTED]  # no one has taken it yet

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    follow_version = models.PositiveSmallIntegerField(default=1)  # bumped to revoke the link
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="requests")
    offre = models.ForeignKey(
        Offre, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    journey = models.UUIDField(null=True, blank=True)  # the orientation journey it came from
    # The commune's project file it was sent from (`projects.Project.public_id`), if any.
    dossier = models.UUIDField(null=True, blank=True, db_index=True)
    project = models.TextField("le projet", max_length=LONG_TEXT)
    requester_name = models.CharField("nom", max_length=120)
    requester_role = models.CharField("fonction", max_length=20, choices=Role.choices)
    requester_email = models.EmailField("adresse électronique", db_index=True)
    requester_phone = models.CharField("téléphone", max_length=30, blank=True)
    consent_at = models.DateTimeField()
    share_with_epci = models.BooleanField(
        "partagée avec l'intercommunalité",
        default=False,
        help_text="Le demandeur accepte que son intercommunalité voie la demande (commune, "
        "thème, projet) dans son tableau de bord ; sinon elle n'y figure que dans les comptes.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    waiting_since = models.DateTimeField()  # sent or re-routed to the current structure
    taken_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Passed to the préfecture's guichet de l'ingénierie, once, when left untaken.
    escalated_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "demande d'accompagnement"
        verbose_name_plural = "demandes d'accompagnement"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["structure", "status", "created_at"]),
            models.Index(fields=["structure", "created_at"]),
            models.Index(fields=["commune", "status", "waiting_since"]),
            models.Index(fields=["status", "waiting_since"]),
            models.Index(fields=["status", "closed_at"]),
        ]

    def __str__(self):
        return f"Demande n° {self.pk} — {self.commune.name if self.commune_id else ''}"

    def get_absolute_url(self):
        return reverse("support:inbox_detail", args=[self.public_id])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Message(models.Model):
    class Author(models.TextChoices):
        REQUESTER = "demandeur", "Demandeur"
        STRUCTURE = "structure", "Structure"
        PLATFORM = "plateforme", "Équipe de la plateforme"

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=20, choices=Author.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    structure = models.ForeignKey(
        Structure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField("message", max_length=LONG_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"message du {self.created_at:%d/%m/%Y}"


class Event(models.Model):
    """The request's timeline, as the requester and the structures see it."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text
