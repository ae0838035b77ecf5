"""An intercommunality's dashboard and its mutualisation suggestions: who may see it, what
it counts, requests shown one by one only when shared, suggestions when two communes express
the same need, their state, and the monthly digest (no request text)."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory, member_of
from directory.models import Structure
from observatory.models import PoolingSuggestion
from orientation.models import Audience, Journey
from outbox.models import OutgoingEmail
from support.factories import SupportRequestFactory
from territories.models import Commune

pytestmark = pytest.mark.django_db

LAVAL_AGGLO = "200083392"


def url(code=LAVAL_AGGLO):
    return reverse("observatory:epci_dashboard", args=[code])


def two_communes(n=2):
    return list(Commune.objects.filter(epci_id=LAVAL_AGGLO).order_by("code")[:n])


def journey(commune, themes, aides=(), audience=Audience.SITE):
    return Journey.objects.create(
        commune=commune,
        epci_id=commune.epci_id,
        themes=list(themes),
        aides=list(aides),
        audience=audience,
    )


@pytest.fixture
def agent():
    return member_of(Structure.objects.get(epci_id=LAVAL_AGGLO), email="agent@agglo-laval.example")


def test_refused_to_anyone_else_in_french(client):
    assert "/compte/connexion/" in client.get(url()).url
    client.force_login(UserFactory())
    refused = client.get(url())
    assert refused.status_code == 403 and "Accès refusé" in refused.content.decode()
    client.force_login(member_of(Structure.objects.get(slug="caue-53")))
    assert client.get(url()).status_code == 403
    client.force_login(member_of(Structure.objects.get(epci_id="200033298")))  # another EPCI
    assert client.get(url()).status_code == 403
    assert client.get(url("000000000")).status_code == 404


def test_the_dashboard_counts_needs_and_shows_shared_requests_only(client, agent):
    first, second = two_communes()
    journey(first, ["voirie"], ["technique"])
    journey(first, ["voirie"], audience=Audience.API)  # not the communes' demand
    SupportRequestFactory(commune=second, project="Texte privé non partagé.")
    SupportRequestFactory(
        commune=first, project="Aménager la place du bourg.", share_with_epci=True
    )
    client.force_login(agent)
    html = client.get(url()).content.decode()
    assert "Tableau de bord : CA Laval Agglomération" in html
    assert "Aménager la place du bourg." in html and first.name in html
    assert "Texte privé non partagé." not in html
    assert "Parcours des communes par thème et par trimestre" in html
    quarter = f"{timezone.localdate().year} T{(timezone.localdate().month - 1) // 3 + 1}"
    assert f'<th scope="col">{quarter}</th>' in html
    csv = client.get(url(), {"format": "csv", "table": "epci-parcours-themes"})
    assert "Voirie et ouvrages d'art;0;0;0;1;1" in csv.content.decode("utf-8-sig")  # API apart
    assert client.get(url(), {"format": "xlsx"}).status_code == 200


def test_two_communes_with_the_same_need_make_a_suggestion(client, agent):
    first, second = two_communes()
    journey(first, ["eau-assainissement"], ["technique"])
    client.force_login(agent)
    assert "Aucun besoin commun pour l'instant" in client.get(url()).content.decode()
    journey(second, ["eau-assainissement"], ["technique"])
    html = client.get(url()).content.decode()
    suggestion = PoolingSuggestion.objects.get(epci_id=LAVAL_AGGLO)
    assert suggestion.kind == "groupement-de-commandes" and suggestion.communes == sorted(
        [first.code, second.code]
    )
    assert "2 communes — piste : groupement de commandes" in html
    assert "Les communes ne sont pas nommées" in html  # no request shared: counted only
    SupportRequestFactory(commune=first, theme_id=suggestion.theme_id, share_with_epci=True)
    client.get(url())
    suggestion.refresh_from_db()
    assert first.code in suggestion.named and second.code not in suggestion.named
    response = client.post(url(), {"suggestion": suggestion.pk, "state": "en-cours"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == "en-cours" and suggestion.state_changed_at
    summary = client.get("/observatoire/", {"format": "csv", "table": "mutualisation"})
    assert "CA Laval Agglomération;0;1;0;0" in summary.content.decode("utf-8-sig")
    other = PoolingSuggestion.objects.create(
        epci_id="200033298",
        theme=suggestion.theme,
        kind="service-commun",
        last_seen_at=timezone.now(),
    )
    assert client.post(url(), {"suggestion": other.pk, "state": "realisee"}).status_code == 404
    assert client.post(url(), {"suggestion": "2e17", "state": "x"}).status_code in (400, 404)


def test_the_monthly_digest_has_no_request_text_and_is_sent_once(agent):
    first, second = two_communes()
    SupportRequestFactory(commune=first, project="Secret du projet A.")
    request = SupportRequestFactory(commune=second, project="Secret du projet B.")
    journey(first, [request.theme.slug] if request.theme else ["voirie"])
    journey(second, [request.theme.slug] if request.theme else ["voirie"])
    OutgoingEmail.objects.all().delete()
    call_command("send_pooling_digest", verbosity=0)
    digest = OutgoingEmail.objects.get(to=agent.email)
    assert "Besoins communs de vos communes — CA Laval Agglomération" in digest.subject
    assert (
        "2 communes" in digest.body
        and "/intercommunalites/200083392/tableau-de-bord/" in digest.body
    )
    assert "Secret du projet" not in digest.body
    call_command("send_pooling_digest", verbosity=0)
    assert OutgoingEmail.objects.filter(to=agent.email).count() == 1
    assert not mail.outbox  # through the outbox only


def test_the_request_form_counts_the_neighbours_and_sharing_is_off_by_default(client):
    first, second = two_communes()
    journey(second, ["transition-energetique"])
    html = client.get(
        reverse("support:new"), {"offre": "te53-eclairage-public", "commune": first.code}
    ).content.decode()
    assert "1 autre commune de votre intercommunalité a exprimé un besoin sur ce thème" in html
    assert 'name="share_with_epci"' in html and 'name="share_with_epci" checked' not in html


def test_the_dashboard_is_reached_from_the_epci_page_its_fiche_and_the_agent_s_space(client, agent):
    """Issue 25 §2: the dashboard had no link anywhere."""
    structure = Structure.objects.get(epci_id=LAVAL_AGGLO)
    for page in (reverse("directory:epci", args=[LAVAL_AGGLO]), structure.get_absolute_url()):
        body = client.get(page).content.decode()
        assert f'href="{url()}"' in body and "Réservé aux agents de l'intercommunalité" in body
    client.force_login(agent)
    space = client.get(reverse("spaces:dashboard")).content.decode()
    assert f'href="{url()}"' in space and f'href="{url("200033298")}"' not in space
    ddt = member_of(Structure.objects.get(slug="ddt-53"), email="agent@ddt.example")
    client.force_login(ddt)
    space = client.get(reverse("spaces:dashboard")).content.decode()
    assert space.count("/tableau-de-bord/") == Structure.objects.filter(epci__isnull=False).count()
    client.force_login(UserFactory())
    assert "/tableau-de-bord/" not in client.get(reverse("spaces:dashboard")).content.decode()
