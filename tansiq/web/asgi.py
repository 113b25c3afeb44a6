"""ASGI entry point for production servers (uvicorn, daphne)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tansiq.web.settings")
application = get_asgi_application()
