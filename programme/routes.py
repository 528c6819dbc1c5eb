"""HTTP routes of the programme app, collected by the shell's app factory."""

from programme.controllers import ReportApiController, ResultsController

ROUTES: list = [ResultsController, ReportApiController]
