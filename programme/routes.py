"""HTTP routes of the programme app, collected by the shell's app factory."""

from programme.controllers import ReportApiController, ResultsController
from programme.partner_pages import PartnerViewController
from programme.partners_backoffice import PartnerBackofficeController, PartnerQueueController

ROUTES: list = [
    ResultsController,
    ReportApiController,
    PartnerBackofficeController,
    PartnerQueueController,
    PartnerViewController,
]
