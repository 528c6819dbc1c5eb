"""HTTP routes of the events app, collected by the shell's app factory."""

from events.controllers.api import EventApiController
from events.controllers.backoffice import EventBackofficeController
from events.controllers.calendar import CalendarController, PersonalFeedController
from events.controllers.calendar_backoffice import CalendarFeedBackofficeController
from events.controllers.public import PublicController
from events.controllers.questions_backoffice import QuestionBackofficeController
from events.controllers.reference import ThemeController, VenueController
from events.controllers.registration import PersonalController
from events.controllers.registration_api import RegistrationApiController
from events.controllers.registrations_backoffice import RegistrationBackofficeController

ROUTES = [
    PersonalController,
    PersonalFeedController,
    CalendarController,
    PublicController,
    EventApiController,
    RegistrationApiController,
    EventBackofficeController,
    RegistrationBackofficeController,
    QuestionBackofficeController,
    ThemeController,
    VenueController,
    CalendarFeedBackofficeController,
]
