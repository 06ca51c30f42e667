"""Shared fixtures: the CLI binary to compare with, and the real graphs.

``NETREACH_BIN`` names the CLI (default: ``target/release/netreach``); ``NETREACH_DATA_DIR``
the shared graphs. Without the data, the tests that need it are skipped and say so, unless
``NETREACH_REQUIRE_DATA=1`` (CI), which makes them fail instead.
"""

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli():
    """Runs the CLI; returns its standard output (it must succeed)."""
    binary = Path(os.environ.get("NETREACH_BIN", REPO / "target" / "release" / "netreach"))
    if not binary.exists():
        pytest.fail(f"the netreach CLI is not at {binary}: build it (cargo build --release) or set NETREACH_BIN")

    def run(*args, check=True):
        result = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"netreach {args} failed: {result.stderr}")
        return result

    return run


@pytest.fixture(scope="session")
def cli_json(cli):
    return lambda *args: json.loads(cli(*args, "--format", "json").stdout)


@pytest.fixture(scope="session")
def cli_csv(cli):
    return lambda *args: list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").stdout)))


@pytest.fixture(scope="session")
def data_dir():
    directory = os.environ.get("NETREACH_DATA_DIR")
    if directory and Path(directory).is_dir():
        return Path(directory)
    message = "NETREACH_DATA_DIR is not set to the shared graphs' directory"
    if os.environ.get("NETREACH_REQUIRE_DATA") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def sample():
    return REPO / "data" / "sample"
