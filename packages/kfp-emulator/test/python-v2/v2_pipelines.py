"""The KFP v2 pipelines of the emulator's tests, compiled with the real kfp==2.8.0 SDK (.venv-v2).

usage: v2_pipelines.py OUT_DIR   writes typed-pipeline.yaml and kubernetes-pipeline.yaml there
(test/fixtures/v2/ holds the committed output; a test checks that it is what the SDK writes).
"""
import os
import sys

from kfp import compiler, dsl, kubernetes


@dsl.component(base_image="python:3.11")
def train(tag: str, epochs: int, learning_rate: float, shuffle: bool, layers: list) -> str:
    return f"{tag}: {epochs} epochs at {learning_rate}, shuffle={shuffle}, layers={layers}"


@dsl.pipeline(name="typed-pipeline", description="One parameter of each type; tag is required.")
def typed_pipeline(tag: str, epochs: int = 3, learning_rate: float = 0.01, shuffle: bool = True, layers: list = [64, 32]):
    train(tag=tag, epochs=epochs, learning_rate=learning_rate, shuffle=shuffle, layers=layers)


@dsl.pipeline(name="kubernetes-pipeline", description="A task with a secret and a volume: a second document, the platform spec.")
def kubernetes_pipeline(epochs: int = 1):
    task = train(tag="k8s", epochs=epochs, learning_rate=0.1, shuffle=False, layers=[8])
    kubernetes.use_secret_as_env(task, secret_name="db-credentials", secret_key_to_env={"password": "DB_PASSWORD"})
    kubernetes.mount_pvc(task, pvc_name="shared-data", mount_path="/data")


def compile_all(out_dir):
    for name, pipeline in [("typed-pipeline.yaml", typed_pipeline), ("kubernetes-pipeline.yaml", kubernetes_pipeline)]:
        compiler.Compiler().compile(pipeline, os.path.join(out_dir, name))


if __name__ == "__main__":
    compile_all(sys.argv[1])
