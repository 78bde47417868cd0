#!/usr/bin/env python3
"""winget upgrade's search against a running Granary: 300 ProductCode inclusions over N packages.

Creates a hosted WinGet repository (unless --repository names an existing one), imports N generated packages into
it (zips of singleton manifests, 500 per request), then POSTs one manifestSearch with 300 ProductCode Inclusions
(winget upgrade / winget list send one per installed program) --runs times after --warmup unmeasured ones, and
prints the latency percentiles. Talks to 127.0.0.1 only by default. Not a test: compare runs on the same machine.

  python3 bench/winget/search_300.py --url http://127.0.0.1:8080/granary --password "$GRANARY_ADMIN_PASSWORD"
"""
import argparse
import base64
import io
import json
import statistics
import sys
import time
import urllib.error
import urllib.request
import uuid
import zipfile

SHA = "A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90"


def product_code(i):
    return "{%08d-0000-0000-0000-000000000000}" % i


def manifest(i):
    pid = "Vendor%d.Product%d" % (i % 97, i)
    version = "1.%d.0" % (i % 7)
    return pid, version, f"""PackageIdentifier: {pid}
PackageVersion: {version}
PackageLocale: en-US
Publisher: Vendor {i % 97}
PackageName: Product {i}
License: MIT
ShortDescription: Benchmark package {i}
Tags: [tag{i % 13}]
Installers:
  - Architecture: x64
    InstallerType: msi
    InstallerUrl: https://downloads.example.test/product-{i}.msi
    InstallerSha256: {SHA}
    ProductCode: '{product_code(i)}'
ManifestType: singleton
ManifestVersion: 1.10.0
"""


def request(args, method, path, body=None, content_type="application/json", headers=None):
    req = urllib.request.Request(args.url.rstrip("/") + "/" + path, data=body, method=method)
    token = base64.b64encode(f"{args.user}:{args.password}".encode()).decode()
    req.add_header("Authorization", "Basic " + token)
    if body is not None:
        req.add_header("Content-Type", content_type)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=600) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def upgrade_body(n, packages):
    """winget upgrade's search: one exact ProductCode Inclusion per installed program, n of them (those k*33+5 <
    packages exist); returns the body and how many packages it finds."""
    inclusions = [{"PackageMatchField": "ProductCode",
                   "RequestMatch": {"KeyWord": product_code(k * 33 + 5), "MatchType": "Exact"}} for k in range(n)]
    return json.dumps({"Inclusions": inclusions}).encode(), len([k for k in range(n) if k * 33 + 5 < packages])


def populate(args):
    """Creates a hosted WinGet repository and imports args.packages generated packages into it (500 a zip)."""
    repo = "bench-winget-" + uuid.uuid4().hex[:8]
    status, body = request(args, "POST", "api/repositories",
                           json.dumps({"name": repo, "format": "winget", "type": "hosted"}).encode())
    if status != 201:
        raise RuntimeError(f"creating {repo}: {status} {body[:300]!r}")
    t0 = time.monotonic()
    for start in range(0, args.packages, 500):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for i in range(start, min(args.packages, start + 500)):
                pid, _, text = manifest(i)
                z.writestr(f"{pid}.yaml", text)
        status, body = request(args, "POST", f"{repo}/import", buf.getvalue(), "application/zip")
        if status != 200:
            raise RuntimeError(f"import at {start}: {status} {body[:300]!r}")
    return repo, time.monotonic() - t0


def search(args, repo, body):
    """One search as winget does it, every result page; returns how many packages it found."""
    found, token = 0, None
    while True:
        status, answer = request(args, "POST", f"{repo}/manifestSearch", body,
                                 headers={"Version": "1.10.0", **({"ContinuationToken": token} if token else {})})
        if status == 204:
            return found
        if status != 200:
            raise RuntimeError(f"search: {status} {answer[:300]!r}")
        page = json.loads(answer)
        found += len(page["Data"])
        token = page.get("ContinuationToken")
        if not token:
            return found


def timed(args, repo, body, expected):
    """Milliseconds of each of args.runs searches after args.warmup unmeasured ones, sorted."""
    times = []
    for run in range(args.warmup + args.runs):
        t = time.monotonic()
        found = search(args, repo, body)
        if found != expected:
            raise RuntimeError(f"the search found {found} packages, not {expected}")
        if run >= args.warmup:
            times.append((time.monotonic() - t) * 1000)
    return sorted(times)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://127.0.0.1:8080/granary")
    p.add_argument("--user", default="admin")
    p.add_argument("--password", required=True)
    p.add_argument("--repository", help="an existing hosted repository that already holds the packages")
    p.add_argument("--packages", type=int, default=10_000)
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    args = p.parse_args()

    repo = args.repository
    if repo is None:
        try:
            repo, took = populate(args)
        except RuntimeError as e:
            sys.exit(str(e))
        print(f"imported {args.packages} packages into {repo} in {took:.1f} s")
    body, expected = upgrade_body(300, args.packages)
    try:
        times = timed(args, repo, body, expected)
    except RuntimeError as e:
        sys.exit(str(e))
    print(f"300-ProductCode search over {args.packages} packages ({expected} found, every page): "
          f"p50 {statistics.median(times):.0f} ms, p95 {times[int(len(times) * 0.95) - 1]:.0f} ms, "
          f"max {times[-1]:.0f} ms ({args.runs} runs after {args.warmup} warm-up)")


if __name__ == "__main__":
    main()
