"""Batch review on a Dask cluster: a LocalCluster of two worker processes gives the same results,
in the same order, with the same problem locations, as a local run."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from linter.batch.cluster import check_on_cluster
from linter.batch.inputs import read_inputs
from linter.batch.review import check_items
from linter.batch.tasks import BatchOptions
from linter.cli import app
from linter.config import load_config
from linter.engine import Report

from .conftest import EXAMPLE_CONFIG
from .test_batch import CLEAN, CONTACT_RULES, EN_MAIL, EN_PHONE, JA_PHONE, jsonl_export

distributed = pytest.importorskip("distributed")
pa = pytest.importorskip("pyarrow")
OPTIONS = BatchOptions(config=EXAMPLE_CONFIG, select=tuple(CONTACT_RULES.split(",")), jobs=1)
ROWS = [{"id": f"r{n}", "text": t, "author": "mika" if n % 2 else "ren"}
        for n, t in enumerate([EN_PHONE, JA_PHONE, EN_MAIL, CLEAN, f"{EN_PHONE} {JA_PHONE}"] * 2)]


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=50) as cluster:
        yield cluster.scheduler_address


def flat(outcomes):
    return [(o.result.draft.name, o.result.draft.meta, o.result.language, o.result.findings)
            if isinstance(o.result, Report) else o.result.message for o in outcomes]


def test_jsonl_in_many_partitions_matches_a_local_run(scheduler, tmp_path):
    export = jsonl_export(tmp_path / "archive.jsonl", ROWS[:4] + ["{cut off", ""] + ROWS[4:])
    local = flat(check_items(read_inputs([str(export)]), OPTIONS))
    remote = flat(check_on_cluster([str(export)], OPTIONS, load_config(EXAMPLE_CONFIG), scheduler, block_size=300))
    assert remote == local
    assert f"{export}:5: malformed JSON (Expecting property name enclosed in double quotes at column 2)" in remote
    assert len(local) == len(ROWS) + 1


def test_parquet_row_groups_match_a_local_run(scheduler, tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "archive.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), path, row_group_size=3)
    local = flat(check_items(read_inputs([str(path)]), OPTIONS))
    remote = flat(check_on_cluster([str(tmp_path / "*.parquet")], OPTIONS, load_config(EXAMPLE_CONFIG), scheduler))
    assert [r[3] for r in remote] == [r[3] for r in local]
    assert [r[1]["row"] for r in remote] == list(range(1, len(ROWS) + 1))


def test_cli_scheduler_output_is_identical_to_a_local_run(scheduler, tmp_path):
    export = jsonl_export(tmp_path / "posts.jsonl", ROWS)
    args = ["check", "--config", str(EXAMPLE_CONFIG), "--select", CONTACT_RULES, "--format", "jsonl", str(export)]
    local = CliRunner().invoke(app, [*args, "--jobs", "1"])
    remote = CliRunner().invoke(app, [*args, "--scheduler", scheduler])
    assert remote.exit_code == local.exit_code == 1
    assert remote.stdout == local.stdout
    assert [json.loads(line)["id"] for line in remote.stdout.splitlines()] == [r["id"] for r in ROWS]
