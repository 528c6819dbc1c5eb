"""HTTP routes of the congress app, collected by the shell's app factory."""

from congress.controllers.api import AbstractApiController
from congress.controllers.backoffice import CongressBackofficeController
from congress.controllers.public import AbstractController, CallController
from congress.controllers.review import ReviewController

ROUTES: list = [
    CallController,
    AbstractController,
    AbstractApiController,
    ReviewController,
    CongressBackofficeController,
]
