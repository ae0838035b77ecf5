import dataclasses
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.commands import fingerprint, read_source
from peers import dotations
from territories.models import DatasetImport

DATASET = "dotations-2019"


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
        parser.add_argument(
            "--force", action="store_true", help="Réimporte même si rien n'a changé."
        )

    def handle(self, *args, **options):
        body = read_source(options["file"], options["url"], "text/csv")
        try:
            table = dotations.load_table()
            rows = dotations.rows_of(body)
        except dotations.DotationsError as error:
            raise CommandError(f"Import refusé, rien n'a été écrit : {error}") from error
        quiet = options["verbosity"] == 0
        digest = fingerprint(
            body,
            dotations.KEYWORDS.read_bytes(),
            DatasetImport.objects.fingerprints("territoires", "annuaire"),
        )
        if DatasetImport.objects.is_current(DATASET, digest) and not options["force"]:
            if not quiet:
                self.stdout.write("Dotations 2019 déjà à jour : rien à faire.")
            return
        with tqdm(total=len(rows), desc="Projets 2019", disable=quiet, file=sys.stderr) as bar:
            summary = dotations.import_dotations(rows, table, progress=bar.update)
        DatasetImport.objects.record(DATASET, digest, dataclasses.asdict(summary))
        if not quiet:
            self.stdout.write(
                f"Dotations 2019 : {summary.rows} subvention(s) lue(s), {summary.projects} "
                f"réalisation(s) (nouvelles : {summary.new}, mises à jour : {summary.updated}, "
                f"retirées : {summary.removed})"
                + (
                    f" ; territoires introuvables : {', '.join(summary.unmapped)}"
                    if summary.unmapped
                    else ""
                )
                + "."
            )
