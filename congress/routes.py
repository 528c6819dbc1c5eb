"""HTTP routes of the congress app, collected by the shell's app factory."""

from congress.controllers.api import AbstractApiController
from congress.controllers.backoffice import CongressBackofficeController
from congress.controllers.call_settings import CallSettingsController
from congress.controllers.programme import ProgrammeController
from congress.controllers.programme_backoffice import ProgrammeBackofficeController
from congress.controllers.public import AbstractController, CallController
from congress.controllers.review import ReviewController
from congress.controllers.sessions import MyWorkshopsController, SessionChoiceApiController

ROUTES: list = [
    CallController,
    AbstractController,
    AbstractApiController,
    ReviewController,
    CongressBackofficeController,
    CallSettingsController,
    ProgrammeController,
    ProgrammeBackofficeController,
    MyWorkshopsController,
    SessionChoiceApiController,
]
