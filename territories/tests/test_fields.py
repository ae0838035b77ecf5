"""One commune field: the same input gives the same answer and the same message in every
form where a person types a commune."""

import pytest

from directory.forms import DirectoryFilterForm
from spaces.forms import CommuneAccessForm
from support.forms import RequestForm
from territories.fields import CommuneField

pytestmark = pytest.mark.django_db

FORMS = [RequestForm, DirectoryFilterForm, CommuneAccessForm]


def cleaned(form_class, value):
    form = form_class({"commune": value})
    form.is_valid()
    return form.cleaned_data.get("commune"), form.errors.get("commune", [])


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("53130", "53130"),  # INSEE code
        ("Laval", "53130"),  # the only commune of exactly that name among several answers
        ("laval", "53130"),
        ("Gorron (53107)", "53107"),  # as the autocomplete fills the field
        ("Villaines-la-Juhel", "53271"),
        ("st denis de gastines", "53211"),
    ],
)
def test_a_commune_is_found_alike_in_every_form(typed, code):
    for form_class in FORMS:
        commune, errors = cleaned(form_class, typed)
        assert (commune.code if commune else None, errors) == (code, []), form_class


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Atlantide", "Aucune commune ne correspond à « Atlantide »."),
        ("Saint-Denis", "Plusieurs communes correspondent à « Saint-Denis »"),
        ("x" * 101, "au plus 100 caractères"),
    ],
)
def test_a_commune_is_refused_alike_in_every_form(typed, message):
    for form_class in FORMS:
        _, errors = cleaned(form_class, typed)
        assert len(errors) == 1 and message in errors[0], (form_class, errors)


def test_the_candidates_are_kept_for_the_page():
    field = CommuneField()
    with pytest.raises(Exception, match="Plusieurs communes"):
        field.clean("Saint-Denis")
    assert {c.code for c in field.matches} >= {"53211"}
