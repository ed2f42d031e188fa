"""Django's own messages that its Ukrainian catalogue lacks (Django 5.2).

Django falls back to the site's default language for a message its catalogue for the reader's
language does not have, so a Ukrainian page would show these in German: a form sent without its
formset's hidden fields, too many or too few rows, a value that is not one of the choices. Marked
here, they are extracted into our catalogues (locale/), which Django reads before its own; English
keeps Django's wording and Turkish Django's translation. tests/i18n/test_no_german_ui.py finds any
further one that shows up on a page.

Django's messages for its own CSRF failure page and its generic date views are left out: the site
answers with its own page (views.csrf_failure) and uses neither.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = [
    gettext_noop("ManagementForm data is missing or has been tampered with. Missing fields: %(field_names)s. "
                 "You may need to file a bug report if the issue persists."),
    ngettext_lazy("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", "num"),
    ngettext_lazy("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", "num"),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be ambiguous or "
                 "it may not exist."),
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(value)s” value must be either None, True or False."),
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format."),
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date."),
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an "
                 "invalid date/time."),
    gettext_noop("“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time."),
    gettext_noop("“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format."),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop("“%(value)s” value must be a float."),
    gettext_noop("“%(value)s” value must be an integer."),
]
