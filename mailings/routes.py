"""HTTP routes of the mailings app, collected by the shell's app factory."""

from mailings.controllers.mailings_api import MailingApiController
from mailings.controllers.mailings_backoffice import MailingBackofficeController
from mailings.controllers.publications import PublicationApiController, PublicationPageController
from mailings.controllers.publications_backoffice import PublicationBackofficeController

ROUTES: list = [
    PublicationPageController,
    PublicationApiController,
    PublicationBackofficeController,
    MailingBackofficeController,
    MailingApiController,
]
