"""A commune's project file: what it wants to do, who carries it (one commune, several, or
an intercommunality), the structures that follow it, its money and its calendar.

The help requests stay in `support` (their own workflow); a request made from a project
carries the project's `public_id` in `SupportRequest.dossier`, as it carries the journey it
came from. An aid added from `/financements/` is a financing line that names it."""

import secrets
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from core.files import extension, size_label
from core.params import LONG_TEXT, MEDIUM_TEXT, SHORT_TEXT
from directory.models import Structure, Theme
from funding.models import Aid
from peers.models import Realisation
from territories.models import EPCI, Commune


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Project(models.Model):
    class Maturity(models.TextChoices):
        IDEA = "idee", "Idée"
        STUDY = "etude", "Étude"
        DESIGN = "conception", "Conception"
        TENDER = "consultation", "Consultation des entreprises"
        WORKS = "travaux", "Travaux"
        DONE = "termine", "Terminé"

    class State(models.TextChoices):
        ACTIVE = "actif", "Actif"
        INACTIVE = "inactif", "Inactif (sans visite depuis 12 mois)"
        FINISHED = "termine", "Terminé"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("nom du projet", max_length=SHORT_TEXT)
    description = models.TextField("description", max_length=LONG_TEXT)
    themes = models.ManyToManyField(Theme, blank=True, related_name="+", verbose_name="thèmes")
    maturity = models.CharField(
        "avancement", max_length=20, choices=Maturity.choices, default=Maturity.IDEA
    )
    communes = models.ManyToManyField(
        Commune, related_name="projects", verbose_name="communes porteuses", blank=True
    )
    epci = models.ForeignKey(
        EPCI,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name="intercommunalité porteuse",
    )
    perimeter = models.CharField("périmètre", max_length=SHORT_TEXT, blank=True)
    budget = models.PositiveBigIntegerField("budget estimé (euros HT)", null=True, blank=True)
    partners = models.TextField("partenaires", max_length=MEDIUM_TEXT, blank=True)
    journey = models.UUIDField(null=True, blank=True)  # the orientation journey it came from
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    last_activity_at = models.DateTimeField()
    last_visit_at = models.DateTimeField()  # by a member of the carriers' team
    nudged_at = models.DateTimeField(null=True, blank=True)  # « Où en êtes-vous ? »
    shared_with_epci = models.BooleanField("partagé avec l'intercommunalité", default=False)
    shared_with_state = models.BooleanField(
        "visible du guichet de l'ingénierie (DDT, préfecture)", default=False
    )
    calendar_token = models.CharField(max_length=40, default=new_token, editable=False)
    realisation = models.ForeignKey(  # once finished and proposed for « Près de chez vous »
        Realisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "projet"
        verbose_name_plural = "projets"
        ordering = ["-last_activity_at"]
        indexes = [
            models.Index(fields=["state", "last_visit_at"]),
            models.Index(  # the guichet's list: the shared ones, last activity first
                fields=["-last_activity_at"],
                condition=models.Q(shared_with_state=True),
                name="project_shared_with_state",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.public_id])


class ProjectMember(models.Model):
    """Someone of the carriers' team the project was opened by or shared with by name. The
    confirmed élus and agents of a carrier commune see it too, without being listed."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_project_member")
        ]

    def __str__(self):
        return f"{self.user} — {self.project}"


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("date")
    label = models.CharField("étape", max_length=SHORT_TEXT)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} — {self.label}"


class FinancingLine(models.Model):
    """One line of the financing plan: who pays, by which scheme, how much, and where the
    money is: envisagé → demandé → obtenu / refusé → versé."""

    class Status(models.TextChoices):
        CONSIDERED = "envisage", "Envisagé"
        REQUESTED = "demande", "Demandé"
        GRANTED = "obtenu", "Obtenu"
        REFUSED = "refuse", "Refusé"
        PAID = "verse", "Versé"

    # The status a line may move to from each status (a paid line was granted first).
    NEXT = {
        Status.CONSIDERED: [Status.REQUESTED],
        Status.REQUESTED: [Status.GRANTED, Status.REFUSED],
        Status.GRANTED: [Status.PAID],
        Status.REFUSED: [],
        Status.PAID: [],
    }

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="financing")
    funder = models.CharField("financeur", max_length=SHORT_TEXT)
    scheme = models.CharField("dispositif", max_length=SHORT_TEXT, blank=True)
    aid = models.ForeignKey(Aid, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    amount = models.PositiveBigIntegerField("montant (euros)", null=True, blank=True)
    rate = models.PositiveSmallIntegerField("taux (%)", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONSIDERED)
    requested_on = models.DateField("demandé le", null=True, blank=True)
    decided_on = models.DateField("décidé le", null=True, blank=True)
    paid_on = models.DateField("versé le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deadline_warned_at = models.DateTimeField(null=True, blank=True)  # its aid closes soon

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "aid"],
                condition=models.Q(aid__isnull=False),
                name="one_line_per_aid",
            )
        ]

    def __str__(self):
        return f"{self.funder} — {self.get_status_display()}"

    def next_statuses(self) -> list[tuple[str, str]]:
        return [(status.value, status.label) for status in self.NEXT[self.status]]


class Follower(models.Model):
    """A structure on the dossier, invited by the carriers or following it on its own
    territory, each with its own status."""

    class Status(models.TextChoices):
        NEW = "nouveau", "Nouveau"
        TO_DO = "a-traiter", "À traiter"
        ONGOING = "en-cours", "En cours"
        DONE = "termine", "Terminé"
        NOT_CONCERNED = "pas-concerne", "Pas concerné"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="followers")
    structure = models.ForeignKey(
        Structure, on_delete=models.CASCADE, related_name="followed_projects"
    )
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NEW)
    # Invited by the carriers; False: took up a project shared with its territory.
    invited = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status_at = models.DateTimeField(auto_now=True)
    # The project's last activity, kept here by `services.record`: a structure's list reads
    # its own index in order instead of sorting all its projects.
    project_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "structure"], name="one_follower")
        ]
        indexes = [
            models.Index(fields=["structure", "-project_activity_at"]),
            models.Index(fields=["structure", "status", "-project_activity_at"]),
        ]

    def __str__(self):
        return f"{self.structure} — {self.project}"


class Recommendation(models.Model):
    """What an adviser proposes (a resource, a contact, an aid); the carriers keep its
    status."""

    class Kind(models.TextChoices):
        RESOURCE = "ressource", "Une ressource"
        CONTACT = "contact", "Un contact"
        AID = "aide", "Une aide"
        OTHER = "autre", "Autre chose"

    class Status(models.TextChoices):
        PROPOSED = "proposee", "Proposée"
        ONGOING = "en-cours", "En cours"
        DONE = "faite", "Faite"
        NOT_INTERESTED = "pas-interessee", "Pas intéressée"
        BLOCKED = "bloquee", "Bloquée"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="recommendations")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField("nature", max_length=10, choices=Kind.choices)
    title = models.CharField("intitulé", max_length=SHORT_TEXT)
    url = models.URLField("lien", max_length=500, blank=True)
    text = models.TextField("précisions", max_length=MEDIUM_TEXT, blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(auto_now_add=True)
    status_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title


class Note(models.Model):
    """The conversation: public between the carriers and the advisers, or internal between
    the advisers (the carriers never see an internal note)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    structure = models.ForeignKey(  # the adviser's structure; empty for the carriers
        Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    internal = models.BooleanField("note interne aux structures", default=False)
    body = models.TextField("message", max_length=LONG_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"message du {self.created_at:%d/%m/%Y}"


class Activity(models.Model):
    """What happened on the project, for its timeline and the digests. `audience` says who
    may read it: everyone on the dossier, or the advisers only (an internal note)."""

    class Audience(models.TextChoices):
        ALL = "tous", "Tous"
        ADVISERS = "structures", "Structures seulement"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.CharField(max_length=300)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.ALL)
    urgent = models.BooleanField(default=False)  # mailed at once, not in the digest

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["project", "at"]), models.Index(fields=["at"])]

    def __str__(self):
        return self.text


class DigestChoice(models.Model):
    """How often a person receives the news of their projects in one e-mail."""

    class Frequency(models.TextChoices):
        DAILY = "quotidien", "Chaque jour"
        WEEKLY = "hebdomadaire", "Chaque semaine"
        NEVER = "jamais", "Jamais (je consulte mon espace)"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_digest"
    )
    frequency = models.CharField(
        "fréquence", max_length=15, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    sent_until = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.user} — {self.get_frequency_display()}"


def document_path(document: "Document", filename: str) -> str:
    """Where an uploaded file is kept: under its project, named by chance (the name a person
    gave it stays in `filename`, for the download)."""
    return f"projets/{document.project.public_id}/{uuid.uuid4().hex}.{extension(filename)}"


class Document(models.Model):
    """A document of the project: a file put here (kept private, see `core.files`) or a link
    (a shared folder, a study published elsewhere); seen only by those who see the project."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("intitulé", max_length=SHORT_TEXT)
    url = models.URLField("adresse", max_length=500, blank=True)
    file = models.FileField("fichier", upload_to=document_path, max_length=200, blank=True)
    filename = models.CharField("nom du fichier", max_length=SHORT_TEXT, blank=True)
    size = models.PositiveIntegerField("taille (octets)", default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(url="") & ~models.Q(file=""))
                | (~models.Q(url="") & models.Q(file="")),
                name="document_is_a_file_or_a_link",
            )
        ]

    def __str__(self):
        return self.title

    def size_said(self) -> str:
        return size_label(self.size)


@receiver(post_delete, sender=Document)
def _delete_the_file(sender, instance: Document, **kwargs):
    """A document removed, or its project deleted (retention, RGPD): its file goes too, once
    the deletion is committed (a rolled-back purge keeps its files)."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
