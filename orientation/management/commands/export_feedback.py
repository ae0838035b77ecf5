"""python manage.py export_feedback [--departement 53] [--theme voirie] [--output avis.csv]:
the weak answers and the « non », for extending the thesaurus or the directory."""

import io
import sys

from django.core.management.base import BaseCommand

from orientation.listening import to_review, with_theme, write_csv


class Command(BaseCommand):
    help = "Exporte (CSV) les réponses faibles et les avis « non », sans donnée personnelle."

    def add_arguments(self, parser):
        parser.add_argument("--departement", action="append", help="Code(s) de département.")
        parser.add_argument("--theme", default="", help="Slug d'un thème.")
        parser.add_argument("--output", help="Fichier CSV (sinon la sortie standard).")

    def handle(self, *args, departement=None, theme="", output=None, **options):
        journeys = with_theme(to_review(set(departement) if departement else None), theme)
        if not output:
            text = io.StringIO()
            write_csv(text, journeys)
            self.stdout.write(text.getvalue(), ending="")  # as written: no line added
            return
        with open(output, "w", newline="", encoding="utf-8") as stream:
            write_csv(stream, journeys)
        print(f"{len(journeys)} ligne(s) écrite(s) dans {output}.", file=sys.stderr)
