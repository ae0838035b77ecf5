"""python manage.py import_guichets [--file seed/guichets-anct.csv | --url …] [--departement 53]:
the préfectures' guichets de l'ingénierie from the ANCT's file of its delegates, institutional
columns only; idempotent (an unchanged file is not read again)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.commands import add_departements_argument, fingerprint, read_source
from directory.guichets import GuichetError, import_guichets
from territories.models import DatasetImport

DATASET = "guichets"
DEFAULT_FILE = settings.SEED_DIR / "guichets-anct.csv"


class Command(BaseCommand):
    help = "Importe le guichet de l'ingénierie de chaque département (fichier de l'ANCT)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=None, help=f"Défaut : {DEFAULT_FILE}.")
        parser.add_argument("--url", default=None, help="Ou l'adresse du fichier publié.")
        add_departements_argument(parser)

    def handle(self, *args, file=None, url=None, departements=None, **options):
        path = file or (None if url else str(DEFAULT_FILE))
        body = read_source(path, url, "text/csv")
        wanted = sorted(departements or [])
        key = fingerprint(body, ",".join(wanted))
        if DatasetImport.objects.is_current(DATASET, key):
            if options["verbosity"]:
                self.stdout.write("Guichets déjà à jour : rien à faire.")
            return
        try:
            created, updated = import_guichets(body.decode("utf-8"), wanted or None)
        except (GuichetError, UnicodeDecodeError) as error:
            raise CommandError(f"Import refusé, rien n'a été écrit : {error}") from error
        DatasetImport.objects.record(DATASET, key, {"created": created, "updated": updated})
        if options["verbosity"]:
            self.stdout.write(f"Guichets de l'ingénierie : {created} créés, {updated} mis à jour.")
