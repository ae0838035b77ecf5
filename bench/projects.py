"""100,000 projects and 1 million events for benchmarks: one in ten in the Mayenne (half of
those shared with the State's services), each with its carriers, a structure or two on its
dossier (the CAUE of the Mayenne follows about 3,000), two financing lines, a milestone and
ten events. Deterministic."""

import random
import uuid
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from directory.models import Structure
from projects.models import Activity, FinancingLine, Follower, Milestone, Project
from territories.models import Commune

BATCH = 10_000


def generate_projects(total: int, events_each: int = 10) -> None:
    rng = random.Random(4)
    communes = list(Commune.objects.values_list("code", flat=True))
    mayenne = list(Commune.objects.filter(departement_id="53").values_list("code", flat=True))
    structures = list(Structure.objects.values_list("pk", flat=True))
    busy = Structure.objects.get(slug="caue-53").pk
    now = timezone.now()
    for start in range(0, total, BATCH):
        with transaction.atomic():
            numbers = range(start, min(total, start + BATCH))
            _batch(rng, numbers, communes, mayenne, structures, busy, now, events_each)


def _batch(rng, numbers, communes, mayenne, structures, busy, now, events_each) -> None:
    projects = []
    for i in numbers:
        local = i % 10 == 0
        active = now - timedelta(minutes=rng.randint(0, 2 * 365 * 24 * 60))
        projects.append(
            Project(
                public_id=uuid.UUID(int=rng.getrandbits(128)),
                name=f"Projet de mesure n° {i}",
                description="Rénover la salle des fêtes : isolation, chauffage, accessibilité.",
                maturity=rng.choice(Project.Maturity.values),
                budget=rng.randint(10, 2000) * 1000,
                last_activity_at=active,
                last_visit_at=active,
                shared_with_state=local and i % 20 == 0,
                shared_with_epci=i % 3 == 0,
            )
        )
    Project.objects.bulk_create(projects, batch_size=5000)  # sets their keys on both databases
    carriers, followers, lines, milestones, events = [], [], [], [], []
    for i, project in zip(numbers, projects, strict=True):
        pool = mayenne if i % 10 == 0 else communes
        for code in {rng.choice(pool) for _ in range(1 + (i % 7 == 0))}:
            carriers.append(Project.communes.through(project_id=project.pk, commune_id=code))
        helpers = {busy} if i % 33 == 0 else set()
        helpers |= {rng.choice(structures) for _ in range(1 + i % 2)}
        statuses = Follower.Status.values
        followers += [
            Follower(
                project_id=project.pk,
                structure_id=pk,
                status=rng.choice(statuses),
                project_activity_at=project.last_activity_at,
            )
            for pk in helpers
        ]
        lines += [
            FinancingLine(
                project_id=project.pk,
                funder="État",
                scheme="DETR",
                amount=rng.randint(5, 200) * 1000,
                status=rng.choice(FinancingLine.Status.values),
            ),
            FinancingLine(project_id=project.pk, funder="Département", rate=rng.randint(10, 40)),
        ]
        milestones.append(
            Milestone(
                project_id=project.pk, date=date(2027, 1 + i % 12, 1), label="Dépôt du permis"
            )
        )
        events += [
            Activity(project_id=project.pk, text=f"Évènement n° {n}") for n in range(events_each)
        ]
    Project.communes.through.objects.bulk_create(carriers, batch_size=5000)
    Follower.objects.bulk_create(followers, batch_size=5000, ignore_conflicts=True)
    FinancingLine.objects.bulk_create(lines, batch_size=5000)
    Milestone.objects.bulk_create(milestones, batch_size=5000)
    Activity.objects.bulk_create(events, batch_size=5000)
