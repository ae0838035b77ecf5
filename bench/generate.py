"""A generated national directory for benchmarks: structures and offers spread over France
with realistic territorial scopes. Deterministic (fixed seed); never used outside benchmarks."""

import random

from django.db import transaction

from directory import revision
from directory.models import HelpKind, Offre, Phase, Structure, Theme
from territories.models import EPCI, Commune, Departement, Region

SCOPES = [  # (scope, share)
    (Offre.Scope.FRANCE, 0.02),
    (Offre.Scope.REGIONS, 0.08),
    (Offre.Scope.DEPARTEMENTS, 0.45),
    (Offre.Scope.EPCIS, 0.35),
    (Offre.Scope.COMMUNES, 0.10),
]


def generate(structures: int = 2000, offres: int = 10000, seed: int = 53) -> None:
    rng = random.Random(seed)
    themes = list(Theme.objects.all())
    aides = list(HelpKind.objects.all())
    phases = list(Phase.objects.all())
    regions = list(Region.objects.values_list("code", flat=True))
    departements = list(
        Departement.objects.filter(communes__isnull=False).distinct().values_list("code", flat=True)
    )
    epcis = list(EPCI.objects.values_list("code", flat=True))
    communes = list(Commune.objects.values_list("code", flat=True))
    kinds = [k for k, _ in Structure.Kind.choices]
    with transaction.atomic():
        made = Structure.objects.bulk_create(
            [
                Structure(
                    slug=f"bench-structure-{i}",
                    name=f"Structure de test {i}",
                    kind=rng.choice(kinds),
                    description="Structure générée pour les mesures de performance.",
                )
                for i in range(structures)
            ]
        )
        scopes = [s for s, _ in SCOPES]
        weights = [w for _, w in SCOPES]
        rows = []
        for i in range(offres):
            rows.append(
                Offre(
                    structure=made[i % structures],
                    slug=f"bench-offre-{i}",
                    title=f"Offre de test {i}",
                    summary="Offre générée pour les mesures de performance.",
                    scope=rng.choices(scopes, weights)[0],
                    cost=rng.choice(Offre.Cost.values),
                    population_max=rng.choice([None, None, None, 3499, 9999]),
                )
            )
        created = Offre.objects.bulk_create(rows, batch_size=2000)
        through = {
            "themes": Offre.themes.through,
            "help_kinds": Offre.help_kinds.through,
            "phases": Offre.phases.through,
            "regions": Offre.regions.through,
            "departements": Offre.departements.through,
            "epcis": Offre.epcis.through,
            "communes": Offre.communes.through,
        }
        links = {name: [] for name in through}
        for offre in created:
            for theme in rng.sample(themes, rng.randint(1, 4)):
                links["themes"].append(through["themes"](offre_id=offre.pk, theme_id=theme.pk))
            for aide in rng.sample(aides, rng.randint(1, 2)):
                links["help_kinds"].append(
                    through["help_kinds"](offre_id=offre.pk, helpkind_id=aide.pk)
                )
            for phase in rng.sample(phases, rng.randint(1, 3)):
                links["phases"].append(through["phases"](offre_id=offre.pk, phase_id=phase.pk))
            if offre.scope == Offre.Scope.REGIONS:
                links["regions"].append(
                    through["regions"](offre_id=offre.pk, region_id=rng.choice(regions))
                )
            elif offre.scope == Offre.Scope.DEPARTEMENTS:
                for code in rng.sample(departements, rng.randint(1, 2)):
                    links["departements"].append(
                        through["departements"](offre_id=offre.pk, departement_id=code)
                    )
            elif offre.scope == Offre.Scope.EPCIS:
                for code in rng.sample(epcis, rng.randint(1, 3)):
                    links["epcis"].append(through["epcis"](offre_id=offre.pk, epci_id=code))
            elif offre.scope == Offre.Scope.COMMUNES:
                for code in rng.sample(communes, rng.randint(1, 20)):
                    links["communes"].append(
                        through["communes"](offre_id=offre.pk, commune_id=code)
                    )
        for name, objects in links.items():
            through[name].objects.bulk_create(objects, batch_size=5000)
        revision.bump()  # bulk writes send no signal
