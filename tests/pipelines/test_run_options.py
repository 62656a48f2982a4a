"""`oms run --strategy`: the command line sets the allocation strategy as the launchpad would."""

import dagster as dg
from click.testing import CliRunner

from pipelines import cli, runner
from pipelines.definitions import defs


def test_a_strategy_from_the_command_line_is_valid_run_config_of_the_nightly_job(
    monkeypatch, tmp_path
):
    for name in ("OMS_ALERTS", "OMS_LANDING", "OMS_OUTPUT", "OMS_WAREHOUSE"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    config = runner.run_config_for({"strategy": "cheapest"})
    dg.validate_run_config(defs.resolve_job_def("nightly"), config)
    assert config["resources"]["allocation_settings"]["config"] == {"strategy": "cheapest"}


def test_without_options_the_run_config_leaves_the_resources_as_configured():
    assert "resources" not in runner.run_config_for(None)


def test_oms_run_passes_the_strategy_to_every_night(monkeypatch):
    seen = []
    monkeypatch.setattr(
        runner, "run_dates", lambda dates, echo, allocation: seen.append(allocation) or True
    )
    monkeypatch.setattr(runner, "print_summary", lambda dates, echo: None)
    result = CliRunner().invoke(cli.main, ["run", "--date", "2026-11-20", "--strategy", "cheapest"])
    assert result.exit_code == 0, result.output
    assert seen == [{"strategy": "cheapest"}]


def test_oms_run_refuses_an_unknown_strategy():
    result = CliRunner().invoke(cli.main, ["run", "--date", "2026-11-20", "--strategy", "nearest"])
    assert result.exit_code == 2
    assert "nearest" in result.output
