"""`make bench`: performance figures at national scale, printed (not asserted).

1. import of the whole French referential with outlines (time);
2. a generated national directory (2,000 structures, 10,000 offers) on top of the Mayenne seed;
3. server time (Django test client, in process) p50/p95 of the commune page and of the
   directory API, against a trivial view measured in the same run;
4. weight of the home page as a browser loads it (HTML, CSS, JS, fonts; gzip-compressed).

Uses its own database: .cache/bench.sqlite3, or BENCH_DATABASE_URL (emptied first), e.g.
BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/cartoinge_bench make bench
"""

import datetime
import gc
import gzip
import io
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DEBUG", "true")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / '.cache' / 'bench.sqlite3'}"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402

from directory.index import get_index  # noqa: E402
from territories.models import Commune  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))


def resident_megabytes() -> float:
    """The resident memory of this process now (Linux), in megabytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def percentiles(samples: list[float]) -> str:
    p50, p95 = statistics.median(samples), percentile(samples, 0.95)
    return f"p50 {p50 * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(samples)})"


def timed(client: Client, urls: list[str]) -> list[float]:
    samples = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def step(title: str):
    print(f"\n== {title}", flush=True)


def main() -> None:
    if os.environ.get("BENCH_KEEP_DATABASE"):  # measure again on the previous run's data
        step("Base de données : " + connection.vendor + " (celle de la mesure précédente)")
        call_command("migrate", verbosity=0)
    else:
        build_database()
    measure_requests()


def build_database() -> None:
    database = Path(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and database.exists():
        database.unlink()
    step("Base de données : " + connection.vendor)
    if connection.vendor == "postgresql":  # a dedicated database, rebuilt before each run:
        with connection.cursor() as cursor:  # its data migrations (programmes) run again
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("migrate", verbosity=0)

    step("Import du référentiel de toute la France (decoupage-administratif + contours IGN)")
    start = time.perf_counter()
    call_command("import_territories", "--all", "--geometry", "none", verbosity=0)
    referential = time.perf_counter() - start
    start = time.perf_counter()
    call_command("import_territories", "--all", "--force", verbosity=0)
    with_outlines = time.perf_counter() - start
    communes = Commune.objects.count()
    missing = Commune.objects.filter(geometry="").count()
    print(f"référentiel seul : {referential:6.1f} s  ({communes} communes)")
    print(f"référentiel + contours : {with_outlines:6.1f} s  ({missing} communes sans contour)")
    start = time.perf_counter()
    call_command("import_territories", "--all", verbosity=0)
    print(f"relance sans changement : {time.perf_counter() - start:6.2f} s")

    step("Annuaire : seed de la Mayenne + annuaire national généré")
    call_command("load_directory", verbosity=0)
    measure_guide("guide de la Mayenne, annuaire réel (seed) seul")
    from bench.generate import generate
    from directory.models import Offre, Structure

    start = time.perf_counter()
    generate(structures=2000, offres=10000)
    print(
        f"{Structure.objects.count()} structures, {Offre.objects.count()} offres "
        f"(générées en {time.perf_counter() - start:.1f} s)"
    )

    step("Tous les départements : onboard_departement all (modèles nationaux)")
    start = time.perf_counter()
    call_command("onboard_departement", "all", "--skip-referential", verbosity=0)
    print(
        f"{Structure.objects.exclude(template='').count()} fiches de modèles, "
        f"{Offre.objects.exclude(structure__template='').count()} offres, "
        f"en {time.perf_counter() - start:.1f} s ; annuaire : {Structure.objects.count()} "
        f"structures, {Offre.objects.count()} offres"
    )


def measure_requests() -> None:
    rng = random.Random(1)
    codes = list(Commune.objects.values_list("code", flat=True))
    sample = [rng.choice(codes) for _ in range(REQUESTS)]
    names = list(Commune.objects.filter(code__in=sample).values_list("name", flat=True))
    # Server times as in production: no SQL logging, no template debugging (DEBUG only stays
    # on for the settings read at start-up: static files served from the source folders).
    settings.DEBUG = False
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic: finders
    client = Client()
    client.get("/")  # warm-up
    # Built once per process and per change of the directory, not per page: timed on its own,
    # so that the first commune page does not carry it into the pages' p95.
    start = time.perf_counter()
    get_index()
    built = time.perf_counter() - start
    gc.freeze()  # as config/wsgi.py does once the application is loaded
    step(f"Temps serveur ({REQUESTS} requêtes chacune, client de test Django, DEBUG désactivé)")
    print(f"index de l'annuaire, construit une fois par processus : {1000 * built:.0f} ms")

    def measure(label: str, urls: list[str], on=None) -> list[float]:
        samples = timed(on or client, urls)
        print(f"{label:40s} {percentiles(samples)}")
        return samples

    measure("vue triviale (accessibilité)", ["/accessibilite/"] * REQUESTS)
    measure("page commune", [f"/communes/{c}/" for c in sample])
    measure("API /structures?commune=…", [f"/api/v1/structures?commune={c}" for c in sample])
    measure(
        "API /offres?commune=…&theme=voirie",
        [f"/api/v1/offres?commune={c}&theme=voirie" for c in sample],
    )
    measure("API /offres?page=…", [f"/api/v1/offres?page={rng.randint(1, 200)}" for _ in sample])
    measure("API /communes?q=saint", ["/api/v1/communes?q=saint"] * REQUESTS)
    measure("API /communes?q=<nom>", [f"/api/v1/communes?q={c[:4]}" for c in names])
    measure("annuaire /annuaire/?commune=…", [f"/annuaire/?commune={c}" for c in sample[:50]])
    measure("annuaire /annuaire/ (sans filtre)", ["/annuaire/"] * 50)
    departements = list(Commune.objects.values_list("departement_id", flat=True).distinct())
    measure("page département", [f"/departements/{rng.choice(departements)}/" for _ in range(50)])
    epcis = list(Commune.objects.exclude(epci=None).values_list("epci_id", flat=True).distinct())
    measure(
        "page intercommunalité", [f"/intercommunalites/{rng.choice(epcis)}/" for _ in range(50)]
    )

    step("Orientation « Qui peut m'aider ? » (moteur seul, puis page de résultats complète)")
    from orientation.engine import orient

    requests = [
        "remplacer les vieux lampadaires de la rue principale",
        "diagnostic de notre assainissement collectif",
        "raccorder la salle de sport au très haut débit",
        "un pont communal se fissure",
        "racheter une friche pour faire du logement",
        "agrandir l'école",
        "organiser une fête de village",
        "slt cmt on fé pr 1 subv pr refaire le toit de l eglize",
        # A secretary's long message: every word of 1,500 characters is read.
        (
            "Bonjour, je suis secrétaire de mairie d'une commune de 400 habitants. Le conseil "
            "municipal souhaite rénover l'ancienne école fermée depuis trois ans pour y faire "
            "deux logements et une salle associative. Le bâtiment est en pierre, la toiture est "
            "à reprendre, les menuiseries sont d'origine et le chauffage au fioul. Nous ne "
            "savons pas par où commencer : faut-il un architecte, une étude de faisabilité, "
            "qui peut nous aider à monter le plan de financement et à consulter les "
            "entreprises ? "
        )
        * 3,
    ]
    communes = list(
        Commune.objects.filter(code__in=sample).select_related("epci", "departement", "region")
    )
    orient(communes[0], requests[0])  # warm the thesaurus and the offers' analysed texts
    engine = []
    for i, commune in enumerate(communes):
        start = time.perf_counter()
        orient(commune, requests[i % len(requests)])
        engine.append(time.perf_counter() - start)
    print(f"{'moteur orient()':40s} {percentiles(engine)}")
    # Not a worker's: this process also built the national data (a worker's own memory is
    # measured after the load test below).
    print(f"mémoire du processus du banc : {resident_megabytes():.0f} Mo RSS")
    pages = [
        f"/orientation/resultats/?commune={c.code}&q={requests[i % len(requests)]}"
        for i, c in enumerate(communes)
    ]
    # The two pages one after the other, request by request: the same conditions for both.
    results_page, trivial = [], []
    for url in pages:
        results_page += timed(client, [url])
        trivial += timed(client, ["/accessibilite/"])
    print(f"{'page de résultats':40s} {percentiles(results_page)}")
    print(f"{'vue triviale, en alternance':40s} {percentiles(trivial)}")
    ratio_p50 = statistics.median(results_page) / statistics.median(trivial)
    ratio_p95 = percentile(results_page, 0.95) / percentile(trivial, 0.95)
    print(f"rapport page de résultats / vue triviale : p50 {ratio_p50:.2f}, p95 {ratio_p95:.2f}")
    from bench.load import measure as load

    print(f"{'en charge':40s} {load(os.environ['DATABASE_URL'], pages)}")
    sizes = [len(client.get(url).content) for url in pages[:50]]
    print(
        f"HTML de la page de résultats : médiane {statistics.median(sizes) / 1024:.1f} Ko, "
        f"max {max(sizes) / 1024:.1f} Ko (non compressé)"
    )

    measure_support(measure)
    measure_observatory(measure)
    measure_funding(measure, requests_sample=requests)
    measure_opendata(measure)
    measure_projects(measure)

    step("Poids des pages chargées par Chromium (gzip, comme servi en production)")
    home_weight(client)


def measure_support(measure) -> None:
    """Help requests: the form submission and the structure inbox with 100,000 requests."""
    from django.conf import settings
    from django.core.cache import cache

    from accounts.factories import UserFactory
    from accounts.models import Membership, TerritoryAdmin
    from bench.requests import generate_requests
    from directory.models import Offre
    from support.models import SupportRequest

    step("Demandes d'accompagnement (100 000 demandes en base)")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.RATE_LIMIT_REQUESTS_PER_IP = settings.RATE_LIMIT_REQUESTS_PER_EMAIL = 10**9
    settings.RATE_LIMIT_EMAILS_PER_IP_PER_DAY = settings.RATE_LIMIT_EMAILS_PER_ADDRESS_PER_DAY = (
        10**9
    )
    busy = "te53-eclairage-public"
    missing = 100_000 - SupportRequest.objects.count()
    if missing > 0:
        start = time.perf_counter()
        generate_requests(missing, busy)
        print(f"{missing} demandes générées en {time.perf_counter() - start:.1f} s")
    structure = Offre.objects.get(slug=busy).structure
    print(
        f"{SupportRequest.objects.count()} demandes, dont "
        f"{SupportRequest.objects.filter(structure=structure).count()} pour {structure.acronym}"
    )
    rng = random.Random(3)
    codes = list(Commune.objects.filter(departement_id="53").values_list("code", flat=True))
    client = Client()
    samples = []
    for i in range(REQUESTS // 2):
        cache.clear()
        data = {
            "offre": busy,
            "commune": rng.choice(codes),
            "offres": [busy],
            "project": "Remplacer les lampadaires de la rue principale par des LED.",
            "requester_name": "Demandeur de test",
            "requester_role": "maire",
            "requester_email": f"bench{i}@example.invalid",
            "consent": "on",
        }
        begin = time.perf_counter()
        response = client.post("/demandes/nouvelle/", data)
        samples.append(time.perf_counter() - begin)
        assert response.status_code == 302, response.status_code
    print(f"{'envoi du formulaire de demande':40s} {percentiles(samples)}")
    member = UserFactory(email="bench.membre@example.invalid")
    Membership.objects.get_or_create(user=member, structure=structure)
    client.force_login(member)
    measure("boîte de réception (1re page)", ["/espace/demandes/"] * 100, on=client)
    measure(
        "boîte de réception, filtre « nouvelle »",
        ["/espace/demandes/?statut=nouvelle"] * 100,
        on=client,
    )
    measure("boîte de réception, page 40", ["/espace/demandes/?page=40"] * 100, on=client)
    ids = list(
        SupportRequest.objects.filter(structure=structure).values_list("public_id", flat=True)[:100]
    )
    measure("une demande (espace structure)", [f"/espace/demandes/{i}/" for i in ids], on=client)
    admin = UserFactory(email="bench.ddt@example.invalid")
    TerritoryAdmin.objects.get_or_create(user=admin, departement_id="53")
    client.force_login(admin)
    measure("boîte de réception, équipe DDT 53", ["/espace/demandes/"] * 50, on=client)
    measure("file de modération, équipe DDT 53", ["/espace/plateforme/"] * 20, on=client)
    laval = "/intercommunalites/200083392/tableau-de-bord/"
    in_laval = SupportRequest.objects.filter(commune__epci_id="200083392").count()
    print(f"Laval Agglomération : {in_laval} demandes de ses communes")
    measure("tableau de bord de Laval Agglomération", [laval] * 50, on=client)
    concentrate_on_laval(20_000)
    measure("tableau de bord, 20 000 demandes et parcours", [laval] * 50, on=client)


def measure_projects(measure) -> None:
    """« Mes projets » with 100,000 projects and 1 million events: a project's page (as its
    team sees it: the engine and the open aids on its description), a structure's list, the
    guichet's list of the Mayenne."""
    from accounts.factories import UserFactory
    from accounts.models import Membership, TerritoryAdmin
    from bench.projects import generate_projects
    from directory.models import Structure
    from projects.models import Activity, Project, ProjectMember

    total = int(os.environ.get("BENCH_PROJECTS", "100000"))
    step(f"Mes projets ({total} projets, {10 * total} évènements)")
    if not Project.objects.exists():
        start = time.perf_counter()
        generate_projects(total)
        print(f"générés en {time.perf_counter() - start:.1f} s")
    print(f"{Project.objects.count()} projets, {Activity.objects.count()} évènements")
    client = Client()
    secretary = UserFactory(email="bench.secretaire@example.invalid")
    rng = random.Random(5)
    ids = list(Project.objects.values_list("pk", flat=True))
    mine = [rng.choice(ids) for _ in range(min(REQUESTS, 100))]
    ProjectMember.objects.bulk_create(
        [ProjectMember(project_id=pk, user=secretary) for pk in set(mine)], ignore_conflicts=True
    )
    client.force_login(secretary)
    pages = [
        f"/projets/{public_id}/"
        for public_id in Project.objects.filter(pk__in=mine).values_list("public_id", flat=True)
    ]
    measure("page d'un projet (son équipe)", pages, on=client)
    measure("Mes projets (équipe de 100 projets)", ["/projets/"] * 50, on=client)
    caue = Structure.objects.get(slug="caue-53")
    member = UserFactory(email="bench.caue@example.invalid")
    Membership.objects.get_or_create(user=member, structure=caue)
    client.force_login(member)
    listing = "/projets/structures/caue-53/"
    count = caue.followed_projects.count()
    measure(f"liste d'une structure ({count} projets, 1re page)", [listing] * 50, on=client)
    measure("liste d'une structure, page 40", [listing + "?page=40"] * 50, on=client)
    guichet = UserFactory(email="bench.guichet@example.invalid")
    TerritoryAdmin.objects.get_or_create(user=guichet, departement_id="53")
    client.force_login(guichet)
    shared = Project.objects.filter(shared_with_state=True, communes__departement_id="53")
    label = f"liste du guichet 53 ({shared.distinct().count()} projets partagés)"
    measure(label, ["/projets/departements/53/"] * 50, on=client)
    measure("liste du guichet 53, page 20", ["/projets/departements/53/?page=20"] * 50, on=client)


def concentrate_on_laval(count: int) -> None:
    """A busy intercommunality: `count` of the requests moved to Laval Agglomération's communes
    and as many journeys of its communes, spread over the last year. Deterministic; done once
    per bench database."""
    from orientation.models import Journey
    from support.models import SupportRequest

    communes = list(Commune.objects.filter(epci_id="200083392").values_list("code", flat=True))
    have = SupportRequest.objects.filter(commune__epci_id="200083392").count()
    if have < count:
        rng = random.Random(5)
        ids = list(
            SupportRequest.objects.exclude(commune__epci_id="200083392")
            .order_by("pk")
            .values_list("pk", flat=True)[: count - have]
        )
        for code in communes:
            chunk = ids[: len(ids) // len(communes) + 1]
            ids = ids[len(chunk) :]
            SupportRequest.objects.filter(pk__in=chunk).update(
                commune_id=code, share_with_epci=rng.random() < 0.2
            )
    if Journey.objects.filter(epci_id="200083392").count() < count:
        rng = random.Random(6)
        themes = ["voirie", "eau-assainissement", "urbanisme", "paysage", "logement"]
        created = Journey.objects.bulk_create(
            [
                Journey(
                    commune_id=rng.choice(communes),
                    epci_id="200083392",
                    themes=[rng.choice(themes)],
                    aides=[rng.choice(["technique", "juridique"])],
                    weak=rng.random() < 0.1,
                )
                for _ in range(count)
            ],
            batch_size=5000,
        )
        pks = sorted(j.pk for j in created if j.pk) or list(
            Journey.objects.filter(epci_id="200083392").values_list("pk", flat=True)
        )
        now = datetime.datetime.now(datetime.UTC)
        for month in range(12):  # spread over the last year, month by month
            chunk = pks[month::12]
            Journey.objects.filter(pk__in=chunk).update(
                created_at=now - datetime.timedelta(days=30 * month)
            )
    print(
        f"Laval Agglomération : "
        f"{SupportRequest.objects.filter(commune__epci_id='200083392').count()} demandes, "
        f"{Journey.objects.filter(epci_id='200083392').count()} parcours"
    )


def measure_observatory(measure) -> None:
    """The coverage matrix of all of France, 50,000 raw survey answers, the dashboards."""
    import csv

    from directory.models import Structure, Theme
    from observatory.coverage import coverage_matrix
    from observatory.surveys import import_raw

    step("Observatoire")
    start = time.perf_counter()
    matrix = coverage_matrix(None)
    elapsed = time.perf_counter() - start
    print(
        f"matrice de couverture, toute la France : {elapsed:6.1f} s "
        f"({len(matrix.rows)} EPCI × {len(matrix.columns)} thèmes, {len(matrix.gaps())} manques)"
    )
    rng = random.Random(4)
    structures = list(Structure.objects.filter(from_seed=True).values_list("name", flat=True))
    themes = list(Theme.objects.values_list("slug", flat=True))
    codes = list(Commune.objects.values_list("code", flat=True))
    profiles = ["maire", "adjoint", "conseiller", "secrétaire de mairie", "agent d'EPCI", "autre"]
    path = ROOT / ".cache" / "bench-enquete-brute.csv"
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(
            [
                "profil",
                "commune",
                *[f"connait:{n}" for n in structures],
                *[f"besoin:{t}" for t in themes],
            ]
        )
        for _ in range(50_000):
            writer.writerow(
                [
                    rng.choice(profiles),
                    rng.choice(codes),
                    *[rng.choice(["oui", "non", ""]) for _ in structures + themes],
                ]
            )
    start = time.perf_counter()
    summary = import_raw(path, "53", 2099, title="Enquête de mesure")
    elapsed = time.perf_counter() - start
    print(
        f"import de {summary.answers} réponses brutes : {elapsed:6.1f} s "
        f"({summary.figures} chiffres calculés)"
    )
    client = Client()
    measure("observatoire : synthèse (53)", ["/observatoire/?departement=53"] * 20, on=client)
    measure("observatoire : couverture (53)", ["/observatoire/couverture/"] * 20, on=client)
    measure("observatoire : export XLSX (53)", ["/observatoire/?format=xlsx"] * 10, on=client)


def measure_funding(measure, requests_sample) -> None:
    """2,000 aids synchronised from a local aides-territoires in the API's format, then the
    results page with its « Financer » part."""
    import copy
    import json

    from funding import aides_territoires
    from funding.models import Aid
    from funding.tests.fake_api import FIXTURE, TOKEN, serving

    step("Financements : synchronisation de 2 000 aides (aides-territoires local)")
    data = json.loads(FIXTURE.read_text())
    models = [a for a in data["aids"] if a["id"] != 156168]
    rng = random.Random(7)
    aids = []
    for n in range(2_000):
        aid = copy.deepcopy(rng.choice(models))
        aid["id"] = 1_000_000 + n
        aid["name"] = f"{aid['name']} n° {n}"
        aid["slug"] = f"{aid['id']:x}-{aid['slug']}"
        aids.append(aid)
    data["aids"] = aids
    local = [a["id"] for a in aids if a["perimeter_scale"] == "epci"]
    others = [a["id"] for a in aids if a["perimeter_scale"] != "epci"]
    data["by_perimeter"] = {"70971-mayenne": [a["id"] for a in aids]}
    for perimeter in data["perimeters"][1:]:
        data["by_perimeter"][perimeter["id"]] = others + (
            local if perimeter["code"] == "200083392" else []
        )
    Aid.objects.all().delete()
    with serving(data) as server:
        client = aides_territoires.Client(TOKEN, base=server.base)
        start = time.perf_counter()
        summary = aides_territoires.sync(client, ["53"])
        elapsed = time.perf_counter() - start
    print(
        f"synchronisation : {elapsed:6.1f} s pour {summary.read} aides lues ({summary.new} "
        f"nouvelles, {len(server.calls)} appels à l'API, pages de {aides_territoires.PAGE_SIZE})"
    )
    communes = list(Commune.objects.filter(departement_id="53").values_list("code", flat=True))
    client = Client()
    measure(
        "page de résultats avec 2 000 aides",
        [
            f"/orientation/resultats/?commune={communes[i % len(communes)]}"
            f"&q={requests_sample[i % len(requests_sample)]}"
            for i in range(100)
        ],
        on=client,
    )
    measure(
        "page de résultats « rénover l'école »",
        [
            f"/orientation/resultats/?commune={c}&q=r%C3%A9nover+l%27%C3%A9cole"
            for c in communes[:100]
        ],
        on=client,
    )


def measure_opendata(measure) -> None:
    """Every open data file built at once, as on the first request after a change (issue 18:
    at most 10 s for 10,000 offers), then the coverage of the département with most
    communes."""
    from directory.models import Offre
    from opendata import exports

    step(f"Données ouvertes : tous les fichiers ({Offre.objects.count()} offres)")
    start = time.perf_counter()
    built = exports.files()
    elapsed = time.perf_counter() - start
    total = sum(len(content) for content in built.values())
    print(
        f"génération de tous les fichiers : {elapsed:6.2f} s ({len(built)} fichiers, "
        f"{total / 1_000_000:.1f} Mo ; couverture de {', '.join(settings.SITE_DEPARTEMENTS)})"
    )
    for name in ("structures.csv", "offres.csv", "offres.json", "sieges.geojson"):
        print(f"  {name:22s} {len(built[name]) / 1_000_000:6.2f} Mo")
    largest = (
        Commune.objects.values("departement_id").annotate(n=Count("pk")).order_by("-n").first()
    )
    start = time.perf_counter()
    rows = exports.coverage_rows(largest["departement_id"])
    print(
        f"couverture du département {largest['departement_id']} ({largest['n']} communes) : "
        f"{time.perf_counter() - start:6.2f} s, {len(rows)} lignes offre × commune"
    )
    client = Client()
    measure("fichier /donnees/offres.csv déjà construit", ["/donnees/offres.csv"] * 20, on=client)

    step("Guide imprimable de la Mayenne (annuaire national généré compris)")
    measure_guide("guide de la Mayenne, annuaire national généré compris")
    call_command("build_guides", departements=["53"], sans_epci=True, verbosity=0)
    measure("guide déjà construit /guide/53.pdf", ["/guide/53.pdf"] * 20, on=client)


def measure_guide(label: str) -> None:
    """The Mayenne's printable guide built from scratch, as on the first request after a
    change (issue 18 asked for 2 s): gathering its content, then WeasyPrint's PDF."""
    from pypdf import PdfReader

    from guide import content, render
    from territories.models import Departement

    render.available()  # WeasyPrint's import (about 0.5 s) is paid once per process
    start = time.perf_counter()
    guide = content.for_departement(Departement.objects.get(code="53"))
    gathered = time.perf_counter() - start
    start = time.perf_counter()
    document = render.pdf(guide)
    built = time.perf_counter() - start
    pages = len(PdfReader(io.BytesIO(document)).pages)
    offers = sum(len(item.offers) for item in guide.structures)
    print(
        f"{label} : contenu {gathered:5.2f} s, PDF {built:5.2f} s ({len(document) / 1000:.0f} Ko, "
        f"{pages} pages, {len(guide.structures)} structures, {offers} offres)"
    )


def home_weight(client: Client) -> None:
    """What Chromium downloads to show the page, each text file gzip-compressed as a
    production server sends it (fonts are woff2, already compressed)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    settings.MAP_TILE_URL = ""  # no network here; the map's own weight is what is measured
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(chromium).exists():
        print("Chromium absent : poids non mesuré (installez le paquet chromium).")
        return
    from playwright.sync_api import sync_playwright

    thread = LiveServerThread("127.0.0.1", StaticFilesHandler, connections_override={}, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    base = f"http://127.0.0.1:{thread.port}"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for path in (
                "/",
                "/communes/53107/",
                "/annuaire/",
                "/orientation/resultats/?commune=53271&q=remplacer+les+lampadaires",
                "/carte/",  # outlines and seats included; the tiles are another server's
            ):
                page = browser.new_page(viewport={"width": 390, "height": 844})
                bodies: list[tuple[str, bytes]] = []
                page.on("response", lambda r, bodies=bodies: bodies.append((r.url, r.body())))
                page.goto(base + path, wait_until="networkidle")
                page.close()
                print(f"\n-- {path}")
                total = raw_total = 0
                for url, body in bodies:
                    name = url.replace(base, "")
                    compressed = (
                        len(body) if name.endswith(".woff2") else len(gzip.compress(body, 9))
                    )
                    total += compressed
                    raw_total += len(body)
                    kilobytes = f"{compressed / 1024:7.1f} Ko  ({len(body) / 1024:7.1f} Ko brut)"
                    print(f"{name[:60]:60s} {kilobytes}")
                print(f"{'TOTAL':60s} {total / 1024:7.1f} Ko  ({raw_total / 1024:7.1f} Ko brut)")
            browser.close()
    finally:
        thread.terminate()


if __name__ == "__main__":
    main()
