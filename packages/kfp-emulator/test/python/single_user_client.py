"""Drives a single-user emulator with the real kfp==1.8.22 client, the way the seed scripts do.

usage: single_user_client.py URL WORKFLOW_YAML
"""
import sys

import kfp
from kfp_server_api.exceptions import ApiException

from _common import advance_clock, api_status, emit, fast_polling

url, workflow = sys.argv[1], sys.argv[2]
client = kfp.Client(host=url)
out = {}

# A second apart, so lists order them by created_at (within one second the server orders by UUID).
advance_clock(url, 1000)
created = client.create_experiment(name="example-pipeline-1", description="from python")
out["created_experiment"] = {"id": created.id, "name": created.name, "description": created.description}
# create_experiment looks the name up first, so a second call returns the same experiment.
out["create_again_same_id"] = client.create_experiment(name="example-pipeline-1").id == created.id
advance_clock(url, 1000)
client.create_experiment(name="second")
listed = client.list_experiments(page_size=10)
out["listed_experiment_names"] = [e.name for e in listed.experiments]
out["listed_total_size"] = listed.total_size
out["get_by_name_id"] = client.get_experiment(experiment_name="example-pipeline-1").id
try:
    client.get_experiment(experiment_name="no-such-experiment")
    out["missing_experiment_error"] = None
except ValueError as error:
    out["missing_experiment_error"] = str(error)

run = client.run_pipeline(
    experiment_id=created.id,
    job_name="MANUAL::example_pipeline_1__2024-01-01T00-00-00Z",
    pipeline_package_path=workflow,
    params={"custom_message": "Hello world!"},
)
out["run"] = {"id": run.id, "name": run.name, "status": run.status,
              "parameters": [[p.name, p.value] for p in run.pipeline_spec.parameters],
              "service_account": run.service_account}
fast_polling()
finished = client.wait_for_run_completion(run.id, timeout=30)
out["finished_status"] = finished.run.status
out["finished_at_set"] = finished.run.finished_at.year > 1970
out["runtime_manifest_has_message"] = "Hello world!" in finished.pipeline_runtime.workflow_manifest
out["unknown_param_status"] = api_status(lambda: client.run_pipeline(
    experiment_id=created.id, job_name="bad", pipeline_package_path=workflow, params={"nope": "x"}))

cron_job = client.create_recurring_run(
    experiment_id=created.id, job_name="GIT::example_pipeline_1__cron", cron_expression="0 0 9 ? * 2-6",
    max_concurrency=1, pipeline_package_path=workflow, params={"custom_message": "cron"}, enabled=False)
advance_clock(url, 1000)
interval_job = client.create_recurring_run(
    experiment_id=created.id, job_name="GIT::example_pipeline_1__interval", interval_second=3600,
    max_concurrency=2, no_catchup=True, pipeline_package_path=workflow, params={"custom_message": "interval"})
out["cron_job"] = {"enabled": cron_job.enabled, "cron": cron_job.trigger.cron_schedule.cron,
                   "max_concurrency": cron_job.max_concurrency, "status": cron_job.status}
out["interval_job"] = {"enabled": interval_job.enabled,
                       "interval_second": interval_job.trigger.periodic_schedule.interval_second,
                       "max_concurrency": interval_job.max_concurrency, "no_catchup": interval_job.no_catchup}
out["job_reference_types"] = [r.key.type for r in interval_job.resource_references]
# The persistence agent reports the status a moment later; the API server never sets it.
advance_clock(url, 1000)
out["reported_status"] = {"cron": client.get_recurring_run(cron_job.id).status,
                          "interval": client.get_recurring_run(interval_job.id).status}
# Two hours later the enabled interval job has started two runs, named after its workflows.
advance_clock(url, 2 * 3600 * 1000)
scheduled = [r for r in client.list_runs(experiment_id=created.id, page_size=100).runs or []
             if any(ref.key.type == "JOB" and ref.key.id == interval_job.id for ref in r.resource_references)]
out["scheduled_runs"] = sorted(r.name.split("-")[1] for r in scheduled)
out["scheduled_run_name_prefix"] = sorted({r.name[:25] for r in scheduled})
out["bad_cron_status"] = api_status(lambda: client.create_recurring_run(
    experiment_id=created.id, job_name="bad", cron_expression="every day", pipeline_package_path=workflow))

# The reconciler lists jobs through the internal API, newest first, page by page.
names, token, pages = [], "", 0
while True:
    page = client._job_api.list_jobs(page_token=token, page_size=1, sort_by="created_at desc",
                                     resource_reference_key_type="NAMESPACE", resource_reference_key_id="")
    pages += 1
    names += [j.name for j in page.jobs or []]
    out["jobs_total_size"] = page.total_size
    token = page.next_page_token
    if not token:
        break
out["job_names_newest_first"] = names
out["job_pages"] = pages

client._job_api.enable_job(id=cron_job.id)
out["after_enable"] = client.get_recurring_run(cron_job.id).enabled
client.disable_job(interval_job.id)
out["after_disable"] = bool(client.get_recurring_run(interval_job.id).enabled)
client._experiment_api.unarchive_experiment(id=created.id)
client.delete_job(interval_job.id)
try:
    client.get_recurring_run(interval_job.id)
    out["deleted_job_status"] = 200
except ApiException as error:
    out["deleted_job_status"] = error.status
out["remaining_jobs"] = [j.name for j in client.list_recurring_runs(experiment_id=created.id).jobs or []]
emit(out)
