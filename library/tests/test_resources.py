"""Resources: published by a structure (Markdown cleaned), read by the platform team, shown
in a matching journey, searchable, and their links checked."""

import threading
import urllib.error
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import member_of, territory_admin
from directory.models import Phase, Structure, Theme
from library.links import is_public, problem_of
from library.models import Resource
from library.selectors import for_project
from outbox.models import OutgoingEmail
from spaces.resource_links import check_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def caue():
    return Structure.objects.get(slug="caue-53")


def resource_form(**changes):
    data = {
        "action": "save", "title": "Rénover une salle des fêtes : le guide",
        "summary": "**Étapes** du projet.\n\n- diagnostic\n- programme\n\n<script>alert(1)</script>"
        "[piège](javascript:alert(1))",
        "kind": "guide", "themes": [Theme.objects.get(slug="architecture-batiment").pk],
        "phases": [Phase.objects.get(slug="emergence").pk], "audience": "elus",
        "url": "https://www.caue53.fr/guide-salle-des-fetes.pdf",
        "published_on": "2025-05-15", "review_by": "", "licence": "Tous droits réservés",
    }  # fmt: skip
    data.update(changes)
    return data


def publish(client, caue, **changes):
    client.force_login(member_of(caue, email="doc@caue53.example.org"))
    assert (
        client.post(
            reverse("spaces:new_resource", args=[caue.slug]), resource_form(**changes)
        ).status_code
        == 302
    )
    resource = Resource.objects.latest("pk")
    client.force_login(territory_admin("53"))
    client.post(
        reverse("spaces:decide"), {"kind": "resource", "pk": resource.pk, "decision": "approve"}
    )
    resource.refresh_from_db()
    return resource


def test_a_resource_is_cleaned_read_then_shown_in_a_matching_journey(client, caue):
    client.force_login(member_of(caue))
    bad = client.post(
        reverse("spaces:new_resource", args=[caue.slug]),
        resource_form(themes=[], url="pas une adresse", published_on="2099-01-01"),
    )
    html = bad.content.decode()
    assert bad.status_code == 400 and "Cochez au moins un thème." in html
    assert "Une ressource déjà publiée" in html and "Rénover une salle des fêtes" in html
    resource = publish(client, caue)
    assert resource.status == Resource.Status.PUBLISHED
    assert "<strong>Étapes</strong>" in resource.summary_html and "<li>" in resource.summary_html
    assert "<script>" not in resource.summary_html and "javascript:" not in resource.summary_html
    assert "est publiée" in OutgoingEmail.objects.get(to="doc@caue53.example.org").subject
    results = client.get(
        "/orientation/resultats/", {"commune": "53271", "q": "rénover la salle des fêtes"}
    ).content.decode()
    block = results[results.index("Pour préparer votre projet") :]
    assert "Rénover une salle des fêtes : le guide" in block[:2000]
    found = client.get("/ressources/", {"q": "salle fêtes", "public": "elus"}).content.decode()
    assert "1 ressource" in found and "Étapes" in found
    assert "0 ressource" in client.get("/ressources/", {"q": "assainissement"}).content.decode()
    part = client.get("/ressources/communes/53271/", HTTP_HX_REQUEST="true").content.decode()
    assert "Rénover une salle des fêtes" in part  # the CAUE covers the whole département
    assert "Ses ressources" in client.get(caue.get_absolute_url()).content.decode()
    assert "Rénover une salle des fêtes" in client.get("/bien-commencer/").content.decode()


@pytest.mark.parametrize(
    ("themes", "text", "first"),
    [
        (["dechets", "architecture-batiment"], "compostage à la cantine", "compostage"),
        (["architecture-batiment", "transition-energetique"], "isoler la salle", "Économiser"),
        (["sante-vieillissement", "logement"], "L'EHPAD manque de places", None),
        (["architecture-batiment"], "Réhabiliter la salle des fêtes", None),  # heritage guides
        (["voirie", "architecture-batiment"], "réfection de la voirie communale", None),
        (["eau-assainissement"], "", "Agissons pour une eau potable"),  # a theme alone
    ],
)
def test_the_resources_for_a_project_speak_of_it(themes, text, first):
    """The request's words first, else the resources on both its main themes; none rather
    than one that only shares a broad theme (the drinking-water guide for an EHPAD, the
    protected monuments' guides for a festival hall, « communal » for anything)."""
    found = for_project(themes, text=text)
    if first is None:
        assert found == []
    else:
        assert first in found[0].title


class Handler(BaseHTTPRequestHandler):
    status = 404
    location = ""
    seen = 0

    def do_HEAD(self):  # noqa: N802
        type(self).seen += 1
        self.send_response(type(self).status)
        if type(self).location:
            self.send_header("Location", type(self).location)
        self.end_headers()

    do_GET = do_HEAD  # noqa: N815

    def log_message(self, *args):
        pass


def local(url):
    return problem_of(url, timeout=5, public_only=False)


def test_a_dead_link_takes_the_resource_out_and_tells_its_publisher(client, caue):
    Resource.objects.filter(seeded=True).delete()  # the launch list is not reachable from here
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/guide.pdf"
        resource = publish(client, caue, url=url)
        Handler.status = 404
        # The test's server is on this machine, which the real check never fetches.
        done = check_links(check=local)
        assert (done.checked, done.broken) == (1, 1)
        resource.refresh_from_db()
        assert resource.link_broken_since == timezone.localdate()
        mails = OutgoingEmail.objects.filter(subject__contains="ne répond plus")
        assert mails.exists() and "injoignable" in mails.first().body  # no more than that
        assert check_links(check=local).still_broken == 1 and mails.count() == 1  # told once
        results = client.get(
            "/orientation/resultats/", {"commune": "53271", "q": "rénover la salle des fêtes"}
        ).content.decode()
        assert "Pour préparer votre projet" not in results
        Handler.status = 200
        resource.review_by = timezone.localdate()
        resource.save()
        done = check_links(check=local)
        assert (done.repaired, done.to_review) == (1, 1)
        assert OutgoingEmail.objects.filter(subject__startswith="À relire").exists()
        assert check_links(check=local).to_review == 0  # reminded once
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/",
        "http://127.0.0.1:8000/admin/",
        "http://[::1]/",
        "http://10.0.0.1/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://nulle-part.invalid/",
    ],
)
def test_an_address_inside_is_never_fetched(url):
    """Issue 26: the weekly check fetched any address a publisher typed, internal ones
    included, and e-mailed back the failure reason."""
    assert not is_public(url) and problem_of(url) == "injoignable"


def test_a_public_address_is_allowed_and_redirects_are_checked_and_bounded():
    assert is_public("http://93.184.216.34/guide.pdf")  # a literal address: no DNS needed
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/boucle"
        Handler.status, Handler.location, Handler.seen = 302, url, 0
        assert problem_of(url) == "injoignable" and Handler.seen == 0  # not even asked
        assert local(url) == "injoignable" and Handler.seen <= 2 * 6  # five redirects at most
        Handler.location = "http://169.254.169.254/latest/meta-data/"
        from library.links import _Redirects

        with pytest.raises(urllib.error.URLError):
            _Redirects(public_only=True).redirect_request(None, None, 302, "", {}, Handler.location)
    finally:
        Handler.status, Handler.location = 404, ""
        server.shutdown()
        server.server_close()
