"""The library's launch-day list (seed/ressources.toml): checked by the structures' own form,
loaded published, never overwriting what a publisher took over."""

import datetime
import tomllib
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from directory.models import Structure
from directory.tests.test_seed import EMAIL, PHONE
from library import seed
from library.forms import ResourceForm
from library.models import Resource
from spaces.resources import save_resource

pytestmark = pytest.mark.django_db
LIST = settings.SEED_DIR / "ressources.toml"
# Mirrors and third parties are not sources: each resource is at its publisher's.
THIRD_PARTIES = ("docplayer", "scribd", "fdocuments", "calameo", "pastebin", "wikipedia")

RECORD = """
[[ressources]]
title = "Guide de la voirie communale"
url = "https://www.example.gouv.fr/guide-voirie.pdf"
publisher = "cerema"
kind = "guide"
audience = "elus"
published_on = "2024-05"
licence = ""
themes = ["voirie"]
phases = ["emergence"]
summary = "Les étapes d'un programme de voirie."
"""


def test_the_launch_list_loads_published_with_sources_dates_and_review(capsys):
    call_command("load_resources", force=True)
    loaded = Resource.objects.published().filter(seeded=True)
    data = tomllib.loads(LIST.read_text())
    checked = datetime.date.fromisoformat(data["verifie_le"])
    assert loaded.count() == len(data["ressources"]) >= 40
    assert not loaded.filter(themes=None).exists()
    for resource in loaded.select_related("publisher"):
        assert resource.url.startswith(("https://", "http://"))
        assert not any(name in urlparse(resource.url).netloc for name in THIRD_PARTIES)
        assert resource.published_on is None or resource.published_on <= checked
        assert resource.review_by == checked + seed.REVIEW_AFTER
    assert loaded.values("publisher").distinct().count() >= 8
    call_command("load_resources")
    assert "déjà à jour" in capsys.readouterr().out


def test_the_launch_list_holds_no_personal_contact():
    text = LIST.read_text()
    assert not EMAIL.search(text) and not PHONE.search(text)


def test_every_problem_is_reported_and_nothing_is_written(tmp_path):
    before = Resource.objects.count()
    bad = tmp_path / "ressources.toml"
    bad.write_text(
        'verifie_le = "2026-12-07"\n'
        + RECORD
        + RECORD.replace('"cerema"', '"inconnu"')
        .replace('"2024-05"', '"mai 2024"')
        .replace('["voirie"]', '["routes"]')
        .replace('kind = "guide"', 'kind = "livre"\nauteur = "X"')
    )
    with pytest.raises(CommandError) as error:
        call_command("load_resources", file=str(bad))
    message = str(error.value)
    for expected in (
        "ressource n° 2",
        "éditeur inconnu de l'annuaire « inconnu »",
        "published_on : date attendue",
        "« routes » inconnu",
        "champ inconnu « auteur »",
        "adresse déjà donnée par la ressource n° 1",
        "kind :",
    ):
        assert expected in message
    assert Resource.objects.count() == before


def test_a_resource_its_publisher_edited_is_theirs_and_one_left_off_the_list_goes(tmp_path):
    Resource.objects.filter(seeded=True).delete()  # the launch list, loaded as on a fresh install
    listed = tmp_path / "ressources.toml"
    other = RECORD.replace("guide-voirie", "fiche-pont").replace("Guide de", "Fiche sur")
    listed.write_text('verifie_le = "2026-12-07"\n' + RECORD + other)
    assert seed.load(listed).created == 2
    resource = Resource.objects.get(url__endswith="guide-voirie.pdf")
    assert resource.status == Resource.Status.PUBLISHED and resource.seeded
    assert resource.review_by == datetime.date(2027, 12, 7)
    cerema = Structure.objects.get(slug="cerema")
    edit(resource, cerema, url="https://www.example.gouv.fr/guide-voirie-2025.pdf")
    listed.write_text('verifie_le = "2026-12-07"\n' + RECORD.replace("2024-05", "2024-06"))
    summary = seed.load(listed)
    assert summary.kept == ["Guide de la voirie communale, édition 2025"]
    assert summary.removed == 1
    # Known by its address in the list: a new address of the publisher's is not listed twice.
    assert Resource.objects.get().url.endswith("guide-voirie-2025.pdf")


def edit(resource, structure, **changes):
    """As its publisher does in the structure's space (the date to the day)."""
    data = {
        "title": "Guide de la voirie communale, édition 2025",
        "summary": "Mis à jour par le Cerema.",
        "kind": "guide",
        "themes": [t.pk for t in resource.themes.all()],
        "audience": "elus",
        "url": resource.url,
        "published_on": "2025-01-15",
    }
    form = ResourceForm(data=data | changes, instance=resource)
    assert form.is_valid(), form.errors
    return save_resource(None, structure, form)


def test_a_withdrawn_or_already_published_resource_is_not_listed_again(tmp_path, client):
    from accounts.factories import member_of
    from directory.factories import StructureFactory

    Resource.objects.filter(seeded=True).delete()
    listed = tmp_path / "ressources.toml"
    other = RECORD.replace("guide-voirie", "fiche-pont").replace("Guide de", "Fiche sur")
    listed.write_text('verifie_le = "2026-12-07"\n' + RECORD + other)
    seed.load(listed)
    resource = Resource.objects.get(url__endswith="guide-voirie.pdf")
    cerema = Structure.objects.get(slug="cerema")
    client.force_login(member_of(cerema, role="admin"))
    client.post(f"/espace/ressources/{resource.pk}/", {"action": "withdraw"})
    resource.refresh_from_db()
    assert resource.status == Resource.Status.REFUSED and not resource.seeded
    # Another structure published the pont sheet at that address meanwhile.
    Resource.objects.filter(url__endswith="fiche-pont.pdf").delete()
    theirs = Resource.objects.create(
        title="Fiche pont", summary="…", kind="fiche", url="https://www.example.gouv.fr/fiche-pont.pdf",
        publisher=StructureFactory(), published_on=datetime.date(2025, 1, 1),
        status=Resource.Status.PUBLISHED,
    )  # fmt: skip
    summary = seed.load(listed)
    assert summary.created == 0 and summary.already_published == ["Fiche sur la voirie communale"]
    assert Resource.objects.get(pk=resource.pk).status == Resource.Status.REFUSED
    assert list(Resource.objects.filter(url__endswith="fiche-pont.pdf")) == [theirs]


def test_a_publisher_s_own_date_is_to_the_day(tmp_path):
    Resource.objects.filter(seeded=True).delete()
    listed = tmp_path / "ressources.toml"
    listed.write_text("verifie_le = 2026-12-07\n" + RECORD.replace('"2024-05"', '"2019"'))
    seed.load(listed)
    resource = Resource.objects.get()
    assert resource.published_label == "2019"
    edit(resource, Structure.objects.get(slug="cerema"))
    resource.refresh_from_db()
    assert resource.published_label == "janvier 2025"


def test_a_page_without_a_date_is_listed_as_undated_and_a_year_stays_a_year(tmp_path):
    Resource.objects.filter(seeded=True).delete()
    listed = tmp_path / "ressources.toml"
    undated = RECORD.replace('"2024-05"', '"non datée"')
    year = RECORD.replace('"2024-05"', '"2019"').replace("guide-voirie", "guide-2019")
    listed.write_text('verifie_le = "2026-12-07"\n' + undated + year)
    seed.load(listed)
    labels = {r.url.rsplit("/", 1)[1]: r.published_label for r in Resource.objects.all()}
    assert labels == {"guide-voirie.pdf": "non datée", "guide-2019.pdf": "2019"}
    assert Resource(published_on=datetime.date(2024, 5, 13)).published_label == "mai 2024"


def test_mail_about_a_listed_resource_goes_to_the_team_not_to_its_publisher(tmp_path, settings):
    from accounts.factories import member_of
    from outbox.models import OutgoingEmail
    from spaces.resource_links import check_links

    settings.PLATFORM_EMAIL = "equipe@plateforme.example.org"
    Resource.objects.all().delete()
    listed = tmp_path / "ressources.toml"
    listed.write_text('verifie_le = "2025-01-07"\n' + RECORD)
    seed.load(listed)  # to review since 2026-01-07
    cerema = Structure.objects.get(slug="cerema")
    admin = member_of(cerema, role="admin", email="admin@cerema.example.org")
    check_links(check=lambda url: "introuvable")
    sent = list(OutgoingEmail.objects.values_list("to", flat=True))
    assert sent == ["equipe@plateforme.example.org"] * 2, sent  # broken link, review date
    assert admin.email not in sent
