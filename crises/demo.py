"""Demo data for crises and news, from shared/seed-facts.md. Needs partners.demo.seed() first.

Only facts stated in the seed are used: no figures, no invented events. Publication dates of the
news posts are fixed (the day of the event they report on or shortly after), so a rerun changes nothing.
"""

import datetime
from zoneinfo import ZoneInfo

from crises.models import AffectedPartnerCity, Crisis, NewsPost
from partners.demo import seed_rows, upsert
from partners.models import PartnerCity

BERLIN = ZoneInfo("Europe/Berlin")

CRISES = [
    {
        "slug": "krieg-gegen-die-ukraine",
        "title": "Russlands Krieg gegen die Ukraine",
        "summary": "Seit dem 24. Februar 2022 führt Russland Krieg gegen die Ukraine. "
        "Dortmund unterstützt ukrainische Städte mit Hilfsgütern.",
        # Title and summary in every language; the longer texts only in German so far, which the
        # pages say in the reader's language (issue 16).
        "title_en": "Russia's war against Ukraine",
        "summary_en": "Russia has been waging war against Ukraine since 24 February 2022. "
        "Dortmund supports Ukrainian cities with relief goods.",
        "title_uk": "Війна Росії проти України",
        "summary_uk": "З 24 лютого 2022 року Росія веде війну проти України. "
        "Дортмунд підтримує українські міста гуманітарними товарами.",
        "title_tr": "Rusya'nın Ukrayna'ya karşı savaşı",
        "summary_tr": "Rusya, 24 Şubat 2022'den bu yana Ukrayna'ya karşı savaş yürütüyor. "
        "Dortmund, Ukrayna şehirlerini yardım malzemeleriyle destekliyor.",
        "description": "Am 24. Februar 2022 hat Russland die Ukraine angegriffen. Seitdem unterstützt "
        "die Stadt Dortmund ukrainische Städte mit Gütern aus städtischem Bestand.\n\n"
        "Seit Februar 2023 verbindet Dortmund eine Solidaritätspartnerschaft mit Schytomyr. "
        "Hilfsgüter gehen vor allem dorthin und, wenn nötig, auch in andere Städte der Ukraine. "
        "Dortmunder Vereine wie Blau-Gelbes-Herz helfen bei den Lieferungen.",
        "category": Crisis.Category.MAN_MADE,
        "hazard_type": Crisis.HazardType.ARMED_CONFLICT,
        "countries": ["UA"],
        "residents_origin": False,
        "direct_impact": False,
        "dortmund_link": "Schytomyr ist Solidaritätspartnerin von Dortmund. "
        "Die Stadt bittet um Hilfe, und Dortmund liefert.",
        "status": Crisis.Status.ACTIVE,
        "started_on": datetime.date(2022, 2, 24),
        "ended_on": None,
        "glide_number": "",
        "affected": {"schytomyr": "Solidaritätspartnerin von Dortmund; Ziel der Hilfslieferungen"},
    },
    {
        "slug": "erdbeben-tuerkei-syrien-2023",
        "title": "Erdbeben in der Türkei und in Syrien",
        "summary": "Am 6. Februar 2023 erschütterten schwere Erdbeben den Süden der Türkei und den Norden Syriens.",
        "description": "Am 6. Februar 2023 haben schwere Erdbeben große Gebiete im Süden der Türkei und im "
        "Norden Syriens zerstört.\n\n"
        "Gleich danach hat Dortmund gemeinsam mit Dortmunder Vereinen Hilfsgüter gesammelt, neu gekauft "
        "und in das Erdbebengebiet gebracht. Ein Ziel war die Provinz Hatay.",
        "category": Crisis.Category.NATURAL,
        "hazard_type": Crisis.HazardType.EARTHQUAKE,
        "countries": ["TR", "SY"],
        "residents_origin": True,
        "direct_impact": False,
        "dortmund_link": "Viele Menschen in Dortmund haben Familie und Freunde in der Türkei und in Syrien.",
        "status": Crisis.Status.MONITORING,
        "started_on": datetime.date(2023, 2, 6),
        "ended_on": None,
        "glide_number": "EQ-2023-000015-TUR",
        "affected": {},
    },
]


def _at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=BERLIN)


NEWS = [
    {
        "slug": "solidaritaetspartnerschaft-mit-schytomyr",
        "title": "Solidaritätspartnerschaft mit Schytomyr",
        "teaser": "Dortmund und die ukrainische Stadt Schytomyr sind jetzt Solidaritätspartnerinnen.",
        "body": "Der Rat der Stadt Dortmund hat am 9. Februar 2023 eine Solidaritätspartnerschaft mit "
        "Schytomyr beschlossen. Sie gilt seit dem 23. Februar 2023.\n\n"
        "Dortmund liefert Hilfsgüter nach Schytomyr und, wenn nötig, in weitere Städte der Ukraine. "
        "Der Verein Blau-Gelbes-Herz ist dabei ein wichtiger Partner.",
        "crisis": "krieg-gegen-die-ukraine",
        "published_at": _at(2023, 2, 23),
    },
    {
        "slug": "hilfe-nach-dem-erdbeben",
        "title": "Hilfe nach dem Erdbeben in der Türkei und in Syrien",
        "teaser": "Dortmund sammelt mit Vereinen Hilfsgüter für das Erdbebengebiet.",
        "body": "Nach den schweren Erdbeben vom 6. Februar 2023 hilft Dortmund schnell: Die Stadt sammelt "
        "gemeinsam mit Dortmunder Vereinen Hilfsgüter, kauft fehlende Güter neu und bringt sie in das "
        "Erdbebengebiet.\n\n"
        "Viele Menschen in Dortmund haben Angehörige in der Türkei und in Syrien. "
        "Der Verein Cukurova e.V. unterstützt die Hilfe.",
        "crisis": "erdbeben-tuerkei-syrien-2023",
        "published_at": _at(2023, 2, 10),
    },
    {
        "slug": "lagerhalle-am-hafen",
        "title": "Eine Lagerhalle am Dortmunder Hafen",
        "teaser": "Seit November 2023 lagern Hilfsgüter in einer eigenen Halle am Hafen.",
        "body": "Seit November 2023 gibt es eine Lagerhalle am Dortmunder Hafen. Die Stadt bezahlt die Halle, "
        "der Verein Grenzenlose Wärme e.V. betreibt sie.\n\n"
        "Dort werden Sachspenden gelagert, sortiert und für Hilfslieferungen gepackt. Auch Blau-Gelbes-Herz, "
        "Cukurova e.V. und der Weltladen Aplerbeck nutzen die Halle. Weitere Vereine sind willkommen.",
        "crisis": None,
        "published_at": _at(2023, 11, 30),
    },
    {
        "slug": "sachspenden-nur-mit-termin",
        "title": "Sachspenden nur mit Termin",
        "teaser": "Wer Sachspenden bringen möchte, vereinbart vorher einen Termin mit Grenzenlose Wärme e.V.",
        "body": "Grenzenlose Wärme e.V. nimmt Sachspenden in der Lagerhalle am Hafen nur nach vorheriger "
        "Absprache an. So ist immer jemand da, der die Spende annimmt.\n\n"
        "Schreiben Sie an kontakt@grenzenlose-waerme.org.",
        "crisis": None,
        # A draft, so the admin shows one.
        "published_at": None,
    },
]


def seed():
    """Create or bring up to date the demo crises and news posts. Returns {label: SeedCount}."""
    cities = {city.slug: city for city in PartnerCity.objects.all()}
    crisis_rows = [{k: v for k, v in row.items() if k != "affected"} for row in CRISES]
    summary = {"Krisen": seed_rows(Crisis, crisis_rows, {})}
    crises = {crisis.slug: crisis for crisis in Crisis.objects.filter(slug__in=[row["slug"] for row in CRISES])}
    for row in CRISES:
        for city_slug, note in row["affected"].items():
            upsert(AffectedPartnerCity, {"crisis": crises[row["slug"]], "partner_city": cities[city_slug]},
                   {"note": note})
    news_rows = [{**row, "crisis": crises.get(row["crisis"])} for row in NEWS]
    summary["Meldungen"] = seed_rows(NewsPost, news_rows, {"photo_alt": ""})
    return summary
