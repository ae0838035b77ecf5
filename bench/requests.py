"""100,000 help requests for benchmarks, spread over the directory's structures, with one
busy structure (about 3,000 requests) whose inbox is measured. Deterministic."""

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from directory.models import Offre
from support.models import SupportRequest
from territories.models import Commune

STATUSES = [("nouvelle", 0.15), ("prise-en-charge", 0.1), ("en-cours", 0.15),
            ("reorientee", 0.05), ("cloturee", 0.55)]  # fmt: skip


def generate_requests(total: int, busy_slug: str) -> None:
    rng = random.Random(2)
    offres = list(Offre.objects.values_list("pk", "structure_id"))
    busy = list(Offre.objects.filter(slug=busy_slug).values_list("pk", "structure_id"))
    communes = list(Commune.objects.values_list("code", flat=True))
    now = timezone.now()
    statuses, weights = zip(*STATUSES, strict=True)
    rows = []
    for i in range(total):
        offre_id, structure_id = rng.choice(busy) if i % 33 == 0 else rng.choice(offres)
        created = now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        status = rng.choices(statuses, weights)[0]
        rows.append(
            SupportRequest(
                public_id=uuid.UUID(int=rng.getrandbits(128)),
                group=uuid.UUID(int=rng.getrandbits(128)),
                commune_id=rng.choice(communes),
                structure_id=structure_id,
                offre_id=offre_id,
                project="Projet généré pour les mesures de performance.",
                requester_name="Demandeur de test",
                requester_role="maire",
                requester_email=f"demandeur{i}@example.invalid",
                consent_at=created,
                status=status,
                outcome="accompagnee" if status == "cloturee" else "",
                waiting_since=created,
                closed_at=created + timedelta(days=30) if status == "cloturee" else None,
            )
        )
    with transaction.atomic():
        SupportRequest.objects.bulk_create(rows, batch_size=5000)
    # created_at is set on insert: spread it over three years as well
    for request_id, created in ((r.pk, r.consent_at) for r in rows[:: max(1, total // 2000)]):
        SupportRequest.objects.filter(pk=request_id).update(created_at=created)
