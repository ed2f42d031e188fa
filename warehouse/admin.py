"""Django finds an app's admin through this module; each package registers its own models."""

from warehouse.booking import admin as booking_admin  # noqa: F401
from warehouse.intake import admin as intake_admin  # noqa: F401
from warehouse.stock import admin as stock_admin  # noqa: F401
