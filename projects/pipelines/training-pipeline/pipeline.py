"""Training pipeline: prepare data, train, evaluate; rendered once per environment (dev, prod).

The environment picks resources and defaults (see projects/common_python/kfp_common),
so `nx run training-pipeline:render` writes RENDERED_PIPELINE_dev/ and RENDERED_PIPELINE_prod/.
"""
import argparse
import os
from typing import NamedTuple

from kfp import compiler, components, dsl
from kfp_common import environment_settings, never_cache


def prepare_data(dataset_uri: str, run_date: str) -> str:
    """Pretends to snapshot the dataset for the run's date; returns the snapshot location."""
    return f"{dataset_uri.rstrip('/')}/snapshot={run_date}"


def train_model(snapshot: str, epochs: int, learning_rate: float) -> NamedTuple("Training", [("model_uri", str), ("loss", float)]):
    from collections import namedtuple

    loss = round(1.0 / (1 + epochs * learning_rate), 4)
    return namedtuple("Training", ["model_uri", "loss"])(f"{snapshot}/model-e{epochs}", loss)


def evaluate_model(model_uri: str, loss: float, max_loss: float) -> str:
    verdict = "accepted" if loss <= max_loss else "rejected"
    print(f"{model_uri}: loss {loss} -> {verdict}")
    if verdict == "rejected":
        raise SystemExit(1)
    return verdict


def build_pipeline(environment: str):
    settings = environment_settings(environment)
    image = f"python:{settings.image_tag}"
    prepare_op = components.create_component_from_func(prepare_data, base_image=image)
    train_op = components.create_component_from_func(train_model, base_image=image)
    evaluate_op = components.create_component_from_func(evaluate_model, base_image=image)

    @dsl.pipeline(name=f"training-pipeline-{settings.name}", description=f"Trains and evaluates the model ({settings.name}).")
    def training_pipeline(
        dataset_uri: str = f"gs://example-{settings.name}-data/events",
        epochs: int = settings.epochs,
        learning_rate: float = 0.05,
        max_loss: float = 0.5,
    ):
        # The run date comes from Argo at run time, never from the clock at render time.
        run_date = "{{workflow.creationTimestamp.Y}}-{{workflow.creationTimestamp.m}}-{{workflow.creationTimestamp.d}}"
        data = never_cache(prepare_op(dataset_uri=dataset_uri, run_date=run_date)).set_display_name("Prepare data")
        training = train_op(snapshot=data.output, epochs=epochs, learning_rate=learning_rate).set_display_name("Train")
        training.set_cpu_limit(settings.cpu).set_memory_limit(settings.memory)
        evaluate_op(
            model_uri=training.outputs["model_uri"], loss=training.outputs["loss"], max_loss=max_loss
        ).set_display_name("Evaluate")

    return training_pipeline


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-folder", required=True, help="folder to write workflow.yaml into")
    parser.add_argument("--environment", required=True, choices=["dev", "prod"])
    args = parser.parse_args()
    os.makedirs(args.output_folder, exist_ok=True)
    compiler.Compiler().compile(build_pipeline(args.environment), os.path.join(args.output_folder, "workflow.yaml"))


if __name__ == "__main__":
    main()
