"""The public datasets of /daten/: what each holds, and the one description of its columns.

A dataset's columns (name, Table Schema type, HXL hashtag, German description, example) are written
once, here. The CSV header, the JSON, the HXL hashtag row, the Frictionless table schema in
datapackage.json, the DCAT catalogue and the column tables on /daten/ are all made from them, so
they cannot disagree.

Only what the public pages show goes in: all crises and partner cities, the shipments that are on
their way or have arrived (their lines: those that arrived), the needs /bedarf/ lists now. No donor,
no driver, no vehicle, no internal note. Each dataset's rows come from one query (two for shipments,
whose organisers are a many-to-many), read in chunks, so the work grows with the rows and the number
of queries does not.
"""

import datetime
import decimal
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF

from crises.models import Crisis
from donations import csv_export
from donations.models import Need, Priority, Shipment, ShipmentLine, Unit
from partners.models import PartnerCity
from partners.site_url import absolute_url

CHUNK_ROWS = 2000
LICENCE = "Datenlizenz Deutschland – Zero – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/zero-2-0"
LICENCE_URI = "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
MUNICIPALITY_KEY = "05913000"
PUBLISHER = _("Stadt Dortmund, Koordinierungseinheit „Dortmund hilft“")

# What a cell of each Table Schema type looks like in the CSV: booleans in plain German.
TRUE, FALSE = "ja", "nein"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema type: string, integer, number, date, boolean
    hxl: str  # HXL hashtag with attributes, https://hxlstandard.org/standard/dictionary/
    description: str
    example: str = ""
    required: bool = False

    def csv_value(self, value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return TRUE if value else FALSE
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    def json_value(self, value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, decimal.Decimal):
            return float(value)
        return value

    def schema(self):
        described = {"name": self.name, "type": self.type, "description": str(self.description)}
        if self.type == "boolean":
            described.update(trueValues=[TRUE], falseValues=[FALSE])
        if self.required:
            described["constraints"] = {"required": True}
        return described


@dataclass(frozen=True)
class ForeignKey:
    fields: str
    resource: str
    reference: str


@dataclass(frozen=True)
class Dataset:
    slug: str  # the file name on /daten/, also the resource name in datapackage.json
    title: str
    description: str
    changes: str  # when the data changes, for /daten/ and the catalogue
    columns: tuple
    primary_key: str
    rows: object  # () -> iterator of tuples in the order of `columns`, labels in the current language
    count: object  # () -> number of rows
    foreign_keys: tuple = ()
    legacy_url_names: dict = field(default_factory=dict)

    @property
    def names(self):
        return [column.name for column in self.columns]

    def url_name(self, kind):
        """The URL name of this dataset as "csv", "json" or "hxl"."""
        return "donations:" + self.legacy_url_names.get(kind, f"open-data-{self.slug}-{kind}")

    # For templates, which cannot pass an argument.
    url_name_csv = property(lambda self: self.url_name("csv"))
    url_name_json = property(lambda self: self.url_name("json"))
    url_name_hxl = property(lambda self: self.url_name("hxl"))

    def csv_rows(self):
        for row in self.rows():
            yield [column.csv_value(value) for column, value in zip(self.columns, row, strict=True)]

    def json_rows(self):
        for row in self.rows():
            yield {column.name: column.json_value(value) for column, value in zip(self.columns, row, strict=True)}

    def json_head(self):
        return {
            "titel": str(self.title),
            "beschreibung": str(self.description),
            "herausgeber": str(PUBLISHER),
            "gemeindeschluessel": MUNICIPALITY_KEY,
            "lizenz": {"name": LICENCE, "url": LICENCE_URL},
            "spalten": [{"name": column.name, "typ": column.type, "beschreibung": str(column.description)}
                        for column in self.columns],
        }

    def table_schema(self):
        schema = {
            "fields": [column.schema() for column in self.columns],
            "missingValues": [""],
            "primaryKey": [self.primary_key],
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [key.fields], "reference": {"resource": key.resource, "fields": [key.reference]}}
                for key in self.foreign_keys
            ]
        return schema


def _labels(choices):
    """Choice labels in the request's language, read now: the rows are written after the view returned."""
    return {value: str(label) for value, label in choices}


def _chunked(queryset):
    return queryset.iterator(chunk_size=CHUNK_ROWS)


# --- Krisen --------------------------------------------------------------------------------------


def _country_codes(countries):
    """"TR SY" from the stored "TR,SY" (values_list skips the field's own conversion to Country objects)."""
    codes = countries.split(",") if isinstance(countries, str) else [str(country) for country in countries]
    return " ".join(code.strip() for code in codes if code.strip()) or None


def _crisis_rows():
    categories, hazards, statuses = (_labels(Crisis.Category.choices), _labels(Crisis.HazardType.choices),
                                     _labels(Crisis.Status.choices))
    crises = Crisis.objects.order_by("started_on", "pk").values_list(
        "slug", "title", "summary", "category", "hazard_type", "countries", "status", "started_on", "ended_on",
        "glide_number", "dortmund_link",
    )
    for slug, title, summary, category, hazard, countries, status, started, ended, glide, link in _chunked(crises):
        yield (
            slug, title, summary, categories.get(category, category), hazards.get(hazard, hazard),
            _country_codes(countries), statuses.get(status, status), started, ended,
            glide or None, link or None, absolute_url(f"/krisen/{slug}/"),
        )


CRISES = Dataset(
    slug="krisen",
    title=_("Krisen, in denen Dortmund hilft"),
    description=_("Alle Krisen, zu denen die Koordinierungseinheit „Dortmund hilft“ arbeitet oder gearbeitet hat: "
                  "Art, betroffene Länder, Zeitraum und Bezug zu Dortmund."),
    changes=_("Ändert sich, wenn eine Krise neu aufgenommen oder ihr Stand geändert wird, meist wenige Male im Jahr."),
    columns=(
        Column("kennung", "string", "#crisis+id", _("Kurzname der Krise, wie in der Adresse /krisen/<kennung>/"),
               "erdbeben-tuerkei-syrien-2023", required=True),
        Column("titel", "string", "#crisis+name", _("Name der Krise"), "Erdbeben in der Türkei und Syrien",
               required=True),
        Column("kurzfassung", "string", "#description", _("Worum es geht, in einem Satz"),
               "Schwere Erdbeben im Süden der Türkei und im Norden Syriens."),
        Column("kategorie", "string", "#crisis+category",
               _("Art der Krise: von Menschen verursacht, Naturgefahr oder komplexe Notlage"), "Naturgefahr"),
        Column("gefahr", "string", "#crisis+type", _("Art der Gefahr, z. B. Erdbeben, Hochwasser, Krieg"), "Erdbeben"),
        Column("laender", "string", "#country+code+list",
               _("Betroffene Länder als Ländercodes nach ISO 3166-1 alpha-2, durch Leerzeichen getrennt"), "TR SY"),
        Column("status", "string", "#status", _("Stand: aktiv, beobachtet oder abgeschlossen"), "aktiv"),
        Column("beginn", "date", "#date+start", _("Beginn der Krise (JJJJ-MM-TT)"), "2023-02-06", required=True),
        Column("ende", "date", "#date+end", _("Ende der Krise (JJJJ-MM-TT), leer, solange sie andauert"), ""),
        Column("glide", "string", "#crisis+code",
               _("GLIDE-Nummer der Katastrophe (weltweite Kennung, glidenumber.net), leer, wenn es keine gibt"),
               "EQ-2023-000015-TUR"),
        Column("bezug_zu_dortmund", "string", "#description+dortmund", _("Warum Dortmund hilft"),
               "Viele Dortmunder*innen stammen aus der Region."),
        Column("adresse", "string", "#meta+url", _("Seite der Krise auf diesem Portal"),
               "https://…/krisen/erdbeben-tuerkei-syrien-2023/"),
    ),
    primary_key="kennung",
    rows=_crisis_rows,
    count=lambda: Crisis.objects.count(),
)


# --- Partnerstädte -------------------------------------------------------------------------------


def _city_rows():
    kinds, statuses = _labels(PartnerCity.Kind.choices), _labels(PartnerCity.Status.choices)
    cities = PartnerCity.objects.order_by("since_year", "name", "pk").values_list(
        "slug", "name", "local_name", "country", "kind", "since_year", "status", "status_note", "latitude",
        "longitude", "to_verify",
    )
    for slug, name, local_name, country, kind, since, status, note, latitude, longitude, to_verify in _chunked(cities):
        yield (
            slug, name, local_name or None, str(country) or None, kinds.get(kind, kind), since,
            statuses.get(status, status), note or None, latitude, longitude, to_verify,
            absolute_url(f"/partnerstaedte/{slug}/"),
        )


PARTNER_CITIES = Dataset(
    slug="partnerstaedte",
    title=_("Partnerstädte Dortmunds"),
    description=_("Die Städte, mit denen Dortmund eine Städte-, Solidaritäts- oder Projektpartnerschaft oder eine "
                  "Freundschaft pflegt, und Herkunftsstädte vieler Dortmunder*innen, mit Land und Lage."),
    changes=_("Ändert sich selten, wenn eine Partnerschaft beginnt oder ruht."),
    columns=(
        Column("kennung", "string", "#adm2+id", _("Kurzname der Stadt, wie in der Adresse /partnerstaedte/<kennung>/"),
               "schytomyr", required=True),
        Column("name", "string", "#adm2+name", _("Name der Stadt auf Deutsch"), "Schytomyr", required=True),
        Column("name_landessprache", "string", "#adm2+name+local", _("Name in der Landessprache, wenn er anders ist"),
               "Житомир"),
        Column("land", "string", "#country+code", _("Land als Ländercode nach ISO 3166-1 alpha-2"), "UA",
               required=True),
        Column("art", "string", "#meta+partnership", _("Art der Partnerschaft"), "Solidaritätspartnerschaft"),
        Column("seit", "integer", "#date+year", _("Jahr, seit dem die Partnerschaft besteht"), "2022"),
        Column("status", "string", "#status", _("Stand der Partnerschaft: aktiv oder ruht"), "aktiv"),
        Column("hinweis_zum_status", "string", "#status+note", _("Erläuterung zum Stand, wenn es eine gibt"), ""),
        Column("breitengrad", "number", "#geo+lat", _("Geografische Breite der Stadt (WGS 84, Dezimalgrad)"),
               "50.25465"),
        Column("laengengrad", "number", "#geo+lon", _("Geografische Länge der Stadt (WGS 84, Dezimalgrad)"),
               "28.65867"),
        Column("noch_zu_pruefen", "boolean", "#meta+to_verify",
               _("„ja“, wenn die Angaben noch nicht bestätigt sind, sonst „nein“"), "nein", required=True),
        Column("adresse", "string", "#meta+url", _("Seite der Stadt auf diesem Portal"),
               "https://…/partnerstaedte/schytomyr/"),
    ),
    primary_key="kennung",
    rows=_city_rows,
    count=lambda: PartnerCity.objects.count(),
)


# --- Lieferungen ---------------------------------------------------------------------------------


def _shipment_rows():
    statuses = _labels(Shipment.Status.choices)
    shipments = Shipment.objects.public().order_by("planned_on", "pk")
    organisers = {}
    for shipment_id, name in (Shipment.organisers.through.objects.filter(shipment__in=shipments)
                              .order_by("association__name").values_list("shipment_id", "association__name")):
        organisers.setdefault(shipment_id, []).append(name)
    rows = shipments.values_list(
        "pk", "planned_on", "title", "status", "dispatched_at", "delivered_on", "destination_city__slug",
        "destination_city__name", "destination_name", "destination_city__country", "destination_country",
        "destination_city__latitude", "destination_city__longitude", "destination_latitude", "destination_longitude",
        "recipient_institution", "crisis__slug", "crisis__title", "crisis__glide_number", "is_demo",
    )
    for (pk, planned_on, title, status, dispatched_at, delivered_on, city_slug, city, other_place, city_country,
         other_country, city_lat, city_lon, other_lat, other_lon, recipient, crisis_slug, crisis, glide,
         is_demo) in _chunked(rows):
        latitude, longitude = (city_lat, city_lon) if city_lat is not None else (other_lat, other_lon)
        yield (
            pk, f"HL-{planned_on:%Y}-{pk:04d}", title, statuses.get(status, status), planned_on,
            dispatched_at.date() if dispatched_at else None, delivered_on, city if city_slug else other_place,
            city_slug, str((city_country if city_slug else other_country) or "") or None, latitude, longitude,
            recipient or None, crisis_slug, crisis, glide or None, "; ".join(organisers.get(pk, ())) or None, is_demo,
            absolute_url(f"/lieferungen/{pk}/"),
        )


SHIPMENTS = Dataset(
    slug="lieferungen",
    title=_("Hilfslieferungen aus Dortmund"),
    description=_("Jede Hilfslieferung, die unterwegs oder angekommen ist: Ziel, empfangende Einrichtung, Krise, "
                  "Daten der Abfahrt und Ankunft."),
    changes=_("Ändert sich mit jeder Lieferung, die abfährt oder ankommt, oft mehrmals im Monat."),
    columns=(
        Column("nummer", "integer", "#activity+id",
               _("Nummer der Lieferung, wie in der Adresse /lieferungen/<nummer>/"), "42", required=True),
        Column("zeichen", "string", "#activity+code", _("Aktenzeichen der Lieferung (HL-Jahr-Nummer)"), "HL-2024-0042",
               required=True),
        Column("titel", "string", "#activity+name", _("Kurze Beschreibung der Lieferung"),
               "Feuerwehrfahrzeuge für Schytomyr", required=True),
        Column("status", "string", "#status", _("Stand: unterwegs oder angekommen"), "angekommen", required=True),
        Column("geplant_am", "date", "#date+planned", _("Geplanter Tag der Abfahrt (JJJJ-MM-TT)"), "2024-03-01",
               required=True),
        Column("abgefahren_am", "date", "#date+dispatched", _("Tag der Abfahrt in Dortmund (JJJJ-MM-TT)"),
               "2024-03-02"),
        Column("angekommen_am", "date", "#date+delivered", _("Tag der Ankunft (JJJJ-MM-TT), leer, solange unterwegs"),
               "2024-03-05"),
        Column("ziel", "string", "#adm2+name", _("Stadt, in die geliefert wird"), "Schytomyr", required=True),
        Column("partnerstadt", "string", "#adm2+id",
               _("Kennung der Partnerstadt (siehe Datensatz Partnerstädte), leer bei einer anderen Stadt"),
               "schytomyr"),
        Column("land", "string", "#country+code", _("Land des Ziels als Ländercode nach ISO 3166-1 alpha-2"), "UA"),
        Column("breitengrad", "number", "#geo+lat", _("Geografische Breite des Ziels (WGS 84, Dezimalgrad)"),
               "50.25465"),
        Column("laengengrad", "number", "#geo+lon", _("Geografische Länge des Ziels (WGS 84, Dezimalgrad)"),
               "28.65867"),
        Column("empfaenger", "string", "#org+recipient", _("Einrichtung, die die Lieferung empfängt"),
               "Stadtverwaltung Schytomyr"),
        Column("krise", "string", "#crisis+id",
               _("Kennung der Krise (siehe Datensatz Krisen), leer, wenn die Lieferung keiner Krise zugeordnet ist"),
               "krieg-in-der-ukraine"),
        Column("krise_titel", "string", "#crisis+name", _("Name der Krise"), "Krieg in der Ukraine"),
        Column("glide", "string", "#crisis+code", _("GLIDE-Nummer der Krise, wenn es eine gibt"), ""),
        Column("organisiert_von", "string", "#org+name+list", _("Vereine, die die Lieferung organisiert haben, "
                                                                "durch Semikolon getrennt"), "Grenzenlose Wärme e.V."),
        Column("beispieldaten", "boolean", "#meta+demo",
               _("„ja“ bei Beispieldaten zur Vorführung, „nein“ bei echten Lieferungen"), "nein", required=True),
        Column("adresse", "string", "#meta+url", _("Seite der Lieferung auf diesem Portal"), "https://…/lieferungen/42/"),
    ),
    primary_key="nummer",
    foreign_keys=(ForeignKey("partnerstadt", "partnerstaedte", "kennung"), ForeignKey("krise", "krisen", "kennung")),
    rows=_shipment_rows,
    count=lambda: Shipment.objects.public().count(),
)


# --- Lieferpositionen ----------------------------------------------------------------------------

# The first nine columns are those of the first published version of this file; new ones go at the end.


def _line_rows():
    units = _labels(Unit.choices)
    lines = ShipmentLine.objects.delivered().order_by("shipment__delivered_on", "shipment_id", "pk").values_list(
        "shipment__delivered_on", "shipment_id", "shipment__destination_city_id", "shipment__destination_city__name",
        "shipment__destination_name", "shipment__destination_city__country", "shipment__destination_country",
        "shipment__crisis__title", "item__category__name", "item__name", "quantity", "received_quantity", "item__unit",
        "pk", "shipment__crisis__glide_number",
    )
    for (delivered_on, shipment_id, city_id, city, other_place, city_country, other_country, crisis, category, item,
         quantity, received, unit, pk, glide) in _chunked(lines):
        yield (
            delivered_on, shipment_id, city if city_id else other_place,
            str((city_country if city_id else other_country) or "") or None, crisis, category, item,
            quantity if received is None else received, units.get(unit, unit), pk, quantity, glide or None,
        )


SHIPMENT_LINES = Dataset(
    slug="lieferpositionen",
    title=_("Hilfslieferungen der Stadt Dortmund: angekommene Lieferpositionen"),
    description=_("Jedes Hilfsgut jeder angekommenen Lieferung mit Menge, Ziel und Krise: die Zahlen hinter der "
                  "Seite „Hilfsgüter“."),
    changes=_("Ändert sich mit jeder Lieferung, die ankommt, oft mehrmals im Monat."),
    columns=(
        Column("datum", "date", "#date", _("Tag der Ankunft der Lieferung (ISO 8601, JJJJ-MM-TT)"), "2024-03-05"),
        Column("lieferung", "integer", "#activity+id", _("Nummer der Hilfslieferung, wie unter /lieferungen/<nummer>/"),
               "42", required=True),
        Column("ziel", "string", "#adm2+name", _("Stadt, in die geliefert wurde"), "Schytomyr", required=True),
        Column("land", "string", "#country+code", _("Land des Ziels als Ländercode nach ISO 3166-1 alpha-2"), "UA"),
        Column("krise", "string", "#crisis+name", _("Krise, für die geliefert wurde (leer, wenn keine)"),
               "Krieg in der Ukraine"),
        Column("warengruppe", "string", "#item+type", _("Warengruppe des Hilfsguts"), "Medizinischer Bedarf",
               required=True),
        Column("hilfsgut", "string", "#item+name", _("Bezeichnung des Hilfsguts"), "Krankenhausbett", required=True),
        Column("menge", "integer", "#output+num", _("Angekommene Menge (ganze Zahl)"), "20", required=True),
        Column("einheit", "string", "#output+unit", _("Einheit der Menge: Stück, Palette, Karton oder kg"), "Stück",
               required=True),
        Column("position", "integer", "#meta+id", _("Laufende Nummer der Lieferposition"), "1234", required=True),
        Column("verschickt", "integer", "#output+num+sent", _("Verschickte Menge; weicht sie von „menge“ ab, kam "
                                                             "weniger oder mehr an als verschickt"), "20",
               required=True),
        Column("glide", "string", "#crisis+code", _("GLIDE-Nummer der Krise, wenn es eine gibt"), "EQ-2023-000015-TUR"),
    ),
    primary_key="position",
    foreign_keys=(ForeignKey("lieferung", "lieferungen", "nummer"),),
    rows=_line_rows,
    count=lambda: ShipmentLine.objects.delivered().count(),
    legacy_url_names={"csv": "open-data-csv", "json": "open-data-json"},
)


# --- Bedarf --------------------------------------------------------------------------------------


def _need_rows():
    units, priorities = _labels(Unit.choices), _labels(Priority.choices)
    needs = Need.objects.current().with_coverage().by_priority().values_list(
        "pk", "description", "item__name", "item__category__name", "category__name", "partner_city__slug",
        "partner_city__name", "partner_city__country", "region", "crisis__slug", "crisis__title", "quantity",
        "covered", "unit", "priority", "needed_from", "needed_until", "is_demo",
    )
    for (pk, description, item, item_category, category, city_slug, city, country, region, crisis_slug, crisis,
         quantity, covered, unit, priority, needed_from, needed_until, is_demo) in _chunked(needs):
        yield (
            pk, description or item, item, item_category or category, city_slug, city, str(country or "") or None,
            region or None, crisis_slug, crisis, quantity, covered, min(100, round(100 * covered / quantity)),
            units.get(unit, unit), priorities.get(priority, priority), needed_from, needed_until, is_demo,
        )


NEEDS = Dataset(
    slug="bedarf",
    title=_("Aktueller Bedarf in Partnerstädten und Krisengebieten"),
    description=_("Was Partnerstädte und Krisengebiete zurzeit brauchen, wie dringend, und wie viel davon schon "
                  "angekommen ist: die Zahlen der Seite „Bedarf“."),
    changes=_("Ändert sich, wenn ein Bedarf gemeldet oder erledigt wird und wenn Lieferungen ankommen, "
              "oft jede Woche."),
    columns=(
        Column("nummer", "integer", "#meta+id", _("Laufende Nummer des Bedarfs"), "17", required=True),
        Column("bezeichnung", "string", "#item+name", _("Was gebraucht wird"), "Feldbetten", required=True),
        Column("hilfsgut", "string", "#item+name+catalogue",
               _("Hilfsgut aus dem Katalog, leer, wenn der Bedarf frei beschrieben ist"), "Feldbett"),
        Column("warengruppe", "string", "#item+type", _("Warengruppe des Bedarfs"), "Schlafen"),
        Column("partnerstadt", "string", "#adm2+id", _("Kennung der Partnerstadt (siehe Datensatz Partnerstädte)"),
               "schytomyr"),
        Column("partnerstadt_name", "string", "#adm2+name", _("Name der Partnerstadt"), "Schytomyr"),
        Column("land", "string", "#country+code", _("Land der Partnerstadt als Ländercode nach ISO 3166-1 alpha-2"),
               "UA"),
        Column("region", "string", "#loc+name", _("Ort oder Region, wenn der Bedarf keiner Partnerstadt gilt"),
               "Provinz Hatay"),
        Column("krise", "string", "#crisis+id", _("Kennung der Krise (siehe Datensatz Krisen)"),
               "krieg-in-der-ukraine"),
        Column("krise_titel", "string", "#crisis+name", _("Name der Krise"), "Krieg in der Ukraine"),
        Column("menge", "integer", "#output+num+needed", _("Benötigte Menge"), "40", required=True),
        Column("angekommen", "integer", "#output+num+delivered", _("Davon schon angekommen"), "10", required=True),
        Column("abgedeckt_prozent", "integer", "#output+pct+delivered",
               _("Anteil der benötigten Menge, der angekommen ist, in Prozent (höchstens 100)"), "25", required=True),
        Column("einheit", "string", "#output+unit", _("Einheit der Mengen: Stück, Palette, Karton oder kg"), "Stück",
               required=True),
        Column("dringlichkeit", "string", "#severity", _("Dringlichkeit: dringend, hoch oder normal"), "dringend",
               required=True),
        Column("bedarf_seit", "date", "#date+start", _("Seit wann der Bedarf besteht (JJJJ-MM-TT)"), "2024-01-10",
               required=True),
        Column("bedarf_bis", "date", "#date+end", _("Bis wann der Bedarf besteht (JJJJ-MM-TT), leer, wenn offen"), ""),
        Column("beispieldaten", "boolean", "#meta+demo",
               _("„ja“ bei Beispieldaten zur Vorführung, „nein“ bei echtem Bedarf"), "nein", required=True),
    ),
    primary_key="nummer",
    foreign_keys=(ForeignKey("partnerstadt", "partnerstaedte", "kennung"), ForeignKey("krise", "krisen", "kennung")),
    rows=_need_rows,
    count=lambda: Need.objects.current().count(),
)


DATASETS = (CRISES, PARTNER_CITIES, SHIPMENTS, SHIPMENT_LINES, NEEDS)
BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


# --- File formats --------------------------------------------------------------------------------


class _Buffer:
    """A file for the CSV writer that hands back what was written since the last take()."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text = "".join(self.parts)
        self.parts.clear()
        return text


def csv_chunks(dataset, *, hxl=False):
    """The CSV as str chunks: the header, for HXL the hashtag row, then the rows, CHUNK_ROWS at a time."""
    buffer = _Buffer()
    writer = csv_export.writer(buffer)
    writer.writerow(dataset.names)
    if hxl:
        writer.writerow([column.hxl for column in dataset.columns])
    yield buffer.take()
    for number, row in enumerate(dataset.csv_rows(), start=1):
        writer.writerow(row)
        if number % CHUNK_ROWS == 0:
            yield buffer.take()
    yield buffer.take()


def json_chunks(dataset, head):
    """The document `head` plus "daten": every row, written one row a line."""
    opening = json.dumps(head, ensure_ascii=False, indent=1)
    yield opening.removesuffix("\n}").removesuffix("}") + ',\n "daten": ['
    parts, count = [], 0
    for count, row in enumerate(dataset.json_rows(), start=1):
        parts.append(("\n  " if count == 1 else ",\n  ") + json.dumps(row, ensure_ascii=False))
        if count % CHUNK_ROWS == 0:
            yield "".join(parts)
            parts.clear()
    yield "".join(parts) + ("\n ]\n}\n" if count else "]\n}\n")


# --- Data package (Frictionless) and catalogue (DCAT-AP.de) -------------------------------------


def _file_paths(dataset):
    """(name, path relative to /daten/, dialect) of the CSV files of `dataset`."""
    return [(dataset.slug, f"{dataset.slug}.csv", None),
            # The HXL file is the same table with the hashtags as a second row, which the schema skips.
            (f"{dataset.slug}-hxl", f"hxl/{dataset.slug}.csv", {"commentRows": [2]})]


def datapackage():
    """The Frictionless Data Package: one tabular resource per CSV file, paths relative to /daten/."""
    resources = []
    for dataset in DATASETS:
        for name, path, dialect in _file_paths(dataset):
            resource = {
                "name": name, "path": path, "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8",
                "title": str(dataset.title) + (" (HXL)" if dialect else ""), "description": str(dataset.description),
                "schema": dataset.table_schema(),
            }
            if dialect:
                resource["dialect"] = dialect
            resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "dortmund-hilft",
        "title": str(_("Dortmund hilft: Hilfslieferungen, Krisen, Partnerstädte und Bedarf")),
        "description": str(_("Offene Daten der Koordinierungseinheit „Dortmund hilft“ der Stadt Dortmund.")),
        "homepage": absolute_url(reverse("donations:open-data")),
        "licenses": [{"name": "DL-DE-ZERO-2.0", "path": LICENCE_URI, "title": LICENCE}],
        "contributors": [{"title": str(PUBLISHER), "role": "publisher"}],
        "resources": resources,
    }


DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
GEOCODING_LEVEL = URIRef("http://dcat-ap.de/def/politicalGeocoding/Level/municipality")
GEOCODING = URIRef(f"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{MUNICIPALITY_KEY}")
GERMAN = URIRef("http://publications.europa.eu/resource/authority/language/DEU")
# Society (humanitarian aid), and government (what the city does).
THEMES = (THEME.SOCI, THEME.GOVE)


def _distributions(dataset):
    """(format label, URL name, file type, media type) of each file of `dataset`."""
    return [
        ("CSV", dataset.url_name("csv"), FILE_TYPE.CSV, "text/csv"),
        ("JSON", dataset.url_name("json"), FILE_TYPE.JSON, "application/json"),
        ("HXL CSV", dataset.url_name("hxl"), FILE_TYPE.CSV, "text/csv"),
    ]


PREFIXES = {"dcat": str(DCAT), "dct": str(DCTERMS), "foaf": str(FOAF), "vcard": str(VCARD), "dcatde": str(DCATDE),
            "xsd": str(XSD)}


def catalogue(modified):
    """The DCAT-AP.de catalogue of the datasets as an rdflib Graph; `modified`: when the data last changed."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    page = absolute_url(reverse("donations:open-data"))
    modified = Literal(modified.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)
    licence = URIRef(LICENCE_URI)

    publisher = BNode("publisher")
    graph.add((publisher, RDF.type, FOAF.Organization))
    graph.add((publisher, FOAF.name, Literal("Stadt Dortmund", lang="de")))
    graph.add((publisher, FOAF.homepage, URIRef("https://www.dortmund.de/")))
    contact = BNode("contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(str(PUBLISHER), lang="de")))
    if settings.UNIT_EMAIL:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.UNIT_EMAIL}")))

    def describe(subject, title, description):
        graph.add((subject, DCTERMS.title, Literal(str(title), lang="de")))
        graph.add((subject, DCTERMS.description, Literal(str(description), lang="de")))
        graph.add((subject, DCTERMS.publisher, publisher))
        graph.add((subject, DCTERMS.modified, modified))
        graph.add((subject, DCTERMS.language, GERMAN))

    catalog = URIRef(page + "#katalog")
    graph.add((catalog, RDF.type, DCAT.Catalog))
    describe(catalog, _("Offene Daten von „Dortmund hilft“"),
             _("Die Datensätze der Koordinierungseinheit „Dortmund hilft“ der Stadt Dortmund zur humanitären Hilfe."))
    graph.add((catalog, FOAF.homepage, URIRef(page)))
    graph.add((catalog, DCTERMS.license, licence))

    for dataset in DATASETS:
        subject = URIRef(f"{page}#{dataset.slug}")
        graph.add((catalog, DCAT.dataset, subject))
        graph.add((subject, RDF.type, DCAT.Dataset))
        describe(subject, dataset.title, dataset.description)
        graph.add((subject, DCTERMS.identifier, Literal(f"{page}#{dataset.slug}")))
        graph.add((subject, DCAT.contactPoint, contact))
        graph.add((subject, DCAT.landingPage, URIRef(page)))
        graph.add((subject, DCATDE.politicalGeocodingLevelURI, GEOCODING_LEVEL))
        graph.add((subject, DCATDE.politicalGeocodingURI, GEOCODING))
        graph.add((subject, DCTERMS.accrualPeriodicity,
                   URIRef("http://publications.europa.eu/resource/authority/frequency/IRREG")))
        for theme in THEMES:
            graph.add((subject, DCAT.theme, theme))
        graph.add((subject, DCAT.keyword, Literal("Humanitäre Hilfe", lang="de")))
        for label, url_name, file_type, media_type in _distributions(dataset):
            url = absolute_url(reverse(url_name))
            distribution = URIRef(f"{page}#{dataset.slug}-{label.lower().replace(' ', '-')}")
            graph.add((subject, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCTERMS.title, Literal(f"{dataset.title} ({label})", lang="de")))
            graph.add((distribution, DCAT.accessURL, URIRef(page)))
            graph.add((distribution, DCAT.downloadURL, URIRef(url)))
            graph.add((distribution, DCTERMS.format, file_type))
            graph.add((distribution, DCAT.mediaType,
                       URIRef(f"https://www.iana.org/assignments/media-types/{media_type}")))
            graph.add((distribution, DCTERMS.license, licence))
            graph.add((distribution, DCTERMS.modified, modified))
    return graph
