"""HTTP routes of the federation app, collected by the shell's app factory."""

from federation.controllers.activitypub import ActivityPubController
from federation.controllers.agenda import NationalAgendaController
from federation.controllers.feeds import FederationFeedController
from federation.controllers.sources_api import SourceApiController
from federation.controllers.sources_backoffice import SourceBackofficeController
from federation.controllers.themes_backoffice import ThemeMappingBackofficeController

ROUTES: list = [
    FederationFeedController,
    SourceApiController,
    NationalAgendaController,
    SourceBackofficeController,
    ThemeMappingBackofficeController,
    ActivityPubController,
]
