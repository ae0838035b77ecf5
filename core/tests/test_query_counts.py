"""The queries of the most visited pages, counted exactly: one more (an N+1, a lookup in a
loop) fails here before it shows at national scale. Each page is asked twice: the first
request may rebuild the directory index, the second is what visitors get."""

import pytest

from accounts.factories import member_of
from support.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db

PAGES = [
    # the commune (fields the engine reads), the index's revision, the journey recorded, which
    # of the structures shown receive their requests themselves (`directory.reach`), the open
    # aids for the project (`funding.selectors`), the réalisations nearby (`peers.selectors`:
    # one query, more to tell the funding and helpers of those shown), the resources for the
    # project, their phase counted by the database (`library.selectors`: one query)
    ("/orientation/resultats/?commune=53271&q=remplacer+les+vieux+lampadaires", 7),
    ("/annuaire/", 15),
    ("/annuaire/?theme=voirie&commune=53107", 17),
    ("/communes/53107/", 9),  # its national programmes: one more
]


@pytest.mark.parametrize(("url", "queries"), PAGES)
def test_a_visitor_s_page_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries, url, queries
):
    assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        client.get(url)


def test_the_inbox_runs_a_fixed_number_of_queries_whatever_it_holds(
    client, django_assert_num_queries
):
    first = SupportRequestFactory()
    client.force_login(member_of(first.structure))
    client.get("/espace/demandes/")
    # session, account, its roles (three, once: accounts.permissions.roles), counts, the page
    with django_assert_num_queries(8):
        client.get("/espace/demandes/")
    SupportRequestFactory.create_batch(5, structure=first.structure, offre=first.offre)
    with django_assert_num_queries(8):
        client.get("/espace/demandes/")
