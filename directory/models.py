"""Who provides territorial engineering: structures, their offers, and the taxonomies
(themes, kinds of help, project phases) a mayor uses to pick the right door."""

import datetime
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from core.moderation import Decisions
from core.params import MEDIUM_TEXT
from core.revisions import RevisionRow
from core.routing import page_url
from core.validators import french_phone
from territories import site
from territories.models import EPCI, Commune, Departement, Programme, Region

from . import contacts, provenance


class Taxonomy(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField("nom", max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


def in_taxonomy_order(items, key=lambda item: item):
    """Themes, kinds of help or phases in the site's one order (`Taxonomy.Meta.ordering`):
    by position, then name — for those read from an index rather than a query."""
    return sorted(items, key=lambda item: (key(item).position, key(item).name))


class Theme(Taxonomy):
    survey_label = models.CharField(
        "intitulé dans l'enquête 2023",
        max_length=120,
        blank=True,
        help_text="Intitulé de la thématique dans le questionnaire des services de l'État.",
    )

    class Meta(Taxonomy.Meta):
        verbose_name = "thème"


class HelpKind(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "type d'aide"
        verbose_name_plural = "types d'aide"


class Phase(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "phase de projet"
        verbose_name_plural = "phases de projet"


class Sourced(models.Model):
    """A record that cites its sources, each with its date (see `directory.provenance`)."""

    sources = models.JSONField(
        "sources",
        default=list,
        blank=True,
        help_text="D'où viennent les informations : titre ou adresse, date, source secondaire "
        "(presse, copie d'un document) ou non.",
        validators=[provenance.validate_sources],
    )
    information_date = models.DateField(
        "informations datées du",
        null=True,
        blank=True,
        editable=False,
        help_text="Fin de la période de la source datée la plus récente.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.information_date = provenance.information_date(self.sources or [])
        if kwargs.get("update_fields") is not None and "sources" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "information_date"}
        super().save(*args, **kwargs)

    @property
    def source_list(self) -> list[provenance.Source]:
        return provenance.sources_of(self)


ANSWER_TIMES_AFTER = 5


class StructureQuerySet(models.QuerySet):
    def working_in(self, codes) -> "StructureQuerySet":
        """The structures working in any of these départements: `Structure.departements`, in
        SQL (a test holds the two forms equal)."""
        codes = list(codes)
        # Semi-joins, one per kind of territory, rather than one join of everything: no row
        # repeated, no DISTINCT over a national directory.
        epcis = EPCI.departements.through.objects.filter(departement_id__in=codes)
        by_offre = [
            Offre.departements.through.objects.filter(departement_id__in=codes),
            Offre.communes.through.objects.filter(commune__departement_id__in=codes),
            Offre.epcis.through.objects.filter(epci__departements__code__in=codes),
        ]
        return self.filter(
            models.Q(seat_commune__departement_id__in=codes)
            | models.Q(epci_id__in=epcis.values("epci_id"))
            | models.Q(pk__in=by_offre[0].values("offre__structure_id"))
            | models.Q(pk__in=by_offre[1].values("offre__structure_id"))
            | models.Q(pk__in=by_offre[2].values("offre__structure_id"))
        )

    def serving(self, codes) -> "StructureQuerySet":
        """The structures with something for these départements: those working there
        (`working_in`), and the national and regional bodies whose offers reach them."""
        codes = list(codes)
        regions = Departement.objects.filter(code__in=codes).values("region_id")
        reaching = Offre.objects.filter(
            models.Q(scope=Offre.Scope.FRANCE) | models.Q(regions__in=regions)
        ).values("structure_id")
        return self.filter(
            models.Q(pk__in=Structure.objects.working_in(codes).values("pk"))
            | models.Q(pk__in=reaching)
        )


class Structure(Sourced):
    class Kind(models.TextChoices):
        ETAT = "etat", "Service de l'État"
        OPERATEUR = "operateur", "Opérateur national de l'État"
        DEPARTEMENT = "departement", "Département et agences"
        REGION = "region", "Région"
        EPCI = "epci", "Intercommunalité (EPCI)"
        SYNDICAT = "syndicat", "Syndicat"
        ETABLISSEMENT_PUBLIC = "etablissement-public", "Établissement public"
        CHAMBRE = "chambre", "Chambre consulaire"
        SEM_SPL = "sem-spl", "SEM ou SPL"
        ASSOCIATION = "association", "Association"
        PAYS_GAL = "pays-gal", "Pays, PETR et GAL"
        FINANCEUR = "financeur", "Établissement financier public"
        OTHER = "autre", "Autre ou à préciser"

    class Validation(models.TextChoices):
        TO_CONFIRM = "a-confirmer", "Fiche à confirmer par la structure"
        VERIFIED = "verifiee", "Fiche vérifiée par la structure"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField("nom", max_length=200)
    acronym = models.CharField("sigle", max_length=40, blank=True)
    kind = models.CharField("nature", max_length=30, choices=Kind.choices)
    description = models.TextField("présentation courte", max_length=MEDIUM_TEXT)
    seat_town = models.CharField("ville du siège", max_length=120, blank=True)
    seat_commune = models.ForeignKey(
        Commune,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seated_structures",
        verbose_name="commune du siège",
    )
    website = models.URLField("site internet", blank=True)
    contact_url = models.URLField("page de contact", blank=True)
    contact_email = models.EmailField(
        "adresse de contact fonctionnelle", blank=True, help_text="Jamais une adresse nominative."
    )
    contact_phone = models.CharField(
        "standard téléphonique", max_length=30, blank=True, validators=[french_phone]
    )
    postal_address = models.TextField("adresse postale", blank=True, max_length=300)
    opening_hours = models.TextField("horaires d'accueil", blank=True, max_length=1000)
    contact_sources = models.JSONField(
        "origine des coordonnées",
        default=dict,
        blank=True,
        editable=False,
        help_text="Pour chaque coordonnée : d'où elle vient (annuaire de l'administration, "
        "jeu initial, la structure elle-même), avec la source et sa date.",
    )
    accepts_email_requests = models.BooleanField(
        "reçoit les demandes à son adresse générique",
        default=False,
        help_text="Tant qu'aucun agent n'a rejoint la structure, les demandes lui sont "
        "envoyées à son adresse de contact plutôt qu'à l'équipe départementale.",
    )
    # Time to a first human answer, kept by the layers above (`support.response_times`),
    # published once ANSWER_TIMES_AFTER requests were answered.
    answered_requests = models.PositiveIntegerField(default=0, editable=False)
    answer_median_days = models.FloatField(null=True, blank=True, editable=False)
    answer_p90_days = models.FloatField(null=True, blank=True, editable=False)
    # Its members, as the directory needs them, kept by the layers above (`accounts.members`):
    # whether one receives its requests, and the details those who chose to published.
    has_receiving_member = models.BooleanField(default=False, editable=False)
    member_contacts = models.JSONField(default=list, blank=True, editable=False)
    siren = models.CharField(
        "SIREN",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", "Neuf chiffres attendus.")],
    )
    annuaire_type = models.CharField(
        "type dans l'Annuaire de l'administration",
        max_length=40,
        blank=True,
        help_text="Le type de service local de l'annuaire de service-public.fr (« ddt », "
        "« prefecture », « cg »…), pour reprendre ses coordonnées.",
    )
    annuaire_id = models.CharField(
        "identifiant dans l'Annuaire de l'administration", max_length=64, blank=True
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    epci = models.OneToOneField(
        EPCI,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="structure",
        verbose_name="EPCI correspondant",
        help_text="Pour une intercommunalité : son entrée dans le référentiel.",
    )
    identified = models.BooleanField(
        "identifiée publiquement",
        default=True,
        help_text="Faux quand aucune source publique ne décrit la structure : elle ne passe "
        "jamais devant une structure sourcée.",
    )
    survey_label = models.CharField(
        "intitulé dans l'enquête",
        max_length=200,
        blank=True,
        help_text="Quand l'enquête des services de l'État la nomme autrement.",
    )
    generalist = models.BooleanField(
        "porte d'entrée généraliste",
        default=False,
        help_text="Proposée quand aucune offre ne correspond bien à un projet "
        "(intercommunalité, services de l'État, Département).",
    )
    validation = models.CharField(
        "état de la fiche",
        max_length=20,
        choices=Validation.choices,
        default=Validation.TO_CONFIRM,
    )
    validated_at = models.DateField("vérifiée le", null=True, blank=True)
    stale_notified_at = models.DateField(
        "signalée comme à revoir le", null=True, blank=True, editable=False
    )
    from_seed = models.BooleanField("issue du jeu de données initial", default=False)
    template = models.CharField(
        "modèle national",
        max_length=40,
        blank=True,
        editable=False,
        help_text="Le modèle de `seed/modeles/` d'où vient la fiche (`onboard_departement`) : "
        "d'après sources publiques, à confirmer par la structure. Vide pour une fiche écrite.",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return page_url("directory:structure", self.slug)

    @property
    def display_name(self) -> str:
        if self.acronym and self.acronym.lower() not in self.name.lower():
            return f"{self.name} ({self.acronym})"
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.validation == self.Validation.VERIFIED

    @property
    def answer_times(self) -> tuple[float, float] | None:
        """(median, 90th percentile) in days to a first human answer, once published."""
        if self.answered_requests < ANSWER_TIMES_AFTER or self.answer_median_days is None:
            return None
        return self.answer_median_days, self.answer_p90_days

    def departements(self) -> set[str]:
        """The départements a structure works in — its seat's, its offers' territories', its
        intercommunality's: their platform teams are told of what it submits, may moderate it
        and read its history (`StructureQuerySet.working_in` says the same in SQL)."""
        codes = set()
        if self.seat_commune_id:
            codes.add(self.seat_commune.departement_id)
        offres = self.offres.all()
        codes.update(offres.values_list("departements__code", flat=True))
        codes.update(offres.values_list("communes__departement_id", flat=True))
        codes.update(offres.values_list("epcis__departements__code", flat=True))
        if self.epci_id:
            codes.update(self.epci.departements.values_list("code", flat=True))
        codes.discard(None)
        return codes

    def taken_over(self) -> None:
        """A person edited a fiche made from a national template (the structure space, a
        published offer, the admin): it is theirs now, a later onboarding leaves it alone."""
        if self.template:
            self.template = ""
            Structure.objects.filter(pk=self.pk).update(template="")

    @property
    def home_departement(self) -> str:
        """The one département whose guichet answers for the structure when one must be
        chosen (a request without a commune): its seat's, else the site's first."""
        if self.seat_commune_id:
            return self.seat_commune.departement_id
        return site.default_departement()

    @cached_property
    def confidence(self) -> provenance.Confidence:
        return provenance.confidence(self, self.information_date)

    @property
    def contact_list(self) -> list["contacts.Contact"]:
        return contacts.of_structure(self)

    @property
    def has_contact(self) -> bool:
        return any(getattr(self, name) for name in contacts.FIELDS)


class OffreQuerySet(models.QuerySet):
    def current(self, today: datetime.date | None = None):
        """Offers not past their end: an expired programme is never proposed."""
        today = today or timezone.localdate()
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today))

    def reaching(self, code: str):
        """Offers whose territory reaches the département `code`, in whole or in part
        (France, its région, the département, one of its intercommunalities or communes)."""
        through = Offre
        region = Departement.objects.filter(code=code).values("region_id")
        return self.filter(
            models.Q(scope=Offre.Scope.FRANCE)
            | models.Exists(
                through.regions.through.objects.filter(
                    offre_id=models.OuterRef("pk"), region_id__in=region
                )
            )
            | models.Exists(
                through.departements.through.objects.filter(
                    offre_id=models.OuterRef("pk"), departement_id=code
                )
            )
            | models.Exists(
                through.epcis.through.objects.filter(
                    offre_id=models.OuterRef("pk"), epci__departements__code=code
                )
            )
            | models.Exists(
                through.communes.through.objects.filter(
                    offre_id=models.OuterRef("pk"), commune__departement_id=code
                )
            )
        )

    def covering(self, commune: Commune):
        """Offers for communes whose territory includes `commune` and whose population limits
        admit it, and not expired: `DirectoryIndex.available` in SQL (the tests hold them
        equal)."""
        through = Offre
        covered = (
            models.Q(scope=Offre.Scope.FRANCE)
            | models.Exists(
                through.regions.through.objects.filter(
                    offre_id=models.OuterRef("pk"), region_id=commune.region_id
                )
            )
            | models.Exists(
                through.departements.through.objects.filter(
                    offre_id=models.OuterRef("pk"), departement_id=commune.departement_id
                )
            )
            | models.Exists(
                through.communes.through.objects.filter(
                    offre_id=models.OuterRef("pk"), commune_id=commune.code
                )
            )
        )
        if commune.epci_id:
            covered |= models.Exists(
                through.epcis.through.objects.filter(
                    offre_id=models.OuterRef("pk"), epci_id=commune.epci_id
                )
            )
        queryset = self.current().filter(covered, for_communes=True)
        reserved = through.programmes.through.objects.filter(
            offre_id=models.OuterRef("pk"), programme__members_known=True
        )
        queryset = queryset.filter(
            ~models.Exists(reserved)
            | models.Exists(reserved.filter(programme__memberships__commune_id=commune.code))
        )
        if commune.population is not None:
            queryset = queryset.exclude(population_min__gt=commune.population).exclude(
                population_max__lt=commune.population
            )
        return queryset


class Offre(Sourced):
    class Scope(models.TextChoices):
        FRANCE = "france", "France entière"
        REGIONS = "regions", "Région(s)"
        DEPARTEMENTS = "departements", "Département(s)"
        EPCIS = "epcis", "Intercommunalité(s)"
        COMMUNES = "communes", "Liste de communes"

    class Cost(models.TextChoices):
        FREE = "gratuit", "Gratuit"
        MEMBERSHIP = "adhesion", "Sur adhésion ou cotisation"
        PAID = "payant", "Payant"
        AGREEMENT = "conventionnement", "Par convention"
        FUNDING = "financement", "Aide financière (subvention ou prêt)"
        UNKNOWN = "a-preciser", "Conditions à préciser avec la structure"

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="offres")
    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField("intitulé", max_length=200)
    summary = models.TextField("ce que la structure fait pour vous", max_length=MEDIUM_TEXT)
    themes = models.ManyToManyField(Theme, related_name="offres", verbose_name="thèmes")
    help_kinds = models.ManyToManyField(
        HelpKind, related_name="offres", verbose_name="types d'aide"
    )
    phases = models.ManyToManyField(Phase, related_name="offres", verbose_name="phases")
    for_communes = models.BooleanField("pour les communes", default=True)
    for_epcis = models.BooleanField("pour les intercommunalités", default=True)
    population_min = models.PositiveIntegerField("population minimale", null=True, blank=True)
    population_max = models.PositiveIntegerField("population maximale", null=True, blank=True)
    members_only = models.BooleanField("réservé aux membres ou adhérents", default=False)
    scope = models.CharField("territoire couvert", max_length=20, choices=Scope.choices)
    regions = models.ManyToManyField(Region, blank=True, related_name="offres")
    departements = models.ManyToManyField(Departement, blank=True, related_name="offres")
    epcis = models.ManyToManyField(EPCI, blank=True, related_name="offres")
    communes = models.ManyToManyField(Commune, blank=True, related_name="offres")
    programmes = models.ManyToManyField(
        Programme,
        blank=True,
        related_name="offres",
        verbose_name="réservée aux communes des programmes",
        help_text="Proposée seulement aux communes de l'un de ces programmes, quand sa liste "
        "est complète.",
    )
    cost = models.CharField("conditions", max_length=20, choices=Cost.choices)
    conditions_details = models.TextField(
        "précisions sur les conditions", blank=True, max_length=MEDIUM_TEXT
    )
    how_to_ask = models.TextField("comment la solliciter", blank=True, max_length=MEDIUM_TEXT)
    valid_from = models.DateField(
        "proposée à partir du",
        null=True,
        blank=True,
        help_text="Début d'un programme ou d'un appel.",
    )
    valid_until = models.DateField(
        "proposée jusqu'au",
        null=True,
        blank=True,
        help_text="Fin d'un programme ou d'un appel : après cette date, l'offre n'est plus "
        "proposée.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField("mise à jour", auto_now=True)

    objects = OffreQuerySet.as_manager()

    class Meta:
        verbose_name = "offre de service"
        verbose_name_plural = "offres de service"
        ordering = ["structure__name", "position", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url("directory:offre", self.slug)

    @cached_property
    def confidence(self) -> provenance.Confidence:
        """The structure's confidence, dated by the offer's own sources when it has some."""
        return provenance.confidence(
            self.structure, self.information_date or self.structure.information_date
        )

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return self.valid_until is not None and self.valid_until < (today or timezone.localdate())

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValidationError({"valid_until": "La fin précède le début."})
        low, high = self.population_min, self.population_max
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"population_min": "La population minimale dépasse la population maximale."}
            )

    @property
    def population_label(self) -> str:
        """The offer's population limits in words, the one wording of the site: « de moins de
        10 000 habitants », « d'au moins 5 000 habitants », « de 500 à 9 999 habitants »."""
        low, high = self.population_min, self.population_max
        if low is not None and high is not None:
            text = f"de {low:,} à {high:,} habitants"
        elif high is not None:
            text = f"de moins de {high + 1:,} habitants"
        elif low is not None:
            text = f"d'au moins {low:,} habitants"
        else:
            return ""
        return text.replace(",", " ")

    @property
    def beneficiaries_label(self) -> str:
        who = []
        if self.for_communes:
            who.append("communes")
        if self.for_epcis:
            who.append("intercommunalités")
        label = " et ".join(who).capitalize() if who else "Collectivités"
        if self.population_label:
            label += f" {self.population_label}"
        if self.members_only:
            label += " (accès réservé : membres, adhérents ou communes retenues)"
        return label


class OffreContact(Sourced):
    """Who answers for an offer in one intercommunality, when it is not the structure's own
    switchboard (« pour la CC des Coëvrons : l'antenne d'Évron »)."""

    offre = models.ForeignKey(Offre, on_delete=models.CASCADE, related_name="contacts")
    epci = models.ForeignKey(
        EPCI, on_delete=models.CASCADE, related_name="offre_contacts", verbose_name="pour"
    )
    label = models.CharField("interlocuteur", max_length=200, help_text="« Antenne d'Évron »")
    contact_phone = models.CharField(
        "téléphone", max_length=30, blank=True, validators=[french_phone]
    )
    contact_email = models.EmailField(
        "courriel", blank=True, help_text="Une adresse fonctionnelle, jamais nominative."
    )
    contact_url = models.URLField("page de contact", blank=True)
    postal_address = models.TextField("adresse", blank=True, max_length=300)

    class Meta:
        verbose_name = "contact d'une offre sur un territoire"
        verbose_name_plural = "contacts des offres par territoire"
        ordering = ["epci__name", "label"]
        constraints = [
            models.UniqueConstraint(fields=["offre", "epci", "label"], name="one_contact_per_label")
        ]

    def __str__(self):
        return f"{self.label} ({self.epci})"


class DirectoryRevision(RevisionRow):
    """Changed by every write to the directory (see `directory.revision`): a process holding
    the directory in memory knows when to read it again."""

    class Meta:
        verbose_name = "révision de l'annuaire"


class Proposal(models.Model):
    """A new offer proposed by a structure's member, or a new structure proposed by one of
    its agents, published once a territory admin of one of its départements approves it. The
    payload is a record of the seed format, checked by the same rules."""

    class Kind(models.TextChoices):
        OFFRE = "offre", "Nouvelle offre"
        STRUCTURE = "structure", "Nouvelle structure"

    class Status(models.TextChoices):
        PENDING = "pending", "À examiner"
        APPROVED = "approved", "Publiée"
        REJECTED = "rejected", "Refusée"

    DECISIONS = Decisions(Status.PENDING, Status.APPROVED, Status.REJECTED)

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OFFRE)
    structure = models.ForeignKey(
        Structure, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    payload = models.JSONField()
    departements = models.JSONField(default=list)  # who moderates it
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(
        "auth.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField("motif", blank=True, max_length=MEDIUM_TEXT)

    class Meta:
        verbose_name = "proposition d'offre"
        verbose_name_plural = "propositions d'offres"
        ordering = ["created_at"]

    def __str__(self):
        return self.name or "proposition"

    @property
    def name(self) -> str:
        """What is proposed: the offer's title, or the new structure's name."""
        return self.payload.get("title") or self.payload.get("name", "")


class ErrorReport(models.Model):
    """« Signaler une erreur » on a fiche or an offer, by anyone, without an account. The
    optional address serves only to answer, and is erased once the report is answered."""

    class Status(models.TextChoices):
        OPEN = "ouvert", "À examiner"
        FIXED = "corrige", "Corrigé"
        DECLINED = "sans-suite", "Sans suite"

    DECISIONS = Decisions(Status.OPEN, Status.FIXED, Status.DECLINED)

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="reports")
    offre = models.ForeignKey(
        Offre, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    description = models.TextField("ce qui est inexact", max_length=MEDIUM_TEXT)
    email = models.EmailField("adresse pour la réponse", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField("réponse", blank=True, max_length=MEDIUM_TEXT)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "signalement d'erreur"
        verbose_name_plural = "signalements d'erreur"
        ordering = ["created_at"]

    def __str__(self):
        return f"Signalement n° {self.pk} — {self.structure}"


class Guichet(models.Model):
    """The préfecture's « guichet de l'ingénierie » of a département (circular of 28 December
    2023): one generic address of the State's services, named on the pages before a request
    is sent, receiving the requests of structures without members and the requests left
    unanswered. From the ANCT's public file of its delegates (`import_guichets`), institutional
    columns only."""

    departement = models.OneToOneField(
        "territories.Departement", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    service = models.CharField("service", max_length=200)
    email = models.EmailField("adresse générique", blank=True)
    phone = models.CharField("standard", max_length=30, blank=True)
    url = models.URLField("page", max_length=500, blank=True)
    source_title = models.CharField(max_length=200)
    source_url = models.URLField(max_length=500)
    source_date = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "guichet de l'ingénierie"
        verbose_name_plural = "guichets de l'ingénierie"

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """« le guichet de l'ingénierie de la préfecture (Direction départementale des
        territoires de la Mayenne) »"""
        return f"le {self.bare_name}"

    @property
    def bare_name(self) -> str:
        """Without its article, for « au guichet … »."""
        return f"guichet de l'ingénierie de la préfecture ({self.service})"
