import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.commands import read_source
from peers import dotations


class Command(BaseCommand):
    help = (
        "Importe comme réalisations les projets des communes, intercommunalités et du "
        "Département subventionnés par l'État en 2019 (DETR, DSIL, DSID ; données ouvertes de "
        "l'ANCT, CSV). Relançable sans risque ; thèmes d'après seed/realisations.toml."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", help="Fichier CSV (extrait de l'ANCT).")
        source.add_argument("--url", help="Adresse d'un fichier CSV.")

    def handle(self, *args, **options):
        body = read_source(options["file"], options["url"], "text/csv")
        try:
            table = dotations.load_table()
            rows = dotations.rows_of(body)
        except dotations.DotationsError as error:
            raise CommandError(f"Import refusé, rien n'a été écrit : {error}") from error
        quiet = options["verbosity"] == 0
        with tqdm(total=len(rows), desc="Projets 2019", disable=quiet, file=sys.stderr) as bar:
            summary = dotations.import_dotations(rows, table, progress=bar.update)
        if not quiet:
            self.stdout.write(
                f"Dotations 2019 : {summary.rows} subvention(s) lue(s), {summary.projects} "
                f"réalisation(s) (nouvelles : {summary.new}, mises à jour : {summary.updated}, "
                f"retirées : {summary.removed})"
                + (
                    f" ; territoires introuvables : {', '.join(summary.unmapped)}"
                    if summary.unmapped
                    else ""
                )  # fmt: skip
                + "."
            )
