"""Réalisations: what a commune, an intercommunality or the Département has done, with its
cost, its funding and the structures that helped; shown to communes with a similar project
nearby. No personal data: a réalisation names places and public bodies, never people."""

from django.db import models

from core.moderation import Moderated
from core.params import LONG_TEXT, MEDIUM_TEXT
from directory.models import Structure, Theme
from territories.models import EPCI, Commune, Departement


class Realisation(Moderated):
    class Source(models.TextChoices):
        DOTATIONS_2019 = "dotations-2019", "Dotations d'investissement de l'État 2019"
        PROPOSED = "proposee", "Proposée sur Carto'Ingé"

    source = models.CharField(max_length=20, choices=Source.choices)
    external_id = models.CharField("identifiant à la source", max_length=100)
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.CASCADE, related_name="realisations"
    )
    epci = models.ForeignKey(
        EPCI, null=True, blank=True, on_delete=models.CASCADE, related_name="realisations"
    )
    departement = models.ForeignKey(
        Departement, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Where it is, for « près de chez vous »: the commune's centre, or the source's point.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    title = models.CharField("intitulé", max_length=300)
    summary = models.TextField("résumé", blank=True, max_length=LONG_TEXT)
    themes = models.ManyToManyField(Theme, blank=True, related_name="realisations")
    year_start = models.PositiveSmallIntegerField("année")
    year_end = models.PositiveSmallIntegerField("achevée en", null=True, blank=True)
    total_cost = models.PositiveBigIntegerField("coût total (€)", null=True, blank=True)
    lessons = models.TextField("ce qui a été appris", blank=True, max_length=MEDIUM_TEXT)
    sources = models.JSONField("sources", default=list)  # [{titre, url, date}]
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réalisation"
        verbose_name_plural = "réalisations"
        ordering = ["-year_start", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"], name="one_realisation_per_source"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def owner_name(self) -> str:
        if self.commune_id:
            return self.commune.name
        if self.epci_id:
            return self.epci.name
        if self.departement_id:  # « Mayenne » alone would name the town as well
            return f"{self.departement.name} (conseil départemental)"
        return ""


class FundingLine(models.Model):
    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="funding")
    scheme = models.CharField("dispositif", max_length=200)  # DETR, DSIL…
    backer = models.CharField("financeur", max_length=200)  # État, Région…
    amount = models.PositiveBigIntegerField("montant (€)", null=True, blank=True)

    class Meta:
        verbose_name = "financement"
        ordering = ["-amount"]

    def __str__(self):
        return f"{self.backer} — {self.scheme}"


class Helper(models.Model):
    """A structure that helped, and how."""

    class Role(models.TextChoices):
        CONSEIL = "conseil", "Conseil"
        AMO = "amo", "Assistance à maîtrise d'ouvrage"
        ETUDE = "etude", "Étude"
        FINANCEMENT = "financement", "Financement"

    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="helpers")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="helped")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "structure qui a aidé"
        verbose_name_plural = "structures qui ont aidé"
        constraints = [
            models.UniqueConstraint(
                fields=["realisation", "structure", "role"], name="one_helper_role"
            )
        ]

    def __str__(self):
        return f"{self.structure} ({self.get_role_display()})"
