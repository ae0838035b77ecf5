"""python manage.py onboard_departement 72 [35 …] | all : a département's directory on its first
day (see `directory.onboarding` and docs/departements.md). Idempotent: only fiches nobody has
edited since are rewritten; a hand-written or taken-over fiche is never touched."""

import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory import onboarding
from directory.seed import SeedError
from territories.models import Departement


class Command(BaseCommand):
    help = (
        "Crée l'annuaire de départ d'un département (ou de tous : all) d'après les modèles "
        "nationaux de seed/modeles/ et les fichiers officiels ; relançable sans risque."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="+", metavar="CODE", help="Code(s) ou « all ».")
        parser.add_argument(
            "--skip-referential",
            action="store_true",
            help="Ne pas (ré)importer le référentiel (déjà importé).",
        )

    def handle(self, *args, codes, skip_referential=False, **options):
        quiet = options["verbosity"] == 0
        every = codes == ["all"]
        start = time.perf_counter()
        if not skip_referential:
            if not quiet:
                self.stdout.write("Référentiel officiel (decoupage-administratif)…")
            scope = {"all": True} if every else {"departements": codes}
            call_command("import_territories", geometry="none", verbosity=0, **scope)
            call_command("import_guichets", verbosity=0, **({} if every else scope))
        if every:  # the collectivités d'outre-mer follow no departmental template
            codes = list(
                Departement.objects.exclude(code__in=onboarding.OVERSEAS_COLLECTIVITIES)
                .order_by("code")
                .values_list("code", flat=True)
            )
        unknown = [c for c in codes if not Departement.objects.filter(code=c).exists()]
        if unknown:
            raise CommandError(f"Département(s) inconnu(s) du référentiel : {', '.join(unknown)}.")
        totals = {"created": 0, "updated": 0, "kept": 0}
        for code in codes:
            try:
                planned = onboarding.plan(code)
                bar = tqdm(
                    total=len(planned.records),
                    desc=f"Département {code}",
                    unit="fiche",
                    disable=quiet,
                    file=sys.stderr,
                )
                with bar:
                    done = onboarding.onboard(code, lambda bar=bar: bar.update(1), planned)
            except (onboarding.OnboardingError, SeedError) as error:
                problems = getattr(error, "problems", [str(error)])
                raise CommandError(
                    f"Département {code} refusé, rien n'a été écrit pour lui :\n  - "
                    + "\n  - ".join(problems)
                ) from error
            totals["created"] += done.summary.structures_created
            totals["updated"] += done.summary.structures_updated
            totals["kept"] += len(done.kept)
            if not quiet and not every:
                self._report(done)
        if not quiet:
            self.stdout.write(
                f"Terminé en {time.perf_counter() - start:.1f} s : {len(codes)} département(s), "
                f"{totals['created']} fiches créées, {totals['updated']} mises à jour, "
                f"{totals['kept']} fiches écrites ou reprises à la main laissées telles quelles. "
                "Ce qui reste à faire : la liste de chaque département dans l'espace de "
                "l'équipe de la plateforme (/espace/plateforme/departements/<code>/)."
            )

    def _report(self, done: onboarding.Onboarded) -> None:
        summary = done.summary
        self.stdout.write(
            f"Département {done.code} : {summary.structures_created} fiches créées, "
            f"{summary.structures_updated} mises à jour, {summary.offres} offres."
        )
        for template, slugs in sorted(done.by_template.items()):
            self.stdout.write(f"  modèle {template} : {', '.join(slugs)}")
        if done.kept:
            kept = ", ".join(done.kept)
            self.stdout.write(f"  laissées telles quelles : {kept}")
