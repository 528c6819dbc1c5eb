"""HTTP routes of the mailings app, collected by the shell's app factory."""

from mailings.controllers.automatic_backoffice import AutomaticMailBackofficeController
from mailings.controllers.automatic_texts_backoffice import AutomaticTextBackofficeController
from mailings.controllers.evaluation import (
    EvaluationApiController,
    EvaluationPageController,
    EvaluationResultsController,
)
from mailings.controllers.mailings_api import MailingApiController
from mailings.controllers.mailings_backoffice import MailingBackofficeController
from mailings.controllers.newsletter import NewsletterController
from mailings.controllers.publications import PublicationApiController, PublicationPageController
from mailings.controllers.publications_backoffice import PublicationBackofficeController
from mailings.controllers.suppressions_backoffice import SuppressionBackofficeController

ROUTES: list = [
    PublicationPageController,
    PublicationApiController,
    PublicationBackofficeController,
    AutomaticMailBackofficeController,
    AutomaticTextBackofficeController,
    MailingBackofficeController,
    MailingApiController,
    NewsletterController,
    SuppressionBackofficeController,
    EvaluationPageController,
    EvaluationResultsController,
    EvaluationApiController,
]
