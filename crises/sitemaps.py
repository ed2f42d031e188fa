from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from crises.models import AidAction, VolunteerShift


class AidActionSitemap(Sitemap):
    """/hilfsaktionen/, each public action, its report, and the sign-up page of each upcoming shift."""

    def items(self):
        actions = list(AidAction.objects.public().only("slug").order_by("pk"))
        shifts = list(VolunteerShift.objects.upcoming().filter(action__status=AidAction.Status.RUNNING)
                      .select_related("action").only("pk", "action__slug"))
        return ["list", *actions, *(("report", action.slug) for action in actions), *shifts]

    def location(self, item):
        if item == "list":
            return reverse("actions:list")
        if isinstance(item, tuple):
            return reverse("actions:report", args=[item[1]])
        return item.get_absolute_url()
