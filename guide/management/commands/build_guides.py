"""Builds the printable guides of the served départements and of their intercommunalities for
the current version of the directory, so that nobody waits for them: run it after an import and
every few minutes (a guide already built for this version is not built again)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from core.commands import add_departements_argument
from territories.models import EPCI, Departement

from ... import store


class Command(BaseCommand):
    help = "Construit les guides imprimables (PDF) des départements servis et de leurs EPCI."

    def add_arguments(self, parser):
        add_departements_argument(parser)
        parser.add_argument(
            "--sans-epci", action="store_true", help="Seulement les guides départementaux."
        )

    def handle(self, *args, **options):
        codes = options.get("departements") or settings.SITE_DEPARTEMENTS
        for departement in Departement.objects.filter(code__in=codes).order_by("code"):
            self._build("departement", departement)
            if options["sans_epci"]:
                continue
            epcis = EPCI.objects.filter(communes__departement=departement).distinct()
            for epci in epcis.order_by("name"):
                self._build("epci", epci)

    def _build(self, kind: str, territory) -> None:
        start = time.perf_counter()
        path = store.guide_pdf(kind, territory)
        self.stdout.write(
            f"{territory.name} : {path.stat().st_size / 1000:.0f} Ko, "
            f"{time.perf_counter() - start:.2f} s"
        )
