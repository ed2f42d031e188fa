"""How dates and times read in each of our languages (settings.FORMAT_MODULE_PATH).

Each `<language>/formats.py` sets Django's named formats (DATE_FORMAT, SHORT_DATE_FORMAT, …) and the
ones Django has no name for (a weekday before the date, a day and month without the year). Templates
name them, `{{ shift.starts_at|date:"WEEKDAY_DATETIME_FORMAT" }}`, and Python does the same with
`django.utils.formats.date_format(value, "WEEKDAY_DATETIME_FORMAT")`: Django looks a name up in the
active language's module first, so a page, a mail or a PDF follows the language it is rendered in.
Every module sets every name (tests/i18n/test_formats.py): a name a module lacked would be printed
as a pattern of its own letters. The German values are the formats the portal always had.

Machine formats are not named here: `"Y-m-d"` and `"c"` in `datetime=` attributes, ISO dates in
CSV, JSON and iCalendar files.
"""
