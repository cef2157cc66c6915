"""Drives a single-user emulator with the real kfp==2.8.0 client (kfp.Client, the v2beta1 API), the way
a team scheduling KFP v2 pipelines uses it: pipelines compiled by the real SDK first.

usage: v2_client.py URL FIXTURES_DIR
"""
import filecmp
import os
import sys
import tempfile

import kfp
import kfp_server_api

from _common import advance_clock, api_error, clock_moves_with_each_poll, emit
from v2_pipelines import compile_all

url, fixtures = sys.argv[1], sys.argv[2]
out = {}

with tempfile.TemporaryDirectory() as compiled:
    compile_all(compiled)
    names = ["typed-pipeline.yaml", "kubernetes-pipeline.yaml"]
    # The committed fixtures are exactly what this SDK writes.
    out["fixtures_current"] = {name: filecmp.cmp(os.path.join(compiled, name), os.path.join(fixtures, name), shallow=False) for name in names}
    typed, kubernetes = (os.path.join(compiled, name) for name in names)

    client = kfp.Client(host=url)
    out["healthz_multi_user"] = client.get_kfp_healthz().multi_user

    experiment = client.create_experiment(name="v2-experiment", description="from kfp 2.8.0")
    out["experiment"] = {"display_name": experiment.display_name, "description": experiment.description, "namespace": experiment.namespace}
    # create_experiment looks the name up first (a v2beta1 filter), so a second call returns the same experiment.
    out["create_again_same_id"] = client.create_experiment(name="v2-experiment").experiment_id == experiment.experiment_id

    arguments = {"tag": "nightly", "epochs": 5, "learning_rate": 0.5, "shuffle": False, "layers": [1, 2]}
    result = client.create_run_from_pipeline_package(typed, arguments=arguments, run_name="typed-run", experiment_name="v2-experiment")
    run = result.run_info
    out["run"] = {
        "display_name": run.display_name,
        "experiment_is_ours": run.experiment_id == experiment.experiment_id,
        "state": run.state,
        "parameters": run.runtime_config.parameters,
        "pipeline_name": run.pipeline_spec["pipelineInfo"]["name"],
        "service_account": run.service_account,
    }
    # The emulator's clock is manual: each poll moves it by a second (the run is Pending 0.5 s, Running 1.5 s).
    clock_moves_with_each_poll(client, url, 1000)
    finished = client.wait_for_run_completion(result.run_id, timeout=60, sleep_duration=0)
    out["finished"] = {"state": finished.state, "history": [h.state for h in finished.state_history]}
    out["string_for_int"] = api_error(lambda: client.create_run_from_pipeline_package(
        typed, arguments={**arguments, "epochs": "five"}, run_name="bad", experiment_id=experiment.experiment_id))
    out["missing_required"] = api_error(lambda: client.run_pipeline(
        experiment_id=experiment.experiment_id, job_name="bad", pipeline_package_path=typed, params={"epochs": 1}))

    interval = client.create_recurring_run(
        experiment_id=experiment.experiment_id, job_name="GIT::kubernetes_pipeline__2024", interval_second=3600,
        max_concurrency=1, pipeline_package_path=kubernetes, params={"epochs": 2}, enabled=True)
    out["interval"] = {
        "status": interval.status, "mode": interval.mode, "namespace": interval.namespace,
        "interval_second": interval.trigger.periodic_schedule.interval_second, "max_concurrency": interval.max_concurrency,
        "spec_documents": sorted(interval.pipeline_spec.keys()),
    }
    # A second apart, so lists order them by created_at (within one second the server orders by UUID).
    advance_clock(url, 1000)
    cron = client.create_recurring_run(
        experiment_id=experiment.experiment_id, job_name="GIT::typed_pipeline__2024", cron_expression="0 0 9 * * *",
        pipeline_package_path=typed, params={"tag": "cron"}, enabled=False, no_catchup=True)
    out["cron"] = {"status": cron.status, "cron": cron.trigger.cron_schedule.cron, "no_catchup": cron.no_catchup,
                   "parameters": cron.runtime_config.parameters}
    out["recurring_string_for_int"] = api_error(lambda: client.create_recurring_run(
        experiment_id=experiment.experiment_id, job_name="bad", interval_second=60, pipeline_package_path=kubernetes,
        params={"epochs": "two"}))
    # The generated API under the client takes a namespace; single-user experiments have none.
    namespaced = kfp_server_api.V2beta1RecurringRun(
        display_name="namespaced", experiment_id=experiment.experiment_id, namespace="team-1", max_concurrency=1,
        pipeline_spec=client._create_job_config(params={"epochs": 1}, pipeline_package_path=kubernetes, pipeline_id=None,
                                                version_id=None, enable_caching=None, pipeline_root=None).pipeline_spec,
        trigger=kfp_server_api.V2beta1Trigger(periodic_schedule=kfp_server_api.V2beta1PeriodicSchedule(interval_second=60)))
    out["namespaced"] = api_error(lambda: client._recurring_run_api.create_recurring_run(body=namespaced))

    listed = client.list_recurring_runs(experiment_id=experiment.experiment_id, page_size=10, sort_by="created_at")
    out["listed"] = [r.display_name for r in listed.recurring_runs]
    out["listed_total_size"] = listed.total_size

    client.disable_recurring_run(interval.recurring_run_id)
    out["after_disable"] = client.get_recurring_run(interval.recurring_run_id).status
    client.enable_recurring_run(interval.recurring_run_id)
    out["after_enable"] = client.get_recurring_run(interval.recurring_run_id).status

    # An hour later the enabled recurring run has started one run, which names it.
    advance_clock(url, 3600 * 1000)
    runs = client.list_runs(experiment_id=experiment.experiment_id, page_size=50).runs or []
    out["scheduled_runs"] = len([r for r in runs if r.recurring_run_id == interval.recurring_run_id])

    client.delete_recurring_run(cron.recurring_run_id)
    out["deleted"] = api_error(lambda: client.get_recurring_run(cron.recurring_run_id))
    out["remaining"] = [r.display_name for r in client.list_recurring_runs(experiment_id=experiment.experiment_id).recurring_runs]
emit(out)
