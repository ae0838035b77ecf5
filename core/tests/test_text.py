import pytest

from core.text import normalize


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Château-Gontier-sur-Mayenne", "chateau gontier sur mayenne"),
        ("  ÉVRON ", "evron"),
        ("St-Denis-d'Anjou", "saint denis d anjou"),
        ("Ste Suzanne", "sainte suzanne"),
        ("Saint–Pierre—des‑Nids", "saint pierre des nids"),
        ("L’Huisserie", "l huisserie"),
        ("Œuilly", "oeuilly"),
        ("", ""),
        ("---", ""),
    ],
)
def test_normalize(value, expected):
    assert normalize(value) == expected


def test_st_is_only_expanded_as_a_whole_word():
    assert normalize("Stade") == "stade"
