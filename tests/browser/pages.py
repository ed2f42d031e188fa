"""Every public page the browser visits, built from the routed URL names and the demo data.

The ids are known when pytest collects (one test per page); the paths are resolved in the test,
after seed_demo has run, through the objects' get_absolute_url(). test_page_coverage.py checks
that nothing public is missing: every route an anonymous visitor gets an HTML page from, and every
page in the sitemap.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.text import slugify

from crises import demo as crises_demo
from crises.actions import demo as actions_demo
from crises.models import AidAction, Crisis, NewsPost, VolunteerShift
from donations import demo as donations_demo
from donations.models import Shipment
from partners import demo as partners_demo
from partners.models import Association, PartnerCity
from warehouse.stock import demo as stock_demo


@dataclass(frozen=True)
class PublicPage:
    id: str
    url_name: str = ""
    model: type | None = None
    slug: str = ""
    lookup: str = "slug"  # the model field `slug` holds a value of (shipments have no slug: their title)
    path: str = ""
    # Submit the page's form empty and check the page that shows the errors.
    submit_empty_form: bool = False

    def resolve(self):
        if self.path:
            return self.path
        if self.model is not None:
            return self.model.objects.get(**{self.lookup: self.slug}).get_absolute_url()
        return reverse(self.url_name)


# Routes without a slug, by URL name.
STATIC_PAGES = [
    "site:home",
    "crises:list",
    "partners:city-list",
    "partners:association-list",
    "news:list",
    "site:contact",
    "site:imprint",
    "site:privacy",
    "site:accessibility",
    "site:accessibility-thanks",
    "site:easy-language",
    "donations:aid-overview",
    "donations:shipment-list",
    "site:need-list",
    "donations:donate",
    "offers:form",
    "donations:open-data",
    # The way into the association area, open to everyone.
    "account:login",
    "account:password_reset",
    "account:password_reset_done",
    "account:password_reset_complete",
    "warehouse:co-use",
    "actions:list",
]

# Forms whose page with errors (after an empty submit) is checked as well.
FORMS_SUBMITTED_EMPTY = ["site:accessibility", "offers:form", "account:login", "warehouse:co-use"]

# Routes with a slug: URL name, model, the demo rows it is seeded from.
DETAIL_PAGES = [
    ("crises:detail", Crisis, crises_demo.CRISES),
    ("partners:city-detail", PartnerCity, partners_demo.CITIES),
    ("partners:association-detail", Association, partners_demo.ASSOCIATIONS),
    ("news:detail", NewsPost, crises_demo.NEWS),
    ("actions:detail", AidAction, [{"slug": slug} for slug in actions_demo.ACTION_SLUGS]),
]

# Django's admin is for staff and its markup is Django's; tests/site covers its pages.
NOT_BROWSED_NAMESPACES = {"admin"}

NOT_FOUND_PATH = "/diese-seite-gibt-es-nicht/"

# Demo shipments with a public page (delivered or underway), found by their title.
PUBLIC_DEMO_SHIPMENTS = [row["title"] for row in donations_demo.SHIPMENTS] + [stock_demo.UNDERWAY["title"]]


def public_pages():
    pages = [PublicPage(id=name, url_name=name) for name in STATIC_PAGES]
    pages.extend(
        PublicPage(id=f"{name}:errors", url_name=name, submit_empty_form=True) for name in FORMS_SUBMITTED_EMPTY
    )
    for url_name, model, rows in DETAIL_PAGES:
        pages.extend(PublicPage(id=f"{url_name}:{row['slug']}", url_name=url_name, model=model, slug=row["slug"])
                     for row in rows)
    pages.extend(
        PublicPage(id=f"donations:shipment-detail:{slugify(title)}", url_name="donations:shipment-detail",
                   model=Shipment, slug=title, lookup="title")
        for title in PUBLIC_DEMO_SHIPMENTS
    )
    # The press report of each crisis (/krisen/<slug>/bericht/): routed in donations, so no get_absolute_url.
    pages.extend(PublicPage(id=f"donations:crisis-report:{row['slug']}", url_name="donations:crisis-report",
                            path=f"/krisen/{row['slug']}/bericht/") for row in crises_demo.CRISES)
    # Each aid action's report, and the volunteers' sign-up page of each demo shift.
    pages.extend(PublicPage(id=f"actions:report:{slug}", url_name="actions:report",
                            path=f"/hilfsaktionen/{slug}/bericht/") for slug in actions_demo.ACTION_SLUGS)
    pages.extend(PublicPage(id=f"actions:shift-signup:{slugify(title)}", url_name="actions:shift-signup",
                            model=VolunteerShift, slug=title, lookup="title") for title in actions_demo.SHIFT_TITLES)
    pages.append(PublicPage(id="404", path=NOT_FOUND_PATH))
    return pages


PUBLIC_PAGES = public_pages()


def sitemap_paths():
    """The paths the sitemap lists: the site's own word on what is public."""
    from dortmund_hilft.sitemaps import SITEMAPS

    paths = set()
    for sitemap_class in SITEMAPS.values():
        sitemap = sitemap_class()
        paths.update(sitemap.location(item) for item in sitemap.items())
    return paths


def expected_status(page, path, public_paths):
    """404 for the made-up address and for a demo object the site does not publish (a draft)."""
    if page.path == NOT_FOUND_PATH:
        return 404
    if page.model is not None and path not in public_paths:
        return 404
    return 200
