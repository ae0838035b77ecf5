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


def _problems(tmp_path, text: str) -> str:
    """The problems reported for a thesaurus file holding `text`."""
    path = tmp_path / "thesaurus.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThesaurusError) as error:
        read_thesaurus(path, *SLUGS)
    return "\n".join(error.value.problems)


def test_problems_are_reported_with_their_entry(tmp_path):
    problems = _problems(
        tmp_path,
        '[[termes]]\nexpressions = ["pont"]\nthemes = ["voirie"]\n\n'
        '[[termes]]\nexpressions = ["ponts", "le", "zone AU"]\nthemes = ["inconnu"]\ncouleur = "bleu"\n',
    )
    assert "terme n° 2, champ « couleur » : champ inconnu." in problems
    assert "terme n° 2, champ « themes » : « inconnu » inconnu." in problems
    assert "« ponts » figure déjà au thesaurus.toml, terme n° 1." in problems
    assert "« le » ne contient aucun mot utile." in problems
    assert "« zone AU » ne garde qu'un mot, « zone »" in problems


def test_a_section_of_speakers_or_private_life_without_its_authority_is_reported(tmp_path):
    problems = _problems(
        tmp_path,
        '[[termes]]\nexpressions = ["pont"]\nthemes = ["voirie"]\n\n'
        '[locuteurs]\nexpressions = ["je suis commercial", "notre"]\nqui = "x"\n\n'
        '[vie_privee]\npossessifs = ["mon"]\nmots = ["fils"]\n',
    )
    assert "[locuteurs], champ « qui » : champ inconnu." in problems
    assert (
        "[locuteurs] : « expressions » (une liste) et « autorite » sont obligatoires." in problems
    )
    assert "[vie_privee] : « possessifs », « mots » et « autorite » sont obligatoires." in problems


def test_a_speaker_phrase_of_one_word_would_match_too_much(tmp_path):
    problems = _problems(
        tmp_path,
        '[[termes]]\nexpressions = ["pont"]\nthemes = ["voirie"]\n\n'
        '[locuteurs]\nexpressions = ["je suis commercial chez", "notre", ""]\nautorite = "x"\n',
    )
    assert "« notre » : écrivez au moins deux mots qui se suivent." in problems
    assert "«  » : écrivez au moins deux mots qui se suivent." in problems


def test_an_entry_can_say_the_heritage_is_protected(tmp_path):
    path = tmp_path / "thesaurus.toml"
    path.write_text(
        '[[termes]]\nexpressions = ["monument historique"]\nthemes = ["voirie"]\nprotege = true\n'
        '\n[[termes]]\nexpressions = ["pont"]\nthemes = ["voirie"]\n',
        encoding="utf-8",
    )
    terms = read_thesaurus(path, *SLUGS).match("le pont du monument historique").terms
    assert {t.expression: t.protected for t in terms} == {
        "monument historique": True,
        "pont": False,
    }
