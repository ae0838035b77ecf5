"""Every HTML form answers anything with a page, never a server error (issue 26): for each
form of the site, as the role that sees it, hypothesis sends values of every shape — empty,
long, any Unicode (control characters included), huge or negative numbers, unknown choices,
several values for one field, fields left out — with a forged cookie now and then. The API's
operations are fuzzed from their OpenAPI document (api/tests/test_fuzzing.py)."""

import datetime
import string

import hypothesis
import pytest
from django.utils import timezone
from hypothesis import strategies as st

from accounts.factories import UserFactory, member_of, territory_admin
from accounts.models import Claim
from agenda.models import Event
from core.tests.fuzzing import fuzz_settings
from core.tests.html_forms import Field, Form, forms_of
from directory.models import Structure
from funding.models import Aid
from library.models import Resource
from orientation.models import Journey
from support.factories import SupportRequestFactory

CASES_PER_FORM = 15

TEXT = st.one_of(
    st.text(max_size=40),  # any Unicode but surrogates: accents, emoji, control characters
    st.text(alphabet=string.digits, min_size=1, max_size=40),  # 30 digits overflow SQLite
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "9" * 25,
            "1e309",
            "NaN",
            "31/02/2027",
            "2027-13-45",
            "25:99",
            "javascript:alert(1)",
            "=SUM(A1)",
            "<script>alert(1)</script>",
            "a" * 6000,
            "é" * 3100,
            "https://",
            "http://127.0.0.1/",
            "x@y",
            "' OR 1=1 --",
            "\x00",
            "\ud7ff",
        ]
    ),
)
COOKIE = st.one_of(
    st.just(""),
    st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=126), max_size=60).map(
        lambda value: f"sessionid={value}; csrftoken={value[::-1]}"
    ),
)


def value_for(item: Field) -> st.SearchStrategy:
    """What may be sent for one field: what the page offers, or anything."""
    offered = [option for option in item.options if option] or [item.value]
    return st.one_of(
        st.sampled_from(offered).map(lambda v: [v]),
        st.lists(st.sampled_from(offered), max_size=3),
        TEXT.map(lambda v: [v]),
        st.lists(TEXT, min_size=2, max_size=3),
        st.just([]),  # left out
    )


def data_for(form: Form) -> st.SearchStrategy:
    names = {item.name: item for item in form.fields if item.name != "csrfmiddlewaretoken"}
    return st.fixed_dictionaries({name: value_for(item) for name, item in names.items()})


def fuzz(client, page: str, user=None, cases: int = CASES_PER_FORM) -> int:
    """Fuzz every form of `page` as `user` (or anonymously); the number of requests sent."""
    response = client.get(page)
    assert response.status_code == 200, page
    forms = forms_of(response.content.decode())
    assert forms, f"aucun formulaire sur {page}"
    return sum(fuzz_form(client, form, form.action or page, user, cases) for form in forms)


def fuzz_form(client, form: Form, action: str, user, cases: int) -> int:
    sent = 0
    send = client.post if form.method == "post" else client.get

    @fuzz_settings(cases)
    @hypothesis.given(data=data_for(form), cookie=COOKIE)
    def one(data, cookie):
        nonlocal sent
        data = {name: values for name, values in data.items() if values}
        answer = send(action, data, **({"HTTP_COOKIE": cookie} if cookie else {}))
        sent += 1
        assert answer.status_code < 500, (action, data, cookie)
        # A forged cookie, or a posted « log out », ends the session: the next case has one.
        client.cookies.clear()
        if user is not None:
            client.force_login(user)

    one()
    return sent


@pytest.fixture
def world(client):
    """A structure's member (its admin), with an event, a call and a resource to edit; a
    request in its inbox; a journey to give feedback on."""
    caue = Structure.objects.get(slug="caue-53")
    member = member_of(caue, role="admin", email="agent@caue53.example.org")
    starts = timezone.now() + datetime.timedelta(days=20)
    event = Event.objects.create(
        title="Formation",
        description="Texte.",
        for_elected=True,
        starts_at=starts,
        departement_id="53",
        organiser=caue,
        status=Event.Status.PUBLISHED,
    )
    aid = Aid.objects.create(
        name="Appel",
        description="Texte.",
        source=Aid.Source.LOCAL,
        external_id="fuzz",
        for_communes=True,
        scope=Aid.Scope.DEPARTEMENTAL,
        backer=caue,
        status=Aid.Status.PUBLISHED,
    )
    resource = Resource.objects.create(
        title="Guide",
        summary="Texte.",
        kind="guide",
        url="https://www.caue53.fr/guide.pdf",
        publisher=caue,
        published_on=timezone.localdate(),
        status=Resource.Status.PUBLISHED,
    )
    request = SupportRequestFactory(structure=caue)
    journey = Journey.objects.create(text="pont", themes=["voirie"])
    return {
        "caue": caue, "member": member, "event": event, "aid": aid, "resource": resource,
        "request": request, "journey": journey,
    }  # fmt: skip


PUBLIC_PAGES = [
    "/", "/orientation/", "/orientation/projet/?commune=53271",
    "/orientation/precisions/?commune=53271&q=pont", "/annuaire/", "/financements/",
    "/financements/alertes/", "/agenda/", "/ressources/", "/carte/", "/communes/",
    "/compte/connexion/", "/demandes/nouvelle/?offre=te53-eclairage-public&commune=53271",
    "/structures/caue-53/signaler/", "/integrer/",
]  # fmt: skip


@pytest.mark.django_db
def test_every_public_form_answers_anything_without_a_server_error(client, world):
    sent = sum(fuzz(client, page) for page in PUBLIC_PAGES)
    journey = world["journey"]
    sent += fuzz(client, f"/orientation/resultats/?commune=53271&q=pont&parcours={journey.pk}")
    print(f"\n{sent} envois de formulaires publics, aucune erreur serveur")


@pytest.mark.django_db
def test_every_form_of_the_spaces_answers_anything_without_a_server_error(client, world):
    client.force_login(world["member"])
    caue = world["caue"]
    pages = [
        "/compte/",
        f"/espace/structures/{caue.slug}/",
        f"/espace/structures/{caue.slug}/membres/",
        f"/espace/structures/{caue.slug}/nouvelle-offre/",
        "/espace/nouvelle-structure/",
        f"/espace/offres/{caue.offres.first().slug}/",
        f"/espace/structures/{caue.slug}/nouvel-evenement/",
        f"/espace/evenements/{world['event'].pk}/",
        f"/espace/structures/{caue.slug}/nouvel-appel/",
        f"/espace/appels/{world['aid'].pk}/",
        f"/espace/structures/{caue.slug}/nouvelle-ressource/",
        f"/espace/ressources/{world['resource'].pk}/",
        f"/espace/demandes/{world['request'].public_id}/",
    ]
    sent = sum(fuzz(client, page, world["member"]) for page in pages)
    # Something in each of the platform team's queues, so that their forms are on the page.
    Event.objects.filter(pk=world["event"].pk).update(status=Event.Status.PENDING)
    Aid.objects.filter(pk=world["aid"].pk).update(status=Aid.Status.PENDING)
    Resource.objects.filter(pk=world["resource"].pk).update(status=Resource.Status.PENDING)
    Claim.objects.create(user=UserFactory(email="agent@example.fr"), structure=caue)
    team = territory_admin("53")
    client.force_login(team)
    sent += fuzz(client, "/espace/plateforme/", team)
    print(f"\n{sent} envois de formulaires des espaces, aucune erreur serveur")
