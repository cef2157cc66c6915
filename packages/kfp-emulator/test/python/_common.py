"""Helpers shared by the conformance scripts: JSON output and a fast poll loop."""
import json
import sys
import time as real_time
import types

import kfp._client
import requests


def emit(result):
    """The Jest test reads the last stdout line as the script's observations."""
    sys.stdout.write(json.dumps(result, default=str) + "\n")


def fast_polling(interval=0.05):
    """kfp 1.8.22 sleeps 5 s between status polls; keep the loop, shorten the sleep."""
    kfp._client.time = types.SimpleNamespace(sleep=lambda _seconds: real_time.sleep(interval))


def api_status(call):
    """Runs call(); returns the HTTP status of the ApiException it raises, or 200."""
    from kfp_server_api.exceptions import ApiException
    try:
        call()
        return 200
    except ApiException as error:
        return error.status


def advance_clock(url, ms):
    """Moves the emulator's clock (its control API, not part of KFP)."""
    response = requests.post(f"{url}/_emulator/advance", params={"ms": str(ms)})
    response.raise_for_status()
