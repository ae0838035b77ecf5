"""Aids and calls for projects: those of aides-territoires, synchronised, and those the
structures publish themselves. An aid is proposed only while it is open (no deadline passed,
not archived) and only where its perimeter covers the commune."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.moderation import Moderated
from core.params import MEDIUM_TEXT
from core.revisions import RevisionRow
from directory.models import HelpKind, Phase, Structure, Theme
from territories.models import EPCI, Commune, Departement, Region


class AidQuerySet(models.QuerySet):
    def open(self, today=None):
        today = today or timezone.localdate()
        return self.filter(archived_at=None, status=Aid.Status.PUBLISHED).filter(
            Q(submission_deadline=None) | Q(submission_deadline__gte=today)
        )

    def covering(self, commune: Commune):
        """Aids whose perimeter holds the commune (subqueries: no row repeated by a join)."""
        regions = Aid.regions.through.objects.filter(region_id=commune.region_id)
        departements = Aid.departements.through.objects.filter(
            departement_id=commune.departement_id
        )
        epcis = Aid.epcis.through.objects.filter(epci_id=commune.epci_id)
        return self.filter(
            Q(scope=Aid.Scope.NATIONAL)
            | Q(scope=Aid.Scope.REGIONAL, pk__in=regions.values("aid_id"))
            | Q(scope=Aid.Scope.DEPARTEMENTAL, pk__in=departements.values("aid_id"))
            | Q(scope=Aid.Scope.LOCAL, pk__in=epcis.values("aid_id"))
        )


class Aid(Moderated):
    class Source(models.TextChoices):
        AIDES_TERRITOIRES = "aides-territoires", "Aides-territoires"
        LOCAL = "locale", "Publiée par une structure"

    class Scope(models.TextChoices):
        NATIONAL = "national", "France entière"
        REGIONAL = "regional", "Région"
        DEPARTEMENTAL = "departemental", "Département"
        LOCAL = "local", "Territoire local"

    source = models.CharField(max_length=20, choices=Source.choices)
    external_id = models.CharField("identifiant à la source", max_length=40)
    name = models.CharField("intitulé", max_length=300)
    url = models.URLField("fiche sur aides-territoires", max_length=500, blank=True)
    origin_url = models.URLField("informations à la source", max_length=500, blank=True)
    application_url = models.URLField("candidater", max_length=500, blank=True)
    financers = models.JSONField("porteurs", default=list)
    instructors = models.JSONField("instructeurs", default=list)
    programs = models.JSONField("programmes", default=list)
    backer = models.ForeignKey(
        Structure,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="aids",
        verbose_name="structure de l'annuaire qui la porte",
    )
    description = models.TextField("description (HTML nettoyé)", blank=True)
    eligibility = models.TextField("éligibilité (HTML nettoyé)", blank=True)
    perimeter = models.CharField("périmètre", max_length=200, blank=True)
    perimeter_scale = models.CharField("échelle du périmètre", max_length=40, blank=True)
    scope = models.CharField("territoire couvert", max_length=20, choices=Scope.choices)
    regions = models.ManyToManyField(Region, blank=True, related_name="+")
    departements = models.ManyToManyField(Departement, blank=True, related_name="+")
    epcis = models.ManyToManyField(EPCI, blank=True, related_name="+")
    # The labels as the source gives them, kept whole: nothing is dropped by the mapping.
    categories = models.JSONField("thématiques (libellés de la source)", default=list)
    audiences = models.JSONField("bénéficiaires (libellés de la source)", default=list)
    aid_types = models.JSONField("natures d'aide (libellés de la source)", default=list)
    steps = models.JSONField("étapes du projet (libellés de la source)", default=list)
    themes = models.ManyToManyField(Theme, blank=True, related_name="aids")
    help_kinds = models.ManyToManyField(HelpKind, blank=True, related_name="aids")
    phases = models.ManyToManyField(Phase, blank=True, related_name="aids")
    for_communes = models.BooleanField("pour les communes", default=False)
    for_epcis = models.BooleanField("pour les intercommunalités", default=False)
    is_financial = models.BooleanField("aide financière", default=False)
    is_engineering = models.BooleanField("aide en ingénierie", default=False)
    is_call_for_project = models.BooleanField("appel à projets ou à manifestation", default=False)
    recurrence = models.CharField("récurrence", max_length=40, blank=True)
    start_date = models.DateField("ouverture", null=True, blank=True)
    predeposit_date = models.DateField("pré-dépôt", null=True, blank=True)
    submission_deadline = models.DateField("clôture", null=True, blank=True)
    subvention_rate_min = models.PositiveSmallIntegerField(null=True, blank=True)
    subvention_rate_max = models.PositiveSmallIntegerField(null=True, blank=True)
    subvention_comment = models.TextField(blank=True, max_length=MEDIUM_TEXT)
    remote_created_at = models.DateTimeField(null=True, blank=True)
    remote_updated_at = models.DateTimeField(null=True, blank=True)
    synced_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(
        "archivée le",
        null=True,
        blank=True,
        help_text="Absente de la source, ou retirée par la structure : plus proposée.",
    )
    # Local aids: published by a structure (their `backer`), read by the platform team first.
    status = models.CharField(  # synchronised aids are published as they come
        "publication",
        max_length=10,
        choices=Moderated.Status.choices,
        default=Moderated.Status.PUBLISHED,
    )
    amount = models.CharField("montant ou taux", max_length=300, blank=True)
    documents = models.JSONField("documents", default=list, blank=True)  # [{title, url}]
    created_at = models.DateTimeField("connue de la plateforme depuis", default=timezone.now)

    objects = AidQuerySet.as_manager()

    class Meta:
        verbose_name = "aide ou appel à projets"
        verbose_name_plural = "aides et appels à projets"
        ordering = ["submission_deadline", "name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_id"], name="one_aid_per_source")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("funding:aid", args=[self.pk])

    @property
    def source_label(self) -> str:
        if self.source == Aid.Source.LOCAL and self.backer_id:
            return f"publiée par {self.backer.display_name}"
        return self.get_source_display()

    @property
    def is_local(self) -> bool:
        return self.source == Aid.Source.LOCAL

    @property
    def link(self) -> str:
        """Where its name leads: the aides-territoires fiche, or ours for a local aid."""
        if self.is_local:
            return self.get_absolute_url()
        return self.url or self.origin_url

    @property
    def full_link(self) -> str:
        """The same, with the site's address: for feeds, calendars, e-mails and the API."""
        if self.is_local:
            return settings.SITE_URL.rstrip("/") + self.get_absolute_url()
        return self.link

    def closes_soon(self, today=None) -> bool:
        return closes_soon(self.submission_deadline, today)

    def deadline_label(self, today=None) -> str:
        return deadline_words(self.submission_deadline, self.recurrence, today)


SOON = 30  # days: an aid closing within them is marked


def closes_soon(deadline, today=None) -> bool:
    if deadline is None:
        return False
    return 0 <= (deadline - (today or timezone.localdate())).days <= SOON


def deadline_words(deadline, recurrence: str, today=None) -> str:
    """« clôture dans 12 jours », « clôture le 30/06/2099 », « permanente »."""
    if deadline is None:
        return "permanente" if recurrence == "Permanente" else "sans date de clôture"
    left = (deadline - (today or timezone.localdate())).days
    if left < 0:
        return f"close depuis le {deadline:%d/%m/%Y}"
    if left == 0:
        return "clôture aujourd'hui"
    if left <= SOON:
        return f"clôture dans {left} jour{'s' if left > 1 else ''}"
    return f"clôture le {deadline:%d/%m/%Y}"


class FundingRevision(RevisionRow):
    """Changed by every write of the aids (a sync bumps it once, at its end): the in-memory
    index of `funding.index` is rebuilt when it differs."""

    class Meta:
        verbose_name = "révision des aides"


class AidAlert(models.Model):
    """A saved search without an account: the new aids and the near deadlines of a commune or
    an intercommunality, by e-mail. Active once the address confirmed it (double opt-in);
    deleted on unsubscribing, unconfirmed after a week, and two years after confirmation."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Chaque jour où il y a du nouveau"
        WEEKLY = "weekly", "Une fois par semaine"

    email = models.EmailField("adresse électronique")
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    epci = models.ForeignKey(
        EPCI, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="Fin de la période couverte par le dernier envoi."
    )

    class Meta:
        verbose_name = "alerte sur les aides"
        verbose_name_plural = "alertes sur les aides"
        constraints = [
            models.CheckConstraint(
                condition=Q(commune__isnull=False) | Q(epci__isnull=False),
                name="alert_has_a_territory",
            )
        ]

    def __str__(self):
        return f"alerte n° {self.pk}"  # never the address

    @property
    def territory_name(self) -> str:
        return self.commune.name if self.commune_id else self.epci.name
