import dataclasses
import datetime
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from core.commands import add_departements_argument, fingerprint, read_source
from territories import programmes, site
from territories.models import DatasetImport, Programme


class Command(BaseCommand):
    help = (
        "Importe la liste des communes d'un programme national (Petites villes de demain, "
        "Action cœur de ville…) depuis un fichier CSV ou une adresse, au format des jeux de "
        "données de l'ANCT sur data.gouv.fr. Relançable sans risque : la liste du programme "
        "devient celle du fichier, pour les départements servis."
    )

    def add_arguments(self, parser):
        parser.add_argument("programme", help="Slug du programme : petites-villes-de-demain…")
        add_departements_argument(parser)
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--file", help="Fichier CSV.")
        source.add_argument("--url", help="Adresse d'un fichier CSV.")
        parser.add_argument(
            "--source",
            help="Ce qui sera cité comme source (défaut : l'adresse, ou le nom du fichier).",
        )
        parser.add_argument("--date", help="Date de la source, AAAA-MM-JJ (défaut : aujourd'hui).")
        parser.add_argument(
            "--force", action="store_true", help="Réimporte même si rien n'a changé."
        )

    def handle(self, *args, **options):
        programme = Programme.objects.filter(slug=options["programme"]).first()
        if programme is None:
            known = ", ".join(Programme.objects.values_list("slug", flat=True))
            raise CommandError(f"Programme inconnu « {options['programme']} » ; connus : {known}.")
        try:
            source_date = (
                datetime.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"Date illisible « {options['date']} » : AAAA-MM-JJ.") from error
        body = read_source(options["file"], options["url"], "text/csv")
        try:
            rows = programmes.rows_of(body)
        except programmes.ProgrammeFileError as error:
            raise CommandError(f"Import refusé, rien n'a été écrit : {error}") from error
        source = options["source"] or options["url"] or Path(options["file"]).name
        departements = options["departements"] or site.served_codes()
        quiet = options["verbosity"] == 0
        dataset = f"programme:{programme.slug}"
        digest = fingerprint(
            body,
            source,
            options["date"] or "",
            ",".join(sorted(departements)),
            DatasetImport.objects.fingerprints("territoires"),
        )
        if DatasetImport.objects.is_current(dataset, digest) and not options["force"]:
            if not quiet:
                self.stdout.write(f"{programme.name} déjà à jour : rien à faire.")
            return
        with tqdm(total=len(rows), desc=programme.name, disable=quiet, file=sys.stderr) as bar:
            summary = programmes.import_programme(
                programme, rows, departements, source, source_date, lambda: bar.update(1)
            )
        DatasetImport.objects.record(dataset, digest, dataclasses.asdict(summary))
        if not quiet:
            self.stdout.write(
                f"{programme.name} : {summary.read} ligne(s) lue(s) ; communes ajoutées : "
                f"{summary.new}, inchangées ou mises à jour : {summary.kept}, retirées : "
                f"{summary.removed}, hors des départements servis : {summary.outside}"
                + (
                    f" ; codes inconnus : {', '.join(summary.unknown[:20])}"
                    if summary.unknown
                    else ""
                )
                + "."
            )
