"""forecast-pipeline: a KFP v2 pipeline with typed parameters, a lightweight Python component and a container component.

Render it with `nx run forecast-pipeline:render` (write) or `--check` (verify); never edit
the rendered folder by hand. Keep the definition deterministic: compute dates and
random values inside components, never while the pipeline is defined.
"""
import argparse
import os

from kfp import compiler, dsl

BASE_IMAGE = "python:3.11-slim"


@dsl.component(base_image=BASE_IMAGE)
def train(message: str, epochs: int, learning_rate: float, shuffle: bool, layers: list) -> str:
    """A lightweight Python component: this function runs in its own container."""
    summary = f"{message} ({epochs} epochs, learning rate {learning_rate}, shuffle={shuffle}, layers={layers})"
    print(summary)
    return summary


@dsl.container_component
def print_message(message: str):
    """A container component: any image, command and arguments."""
    return dsl.ContainerSpec(image="alpine:3.19", command=["echo"], args=[message])


@dsl.pipeline(name="forecast-pipeline", description="forecast-pipeline")
def forecast_pipeline_pipeline(
    message: str = "Hello from forecast-pipeline!",
    epochs: int = 10,
    learning_rate: float = 0.01,
    shuffle: bool = True,
    layers: list = [64, 32],
):
    trained = train(message=message, epochs=epochs, learning_rate=learning_rate, shuffle=shuffle, layers=layers)
    trained.set_display_name("Train")
    print_message(message=trained.output).set_display_name("Print")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-folder", required=True, help="folder to write pipeline.yaml into")
    args = parser.parse_args()
    os.makedirs(args.output_folder, exist_ok=True)
    compiler.Compiler().compile(forecast_pipeline_pipeline, os.path.join(args.output_folder, "pipeline.yaml"))


if __name__ == "__main__":
    main()
