import pytest

from orientation.text import stem, stems


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("lampadaires", "lampadaire"),
        ("écoles", "école"),
        ("raccordement", "raccorder"),
        ("Assainissements", "assainissement"),
        ("ponts", "pont"),
        ("fissuré", "fissure"),
        ("bornes", "borne"),
        ("friches", "friche"),
    ],
)
def test_inflections_share_a_stem(a, b):
    assert stems(a) == stems(b)


def test_stop_words_accents_case_and_hyphens():
    assert stems("Refaire l'ÉCLAIRAGE-public de la rue") == stems("refaire eclairage public rue")
    assert "de" not in " ".join(stems("la salle de sport"))


def test_short_words_and_acronyms_are_kept():
    assert stem("plu") == "plu" and stem("led") == "led" and stem("gaz") == "gaz"
    assert stems("PLUi") == ["plui"]
