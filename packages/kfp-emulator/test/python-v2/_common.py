"""Helpers shared by the kfp 2.x conformance scripts: JSON output, API statuses, the emulator's clock."""
import json
import sys

import requests
from kfp_server_api.exceptions import ApiException


def emit(result):
    """The Jest test reads the last stdout line as the script's observations."""
    sys.stdout.write(json.dumps(result, default=str) + "\n")


def api_error(call):
    """Runs call(); returns [HTTP status, the server's short message] of the ApiException it raises, or [200, None]."""
    try:
        call()
        return [200, None]
    except ApiException as error:
        body = json.loads(error.body or "{}")
        details = body.get("details") or [{}]
        return [error.status, details[0].get("message")]


def advance_clock(url, ms):
    """Moves the emulator's clock (its control API, not part of KFP)."""
    response = requests.post(f"{url}/_emulator/advance", params={"ms": str(ms)})
    response.raise_for_status()


def clock_moves_with_each_poll(client, url, ms):
    """Each of the client's run status polls first moves the emulator's manual clock by ms, so a run
    advances exactly as fast as the client watches it (the real get_run still answers each poll)."""
    get_run = client._run_api.get_run

    def advancing_get_run(*args, **kwargs):
        advance_clock(url, ms)
        return get_run(*args, **kwargs)

    client._run_api.get_run = advancing_get_run
