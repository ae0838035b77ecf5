import hashlib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from observatory.surveys import SurveyImportError, load_manifest
from territories.models import DatasetImport

DEFAULT = settings.SEED_DIR / "mayenne" / "enquete-2023" / "enquete.toml"


class Command(BaseCommand):
    help = (
        "Charge une enquête livrée avec le projet (un fichier enquete.toml et ses tableaux), "
        "par défaut l'enquête 2023 des services de l'État en Mayenne. Relançable sans risque."
    )

    def add_arguments(self, parser):
        parser.add_argument("manifeste", nargs="?", default=str(DEFAULT))
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, **options):
        path = Path(options["manifeste"])
        quiet = options["verbosity"] == 0
        digest = hashlib.sha256()
        for file in sorted(path.parent.iterdir()) if path.is_file() else []:
            digest.update(file.name.encode() + file.read_bytes())
        dataset = f"enquete:{path.parent.name}"
        if DatasetImport.objects.is_current(dataset, digest.hexdigest()) and not options["force"]:
            if not quiet:
                self.stdout.write("Enquête déjà à jour : rien à faire.")
            return
        try:
            summaries = load_manifest(path)
        except SurveyImportError as error:
            lines = "\n".join(f"  - {p}" for p in error.problems)
            raise CommandError(f"Enquête refusée, rien n'a été enregistré :\n{lines}") from error
        survey = summaries[-1].survey
        DatasetImport.objects.record(
            dataset, digest.hexdigest(), {"figures": sum(s.figures for s in summaries)}
        )
        if quiet:
            return
        illegible = survey.figures.filter(percentage=None).count()
        self.stdout.write(
            f"{survey} : {sum(s.figures for s in summaries)} chiffres, dont {illegible} "
            f"illisible(s) dans la source, {survey.respondents or 'nombre inconnu de'} répondants."
        )
        for warning in summaries[-1].warnings:
            self.stdout.write(f"  à vérifier : {warning}")
