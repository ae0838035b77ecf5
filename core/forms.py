"""What the forms of several apps share."""

from django import forms


class FilterForm(forms.Form):
    """The filters of a list page and of its feeds: every field optional; a wrong value is
    explained next to its field and left out, the others still apply."""

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in ("", None, False)
        }


class DateField(forms.DateField):
    """A date typed in the browser's date picker, or as 31/03/2027; said wrong in French."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what the input reads

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "error_messages", {"invalid": "Saisissez une date valide, par exemple 31/03/2027."}
        )
        super().__init__(**kwargs)


class EmailField(forms.EmailField):
    """An e-mail address, 254 characters at most, said wrong in French the same way on every
    form; `missing` says whose address is expected. `own`: the visitor's own address, which
    the browser may fill in."""

    def __init__(self, *, missing: str = "Indiquez une adresse électronique.", own=False, **kwargs):
        kwargs.setdefault("max_length", 254)
        if own:
            kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        kwargs["error_messages"] = {
            "required": missing,
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        }
        super().__init__(**kwargs)
