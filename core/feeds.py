"""The platform's Atom feeds: whatever is stored, a feed is written (a control character in one
published title used to make a feed answer 500 to everyone)."""

from django.utils.feedgenerator import Atom1Feed

from .text import without_controls


class CleanAtomFeed(Atom1Feed):
    def add_item(self, title, link, description, **kwargs):
        def clean(value):
            return without_controls(value) if isinstance(value, str) else value

        kwargs = {key: clean(value) for key, value in kwargs.items()}
        super().add_item(clean(title), link, clean(description), **kwargs)
