# citegraph API image (used by docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Only what `pip install .` needs (see .dockerignore), so that edits to tests,
# docs or scripts do not invalidate the install layer.
COPY pyproject.toml README.md requirements.lock ./
COPY api ./api
COPY graph ./graph
COPY loaders ./loaders
RUN pip install -c requirements.lock . \
    && useradd --create-home --uid 10001 citegraph

# The demo corpus, for `citegraph demo`.
COPY examples ./examples

USER citegraph
EXPOSE 8000
CMD ["citegraph", "serve", "--host", "0.0.0.0", "--port", "8000", "--store", "bolt://neo4j:7687"]
