from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from partners.history_admin import HistoryAdmin
from warehouse.booking.models import (
    BlockedTime,
    Booking,
    CalendarFeed,
    ClosedDay,
    LoadingBay,
    OpeningHours,
    Warehouse,
)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class ClosedDayInline(admin.TabularInline):
    model = ClosedDay
    extra = 0


class LoadingBayInline(admin.TabularInline):
    model = LoadingBay
    extra = 0


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "demo_values"]
    list_filter = ["demo_values"]
    inlines = [OpeningHoursInline, ClosedDayInline, LoadingBayInline]
    fieldsets = [
        (None, {"fields": ["name", "address", "operator", "notification_email", "demo_values"]}),
        (_("Buchungsregeln"), {"fields": [
            "slot_minutes", "min_booking_minutes", "max_booking_minutes", "booking_horizon_days",
            "min_notice_hours", "buffer_minutes", "weekly_quota_hours",
        ]}),
    ]


@admin.register(Booking)
class BookingAdmin(HistoryAdmin):
    list_display = ["start", "end", "bay", "association", "purpose", "status"]
    list_filter = ["status", "purpose", "bay", "association"]
    date_hierarchy = "start"
    search_fields = ["association__name", "note"]
    list_select_related = ["bay", "association"]
    raw_id_fields = ["created_by", "decided_by", "cancelled_by"]
    readonly_fields = ["sequence", "created_at", "updated_at", "reminder_sent_at"]


@admin.register(BlockedTime)
class BlockedTimeAdmin(HistoryAdmin):
    list_display = ["start", "end", "blocked_warehouse", "bay", "reason"]
    list_filter = ["warehouse", "bay"]
    list_select_related = ["warehouse", "bay"]
    raw_id_fields = ["created_by"]

    @admin.display(description=_("Lagerhalle"), ordering="warehouse__name")
    def blocked_warehouse(self, blocked):
        return blocked.warehouse


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["association", "renewed_at"]
    readonly_fields = ["token", "renewed_at"]
