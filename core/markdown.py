"""Markdown typed by a person, as safe HTML: rendered by `markdown`, then cleaned by `nh3` to
a few tags (no script, no style, no image, links without `javascript:`)."""

import markdown as markdown_lib
import nh3

TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote", "code"}


def to_html(text: str) -> str:
    html = markdown_lib.markdown(text or "", output_format="html")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
