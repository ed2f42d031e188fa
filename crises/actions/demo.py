"""Demo aid actions: the winter relief for Schytomyr (running) and the earthquake relief 2023 (completed).

Runs after the donations and stock demo data (seed_demo's DEMO_MODULES), because it links their needs,
shipments and procurement to the actions. This app sits below donations and imports nothing from it:
the rows are reached through their relations to the crisis, the associations and the appeal.
Every action is marked as demo data; the names of people and firms are invented. Dates follow today's,
so a rerun on the same day changes nothing.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from crises.models import (
    AidAction,
    Appeal,
    ChecklistTemplate,
    ChecklistTemplateItem,
    Crisis,
    Participant,
    Task,
    VolunteerShift,
)
from partners.demo import SeedCount, upsert
from partners.models import Association, PartnerCity

WINTER, QUAKE = "winterhilfe-schytomyr", "erdbebenhilfe-2023"
ACTION_SLUGS = [WINTER, QUAKE]
SHIFT_TITLES = ["Sortieren und packen in der Lagerhalle", "Lkw beladen für Schytomyr"]

CONVOY = {
    "name": "Hilfskonvoi",
    "description": "Eine Lieferung mit Lkw in eine Partnerstadt oder Krisenregion",
    "items": [
        ("Bedarf mit der Partnerstadt abstimmen", -21),
        ("Öffentlichen Spendenaufruf starten", -14),
        ("Ladezonen in der Lagerhalle buchen", -7),
        ("Transport beauftragen", -7),
        ("Zollpapiere vorbereiten", -3),
        ("Pressemitteilung abstimmen", 0),
        ("Bericht für Rat und Presse schreiben", 14),
    ],
}


def _count(results):
    return SeedCount(len(results), sum(created for _, created, _ in results),
                     sum(changed and not created for _, created, changed in results))


def seed_template():
    template, created, changed = upsert(ChecklistTemplate, {"name": CONVOY["name"]},
                                        {"description": CONVOY["description"]})
    results = [(template, created, changed)]
    for position, (title, days) in enumerate(CONVOY["items"], start=1):
        results.append(upsert(ChecklistTemplateItem, {"template": template, "title": title},
                              {"due_days": days, "position": position}))
    return template, _count(results)


def _action(slug, values, cities):
    action, created, changed = upsert(AidAction, {"slug": slug}, {"is_demo": True, **values})
    if set(action.partner_cities.values_list("slug", flat=True)) != set(cities):
        action.partner_cities.set(PartnerCity.objects.filter(slug__in=cities))
        changed = True
    return action, created, changed


def _participants(action, rows):
    return [
        upsert(Participant, {"action": action, "role": row["role"]}, {k: v for k, v in row.items() if k != "role"})
        for row in rows
    ]


def _tasks(action, template, done_before, participant=None):
    """The template's points as tasks; those due before `done_before` are done, but the association's
    own task (booking the loading bays) is still open, so its members have something to report."""
    results = []
    for point in template.items.all():
        due = action.starts_on + datetime.timedelta(days=point.due_days)
        done = due < done_before
        values = {"due_on": due, "position": point.position}
        if participant and point.title.startswith("Ladezonen"):
            values["participant"] = participant
            done = False
        values["status"] = Task.Status.DONE if done else Task.Status.OPEN
        results.append(upsert(Task, {"action": action, "title": point.title}, values))
    return results


def _appeal(action, slug, values, lines):
    appeal, created, changed = upsert(Appeal, {"slug": slug}, {"action": action, **values})
    results = [(appeal, created, changed)]
    crisis_needs = action.crisis.needs.filter(item__isnull=False).select_related("item")
    needs = {need.item.slug: need.item for need in crisis_needs}
    line_model = appeal.lines.model  # donations.AppealLine, through the relation
    for position, (item_slug, quantity, no_longer_needed) in enumerate(lines, start=1):
        if item_slug in needs:
            results.append(upsert(line_model, {"appeal": appeal, "item": needs[item_slug]},
                                  {"quantity": quantity, "no_longer_needed": no_longer_needed, "position": position}))
    return results


def _link(rows, action):
    """Point rows (shipments, needs, procurement) at the action; only those not pointing there yet."""
    results = []
    for row in rows:
        changed = row.action_id != action.pk
        if changed:
            row.action = action
            row.save(update_fields=["action"])
        results.append((row, False, changed))
    return results


def seed():
    today = timezone.localdate()
    template, template_count = seed_template()
    summary = {"Checklisten-Vorlagen": template_count}
    associations = {a.slug: a for a in Association.objects.all()}
    ukraine = Crisis.objects.get(slug="krieg-gegen-die-ukraine")
    earthquake = Crisis.objects.get(slug="erdbeben-tuerkei-syrien-2023")

    winter, *counts = _action(WINTER, {
        "crisis": ukraine, "title": "Winterhilfe für Schytomyr",
        "summary": "Schlafsäcke, Matratzen und Stromerzeuger für Familien in Schytomyr, bevor der Winter kommt.",
        "goal": "Im Winter fällt in Schytomyr oft der Strom aus. Die Stadt hat um Schlafsäcke, Matratzen und "
        "Stromerzeuger gebeten.\n\nDortmund sammelt mit Vereinen Sachspenden, kauft fehlende Güter und bringt "
        "sie mit zwei Lieferungen nach Schytomyr.",
        "status": AidAction.Status.RUNNING, "starts_on": today - datetime.timedelta(days=5),
        "ends_on": today + datetime.timedelta(days=30), "budget": Decimal("25000.00"),
    }, ["schytomyr"])
    quake, *quake_counts = _action(QUAKE, {
        "crisis": earthquake, "title": "Erdbebenhilfe 2023",
        "summary": "Hilfsgüter für Familien in der Provinz Hatay nach den Erdbeben vom 6. Februar 2023.",
        "goal": "Nach den Erdbeben haben Dortmunder Vereine und die Stadt Sachspenden gesammelt, fehlende Güter "
        "gekauft und in zwei Lieferungen in die Provinz Hatay gebracht.",
        "status": AidAction.Status.COMPLETED, "starts_on": datetime.date(2023, 2, 7),
        "ends_on": datetime.date(2023, 3, 20), "budget": Decimal("40000.00"),
    }, [])
    summary["Hilfsaktionen (Demo)"] = _count([(winter, *counts), (quake, *quake_counts)])

    people = _participants(winter, [
        {"role": "sammelt Sachspenden und fährt mit", "kind": Participant.Kind.ASSOCIATION,
         "association": associations["blau-gelbes-herz"], "position": 1},
        {"role": "nimmt Sachspenden an und lagert sie", "kind": Participant.Kind.ASSOCIATION,
         "association": associations["grenzenlose-waerme"], "position": 2},
        {"role": "nimmt die Lieferungen in Schytomyr an", "kind": Participant.Kind.PARTNER_INSTITUTION,
         "name": "Partnerverwaltung in Schytomyr (Demo)", "contact_person": "Beispiel-Ansprechperson",
         "contact_email": "schytomyr@example.org", "position": 3},
        {"role": "Transport", "kind": Participant.Kind.COMPANY, "name": "Muster-Spedition GmbH (Demo)",
         "contact_person": "Max Muster (Demo)", "contact_email": "dispo@example.org", "position": 4},
    ])
    people += _participants(quake, [
        {"role": "sammelt Sachspenden und hält Kontakt in die Region", "kind": Participant.Kind.ASSOCIATION,
         "association": associations["cukurova"], "position": 1},
        {"role": "lagert und packt die Güter", "kind": Participant.Kind.ASSOCIATION,
         "association": associations["grenzenlose-waerme"], "position": 2},
    ])
    summary["Beteiligte (Demo)"] = _count(people)

    blue_yellow = winter.participants.get(association=associations["blau-gelbes-herz"])
    tasks = _tasks(winter, template, today - datetime.timedelta(days=10), blue_yellow)
    tasks += _tasks(quake, template, datetime.date(2024, 1, 1))
    summary["Aufgaben (Demo)"] = _count(tasks)

    appeals = _appeal(winter, "winterhilfe-schytomyr", {
        "title": "Schlafsäcke und Stromerzeuger für Schytomyr",
        "text": "Für die Winterhilfe suchen wir neue oder gut erhaltene Schlafsäcke und Stromerzeuger.",
        "wanted_until": today + datetime.timedelta(days=21),
        "hand_in": "Bitte bieten Sie Ihre Spende über das Formular an. Grenzenlose Wärme e.V. nimmt die Sachen "
        "nach Absprache in der Lagerhalle am Hafen an.",
        "status": Appeal.Status.OPEN,
        "opened_at": datetime.datetime.combine(today - datetime.timedelta(days=7), datetime.time(9),
                                               tzinfo=timezone.get_current_timezone()),
    }, [("schlafsack", 300, False), ("stromerzeuger", 20, False), ("krankenhausbett", None, True)])
    appeals += _appeal(quake, "erdbebenhilfe-2023", {
        "title": "Sachspenden für das Erdbebengebiet",
        "text": "Für Familien in der Provinz Hatay suchten wir Spielzeug und Decken.",
        "wanted_until": datetime.date(2023, 2, 28),
        "hand_in": "Die Sachen wurden in Dortmund bei den beteiligten Vereinen angenommen.",
        "status": Appeal.Status.CLOSED,
        "opened_at": datetime.datetime(2023, 2, 8, 9, tzinfo=timezone.get_current_timezone()),
        "closed_at": datetime.datetime(2023, 3, 1, 9, tzinfo=timezone.get_current_timezone()),
    }, [("spielzeug", 60, False)])
    summary["Spendenaufrufe (Demo)"] = _count(appeals)

    shifts = []
    for title, kind, days, hours, capacity in (
        (SHIFT_TITLES[0], VolunteerShift.Kind.SORTING, 2, (9, 13), 8),
        (SHIFT_TITLES[1], VolunteerShift.Kind.LOADING, 3, (8, 12), 6),
    ):
        day = today + datetime.timedelta(days=days)
        start = datetime.datetime.combine(day, datetime.time(hours[0]), tzinfo=timezone.get_current_timezone())
        shifts.append(upsert(VolunteerShift, {"action": winter, "title": title}, {
            "kind": kind, "starts_at": start, "ends_at": start.replace(hour=hours[1]),
            "place": "Lagerhalle am Dortmunder Hafen (Demo-Adresse)", "capacity": capacity,
            "description": "Bitte feste Schuhe mitbringen. Handschuhe liegen bereit.",
        }))
    summary["Helfer-Schichten (Demo)"] = _count(shifts)

    links = _link(ukraine.shipments.filter(is_demo=True, title__in=[
        "Winterhilfe 2026 für Schytomyr", "Schlafsäcke und Matratzen für Schytomyr"]), winter)
    links += _link(earthquake.shipments.filter(is_demo=True), quake)
    links += _link(ukraine.needs.filter(is_demo=True, item__slug__in=["schlafsack", "stromerzeuger"]), winter)
    links += _link(earthquake.needs.filter(is_demo=True, item__slug="spielzeug"), quake)
    links += _link(associations["grenzenlose-waerme"].donations_received.filter(
        is_demo=True, kind="procurement", supplier="Muster Großhandel GmbH (Demo)"), winter)
    # The loading day of the truck to Schytomyr (warehouse.booking.demo: "Lkw nach Schytomyr").
    links += _link(associations["blau-gelbes-herz"].bookings.filter(note="Lkw nach Schytomyr"), winter)
    summary["Verknüpfungen mit Hilfsaktionen (Demo)"] = _count(links)
    return summary
