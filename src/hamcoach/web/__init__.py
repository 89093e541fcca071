"""The web app: ``create_app(settings)`` (web/app.py). Imported only by ``hamcoach serve``
and the tests, never on the CLI's start-up path."""
