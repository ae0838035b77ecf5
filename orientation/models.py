"""Anonymous record of each orientation journey, for the observatory."""

import uuid

from django.db import models

from directory.models import Offre, Structure
from territories.models import EPCI, Commune


class Audience(models.TextChoices):
    """Who made a journey: only the first counts as the communes' demand."""

    SITE = "site", "Communes et public sur le site"
    API = "api", "Applications (API)"
    STAFF = "equipe", "Équipe de la plateforme et tests"
    ROBOT = "robot", "Robots d'indexation"


class Journey(models.Model):
    class Source(models.TextChoices):
        PAGE = "page", "Parcours en ligne"
        API = "api", "API"
        WIDGET = "widget", "Widget d'un site partenaire"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PAGE)
    audience = models.CharField(
        "origine", max_length=10, choices=Audience.choices, default=Audience.SITE, db_index=True
    )
    channel = models.CharField("canal (API)", max_length=60, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.SET_NULL, null=True)
    epci = models.ForeignKey(EPCI, on_delete=models.SET_NULL, null=True, blank=True)
    text = models.CharField("demande (sans courriel ni téléphone)", max_length=300, blank=True)
    themes = models.JSONField("thèmes compris", default=list)
    aides = models.JSONField("types d'aide compris", default=list)
    phases = models.JSONField("phases comprises", default=list)
    result_count = models.PositiveIntegerField("nombre de résultats", default=0)
    weak = models.BooleanField("réponse faible", default=False)
    clicked_offre = models.ForeignKey(
        Offre, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clicked_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "parcours d'orientation"
        verbose_name_plural = "parcours d'orientation"
        ordering = ["-created_at"]
        indexes = [  # an intercommunality's journeys of a quarter (its dashboard)
            models.Index(fields=["epci", "audience", "created_at"], name="journey_epci_period")
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} — {self.commune_id}"


class Feedback(models.Model):
    """« Cette réponse vous a-t-elle aidé ? », anonymous, one per journey (the last word
    kept), so that the platform team can extend the thesaurus or the directory."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="feedback")
    helped = models.BooleanField("réponse utile")
    expected_structure = models.ForeignKey(
        Structure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure attendue",
    )
    comment = models.CharField("précision (sans courriel ni téléphone)", max_length=300, blank=True)
    created_at = models.DateTimeField("date", auto_now=True)

    class Meta:
        verbose_name = "avis sur une réponse"
        verbose_name_plural = "avis sur les réponses"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{'oui' if self.helped else 'non'} — {self.journey}"
