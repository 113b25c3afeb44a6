"""The Django project: settings, URLs, WSGI/ASGI and the web-side CLI commands."""
