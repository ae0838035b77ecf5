import pytest
from django.core.management import call_command

from orientation.thesaurus import ThesaurusError, load_thesaurus, read_thesaurus

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
        '[[termes]]\nexpressions = ["ponts", "le"]\nthemes = ["inconnu"]\ncouleur = "bleu"\n',
        encoding="utf-8",
    )
    with pytest.raises(ThesaurusError) as error:
        read_thesaurus(path, *SLUGS)
    problems = "\n".join(error.value.problems)
    assert "terme n° 2, champ « couleur » : champ inconnu." in problems
    assert "terme n° 2, champ « themes » : « inconnu » inconnu." in problems
    assert "« ponts » figure déjà au thesaurus.toml, terme n° 1." in problems
    assert "« le » ne contient aucun mot utile." in problems


@pytest.mark.parametrize(
    "text, lead",
    [
        # A building's need of another field leads (development set, blind).
        (
            "On refait la salle des fêtes cet hiver et on voudrait enfin y avoir la fibre. "
            "À qui faut-il demander le raccordement du bâtiment ?",
            "numerique-donnees",
        ),
        # Its own works leave the building in the lead (development set).
        (
            "notre salle des fêtes date de 1978 : elle est mal isolée et le chauffage coûte cher",
            "architecture-batiment",
        ),
        # One of several projects does not take the lead from it (development set).
        (
            "un plan d'ensemble du bourg : où placer la future mairie, comment agrandir l'école, "
            "où faire quelques logements et un parking",
            "architecture-batiment",
        ),
    ],
)
def test_a_building_leads_unless_it_names_one_need_of_another_field(text, lead):
    assert lead in load_thesaurus().match(text).lead_themes
