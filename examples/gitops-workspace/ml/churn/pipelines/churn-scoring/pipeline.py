"""Churn scoring: score every customer with the current model, nightly."""
import argparse
import os

from kfp import compiler, components, dsl
from churn_features import feature_list


def score_customers(features: str, model_uri: str, run_date: str) -> str:
    print(f"scoring with {model_uri} on features {features} for {run_date}")
    return f"gs://example-churn/scores/date={run_date}"


score_op = components.create_component_from_func(score_customers, base_image="python:3.10-slim")


@dsl.pipeline(name="churn-scoring", description="Scores every customer with the current churn model.")
def churn_scoring(model_uri: str = "gs://example-churn/models/current"):
    run_date = "{{workflow.creationTimestamp.Y}}-{{workflow.creationTimestamp.m}}-{{workflow.creationTimestamp.d}}"
    score_op(features=feature_list(), model_uri=model_uri, run_date=run_date).set_display_name("Score customers")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output-folder", required=True)
    out = parser.parse_args().output_folder
    os.makedirs(out, exist_ok=True)
    compiler.Compiler().compile(churn_scoring, os.path.join(out, "workflow.yaml"))
