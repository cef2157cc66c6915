"""The import-once limit of the render benchmark: one interpreter imports kfp once and
runs every pipeline script in turn, in-process, once each, with nothing else around it
(no fork, no isolation, no comparison, no second compile). A render engine that keeps
pipelines isolated and checks determinism cannot be faster than this; the benchmark
reports how close it comes.

Usage: python compile-all-once.py OUT_ROOT SCRIPT...   (writes OUT_ROOT/<n>/)
"""

import os
import runpy
import sys

sys.dont_write_bytecode = True
import kfp.compiler  # noqa: E402,F401 - the one import every pipeline shares

out_root, scripts = sys.argv[1], sys.argv[2:]
for n, script in enumerate(scripts):
    folder = os.path.dirname(script)
    os.chdir(folder)
    sys.argv = [script, "--output-folder", os.path.join(out_root, str(n))]
    sys.path.insert(0, folder)
    runpy.run_path(script, run_name="__main__")
    sys.path.remove(folder)
