"""The two forms of « this aid covers this commune » — in memory for the results page
(`AidEntry.covers`), in SQL for the lists (`AidQuerySet.covering`) — agree on every commune
of the Mayenne, for every kind of perimeter (as `observatory/tests/test_consistency.py` holds
the coverage rule's two forms equal)."""

import pytest

from funding.index import get_aid_index
from funding.models import Aid
from territories.models import EPCI, Commune


@pytest.mark.django_db
def test_the_index_and_the_query_cover_the_same_communes():
    def aid(name, scope, **places):
        created = Aid.objects.create(
            source=Aid.Source.LOCAL, external_id=name, name=name, scope=scope, for_communes=True
        )
        for relation, values in places.items():
            getattr(created, relation).set(values)
        return created

    laval = EPCI.objects.get(code="200083392")
    aids = [
        aid("nationale", Aid.Scope.NATIONAL),
        aid("Pays de la Loire", Aid.Scope.REGIONAL, regions=["52"]),
        aid("Normandie", Aid.Scope.REGIONAL, regions=["28"]),
        aid("Mayenne et Sarthe", Aid.Scope.DEPARTEMENTAL, departements=["53", "72"]),
        aid("Sarthe", Aid.Scope.DEPARTEMENTAL, departements=["72"]),
        aid("Laval Agglomération", Aid.Scope.LOCAL, epcis=[laval]),
        aid("sans territoire", Aid.Scope.LOCAL),
    ]
    entries = get_aid_index().entries
    communes = Commune.objects.filter(departement_id="53")
    assert communes.count() == 240
    for commune in communes:
        in_memory = {a.pk for a in aids if entries[a.pk].covers(commune)}
        in_sql = set(
            Aid.objects.filter(pk__in=[a.pk for a in aids])
            .covering(commune)
            .values_list("pk", flat=True)
        )
        assert in_memory == in_sql, commune.code
    in_laval = {a.name for a in aids if entries[a.pk].covers(Commune.objects.get(code="53130"))}
    assert in_laval == {"nationale", "Pays de la Loire", "Mayenne et Sarthe", "Laval Agglomération"}
