"""Who changed what, when: every change to a structure, an offer or a help request."""

from django.conf import settings
from django.db import models


class Change(models.Model):
    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField("auteur", max_length=120)  # kept if the account goes
    model = models.CharField(max_length=40)  # "structure", "offre", "demande"
    object_id = models.PositiveBigIntegerField()
    object_label = models.CharField("objet", max_length=200)
    action = models.CharField(max_length=40)
    summary = models.TextField("modification", blank=True)
    departements = models.CharField(max_length=200, blank=True)  # for the territory admins

    class Meta:
        verbose_name = "modification"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["model", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} : {self.action} {self.object_label}"
