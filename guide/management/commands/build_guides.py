"""Builds the printable guides of the served départements and of their intercommunalities for
the current version of the directory, so that nobody waits for them: run it after an import and
every few minutes. A guide already built for this version is not built again; a second run
while one is building stops at once; visitors get the previous guide until this one is done."""

import logging
import time

from django.core.management.base import BaseCommand

from core.commands import add_departements_argument
from territories import site
from territories.models import EPCI, Departement

from ... import store
from ...render import Unavailable


class Command(BaseCommand):
    help = "Construit les guides imprimables (PDF) des départements servis et de leurs EPCI."

    def add_arguments(self, parser):
        add_departements_argument(parser)
        parser.add_argument(
            "--sans-epci", action="store_true", help="Seulement les guides départementaux."
        )

    def handle(self, *args, **options):
        codes = options.get("departements") or site.served_codes()
        guides = []
        for departement in Departement.objects.filter(code__in=codes).order_by("code"):
            guides.append(("departement", departement))
            if not options["sans_epci"]:
                epcis = EPCI.objects.filter(communes__departement=departement).distinct()
                guides += [("epci", epci) for epci in epcis.order_by("name")]
        todo = [(kind, t) for kind, t in guides if not store.path_of(kind, t).exists()]
        if options["verbosity"] and len(todo) < len(guides):
            self.stdout.write(f"Guides imprimables déjà à jour : {len(guides) - len(todo)}.")
        if not todo:
            return
        # WeasyPrint's notes on font subsetting say nothing the reader of this command can act on.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        try:
            with store.build_lock():
                self._build(todo, options["verbosity"])
        except store.Busy:
            self.stdout.write("Guides imprimables : une construction est déjà en cours.")
        except Unavailable:
            self.stdout.write(
                "Guides imprimables non construits : la bibliothèque Pango manque (voir "
                "docs/installation.md) ; le reste du site fonctionne."
            )

    def _build(self, todo, verbosity) -> None:
        for number, (kind, territory) in enumerate(todo, 1):
            start = time.perf_counter()
            path = store.build(kind, territory)
            if verbosity:
                self.stdout.write(
                    f"Guide {number}/{len(todo)}, {territory.name} : "
                    f"{path.stat().st_size / 1000:.0f} Ko, {time.perf_counter() - start:.2f} s"
                )
        store.prune()
