"""Surveys of the communes' knowledge of the engineering structures and of their needs, year
after year: the figures (a share of respondents per item and segment) and, when the survey's
raw answers were imported, those answers (profile and commune only, never a name)."""

from django.db import models

from directory.models import Structure, Theme
from territories.models import Commune, Departement

FIRST_SURVEY_YEAR, LAST_SURVEY_YEAR = 1990, 2100


class Survey(models.Model):
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("année")
    title = models.CharField("titre", max_length=200)
    source = models.TextField("source", blank=True)
    respondents = models.PositiveIntegerField("répondants", null=True, blank=True)
    key_figures = models.JSONField(
        "chiffres clés", default=list, blank=True, help_text="[{part, libelle}, …]"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "enquête"
        ordering = ["departement", "year"]
        constraints = [
            models.UniqueConstraint(fields=["departement", "year"], name="one_survey_a_year")
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"


class Dimension(models.TextChoices):
    KNOWLEDGE = "connaissance", "Connaissance des structures"
    NEED = "besoin", "Besoins d'ingénierie par thème"


class Segment(models.TextChoices):
    PANEL = "panel", "Ensemble des répondants"
    SMALL = "petites-communes", "Communes de 1 000 habitants ou moins"
    MAYORS = "maires", "Maires"


class SurveyFigure(models.Model):
    """One figure of the survey's tables: the share (%) of a segment for an item (a
    structure known, a theme in need), with how many respondents it rests on if known."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="figures")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    label = models.CharField("intitulé dans l'enquête", max_length=200)
    structure = models.ForeignKey(
        Structure, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    segment = models.CharField(max_length=20, choices=Segment.choices)
    percentage = models.DecimalField(
        "part (%)", max_digits=5, decimal_places=1, null=True, blank=True,
        help_text="Vide quand la source est illisible (voir la note) : jamais devinée.",
    )  # fmt: skip
    source_value = models.CharField("valeur dans la source", max_length=20, blank=True)
    note = models.CharField("note", max_length=300, blank=True)
    warning = models.TextField("à vérifier", blank=True)
    position = models.PositiveSmallIntegerField("rang dans le tableau source", default=0)
    respondents = models.PositiveIntegerField("répondants", null=True, blank=True)

    class Meta:
        ordering = ["dimension", "position", "label", "segment"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "dimension", "label", "segment"], name="one_figure"
            )
        ]

    def __str__(self):
        return f"{self.label} / {self.segment} : {self.shown}"

    @property
    def shown(self) -> str:
        """« 93 % », or « n.d. (valeur illisible dans la source : 681 %) »."""
        if self.percentage is None:
            return f"n.d. ({self.note})" if self.note else "n.d."
        return f"{self.percentage.normalize():f} %".replace(".", ",")


class SurveyAnswer(models.Model):
    """A respondent of a raw survey: profile and commune, and the items answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    profile = models.CharField("profil", max_length=20)
    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+")
    knows = models.JSONField(default=dict)  # label → true/false (absent: no answer)
    needs = models.JSONField(default=dict)

    class Meta:
        verbose_name = "réponse d'enquête"
        verbose_name_plural = "réponses d'enquête"

    def __str__(self):
        return f"réponse {self.pk}"
