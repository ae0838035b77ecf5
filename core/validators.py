"""Validators shared by every form and by the seed files."""

from django.core.validators import RegexValidator

# A French number: 02 43 00 00 00, 02.43.00.00.00, 0243000000, +33 2 43 00 00 00.
french_phone = RegexValidator(
    r"^(\+33 ?|0)[1-9]([ .-]?\d{2}){4}$",
    "Saisissez un numéro de téléphone français, par exemple 02 43 00 00 00.",
)
