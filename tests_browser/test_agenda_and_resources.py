"""The new pages on a phone, with the keyboard, axe clean: the agenda and one event, the page
for newcomers, the resources, and « Contacter cette commune »."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from agenda.models import Event
from conftest import shared_data
from directory.models import Structure, Theme
from library.models import Resource
from peers.models import Realisation
from tests_browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_agenda_newcomers_resources_and_contacting_a_commune(page):
    caue = Structure.objects.get(slug="caue-53")
    event = Event.objects.create(
        title="Le budget communal en 3 heures",
        description="Les bases du budget.",
        organiser=caue,
        for_elected=True,
        for_secretaries=True,
        place="Laval",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        status=Event.Status.PUBLISHED,
    )
    resource = Resource.objects.create(
        title="Rénover une salle des fêtes : le guide",
        summary="**Étapes** du projet.",
        kind="guide",
        url="https://www.caue53.fr/guide.pdf",
        publisher=caue,
        audience="elus",
        published_on=timezone.localdate(),
        status=Resource.Status.PUBLISHED,
    )
    resource.themes.set([Theme.objects.get(slug="architecture-batiment")])
    call_command(
        "import_dotations_2019",
        file=str(shared_data("programmes/dotations-investissement-2019-mayenne.csv")),
        force=True,  # the réalisations of another browser test were deleted, not its record
        verbosity=0,
    )
    try:
        page.goto("/agenda/")
        expect(page.get_by_role("link", name="Le budget communal en 3 heures")).to_be_visible()
        assert_accessible(page)
        page.get_by_label("Public").focus()
        page.keyboard.press("ArrowDown")  # « Élus »
        page.get_by_role("button", name="Appliquer les filtres").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/agenda/?*public=elus*")
        link = page.get_by_role("link", name="Le budget communal en 3 heures")
        link.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("link", name="Ajouter à mon agenda")).to_be_visible()
        assert_accessible(page)
        page.goto("/bien-commencer/")
        expect(page.get_by_text("Rénover une salle des fêtes : le guide")).to_be_visible()
        assert_accessible(page)
        page.goto("/ressources/?q=salle+des+f%C3%AAtes")
        expect(page.get_by_role("heading", name="1 ressource")).to_be_visible()
        assert_accessible(page)
        realisation = Realisation.objects.get(external_id="di19_com12882")
        page.goto(f"/realisations/{realisation.pk}/")
        assert_accessible(page)
        page.get_by_role("link", name="Contacter cette commune").click()
        expect(page.get_by_role("heading", name="Écrire à la mairie de Ahuillé")).to_be_visible()
        assert_accessible(page)
    finally:
        event.delete()
        resource.delete()
        Realisation.objects.all().delete()
