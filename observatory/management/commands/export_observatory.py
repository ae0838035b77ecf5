from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from observatory import activity, tables
from observatory.coverage import coverage_matrix
from observatory.models import Dimension, Survey
from observatory.needs import latest_survey, needs_vs_offer
from territories import site
from territories.models import Commune


class Command(BaseCommand):
    help = "Écrit les tableaux de l'observatoire d'un département en CSV dans un dossier."

    def add_arguments(self, parser):
        parser.add_argument("dossier")
        parser.add_argument("--departement", default=site.default_departement())

    def handle(self, *args, dossier, departement, **options):
        if not Commune.objects.filter(departement_id=departement).exists():
            raise CommandError(f"Département sans communes importées : « {departement} ».")
        folder = Path(dossier)
        folder.mkdir(parents=True, exist_ok=True)
        survey = latest_survey(departement)
        found = [
            tables.needs_table(needs_vs_offer(departement, survey), survey),
            tables.coverage_table(coverage_matrix([departement], "themes")),
            tables.coverage_table(coverage_matrix([departement], "aides")),
        ]
        for each in Survey.objects.filter(departement_id=departement):
            found += [tables.survey_table(each, dimension) for dimension in Dimension.values]
        filters = activity.Filters(departement=departement)
        found += tables.journey_tables(activity.journeys(filters))
        found += tables.request_tables(activity.requests(filters))
        for table in found:
            (folder / f"{table.slug}.csv").write_text(tables.to_csv(table), encoding="utf-8")
        self.stdout.write(f"{len(found)} tableaux écrits dans {folder}.")
