"""``python -m api`` runs the CLI (used by tests that need a killable subprocess)."""

from api.cli import app

# Guarded: ingest workers start by importing the main module, which must not rerun the CLI.
if __name__ == "__main__":
    app()
