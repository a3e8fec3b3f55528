"""``python -m api`` runs the CLI (used by tests that need a killable subprocess)."""

from api.cli import app

app()
