"""Drives a multi-user emulator with kfp==1.8.22 using a bearer token and a configured cookie.

usage: multi_user_client.py URL TOKEN COOKIE NAMESPACE WORKFLOW_YAML
"""
import sys

import kfp

from _common import api_status, emit

url, token, cookie, namespace, workflow = sys.argv[1:6]
out = {}

by_token = kfp.Client(host=url, existing_token=token)
experiment = by_token.create_experiment(name="token-exp", description="made with a token", namespace=namespace)
out["token_experiment_refs"] = [[r.key.type, r.key.id, r.relationship] for r in experiment.resource_references]
out["token_list"] = [e.name for e in by_token.list_experiments(namespace=namespace).experiments or []]
out["token_get_by_name"] = by_token.get_experiment(experiment_name="token-exp", namespace=namespace).id == experiment.id
out["token_forbidden_status"] = api_status(lambda: by_token.list_experiments(namespace="team-other"))
out["token_missing_namespace_status"] = api_status(lambda: by_token._experiment_api.list_experiment())

run = by_token.run_pipeline(experiment_id=experiment.id, job_name="mu-run", pipeline_package_path=workflow,
                            params={"custom_message": "hi"})
out["run_refs"] = sorted([r.key.type, r.key.id] for r in run.resource_references)
out["run_service_account"] = run.service_account
job = by_token.create_recurring_run(experiment_id=experiment.id, job_name="mu-job", interval_second=60,
                                    pipeline_package_path=workflow, params={"custom_message": "hi"})
out["job_service_account"] = job.service_account
page = by_token._job_api.list_jobs(page_size=100, sort_by="created_at desc", resource_reference_key_type="NAMESPACE",
                                   resource_reference_key_id=namespace)
out["jobs_in_namespace"] = [j.name for j in page.jobs or []]

by_cookie = kfp.Client(host=url, cookies=cookie)
out["cookie_list"] = [e.name for e in by_cookie.list_experiments(namespace=namespace).experiments or []]

anonymous = kfp.Client(host=url)
out["anonymous_status"] = api_status(lambda: anonymous.list_experiments(namespace=namespace))
out["bad_token_status"] = api_status(
    lambda: kfp.Client(host=url, existing_token="wrong-token").list_experiments(namespace=namespace))
emit(out)
