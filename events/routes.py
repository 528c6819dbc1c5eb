"""HTTP routes of the events app, collected by the shell's app factory."""

from events.controllers.api import EventApiController
from events.controllers.backoffice import EventBackofficeController
from events.controllers.badges_api import BadgeApiController
from events.controllers.badges_backoffice import BadgeBackofficeController
from events.controllers.calendar import CalendarController, PersonalFeedController
from events.controllers.calendar_backoffice import CalendarFeedBackofficeController
from events.controllers.certificates_backoffice import CertificateBackofficeController
from events.controllers.checkin import DeskController, VolunteerDeskController
from events.controllers.checkin_api import CheckinApiController
from events.controllers.checkin_backoffice import CheckinBackofficeController
from events.controllers.checkin_offline import (
    OfflineApiController,
    OfflineDeskController,
    OfflineVolunteerController,
)
from events.controllers.door_app import DoorManifestController, DoorWorkerController
from events.controllers.privacy import (
    PersonalDataController,
    PrivacyBackofficeController,
    StatementController,
)
from events.controllers.public import PublicController
from events.controllers.questions_backoffice import QuestionBackofficeController
from events.controllers.reference import ThemeController, VenueController
from events.controllers.registration import PersonalController
from events.controllers.registration_api import RegistrationApiController
from events.controllers.registrations_backoffice import RegistrationBackofficeController
from events.controllers.verify import VerifyController

ROUTES = [
    PersonalController,
    PersonalFeedController,
    CalendarController,
    PublicController,
    EventApiController,
    RegistrationApiController,
    CheckinApiController,
    DeskController,
    VolunteerDeskController,
    OfflineDeskController,
    OfflineVolunteerController,
    OfflineApiController,
    DoorWorkerController,
    DoorManifestController,
    CheckinBackofficeController,
    EventBackofficeController,
    RegistrationBackofficeController,
    BadgeApiController,
    BadgeBackofficeController,
    QuestionBackofficeController,
    ThemeController,
    VenueController,
    CertificateBackofficeController,
    VerifyController,
    CalendarFeedBackofficeController,
    PersonalDataController,
    PrivacyBackofficeController,
    StatementController,
]
