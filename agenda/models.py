"""Trainings and information meetings for elected officials, town-hall secretaries and
agents, published by the structures that organise them (CNFPT, AMF, CDG, CAUE, DDT…) and
read by the platform team first. Nothing is invented: an event exists only when an organiser
or the platform team enters it."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.moderation import Moderated
from core.params import LONG_TEXT, SHORT_TEXT
from directory.models import Structure, Theme
from territories.models import Departement


class Audience(models.TextChoices):
    ELUS = "elus", "Élus"
    SECRETAIRES = "secretaires", "Secrétaires de mairie"
    AGENTS = "agents", "Agents des collectivités"


AUDIENCE_FIELDS = {  # the public → the field that says the event is for it
    Audience.ELUS: "for_elected",
    Audience.SECRETAIRES: "for_secretaries",
    Audience.AGENTS: "for_agents",
}


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(status=Event.Status.PUBLISHED).filter(
            Q(ends_at__gte=now) | Q(ends_at=None, starts_at__gte=now)
        )


class Event(Moderated):
    title = models.CharField("intitulé", max_length=SHORT_TEXT)
    description = models.TextField("présentation", max_length=LONG_TEXT)
    for_elected = models.BooleanField("pour les élus", default=False)
    for_secretaries = models.BooleanField("pour les secrétaires de mairie", default=False)
    for_agents = models.BooleanField("pour les agents", default=False)
    themes = models.ManyToManyField(Theme, blank=True, related_name="events")
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin", null=True, blank=True)
    online = models.BooleanField("à distance", default=False)
    place = models.CharField("lieu", max_length=SHORT_TEXT, blank=True)
    departement = models.ForeignKey(
        Departement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Vide pour une session à distance ouverte à tous.",
    )
    registration_url = models.URLField("inscription", max_length=500, blank=True)
    cost = models.CharField("coût", max_length=SHORT_TEXT, blank=True)
    organiser = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "formation ou réunion"
        verbose_name_plural = "formations et réunions"
        ordering = ["starts_at", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agenda:event", args=[self.pk])

    @property
    def audiences(self) -> list[str]:
        return [public for public, name in AUDIENCE_FIELDS.items() if getattr(self, name)]

    @property
    def audience_labels(self) -> list[str]:
        return [Audience(public).label for public in self.audiences]
