"""Demo data for partner cities and associations, from shared/seed-facts.md.

`seed()` is idempotent: rows are found by their natural key and saved only when a value differs,
so a second run writes nothing (and adds no history entries).
"""

import datetime
from typing import NamedTuple

from partners.models import Association, PartnerCity


def upsert(model, lookup, values):
    """Create the row found by `lookup`, or bring its `values` up to date. Returns (obj, created, changed)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True, True
    changed = False
    for name, value in values.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            old, new = getattr(obj, field.attname), (value.pk if value is not None else None)
        else:
            old, new = field.get_prep_value(getattr(obj, name)), field.get_prep_value(value)
        if old != new:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
    return obj, False, changed


TWIN = PartnerCity.Kind.TWIN_CITY

CITIES = [
    {
        "slug": "amiens", "name": "Amiens", "local_name": "", "country": "FR", "kind": TWIN, "since_year": 1960,
        "latitude": "49.89407", "longitude": "2.29575",
        "description": "Die Stadt in der Picardie im Norden Frankreichs ist Dortmunds älteste Partnerstadt. "
        "Die Partnerschaft besteht seit 1960.",
    },
    {
        "slug": "leeds", "name": "Leeds", "local_name": "", "country": "GB", "kind": TWIN, "since_year": 1969,
        "latitude": "53.80076", "longitude": "-1.54908",
        "description": "Die Großstadt in Nordengland ist seit 1969 Partnerstadt von Dortmund. "
        "Wie Dortmund ist Leeds von Industrie geprägt und hat sich stark gewandelt.",
    },
    {
        "slug": "rostow-am-don", "name": "Rostow am Don", "local_name": "Ростов-на-Дону", "local_name_lang": "ru",
        "country": "RU",
        "kind": TWIN, "since_year": 1977, "status": PartnerCity.Status.SUSPENDED,
        "status_note": "ruht seit 2022", "latitude": "47.23571", "longitude": "39.70151",
        "description": "Die Stadt am Don im Süden Russlands ist seit 1977 Partnerstadt. "
        "Seit dem russischen Angriff auf die Ukraine im Jahr 2022 ruht die Partnerschaft.",
    },
    {
        "slug": "buffalo", "name": "Buffalo", "local_name": "", "country": "US", "kind": TWIN, "since_year": 1977,
        "latitude": "42.88645", "longitude": "-78.87837", "to_verify": True,
        "verification_note": "Beginn der Partnerschaft: 1977 oder 1978?",
        "description": "Die Stadt im Bundesstaat New York liegt am Eriesee nahe der Grenze zu Kanada. "
        "Die Partnerschaft mit Dortmund begann Ende der 1970er-Jahre.",
    },
    {
        "slug": "netanya", "name": "Netanya", "local_name": "", "country": "IL", "kind": TWIN, "since_year": 1981,
        "latitude": "32.32149", "longitude": "34.85327",
        "description": "Die Küstenstadt am Mittelmeer nördlich von Tel Aviv ist seit 1981 Partnerstadt von Dortmund.",
    },
    {
        "slug": "novi-sad", "name": "Novi Sad", "local_name": "", "country": "RS", "kind": TWIN, "since_year": 1982,
        "latitude": "45.26714", "longitude": "19.83355",
        "description": "Die Stadt an der Donau ist die zweitgrößte Stadt Serbiens und seit 1982 Partnerstadt.",
    },
    {
        "slug": "zwickau", "name": "Zwickau", "local_name": "", "country": "DE", "kind": TWIN, "since_year": 1988,
        "latitude": "50.71839", "longitude": "12.49639",
        "description": "Die Verbindung mit der Stadt in Sachsen besteht seit 1988. "
        "Lange wurde sie Städtefreundschaft genannt.",
    },
    {
        "slug": "xian", "name": "Xi'an", "local_name": "西安", "local_name_lang": "zh", "country": "CN", "kind": TWIN,
        "since_year": 1992, "latitude": "34.34157", "longitude": "108.93977",
        "description": "Die Hauptstadt der Provinz Shaanxi in China ist seit 1992 Partnerstadt von Dortmund.",
    },
    {
        "slug": "trabzon", "name": "Trabzon", "local_name": "", "country": "TR", "kind": TWIN, "since_year": 2014,
        "latitude": "41.00270", "longitude": "39.71680",
        "description": "Die Hafenstadt am Schwarzen Meer im Nordosten der Türkei ist seit 2014 Partnerstadt.",
    },
    {
        "slug": "kumasi", "name": "Kumasi", "local_name": "", "country": "GH", "kind": TWIN, "since_year": 2024,
        "latitude": "6.68848", "longitude": "-1.62443",
        "description": "Mit der Stadt in Ghana arbeitet Dortmund seit 2011 in einer Klimapartnerschaft zusammen. "
        "Seit 2024 ist Kumasi auch Partnerstadt.",
    },
    {
        "slug": "schytomyr", "name": "Schytomyr", "local_name": "Житомир", "local_name_lang": "uk", "country": "UA",
        "kind": PartnerCity.Kind.SOLIDARITY, "since_year": 2023, "since_date": datetime.date(2023, 2, 23),
        "latitude": "50.25465", "longitude": "28.65867", "to_verify": True,
        "verification_note": "Volle Städtepartnerschaft ab 9. Juli 2025 gemeldet – bitte bestätigen.",
        "description": "Die Stadt westlich von Kiew ist seit dem 23. Februar 2023 Solidaritätspartnerin "
        "von Dortmund. Der Rat hatte das am 9. Februar 2023 beschlossen. "
        "Dortmund liefert Hilfsgüter nach Schytomyr und, wenn nötig, in weitere Städte der Ukraine.",
    },
    {
        "slug": "dura", "name": "Dura", "local_name": "دورا", "local_name_lang": "ar", "country": "PS",
        "kind": PartnerCity.Kind.PROJECT, "since_year": 2018, "latitude": "31.50670", "longitude": "35.02830",
        "description": "Mit der Stadt im Westjordanland, südwestlich von Hebron, verbindet Dortmund "
        "seit 2018 eine Projektpartnerschaft.",
    },
    {
        "slug": "bondo", "name": "Bondo", "local_name": "", "country": "KE",
        "kind": PartnerCity.Kind.PROJECT, "since_year": 2008, "latitude": "-0.09972", "longitude": "34.27444",
        "description": "Die Kleinstadt nahe dem Victoriasee in Kenia ist Projektpartnerin. "
        "Seit 2008 unterstützt der Weltladen Aplerbeck dort ein Wasserprojekt.",
    },
]

OPERATOR = Association.WarehouseRole.OPERATOR
CO_USER = Association.WarehouseRole.CO_USER

ASSOCIATIONS = [
    {
        "slug": "grenzenlose-waerme", "name": "Grenzenlose Wärme e.V.", "warehouse_role": OPERATOR,
        "email": "kontakt@grenzenlose-waerme.org", "public_email": "kontakt@grenzenlose-waerme.org",
        "summary": "Vermittelt zwischen Stadt und Zivilgesellschaft und betreibt die Lagerhalle am Hafen.",
        "description": "Grenzenlose Wärme e.V. ist die Brücke zwischen der Stadt Dortmund und der "
        "Zivilgesellschaft. Der Verein betreibt die Lagerhalle am Dortmunder Hafen und führt dort den Bestand.\n\n"
        "Sachspenden nimmt der Verein nur nach vorheriger Terminabsprache an.",
    },
    {
        "slug": "blau-gelbes-herz", "name": "Blau-Gelbes-Herz", "warehouse_role": CO_USER,
        "summary": "Bringt gemeinsam mit der Stadt Hilfsgüter nach Schytomyr in der Ukraine.",
        "description": "Blau-Gelbes-Herz liefert zusammen mit der Stadt Dortmund Hilfsgüter in die "
        "Partnerstadt Schytomyr. Der Verein nutzt dafür die Lagerhalle am Hafen mit.",
    },
    {
        "slug": "cukurova", "name": "Cukurova e.V.", "warehouse_role": CO_USER,
        "summary": "Hilft den Menschen im Erdbebengebiet in der Türkei und nutzt die Lagerhalle mit.",
        "description": "Cukurova e.V. unterstützt die Menschen im Erdbebengebiet im Süden der Türkei. "
        "Der Verein nutzt die Lagerhalle am Hafen mit.",
    },
    {
        "slug": "weltladen-aplerbeck", "name": "Weltladen Aplerbeck", "warehouse_role": CO_USER,
        "summary": "Betreibt seit 2008 ein Wasserprojekt in Bondo, Kenia, und nutzt die Lagerhalle mit.",
        "description": "Der Weltladen Aplerbeck betreibt seit 2008 ein Wasserprojekt in Bondo in Kenia, "
        "einer Projektpartnerin von Dortmund. Der Verein nutzt die Lagerhalle am Hafen mit.",
    },
]


# Fields a demo row may leave out, with the value that resets them, so a rerun also clears a stale note.
CITY_DEFAULTS = {
    "local_name": "", "local_name_lang": "", "since_date": None, "status": PartnerCity.Status.ACTIVE, "status_note": "",
    "to_verify": False, "verification_note": "",
}
ASSOCIATION_DEFAULTS = {
    "contact_name": "", "email": "", "phone": "", "public_contact": "", "public_email": "", "public_phone": "",
    "website": "", "is_active": True,
}


def seed():
    """Create or bring up to date the partner cities and associations. Returns {label: SeedCount}."""
    return {
        "Partnerstädte": seed_rows(PartnerCity, CITIES, CITY_DEFAULTS),
        "Vereine": seed_rows(Association, ASSOCIATIONS, ASSOCIATION_DEFAULTS),
    }


class SeedCount(NamedTuple):
    total: int
    created: int
    changed: int


def seed_rows(model, rows, defaults, key="slug"):
    created = changed = 0
    for row in rows:
        values = {**defaults, **row}
        _, was_created, was_changed = upsert(model, {key: values.pop(key)}, values)
        created += was_created
        changed += was_changed and not was_created
    return SeedCount(len(rows), created, changed)
