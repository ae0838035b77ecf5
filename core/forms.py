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
