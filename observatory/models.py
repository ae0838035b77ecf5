"""Surveys of the communes' knowledge of the engineering structures and of their needs, year
after year: the figures (a share of respondents per item and segment) and, when the survey's
raw answers were imported, those answers (profile and commune only, never a name)."""

from django.db import models

from directory.models import HelpKind, Structure, Theme
from territories.models import EPCI, Commune, Departement

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
        "part (%)",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Vide quand la source est illisible (voir la note) : jamais devinée.",
    )
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


class PoolingSuggestion(models.Model):
    """Several communes of one intercommunality expressed the same need (a theme, and the
    kind of help when known) within the window: the intercommunality may pool the answer."""

    class Kind(models.TextChoices):
        PURCHASE = "groupement-de-commandes", "Groupement de commandes"
        SERVICE = "service-commun", "Service commun"
        STUDY = "etude-mutualisee", "Étude mutualisée"

    class State(models.TextChoices):
        NEW = "nouvelle", "Nouvelle"
        ONGOING = "en-cours", "En cours"
        DONE = "realisee", "Réalisée"
        IRRELEVANT = "non-pertinente", "Non pertinente"

    epci = models.ForeignKey(EPCI, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="+")
    help_kind = models.ForeignKey(
        HelpKind, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("mutualisation proposée", max_length=30, choices=Kind.choices)
    communes = models.JSONField("communes concernées (codes)", default=list)
    named = models.JSONField("communes qui acceptent d'être nommées (codes)", default=list)
    state = models.CharField("état", max_length=20, choices=State.choices, default=State.NEW)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField()
    notified_at = models.DateTimeField("envoyée dans un récapitulatif le", null=True, blank=True)

    class Meta:
        verbose_name = "suggestion de mutualisation"
        verbose_name_plural = "suggestions de mutualisation"
        ordering = ["epci", "-last_seen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["epci", "theme", "help_kind"],
                name="one_suggestion_per_need",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.theme} ({self.epci})"
