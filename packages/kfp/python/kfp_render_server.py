"""Render server for the kfp Nx plugin: imports the KFP SDK once, forks a child per pipeline.

Importing `kfp` costs about a second; a batch of renders shares that cost by
forking from this warm process. Each child starts from the same clean parent,
so pipelines are isolated from each other: modules with the same name in
different folders, KFP's global compiler state and `sys.path` changes never
leak from one render into the next.

One server serves the SDK its interpreter has: kfp 1.8 (v1 pipelines, workflow.yaml)
or kfp 2.x (v2 pipelines, pipeline.yaml); the plugin starts one per SDK.

Protocol: one JSON object per line.
  stdout, once at start:  {"ready": true, "python": "3.11.7", "kfp": "1.8.22", "fork": true}
  stdin, per render:      {"id": 1, "script": "/abs/pipeline.py", "cwd": "/abs", "args": [...],
                           "sysPath": ["/abs", ...], "log": "/tmp/x.log", "timeoutSec": 300}
  stdout, per render:     {"id": 1, "exitCode": 0, "signal": null, "timedOut": false, "durationMs": 85}
The child's stdout and stderr go to the request's log file, never to the protocol stream.
"""

import gc
import json
import os
import platform
import select
import signal
import sys
import time

# Children must not write __pycache__ into pipeline folders (it would dirty git).
sys.dont_write_bytecode = True

PROTOCOL_OUT = os.fdopen(os.dup(1), "w", buffering=1)
WAKE_FDS = ()  # (read, write) of the pipe child exits wake the server through


def preload():
    """Import what every pipeline needs, once, in the parent. The interpreter's kfp
    decides which SDK this server renders (1.x: v1 pipelines, 2.x: v2 pipelines)."""
    import kfp  # noqa: F401
    import kfp.compiler  # noqa: F401
    import kfp.components  # noqa: F401
    import kfp.dsl  # noqa: F401
    import yaml  # noqa: F401

    warm_up_argparse()
    if kfp.__version__.startswith("1."):
        warm_up_v1(kfp)
    else:
        try:
            import kfp.kubernetes  # noqa: F401 - kfp-kubernetes, for pipelines that use the platform spec
        except ImportError:
            pass
        warm_up_v2(kfp)
    return kfp.__version__


def warm_up_argparse():
    """Pipeline scripts read --output-folder with argparse (the render contract); importing
    it and compiling its regular expressions here spares every child that work."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--output-folder", required=True)
    parser.parse_args(["--output-folder", "out"])
    parser.format_help()


def warm_up_v1(kfp):
    """Compile a throwaway pipeline so the SDK's lazy imports (lib2to3, pkg_resources...)
    happen here once instead of in every child. It leaves no pipeline state behind:
    the compiler resets its context after compiling."""
    import tempfile
    import warnings

    def double(x: int) -> int:
        return 2 * x

    with warnings.catch_warnings(), tempfile.TemporaryDirectory() as out:
        warnings.simplefilter("ignore")
        double_op = kfp.components.create_component_from_func(double, base_image="python:3.10-slim")
        echo_op = kfp.components.load_component_from_text(
            "name: echo\ninputs: [{name: x}]\nimplementation: {container: {image: alpine, command: [echo, {inputValue: x}]}}\n"
        )

        @kfp.dsl.pipeline(name="warm-up")
        def warm_up_pipeline(x: int = 1):
            echo_op(double_op(x).output)

        kfp.compiler.Compiler().compile(warm_up_pipeline, os.path.join(out, "workflow.yaml"))


def warm_up_v2(kfp):
    """The same for the 2.x SDK: a lightweight Python component, a container component
    and the IR compiler. The pipeline context is reset after compiling, as in v1."""
    import tempfile
    import warnings

    from kfp import dsl

    with warnings.catch_warnings(), tempfile.TemporaryDirectory() as out:
        warnings.simplefilter("ignore")

        @dsl.component(base_image="python:3.11-slim")
        def double(x: int) -> int:
            return 2 * x

        @dsl.container_component
        def echo(x: int):
            return dsl.ContainerSpec(image="alpine", command=["echo"], args=[x])

        @dsl.pipeline(name="warm-up")
        def warm_up_pipeline(x: int = 1):
            echo(x=double(x=x).output)

        kfp.compiler.Compiler().compile(warm_up_pipeline, os.path.join(out, "pipeline.yaml"))


def send(message):
    PROTOCOL_OUT.write(json.dumps(message) + "\n")
    PROTOCOL_OUT.flush()


def run_pipeline_script(request):
    """Runs in the child: execute the pipeline script as `__main__`, return an exit code."""
    import random
    import runpy
    import traceback

    # A forked child inherits the parent's random state; reseed so a pipeline that
    # (wrongly) uses randomness at definition time is still caught as non-deterministic.
    random.seed()
    os.chdir(request["cwd"])
    sys.argv = [request["script"]] + list(request.get("args", []))
    sys.path[:0] = request.get("sysPath", [])
    try:
        runpy.run_path(request["script"], run_name="__main__")
        return 0
    except SystemExit as exit_:
        code = exit_.code
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        print(code, file=sys.stderr)
        return 1
    except BaseException as error:  # noqa: BLE001 - report anything the pipeline raises
        # Show the traceback from the pipeline script down, without this server's frames.
        tb = error.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != request["script"]:
            tb = tb.tb_next
        traceback.print_exception(type(error), error, tb or error.__traceback__)
        return 1


def forget_child_exit_events():
    """In a child: its own subprocesses must not wake the server, and must be waited for as usual."""
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    for fd in WAKE_FDS:
        os.close(fd)


def start_child(request):
    log_fd = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    pid = os.fork()
    if pid == 0:
        try:
            os.setpgid(0, 0)
            forget_child_exit_events()
            os.close(PROTOCOL_OUT.fileno())
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.dup2(log_fd, 1)
            os.dup2(log_fd, 2)
            sys.stdin = open(0, "r", closefd=False)
            sys.stdout = open(1, "w", buffering=1, closefd=False)
            sys.stderr = open(2, "w", buffering=1, closefd=False)
            code = run_pipeline_script(request)
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code if 0 <= code < 256 else 1)
    os.close(log_fd)
    return pid


def run_without_fork(request):
    """Fallback for platforms without fork (Windows): a fresh interpreter per render."""
    import subprocess

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(request.get("sysPath", []) + [env.get("PYTHONPATH", "")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    started = time.monotonic()
    with open(request["log"], "wb") as log:
        try:
            proc = subprocess.run(
                [sys.executable, request["script"]] + list(request.get("args", [])),
                cwd=request["cwd"], env=env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, timeout=request.get("timeoutSec"),
            )
            code, timed_out = proc.returncode, False
        except subprocess.TimeoutExpired:
            code, timed_out = None, True
    send({"id": request["id"], "exitCode": code, "signal": None, "timedOut": timed_out,
          "durationMs": int((time.monotonic() - started) * 1000)})


def child_exit_events():
    """A pipe that gets a byte whenever a child exits (SIGCHLD through the wakeup fd), so
    the server sleeps in select() until a request or an exit arrives instead of polling."""
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_r, False)
    os.set_blocking(wake_w, False)
    # A Python handler (not SIG_IGN, which would reap children for us) makes the
    # interpreter write to the wakeup fd; the handler itself has nothing to do.
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
    return wake_r, wake_w


def serve():
    kfp_version = preload()
    can_fork = hasattr(os, "fork") and hasattr(signal, "SIGCHLD")
    # What is loaded now lives as long as the server. Frozen, the collector of a child
    # never walks it, so a child does not write to (and copy) the pages it shares with
    # this process: each render starts faster (see gc.freeze in the Python docs).
    gc.freeze()
    if can_fork:
        global WAKE_FDS
        WAKE_FDS = child_exit_events()
    send({"ready": True, "python": platform.python_version(), "kfp": kfp_version, "fork": can_fork})

    children = {}  # pid -> (request, started, deadline)
    buffer = b""
    stdin_open = True
    stdin_fd = sys.stdin.fileno()
    while stdin_open or children:
        watched = ([stdin_fd] if stdin_open else []) + ([WAKE_FDS[0]] if can_fork else [])
        readable = select.select(watched, [], [], seconds_to_deadline(children))[0]
        if can_fork and WAKE_FDS[0] in readable:
            # Drained before reaping: an exit signalled after this read is reaped now or wakes the next select.
            drain(WAKE_FDS[0])
        if stdin_fd in readable:
            chunk = os.read(stdin_fd, 65536)
            if not chunk:
                stdin_open = False
            buffer += chunk
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                if not line.strip():
                    continue
                request = json.loads(line)
                if not can_fork:
                    run_without_fork(request)
                    continue
                timeout_sec = request.get("timeoutSec") or 0
                started = time.monotonic()
                pid = start_child(request)
                children[pid] = (request, started, started + timeout_sec if timeout_sec else None)
        reap(children)


def seconds_to_deadline(children):
    """How long select() may sleep: until the nearest timeout of a running child, else until an event."""
    deadlines = [deadline for request, _, deadline in children.values() if deadline is not None and not request.get("_killed")]
    return max(0.0, min(deadlines) - time.monotonic()) if deadlines else None


def drain(fd):
    try:
        while os.read(fd, 4096):
            pass
    except BlockingIOError:
        pass


def reap(children):
    now = time.monotonic()
    for pid, (request, started, deadline) in list(children.items()):
        if deadline is not None and now >= deadline and not request.get("_killed"):
            request["_killed"] = True
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            continue
        del children[pid]
        code = os.waitstatus_to_exitcode(status)
        send({
            "id": request["id"],
            "exitCode": code if code >= 0 else None,
            "signal": -code if code < 0 else None,
            "timedOut": bool(request.get("_killed")),
            "durationMs": int((time.monotonic() - started) * 1000),
        })


if __name__ == "__main__":
    try:
        serve()
    except KeyboardInterrupt:
        pass
