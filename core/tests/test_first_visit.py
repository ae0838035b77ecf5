"""What a newcomer meets on a fresh install (issue 25 §2): empty pages say why they are empty
and what to do, rather than « widen your filters »."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "empty", "filter_", "filtered"),
    [
        (
            "funding:list",
            "Aucun appel à projets daté n&#x27;est ouvert aujourd&#x27;hui",
            {"theme": "voirie"},
            "Aucune aide datée ne correspond à ces filtres",
        ),
        (
            "agenda:list",
            "Aucune formation ni réunion n&#x27;est encore annoncée sur Carto&#x27;Ingé",
            {"public": "elus"},
            "Aucune formation à venir ne correspond à ces filtres",
        ),
    ],
)
def test_an_empty_list_says_why(client, name, empty, filter_, filtered):
    def text(body):  # template text is not escaped, variables are: compare both ways
        return body.replace("'", "&#x27;")

    plain = text(client.get(reverse(name)).content.decode())
    assert empty in plain and "Élargissez" not in plain
    narrowed = text(client.get(reverse(name), filter_).content.decode())
    assert filtered in narrowed and empty not in narrowed


def test_the_library_is_not_empty_on_launch_day(client):
    """The launch list's resources (seed/ressources.toml) are there; a search that finds none
    says so, and how to find more."""
    from library.models import Resource

    shelf = Resource.objects.published().count()
    assert shelf >= 40
    page = client.get(reverse("library:list")).content.decode()
    assert "Aucune ressource n&#x27;est encore publiée" not in page
    assert f"{shelf} ressources" in page
    narrowed = client.get(reverse("library:list"), {"q": "introuvable"}).content.decode()
    assert "Aucune ressource ne correspond à cette recherche" in narrowed


def test_long_territory_pages_fold_their_lists(client):
    """A commune page was 20,000 px on a phone: each theme's offers are a disclosure, open when
    the visitor chose that theme; the département's and the EPCI's lists fold likewise."""
    commune = client.get(reverse("directory:commune", args=["53130"])).content.decode()
    assert commune.count('<details class="disclosure">') >= 10
    one_theme = client.get(
        reverse("directory:commune", args=["53130"]), {"theme": "voirie"}
    ).content.decode()
    assert '<details class="disclosure" open>' in one_theme
    for page in (
        reverse("directory:departement", args=["53"]),
        reverse("directory:epci", args=["200083392"]),
    ):
        assert "<summary" in client.get(page).content.decode()
