import django_filters
from django.utils.translation import gettext_lazy as _

from crises.models import Crisis


class CrisisFilter(django_filters.FilterSet):
    """The filters of the public crisis list: a GET form that works without JavaScript.

    An unknown value (a hand-edited address) makes the form invalid; django-filter then drops that
    filter and the page shows the message next to the field instead of failing.
    """

    category = django_filters.ChoiceFilter(
        label=_("Kategorie"),
        choices=Crisis.Category.choices,
        empty_label=_("Alle Kategorien"),
        error_messages={"invalid_choice": _("Wählen Sie eine Kategorie aus der Liste.")},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Crisis.Status.choices,
        empty_label=_("Alle"),
        error_messages={"invalid_choice": _("Wählen Sie einen Status aus der Liste.")},
    )

    class Meta:
        model = Crisis
        fields = ["category", "status"]

    @property
    def is_filtered(self):
        if not self.is_bound:
            return False
        self.form.is_valid()  # fills cleaned_data with the valid values only
        return any(self.form.cleaned_data.get(name) for name in self.filters)
