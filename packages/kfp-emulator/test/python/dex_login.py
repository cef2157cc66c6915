"""Reproduces the reference client's Dex login (KFPClientManager in deployKF's gitops seed):
one cookie-keeping requests.Session walks oauth2-proxy -> Dex -> login form -> approval ->
callback, then the joined cookies authenticate a kfp.Client.

usage: dex_login.py API_URL USERNAME PASSWORD AUTH_TYPE NAMESPACE
"""
import re
import sys
from urllib.parse import urlsplit

import kfp
import requests

from _common import api_status, emit

api_url, username, password, auth_type, namespace = sys.argv[1:6]


def dex_session_cookies():
    s = requests.Session()
    # 1. GET the API URL, following redirects; no redirect means an unsecured endpoint.
    resp = s.get(api_url, allow_redirects=True)
    if resp.status_code != 200:
        raise RuntimeError(f"HTTP status code '{resp.status_code}' for GET against: {api_url}")
    if len(resp.history) == 0:
        return "", []
    visited = [urlsplit(r.url).path for r in resp.history] + [urlsplit(resp.url).path]
    # 2. The connector chooser ends in /auth: pick the connector.
    url_obj = urlsplit(resp.url)
    if re.search(r"/auth$", url_obj.path):
        url_obj = url_obj._replace(path=re.sub(r"/auth$", f"/auth/{auth_type}", url_obj.path))
    # 3. Unless already on /auth/<connector>/login, follow redirects to the login form.
    if re.search(r"/auth/.*/login$", url_obj.path):
        login_url = url_obj.geturl()
    else:
        resp = s.get(url_obj.geturl(), allow_redirects=True)
        if resp.status_code != 200:
            raise RuntimeError(f"HTTP status code '{resp.status_code}' for GET against: {url_obj.geturl()}")
        login_url = resp.url
    visited.append(urlsplit(login_url).path)
    # 4. POST the credentials; success must redirect (no redirect = invalid credentials).
    resp = s.post(login_url, data={"login": username, "password": password}, allow_redirects=True)
    if len(resp.history) == 0:
        raise RuntimeError("Login credentials are probably invalid - No redirect after POST to: " + login_url)
    if resp.status_code != 200:
        raise RuntimeError(f"HTTP status code '{resp.status_code}' for POST against: {login_url}")
    visited += [urlsplit(r.url).path for r in resp.history] + [urlsplit(resp.url).path]
    # 5. Every cookie in the jar, "name=value; ..." regardless of domain.
    return "; ".join(f"{c.name}={c.value}" for c in s.cookies), visited


out = {}
try:
    cookies, visited = dex_session_cookies()
    out["login_ok"] = True
    out["cookie_names"] = sorted(part.split("=", 1)[0] for part in cookies.split("; ") if part)
    out["visited_paths"] = visited
except RuntimeError as error:
    out["login_ok"] = False
    out["login_error"] = str(error)
    emit(out)
    sys.exit(0)

client = kfp.Client(host=api_url, cookies=cookies)
listing = client.list_experiments(namespace=namespace)
out["list_ok"] = True
out["experiments_in_namespace"] = [e.name for e in listing.experiments or []]
created = client.create_experiment(name="dex-created", namespace=namespace)
out["created_experiment_namespace"] = [r.key.id for r in created.resource_references if r.key.type == "NAMESPACE"]
out["healthz_multi_user"] = client.get_kfp_healthz().multi_user
out["other_namespace_status"] = api_status(lambda: client.list_experiments(namespace="team-other"))
emit(out)
