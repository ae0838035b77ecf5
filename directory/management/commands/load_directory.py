from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core.commands import refused
from directory import seed
from territories.models import DatasetImport

DATASET = "annuaire"


class Command(BaseCommand):
    help = (
        "Valide puis charge l'annuaire initial (fichiers TOML lisibles de seed/). "
        "Une seule erreur, et rien n'est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--taxonomies", default=str(settings.SEED_DIR / "taxonomies.toml"))
        parser.add_argument(
            "--structures", default=str(settings.SEED_DIR / "mayenne" / "structures")
        )
        parser.add_argument("--check", action="store_true", help="Valide sans rien écrire.")
        parser.add_argument("--force", action="store_true", help="Recharge même sans changement.")

    def handle(self, *args, **options):
        taxonomies, structures = Path(options["taxonomies"]), Path(options["structures"])
        quiet = options["verbosity"] == 0
        try:
            if options["check"]:
                _, records = seed.read_seed(taxonomies, structures)
                self.stdout.write(f"Fichiers valides : {len(records)} structures.")
                return
            fingerprint = seed.fingerprint(taxonomies, structures)
            if DatasetImport.objects.is_current(DATASET, fingerprint) and not options["force"]:
                if not quiet:
                    self.stdout.write("Annuaire déjà à jour : rien à faire.")
                return
            summary = seed.load_seed(taxonomies, structures)
        except seed.SeedError as error:
            raise refused("Annuaire refusé", error) from error
        DatasetImport.objects.record(DATASET, fingerprint, summary.__dict__)
        if not quiet:
            self.stdout.write(
                f"Annuaire chargé : {summary.themes} thèmes, {summary.aides} types d'aide, "
                f"{summary.phases} phases, {summary.structures_created} structures créées, "
                f"{summary.structures_updated} mises à jour, {summary.offres} offres."
            )
            if summary.structures_kept:
                self.stdout.write(
                    "  Fiches vérifiées par leur structure, laissées telles quelles : "
                    + ", ".join(summary.structures_kept)
                )
