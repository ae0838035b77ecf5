"""What the management commands share."""


def add_departements_argument(parser) -> None:
    """`--departement CODE`, repeatable; the commands default to SITE_DEPARTEMENTS."""
    parser.add_argument(
        "--departement",
        action="append",
        dest="departements",
        metavar="CODE",
        help="Département (répétable ; défaut : SITE_DEPARTEMENTS, soit 53).",
    )
