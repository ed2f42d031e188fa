"""The admin base for models with a change history (django-simple-history)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin, answering 404 where an address holds no valid object id.

    /admin/crises/crisis/2/change/history/ asked for the object "2/change", and simple_history's
    history page raised a ValueError for it: a server error instead of "not found".
    """

    def history_view(self, request, object_id, extra_context=None):
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as invalid:
            raise Http404 from invalid
        return super().history_view(request, object_id, extra_context)
