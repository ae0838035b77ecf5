"""Findable: robots.txt, sitemap.xml, a canonical address on every page, schema.org on the
fiches and offers."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from directory.models import Offre, Structure

pytestmark = pytest.mark.django_db


def test_robots_and_the_sitemap_list_the_public_pages_only(client, settings):
    settings.SITE_URL = "https://carto-inge.example.gouv.fr"
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /espace/" in robots and "Disallow: /admin/" in robots
    assert "Disallow: /widget/" in robots
    assert "Sitemap: https://carto-inge.example.gouv.fr/sitemap.xml" in robots
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own sitemap
    urls = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    paths = {re.sub(r"^https?://[^/]+", "", url) for url in urls}
    assert "/structures/caue-53/" in paths and "/communes/53130/" in paths and "/annuaire/" in paths
    assert not any(path.startswith(("/espace/", "/admin/", "/compte/")) for path in paths)


def test_a_canonical_address_without_query_and_schema_org_on_fiches(client, settings):
    settings.SITE_URL = "https://carto-inge.example.gouv.fr"
    html = client.get("/annuaire/", {"theme": "voirie"}).content.decode()
    assert '<link rel="canonical" href="https://carto-inge.example.gouv.fr/annuaire/">' in html
    structure = Structure.objects.get(slug="ddt-53")
    page = client.get(structure.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    )
    assert data["@type"] == "GovernmentOrganization" and data["name"] == structure.display_name
    assert data["url"] == "https://carto-inge.example.gouv.fr/structures/ddt-53/"
    caue = client.get("/structures/caue-53/").content.decode()
    assert '"@type": "Organization"' in caue  # an association
    offre = Offre.objects.filter(structure=structure).first()
    service = client.get(offre.get_absolute_url()).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', service).group(1)
    )
    assert data["@type"] == "Service" and data["provider"]["name"] == structure.display_name
