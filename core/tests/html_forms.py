"""The forms of a page as a browser sees them: for the round-trip tests (send a form back
unchanged) and the form fuzzer (send it anything)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # an input's type, « select », « select-multiple » or « textarea »
    value: str = ""  # as the page gives it (checked box: its value; unchecked: "")
    options: list[str] = field(default_factory=list)  # a select's, a group of boxes'


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)

    def data(self) -> dict[str, list[str]]:
        """What the browser would send with nothing changed."""
        sent: dict[str, list[str]] = {}
        for item in self.fields:
            if item.kind == "button" or (item.kind in ("checkbox", "radio") and not item.value):
                continue
            sent.setdefault(item.name, []).append(item.value)
        return sent


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.in_main = False
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.in_main = self.in_main or tag == "main"
        if tag == "form" and self.in_main:
            method = (attrs.get("method") or "get").lower()
            self.form = Form(method, attrs.get("action") or "")
            self.forms.append(self.form)
        if self.form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            kind = attrs.get("type") or "text"
            checked = kind not in ("checkbox", "radio") or "checked" in attrs
            value = attrs.get("value", "on" if kind == "checkbox" else "") if checked else ""
            self.form.fields.append(Field(name, kind, value, [attrs.get("value", "on")]))
        elif tag == "button" and name and attrs.get("value"):
            self.form.fields.append(Field(name, "button", "", [attrs["value"]]))
        elif tag == "select" and name:
            kind = "select-multiple" if "multiple" in attrs else "select"
            self.select = Field(name, kind)
        elif tag == "option" and self.select is not None:
            self.select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self.select.value = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = Field(name, "textarea")

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "select" and self.select is not None:
            if not self.select.value and self.select.kind == "select" and self.select.options:
                self.select.value = self.select.options[0]
            self.form.fields.append(self.select)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.textarea.value = self.textarea.value.removeprefix("\n")  # as a browser does
            self.form.fields.append(self.textarea)
            self.textarea = None
        elif tag == "form":
            self.form = None


def forms_of(html: str) -> list[Form]:
    """The forms of the page's main content, in order."""
    reader = _Reader()
    reader.feed(html)
    return reader.forms
