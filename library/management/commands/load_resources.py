from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.commands import fingerprint as digest
from core.commands import refused
from library import seed
from territories.models import DatasetImport

DATASET = "ressources"


class Command(BaseCommand):
    help = (
        "Valide puis charge la liste des ressources du lancement (seed/ressources.toml), "
        "après l'annuaire. Une seule erreur, et rien n'est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(settings.SEED_DIR / "ressources.toml"))
        parser.add_argument("--force", action="store_true", help="Recharge même sans changement.")

    def handle(self, *args, **options):
        path, quiet = Path(options["file"]), options["verbosity"] == 0
        if not path.is_file():
            raise CommandError(f"Ressources refusées, rien n'a été écrit : {path} introuvable.")
        # The publishers come from the directory: a new directory loads the list again.
        fingerprint = digest(path.read_bytes(), DatasetImport.objects.fingerprints("annuaire"))
        if DatasetImport.objects.is_current(DATASET, fingerprint) and not options["force"]:
            if not quiet:
                self.stdout.write("Ressources déjà à jour : rien à faire.")
            return
        try:
            summary = seed.load(path)
        except seed.ResourceSeedError as error:
            raise refused("Ressources refusées", error) from error
        DatasetImport.objects.record(DATASET, fingerprint, summary.__dict__)
        if not quiet:
            self.stdout.write(
                f"Ressources : {summary.created} ajoutée(s), {summary.updated} mise(s) à jour, "
                f"{summary.unchanged} inchangée(s), {summary.removed} retirée(s) de la liste."
            )
            if summary.already_published:
                self.stdout.write(
                    "  Déjà publiées par une structure à la même adresse : "
                    + ", ".join(summary.already_published)
                )
            if summary.kept:
                self.stdout.write(
                    "  Modifiées ou retirées par leur éditeur ou l'équipe, laissées telles "
                    "quelles : " + ", ".join(summary.kept)
                )
