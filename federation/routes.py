"""HTTP routes of the federation app, collected by the shell's app factory."""

from federation.controllers.feeds import FederationFeedController

ROUTES: list = [FederationFeedController]
