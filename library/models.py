"""Resources for a project (guides, technical sheets, model deliberations or specifications,
feedback), published by the structures that wrote them and read by the platform team first.
Only public resources with their real address: nothing is seeded without a source."""

from django.db import models
from django.utils.formats import date_format

from core.markdown import to_html
from core.moderation import Moderated
from core.params import LONG_TEXT, SHORT_TEXT
from core.revisions import RevisionRow
from directory.models import Phase, Structure, Theme


class ResourceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Resource.Status.PUBLISHED)


class Resource(Moderated):
    class Kind(models.TextChoices):
        GUIDE = "guide", "Guide"
        FICHE = "fiche", "Fiche technique"
        DELIBERATION = "deliberation", "Modèle de délibération"
        CAHIER = "cahier", "Modèle de cahier des charges"
        RETOUR = "retour", "Retour d'expérience"

    class Audience(models.TextChoices):
        TOUS = "tous", "Tous"
        ELUS = "elus", "Élus"
        SECRETAIRES = "secretaires", "Secrétaires de mairie"
        AGENTS = "agents", "Agents des collectivités"

    title = models.CharField("titre", max_length=SHORT_TEXT)
    summary = models.TextField("résumé (Markdown)", max_length=LONG_TEXT)
    summary_html = models.TextField(editable=False, blank=True)
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    themes = models.ManyToManyField(Theme, blank=True, related_name="resources")
    phases = models.ManyToManyField(Phase, blank=True, related_name="resources")
    audience = models.CharField("public", max_length=20, choices=Audience.choices, default="tous")
    url = models.URLField("adresse", max_length=500)
    publisher = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="resources")
    # None: the publisher's page gives no date (« non datée »); a year alone is kept as such.
    published_on = models.DateField("publiée le", null=True, blank=True)
    published_year_only = models.BooleanField(default=False, editable=False)
    review_by = models.DateField("à revoir avant le", null=True, blank=True)
    licence = models.CharField("licence", max_length=SHORT_TEXT, blank=True)
    review_reminded_on = models.DateField("relecture rappelée le", null=True, blank=True)
    link_checked_at = models.DateTimeField("lien vérifié le", null=True, blank=True)
    link_broken_since = models.DateField("lien cassé depuis", null=True, blank=True)
    # From the launch-day list (seed/ressources.toml): its address in the list, kept whatever
    # the publisher changes; `seeded` until its publisher (or the team) edits or withdraws it.
    seed_key = models.URLField(max_length=500, blank=True, editable=False)
    seeded = models.BooleanField("de la liste de lancement", default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = [models.F("published_on").desc(nulls_last=True), "title"]

    def __str__(self):
        return self.title

    @property
    def published_label(self) -> str:
        """« mai 2024 », « 2019 » or « non datée »: only what the publisher's page says."""
        if self.published_on is None:
            return "non datée"
        if self.published_year_only:
            return str(self.published_on.year)
        return date_format(self.published_on, "F Y")

    def save(self, *args, **kwargs):
        self.summary_html = to_html(self.summary)
        super().save(*args, **kwargs)


class LibraryRevision(RevisionRow):
    """Changed by every write of the resources: the in-memory index of `library.index`, read
    by every results page, is rebuilt when it differs."""

    class Meta:
        verbose_name = "révision des ressources"
