"""HTTP routes of the mailings app, collected by the shell's app factory."""

from mailings.controllers.publications import PublicationApiController, PublicationPageController
from mailings.controllers.publications_backoffice import PublicationBackofficeController

ROUTES: list = [
    PublicationPageController,
    PublicationApiController,
    PublicationBackofficeController,
]
