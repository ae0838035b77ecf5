from django.core.management.base import BaseCommand, CommandError

from observatory.surveys import SurveyImportError, import_aggregated, import_raw
from territories import site


class Command(BaseCommand):
    help = (
        "Importe les résultats d'une enquête de connaissance et de besoins : tableau agrégé "
        "(item × segment → %) ou réponses brutes (une ligne par répondant). "
        "Voir docs/observatoire.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier")
        parser.add_argument("--format", choices=["agrege", "brut"], required=True)
        parser.add_argument("--annee", type=int, required=True)
        parser.add_argument("--departement", default=site.default_departement())
        parser.add_argument("--mesure", choices=["connaissance", "besoin"], default="")
        parser.add_argument("--titre", default="")
        parser.add_argument("--source", default="")

    def handle(self, *args, **options):
        try:
            if options["format"] == "agrege":
                summary = import_aggregated(
                    options["fichier"],
                    options["departement"],
                    options["annee"],
                    options["mesure"],
                    options["titre"],
                    options["source"],
                )
            else:
                summary = import_raw(
                    options["fichier"],
                    options["departement"],
                    options["annee"],
                    options["titre"],
                    options["source"],
                )
        except SurveyImportError as error:
            lines = "\n".join(f"  - {p}" for p in error.problems)
            raise CommandError(
                f"Import refusé, rien n'a été enregistré ({len(error.problems)} problème(s)) :\n"
                f"{lines}"
            ) from error
        self.stdout.write(
            f"{summary.survey} : {summary.figures} chiffres"
            + (f", {summary.answers} réponses" if summary.answers else "")
            + " importés."
        )
        for label in summary.unmatched:
            self.stdout.write(f"  intitulé sans structure ni thème correspondant : « {label} »")
        for warning in summary.warnings:
            self.stdout.write(f"  à vérifier : {warning}")
