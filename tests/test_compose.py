"""docker-compose.yml validates offline with Debian's docker-compose 1.29.2.

`docker-compose config` interpolates variables and checks the file against the
Compose schema without a Docker engine. scripts/install-system-deps installs
docker-compose; in CI (CI=true) a missing binary fails these tests instead of
skipping them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.support.paths import ROOT

COMPOSE_FILE = ROOT / "docker-compose.yml"
COMPOSE_VARS = ("NEO4J_PASSWORD", "CITEGRAPH_TOKEN", "NEO4J_HEAP", "NEO4J_PAGECACHE")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def compose_bin() -> str:
    path = shutil.which("docker-compose")
    if path is None:
        message = "docker-compose not found: run scripts/install-system-deps (Debian's 1.29.2)"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    return path


def _config(compose_bin: str, tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    """Run `docker-compose config` with exactly these compose variables set.

    An empty --env-file keeps a developer's own .env out of the result.
    """
    env = {k: v for k, v in os.environ.items() if k not in COMPOSE_VARS}
    env.update(variables)
    env_file = tmp_path / "empty.env"
    env_file.write_text("")
    return subprocess.run(
        [compose_bin, "--env-file", str(env_file), "-f", str(COMPOSE_FILE), "config"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_config_renders_with_healthcheck_dependency_and_secrets(
    compose_bin: str, tmp_path: Path
) -> None:
    password = "pw-" + secrets.token_hex(8)
    token = "tok-" + secrets.token_hex(8)
    result = _config(compose_bin, tmp_path, NEO4J_PASSWORD=password, CITEGRAPH_TOKEN=token)
    assert result.returncode == 0, result.stderr

    config = yaml.safe_load(result.stdout)
    services = config["services"]
    neo4j, api = services["neo4j"], services["api"]

    assert neo4j["image"].startswith("neo4j:5.26")
    assert neo4j["environment"]["NEO4J_AUTH"] == f"neo4j/{password}"
    assert neo4j["environment"]["NEO4J_server_memory_heap_max__size"]
    assert neo4j["environment"]["NEO4J_server_memory_pagecache_size"]
    assert any(str(p).split("/")[0].endswith(":7687") for p in neo4j["ports"])

    healthcheck = neo4j["healthcheck"]
    assert healthcheck["test"][0] == "CMD-SHELL"
    assert "cypher-shell" in healthcheck["test"][1]
    assert {"interval", "timeout", "retries"} <= healthcheck.keys()

    volume_targets = {str(v).split(":")[1] for v in neo4j["volumes"]}
    assert {"/data", "/logs"} <= volume_targets
    assert {"neo4j-data", "neo4j-logs"} <= set(config["volumes"])

    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["NEO4J_PASSWORD"] == password
    assert api["environment"]["NEO4J_USER"] == "neo4j"
    assert api["environment"]["CITEGRAPH_TOKEN"] == token
    assert "bolt://neo4j:7687" in api["command"]
    assert api["build"]["context"] == str(ROOT)
    assert (ROOT / "Dockerfile").is_file()


@pytest.mark.parametrize(
    ("variables", "missing"),
    [
        ({"CITEGRAPH_TOKEN": "tok"}, "NEO4J_PASSWORD"),
        ({"NEO4J_PASSWORD": "", "CITEGRAPH_TOKEN": "tok"}, "NEO4J_PASSWORD"),
        ({"NEO4J_PASSWORD": "pw-long-enough"}, "CITEGRAPH_TOKEN"),
    ],
    ids=["password-unset", "password-empty", "token-unset"],
)
def test_config_fails_fast_without_a_required_secret(
    compose_bin: str, tmp_path: Path, variables: dict[str, str], missing: str
) -> None:
    result = _config(compose_bin, tmp_path, **variables)
    assert result.returncode != 0
    assert f"set {missing} in .env or the environment" in result.stderr
