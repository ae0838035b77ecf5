"""python manage.py setup: everything `make setup` prepares, in one process — the schema, the
official referential, the directory, the survey, the ANCT's lists when this machine has them,
then the printable guides. Each step skips what is already up to date (the imports keep the
fingerprint of their inputs), so a second run with nothing changed takes about a second."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# The ANCT's lists of programme communes, as the reference files of ../shared/data name them
# (production reads the data.gouv.fr datasets with `import_programme --url`).
PROGRAMMES = {
    "petites-villes-de-demain": (
        "petites-villes-de-demain-mayenne.csv",
        "ANCT (Licence Ouverte 2.0), liste de janvier 2021 : github.com/anct-carto/pvd, "
        "data_init/pvd_carte-interactive_20200122.csv",
        "2021-01-22",  # the list's date (its commit), not the import day
    ),
    "action-coeur-de-ville": (
        "action-coeur-de-ville-mayenne.csv",
        "ANCT (Licence Ouverte 2.0) : github.com/anct-carto/action_coeur_de_ville, "
        "data/coeurdeville.js",
        "2025-04-02",  # commit 6903e5d, « MAJ Data Avril 2024 »
    ),
}
# Lists kept in seed/programmes/ (no copy in ../shared/data): (file, source, its date).
SEED_PROGRAMMES = {
    "villages-d-avenir": (
        "villages-d-avenir-mayenne.csv",
        "ANCT (Licence Ouverte 2.0), couche « Villages d'avenir » du superposeur : "
        "github.com/anct-carto/superposeur-anct, data/geom/geojsonV2/va_geom.geojson "
        "(commit 5c5ffe3, « maj data 2024 »)",
        "2024-09-16",
    ),
}
DOTATIONS = "dotations-investissement-2019-mayenne.csv"


class Command(BaseCommand):
    help = (
        "Prépare tout (schéma, référentiel, annuaire, enquête, programmes, réalisations 2019, "
        "guides imprimables) ; ne refait que ce qui a changé."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--programmes",
            default="../shared/data/programmes",
            help="Dossier des listes de l'ANCT (programmes, dotations 2019), s'il existe.",
        )
        parser.add_argument(
            "--local-platform-team",
            action="store_true",
            help="En développement, crée aussi le compte local de l'équipe (make run).",
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=0)
        for command in (
            "import_territories",
            "load_directory",
            "load_resources",
            "load_survey",
            "import_guichets",
        ):
            call_command(command, verbosity=verbosity)
        folder = Path(options["programmes"])
        for slug, (name, source, date) in PROGRAMMES.items():
            if (folder / name).exists():
                call_command(
                    "import_programme",
                    slug,
                    file=str(folder / name),
                    source=source,
                    date=date,
                    verbosity=verbosity,
                )
            else:
                self.stdout.write(f"Liste absente ({folder / name}) : import_programme --url.")
        for slug, (name, source, date) in SEED_PROGRAMMES.items():
            call_command(
                "import_programme",
                slug,
                file=str(settings.SEED_DIR / "programmes" / name),
                source=source,
                date=date,
                verbosity=verbosity,
            )
        if (folder / DOTATIONS).exists():
            call_command("import_dotations_2019", file=str(folder / DOTATIONS), verbosity=verbosity)
        else:
            self.stdout.write(f"Projets de 2019 absents ({folder}) : import_dotations_2019 --url.")
        call_command("build_guides", verbosity=verbosity)
        if options["local_platform_team"]:
            call_command("local_platform_team", verbosity=verbosity)
