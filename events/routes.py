"""HTTP routes of the events app, collected by the shell's app factory."""

from events.controllers.api import EventApiController
from events.controllers.backoffice import EventBackofficeController
from events.controllers.public import PublicController
from events.controllers.reference import ThemeController, VenueController

ROUTES = [
    PublicController,
    EventApiController,
    EventBackofficeController,
    ThemeController,
    VenueController,
]
