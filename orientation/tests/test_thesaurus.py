import pytest
from django.core.management import CommandError, call_command

from orientation.thesaurus import THESAURUS_PATH, ThesaurusError, load_thesaurus, read_thesaurus

pytestmark = pytest.mark.django_db

SLUGS = ({"voirie", "eau-assainissement"}, {"technique"}, {"travaux"})


def test_the_shipped_thesaurus_is_valid(capsys):
    call_command("check_thesaurus", "--essai", "refaire l'éclairage public en LED")
    out = capsys.readouterr().out
    assert "Thésaurus valide" in out and "éclairage public" in out


def test_longest_expression_wins():
    match = load_thesaurus().match("éclairage public")
    assert [t.expression for t in match.terms] == ["éclairage public"]


def test_problems_are_reported_with_their_entry(tmp_path):
    path = tmp_path / "thesaurus.toml"
    path.write_text(
        '[[termes]]\nexpressions = ["pont"]\nthemes = ["voirie"]\n\n'
        '[[termes]]\nexpressions = ["ponts", "le"]\nthemes = ["inconnu"]\ncouleur = "bleu"\n'
        'faibles = ["passerelle"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ThesaurusError) as error:
        read_thesaurus(path, *SLUGS)
    problems = "\n".join(error.value.problems)
    assert "terme n° 2, champ « couleur » : champ inconnu." in problems
    assert "terme n° 2, champ « themes » : « inconnu » inconnu." in problems
    assert "« ponts » figure déjà au thesaurus.toml, terme n° 1." in problems
    assert "« le » ne contient aucun mot utile." in problems
    assert "terme n° 2, champ « faibles » : « passerelle » absente du terme." in problems


def test_a_weak_expression_counts_for_themes_but_shares_nothing_with_an_offer():
    """« ils viennent tous à la mairie »: the mairie is where the request comes from."""
    thesaurus = load_thesaurus()
    request = thesaurus.match("les habitants viennent tous à la mairie")
    assert "architecture-batiment" in request.themes and not request.entries
    offer = thesaurus.match("Archives de la mairie", gap=0, correct=False)
    assert offer.mentioned  # an offer that speaks of the mairie is about communal buildings


def test_check_command_fails_on_a_bad_file(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text("[[termes]]\nexpressions = []\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Thésaurus invalide"):
        call_command("check_thesaurus", "--fichier", str(path))
    assert THESAURUS_PATH.exists()
