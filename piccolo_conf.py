"""Piccolo's configuration: the engine from DATABASE_URL and every app's tables."""

from piccolo.conf.apps import AppRegistry

from werkplaats.db import engine_from_url
from werkplaats.settings import get_settings

DB = engine_from_url(get_settings().database_url)

APP_REGISTRY = AppRegistry(
    apps=[
        "werkplaats.piccolo_app",
        "events.piccolo_app",
        "congress.piccolo_app",
        "mailings.piccolo_app",
        "programme.piccolo_app",
        "federation.piccolo_app",
    ]
)
