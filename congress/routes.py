"""HTTP routes of the congress app, collected by the shell's app factory."""

from congress.controllers.api import AbstractApiController
from congress.controllers.public import AbstractController, CallController

ROUTES: list = [CallController, AbstractController, AbstractApiController]
