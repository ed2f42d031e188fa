"""What the browser tests check on a page: axe-core, reflow and zoom, requests to other hosts, console errors."""

from pathlib import Path
from urllib.parse import urlsplit

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()

# WCAG 2.0 and 2.1, levels A and AA: what BITV 2.0 / EN 301 549 ask for.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""

# Schemes that never leave the browser.
_LOCAL_SCHEMES = {"data", "about", "blob"}


def axe_violations(page):
    """Run axe-core on the page as it is now. The CSP forbids add_script_tag, so evaluate the source."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    return page.evaluate(_RUN_AXE, AXE_TAGS)


_TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const tooWide = (el) => el.getBoundingClientRect().right > width + 1
    || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible");
  const name = (el) => [el.tagName.toLowerCase(), ...el.classList].join(".");
  // The innermost elements that stick out or whose content does, with their parents.
  return [...document.querySelectorAll("body *")]
    .filter((el) => tooWide(el) && ![...el.children].some(tooWide))
    .slice(0, 5).map((el) => `${name(el.parentElement)} > ${name(el)}`);
}"""

# Text cut off by a box that hides what overflows it. Visually hidden text (1 px boxes, text moved far
# off by text-indent) is meant to be.
_CLIPPED = """() => {
  const name = (el) => [el.tagName.toLowerCase(), ...el.classList].join(".");
  return [...document.querySelectorAll("body *")].filter((el) => {
    const style = getComputedStyle(el);
    const hides = (value) => value === "hidden" || value === "clip";
    if (!hides(style.overflowX) && !hides(style.overflowY)) return false;
    const box = el.getBoundingClientRect();
    if (box.width <= 2 || box.height <= 2 || !el.innerText || !el.innerText.trim()) return false;
    if (parseFloat(style.textIndent) < -100) return false;  // an icon button's hidden text
    return (hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      || (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
  }).slice(0, 5).map(name);
}"""


def layout_problems(page):
    """What axe cannot check: reflow (WCAG 1.4.10) and resize text (1.4.4).

    At 320 CSS pixels nothing may scroll sideways. At 200 % zoom of a 1280 px window (a 640 px
    viewport: Chromium zooms by shrinking the CSS viewport) nothing may scroll sideways either, and
    no text may be cut off. The viewport stays at 640 px; callers set it back as they need.
    """
    problems = []
    for width, height, what in ((320, 640, "at 320 px wide"), (640, 450, "at 200 % zoom")):
        page.set_viewport_size({"width": width, "height": height})
        culprits = page.evaluate(_TOO_WIDE)
        if culprits is not None:
            problems.append(f"{what} the page scrolls sideways; too wide: {', '.join(culprits) or 'body'}")
        clipped = page.evaluate(_CLIPPED)
        if clipped:
            problems.append(f"{what} text is cut off in: {', '.join(clipped)}")
    return problems


def format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node['target']}\n      {node['summary']}".rstrip() for node in violation["nodes"])
    return "\n".join(lines)


class PageWatch:
    """Records every request of a browser context and the page's console errors.

    A request to any origin but the live server's is aborted, so nothing leaves the machine,
    and recorded, so the test fails on it.
    """

    def __init__(self, context, page, origin):
        self.origin = origin
        self.requests = []
        self.foreign_requests = []
        self.console_errors = []
        context.route("**/*", self._route)
        context.on("request", self._on_request)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(f"uncaught JavaScript error: {error}"))

    def reset(self):
        """Forget what was seen so far, for a tab that is used again."""
        self.requests.clear()
        self.foreign_requests.clear()
        self.console_errors.clear()

    def is_own(self, url):
        parts = urlsplit(url)
        return parts.scheme in _LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}" == self.origin

    def _route(self, route):
        if self.is_own(route.request.url):
            route.continue_()
        else:
            self._foreign(route.request.url)
            route.abort("blockedbyclient")

    def _on_request(self, request):
        self.requests.append(request.url)
        if not self.is_own(request.url):
            self._foreign(request.url)

    def _foreign(self, url):
        if url not in self.foreign_requests:
            self.foreign_requests.append(url)

    def _on_console(self, message):
        if message.type == "error":
            self.console_errors.append(f"{message.text} (at {message.location.get('url', '?')})")

    def problems(self, *, expected_error_url=None):
        """Foreign requests and console errors, except the browser's note on an expected error status."""
        problems = [f"request to another host: {url}" for url in self.foreign_requests]
        for error in self.console_errors:
            if expected_error_url and error.startswith("Failed to load resource: the server responded with a status") \
                    and error.endswith(f"(at {expected_error_url})"):
                continue
            problems.append(f"console error: {error}")
        return problems
