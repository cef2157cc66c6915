"""Example pipeline 1: a Python function step and a YAML component, one string parameter.

Render it with `nx run example-pipeline-1:render`; never hand-edit RENDERED_PIPELINE/.
The run time reaches the steps through Argo's {{workflow.creationTimestamp...}}
variables, so the definition itself stays deterministic.
"""
import argparse
import os
from typing import NamedTuple

from kfp import compiler, components, dsl

# Paths are relative to this folder (render runs the script there), so the render
# does not depend on where the repository is checked out.
BASE_IMAGE = "python:3.10-slim"


def describe_run_time(created_at: str) -> NamedTuple("RunTime", [("utc_epoch", int), ("day_of_week", str)]):
    """Turns the workflow's creation time (RFC 3339) into an epoch and a weekday name."""
    from collections import namedtuple
    from datetime import datetime

    moment = datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ")
    epoch = int((moment - datetime(1970, 1, 1)).total_seconds())
    return namedtuple("RunTime", ["utc_epoch", "day_of_week"])(epoch, moment.strftime("%A"))


def compose_message(utc_epoch: int, day_of_week: str, custom_message: str) -> str:
    return f"run at epoch {utc_epoch} on a {day_of_week}\n{custom_message}"


describe_run_time_op = components.create_component_from_func(describe_run_time, base_image=BASE_IMAGE)
compose_message_op = components.create_component_from_func(compose_message, base_image=BASE_IMAGE)
print_message_op = components.load_component_from_file("example_component.yaml")


@dsl.pipeline(name="example-pipeline-1", description="Prints a custom message with the time the run started.")
def example_pipeline(custom_message: str = "Hello world!\n" * 3):
    run_time = describe_run_time_op(created_at="{{workflow.creationTimestamp.RFC3339}}")
    run_time.set_display_name("Read the run time")
    # The run time differs on every run, so a cached result would be wrong.
    run_time.execution_options.caching_strategy.max_cache_staleness = "P0D"

    message = compose_message_op(
        utc_epoch=run_time.outputs["utc_epoch"],
        day_of_week=run_time.outputs["day_of_week"],
        custom_message=custom_message,
    )
    message.set_display_name("Compose the message")

    printed = print_message_op(message=message.output)
    printed.set_display_name("Print the message")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-folder", required=True, help="folder to write workflow.yaml into")
    args = parser.parse_args()
    os.makedirs(args.output_folder, exist_ok=True)
    compiler.Compiler().compile(example_pipeline, os.path.join(args.output_folder, "workflow.yaml"))


if __name__ == "__main__":
    main()
