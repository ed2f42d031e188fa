"""The warehouse app's models, defined by concept in its packages (booking, stock, intake).

Django finds an app's models through this module; the app label stays "warehouse".
"""

from warehouse.booking.models import (
    BlockedTime,
    Booking,
    CalendarFeed,
    ClosedDay,
    LoadingBay,
    OpeningHours,
    Warehouse,
)
from warehouse.intake.models import CoUseApplication
from warehouse.stock.models import StockLevel, StockMovement, Stocktake, StocktakeCount

__all__ = [
    "BlockedTime", "Booking", "CalendarFeed", "ClosedDay", "CoUseApplication", "LoadingBay", "OpeningHours",
    "StockLevel", "StockMovement", "Stocktake", "StocktakeCount", "Warehouse",
]
