"""Texts typed before line breaks were read as the page counts them are written with LF once
(`spaces/migrations/0002_line_breaks.py`): posted again unchanged, they are not an edit."""

import importlib

import pytest
from django.apps import apps

from directory.models import Structure
from library.models import Resource

pytestmark = pytest.mark.django_db


def test_stored_line_breaks_are_written_as_the_page_counts_them():
    migration = importlib.import_module("spaces.migrations.0002_line_breaks")
    resource = Resource.objects.create(
        title="Guide",
        summary="Étape 1\r\nÉtape 2\rÉtape 3",
        kind="guide",
        url="https://example.org/guide",
        publisher=Structure.objects.get(slug="caue-53"),
    )
    migration.as_typed(apps, None)
    resource.refresh_from_db()
    assert resource.summary == "Étape 1\nÉtape 2\nÉtape 3"
