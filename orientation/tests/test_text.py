import pytest

from orientation.text import Reader, lemma, lemmas


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("lampadaires", "lampadaire"),
        ("écoles", "école"),
        ("Assainissements", "assainissement"),
        ("ponts", "pont"),
        ("bornes", "borne"),
        ("friches", "friche"),
        ("protégée", "protégé"),
        ("protégés", "protéger"),
        ("classée", "classé"),
        ("eglise", "église"),
        ("eaux", "eau"),
    ],
)
def test_inflections_share_a_lemma(a, b):
    assert lemmas(a) == lemmas(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("classée", "classe"),  # a listed church is not a school class
        ("liaison", "lien"),
        ("étang", "étage"),
    ],
)
def test_words_of_other_meanings_stay_apart(a, b):
    assert lemmas(a) != lemmas(b)


def test_stop_words_accents_case_and_hyphens():
    assert lemmas("Refaire l'ÉCLAIRAGE-public de la rue") == lemmas("refaire eclairage public rue")
    assert "de" not in lemmas("la salle de sport")
    # Pronouns the stop words miss are no topic (« qu'elles soient rénovées »).
    assert lemmas("qu'elles soient rénovées, pour eux") == lemmas("soient rénovées pour")


def test_auxiliaries_and_verbs_of_wanting_are_how_a_request_is_said_not_its_subject():
    # « ont » matched « ont » in an offer's text; « avions » is not a plane here.
    assert lemmas("les propriétaires n'ont pas les moyens") == lemmas("propriétaires moyens")
    assert lemmas("nous avions prévu, ils doivent, on pourrait, il faudra") == lemmas("prévu")
    assert lemmas("nous aimerions agrandir l'école") == lemmas("agrandir école")
    # By their spelling, not their lemma: « allée » and « aide aux devoirs » stay (review).
    assert lemmas("l'allée du cimetière") and lemmas("aide aux devoirs") == ["devoir"]
    # « après plusieurs dégradations », « autour du stade » said nothing an offer could share.
    assert lemmas("après plusieurs dégradations autour du stade") == lemmas("dégradations stade")


def test_short_words_and_acronyms_are_kept():
    assert lemma("plu") == "plu" and lemma("led") == "led" and lemma("gaz") == "gaz"
    assert lemmas("PLUi") == ["plui"]


def test_unknown_words_are_read_as_the_nearest_word_of_the_vocabulary():
    reader = Reader(frozenset({"eglise", "assainissement", "subvention", "toiture", "accueil"}))
    assert [w.lemma for w in reader.read("eglize")] == ["eglise"]
    # Two letters swapped are one typo (« acceuil », the usual one).
    assert [w.lemma for w in reader.read("acceuil")] == ["accueil"]
    assert [w.lemma for w in reader.read("asainissement")] == ["assainissement"]
    assert [w.lemma for w in reader.read("subvension")] == ["subvention"]
    # A real French word is never « corrected », nor a short one.
    assert [w.lemma for w in reader.read("toilette")] == ["toilette"]
    assert [w.lemma for w in reader.read("toit")] == ["toit"]


def test_abbreviations_expand_before_reading():
    reader = Reader(frozenset(), {"subv": "subvention", "pr": "pour", "sdf": "salle des fêtes"})
    assert [w.lemma for w in reader.read("1 subv pr la sdf")] == [
        "1",
        "subvention",
        "salle",
        "fete",
    ]


@pytest.mark.parametrize(
    ("text", "negated"),
    [
        ("église non protégée", ["proteger"]),
        ("travaux hors agglomération", ["agglomeration"]),
        ("l'église n'est pas classée", ["classer"]),
        ("nous n'avons pas de PLU", []),  # what is missing is a need, not its opposite
        ("une commune sans médecin", []),
    ],
)
def test_negation_marks_the_word_it_flips(text, negated):
    assert [w.lemma for w in Reader().read(text) if w.negated] == negated


def test_road_numbers_and_shouted_text():
    reader = Reader()
    road = lemmas("route départementale")
    assert [w.lemma for w in reader.read("sécuriser la D129")][-2:] == road
    assert [w.lemma for w in reader.read("la RD 145 au bourg")][:2] == road
    # A shouted request is read as words, not as acronyms.
    assert [w.lemma for w in reader.read("REFAIRE LES ECOLES")] == lemmas("refaire les écoles")


def test_after_pas_only_a_status_is_negated_a_lacking_state_is_the_need():
    read = Reader().read
    assert [w.lemma for w in read("l'église n'est pas classée") if w.negated] == ["classer"]
    # « pas accessible », « pas isolée », « pas raccordée »: what is lacking is asked for.
    for text in ("la mairie n'est pas accessible", "la salle n'est pas isolée", "pas raccordée"):
        assert not [w for w in read(text) if w.negated], text
