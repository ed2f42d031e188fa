"""Template tags shared by every page: navigation, breadcrumbs, Markdown."""

import nh3
from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

register = template.Library()

# Raw HTML in staff texts is escaped by markdown-it; nh3 is the second line of defence.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}


def render_markdown(text):
    html = _markdown.render(text or "")
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes={"a": {"href", "title"}}, link_rel="noopener")


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(text))  # noqa: S308 - cleaned by nh3


@register.inclusion_tag("includes/nav_item.html", takes_context=True)
def nav_item(context, url, label):
    path = context["request"].path
    return {"url": url, "label": label, "current": path.startswith(url)}


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*trail):
    """Usage: {% breadcrumbs "Krisen" crises_url crisis.title %}: label, url pairs, then the current page."""
    *pairs, current = trail
    crumbs = [{"label": label, "url": url} for label, url in zip(pairs[::2], pairs[1::2], strict=True)]
    return {"crumbs": crumbs, "current": current}
