#!/usr/bin/env python3
"""Granary's benchmark suite (README "Benchmarks"; started by bench/run.sh, which installs the tools first).

Starts, all on 127.0.0.1 and all stopped again at the end (by the process ids this script started):
  nginx      the fake upstream (static files from fixtures.py) on UPSTREAM, the static-file baseline on STATIC,
             and a proxy_cache peer in front of the fake upstream on PEER; own config, pid file and temp dirs
  checksums  the fake Maven upstream's .sha1/.md5 files (checksums.py)
  Granary    the README run command (mvn -Prun), fresh data directory, upstreams = the fake, on GRANARY
  Verdaccio  6.8.0 from bench/.verdaccio, uplink = the fake npm registry, on VERDACCIO
Then measures each row of issue 9's table, Granary against its reference in the same run, and prints the table
(also written to .work/results.md). Every load is bounded: wrk runs BENCH_DURATION seconds (default 10, at most
20) after a warm-up of BENCH_WARMUP seconds (default 20) of the same load on Granary only.

Environment: BENCH_DURATION, BENCH_WARMUP, BENCH_HUGE_MIB (size of the streamed file, default 1024),
BENCH_SKIP (space-separated: npm hits cooldown cold burst huge maven memory winget console restart jmh), BENCH_MVN_FLAGS (default "-o"),
BENCH_WINGET_PACKAGES (packages of the WinGet search row and of the console row, default 10000), BENCH_PORT_BASE (Granary's port, default
18680; the fakes take the next five, WildFly's management port base + 10) and BENCH_PORT_OFFSET (WildFly's port offset,
default 8000), so that two runs on one machine keep apart,
BENCH_WAR (a granary.war to measure instead of building this tree, e.g. an older commit's, for before/after: it is
deployed to the run profile's WildFly, which an earlier run of the suite has unpacked into target/run).
"""
import argparse
import base64
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WORK = os.environ.get("BENCH_WORK", os.path.join(HERE, ".work"))
BASE = int(os.environ.get("BENCH_PORT_BASE", "18680"))
GRANARY, MGMT, UPSTREAM, STATIC, CHECKSUMS, PEER, VERDACCIO = BASE, BASE + 10, BASE + 1, BASE + 2, BASE + 3, BASE + 4, \
    BASE + 5
# WildFly's other ports (https, transactions) move with it, away from anyone's defaults
PORT_OFFSET = int(os.environ.get("BENCH_PORT_OFFSET", "8000"))
WINGET_PACKAGES = int(os.environ.get("BENCH_WINGET_PACKAGES", "10000"))
PORT_BASE = BASE
DURATION = min(int(os.environ.get("BENCH_DURATION", "10")), 20)
WARMUP = min(int(os.environ.get("BENCH_WARMUP", "30")), 30)
WAR = os.environ.get("BENCH_WAR")
WILDFLY_HOME = os.path.join(REPO, "target", "run", "wildfly-39.0.1.Final")
HUGE_MIB = int(os.environ.get("BENCH_HUGE_MIB", "1024"))
SKIP = set(os.environ.get("BENCH_SKIP", "").split())
MVN_FLAGS = os.environ.get("BENCH_MVN_FLAGS", "-o").split()
G = f"http://127.0.0.1:{GRANARY}/granary"
U = f"http://127.0.0.1:{UPSTREAM}"
ABBREVIATED = "application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8, */*"
FIXTURES = os.path.join(WORK, "upstream")
M2 = os.path.expanduser("~/.m2/repository")
ADMIN_PASSWORD = "bench-admin-password"

started = []   # (name, pid, whole process group?)
rows = []      # (work, granary, reference, ratio, note)
notes = []


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


# ------------------------------------------------------------------------------------------------ processes
def start(name, args, env=None, cwd=None, group=False):
    out = open(os.path.join(WORK, f"{name}.log"), "w")
    p = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=group)
    started.append((name, p.pid, group))
    return p


def stop(name):
    for entry in list(started):
        n, pid, group = entry
        if n != name:
            continue
        try:
            if group:
                os.killpg(pid, signal.SIGTERM)
            else:
                os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        for _ in range(100):
            try:
                os.kill(pid, 0)
                os.waitpid(pid, os.WNOHANG)
                time.sleep(0.1)
            except (ProcessLookupError, ChildProcessError):
                break
        if group:
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        started.remove(entry)


def stop_all():
    for name, _, _ in reversed(list(started)):
        stop(name)
    pid_file = os.path.join(WORK, "nginx.pid")
    if os.path.exists(pid_file):
        try:
            os.kill(int(open(pid_file).read().strip()), signal.SIGQUIT)
        except (ValueError, ProcessLookupError):
            pass


def status(url, headers=None, timeout=5):
    try:
        req = urllib.request.Request(url, headers=headers or {})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return None


def wait_for(url, seconds, what):
    t0 = time.time()
    while time.time() - t0 < seconds:
        if status(url, timeout=2) == 200:
            return time.time() - t0
        time.sleep(0.2)
    raise SystemExit(f"{what} did not answer {url} within {seconds} s (see {WORK}/*.log)")


# ------------------------------------------------------------------------------------------------ measuring
def wrk(url, connections=64, seconds=DURATION, headers=(), script=None):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for h in headers:
        args += ["-H", h]
    if script:
        args += ["-s", script]
    out = subprocess.run(args + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    lat = {}
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M):
        lat[pct] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket = re.search(r"Socket errors:.*", out)
    total = re.search(r"(\d+) requests in", out)
    return {"rps": rps, "p50": lat.get("50"), "p99": lat.get("99"), "non2xx": int(errors.group(1)) if errors else 0,
            "socket": socket.group(0) if socket else "", "requests": int(total.group(1)) if total else 0}


def curl_times(*urls, headers=()):
    """Seconds per transfer, one connection reused for all of them."""
    args = ["curl", "-s", "--fail-with-body"]
    for h in headers:
        args += ["-H", h]
    for u in urls:
        args += ["-o", "/dev/null", "-w", "%{time_total} %{http_code}\\n", u]
    out = subprocess.run(args, capture_output=True, text=True, timeout=600).stdout.split("\n")
    times = []
    for line in out:
        if line.strip():
            t, code = line.split()
            if code != "200":
                raise RuntimeError(f"HTTP {code} from one of {urls}")
            times.append(float(t))
    return times


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def ms(x):
    return f"{x:.1f} ms" if x < 100 else f"{x:.0f} ms"


def row(work, granary, reference, ratio, note=""):
    rows.append((work, granary, reference, ratio, note))
    log(f"{work}: Granary {granary} | reference {reference} | ratio {ratio} {note}")


def rss_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def granary_java_pid():
    run_home = os.path.join(REPO, "target", "run")
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                cmd = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace")
            except OSError:
                continue
            if "jboss-modules.jar" in cmd and run_home in cmd:
                return int(pid)
    return None


# ------------------------------------------------------------------------------------------------ set-up
def nginx_conf():
    tmp = os.path.join(WORK, "nginx-tmp")
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        os.makedirs(os.path.join(tmp, d), exist_ok=True)
    cache = os.path.join(WORK, "nginx-cache")
    shutil.rmtree(cache, ignore_errors=True)
    # as root, nginx's workers would run as nobody, which cannot read ~/.m2 (the fake Maven upstream's fallback)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = f"""
{user}
worker_processes 2;
pid {WORK}/nginx.pid;
error_log {WORK}/nginx-error.log warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on; tcp_nopush on; tcp_nodelay on;
    keepalive_requests 1000000;
    access_log off;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    log_format uri '$request_method $request_uri $status';
    proxy_cache_path {cache} levels=1:2 keys_zone=bench:10m max_size=8g inactive=1h use_temp_path=off;
    upstream fake {{ server 127.0.0.1:{UPSTREAM}; keepalive 32; }}
    server {{
        listen 127.0.0.1:{UPSTREAM};
        root {FIXTURES};
        access_log {WORK}/upstream-access.log uri;
        location /npm/ {{ default_type application/json; try_files $uri/index.json $uri =404; }}
        location /simple/ {{ index index.html; }}
        location ~ ^/maven2/.*\\.(sha1|md5)$ {{ proxy_pass http://127.0.0.1:{CHECKSUMS}; }}
        location ~ ^/maven2/.*\\.(sha256|sha512|asc)$ {{ return 404; }}
        location /maven2/ {{ try_files $uri @m2; }}
        location @m2 {{ root {M2}; rewrite ^/maven2/(.*)$ /$1 break; }}
    }}
    server {{ listen 127.0.0.1:{STATIC}; root {FIXTURES}; }}
    server {{
        listen 127.0.0.1:{PEER};
        location / {{
            proxy_pass http://fake; proxy_http_version 1.1; proxy_set_header Connection "";
            proxy_cache bench; proxy_cache_valid 200 1h; proxy_cache_lock on;
        }}
    }}
}}
"""
    path = os.path.join(WORK, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    return path


def jvm_options():
    lines = open(os.path.join(REPO, "tomcat-config", "granary-jvm.options")).read().splitlines()
    return " ".join(l.strip() for l in lines if l.strip() and not l.strip().startswith("#"))


def granary_env():
    env = dict(os.environ)
    env.update({
        "GRANARY_DATA_DIR": os.path.join(WORK, "granary-data"),
        "GRANARY_UPSTREAM_NPM": f"{U}/npm/",
        "GRANARY_UPSTREAM_PYPI": f"{U}/simple/",
        "GRANARY_UPSTREAM_MAVEN": f"{U}/maven2/",
        "GRANARY_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "JBOSS_JAVA_SIZING": jvm_options() + f" -Djboss.socket.binding.port-offset={PORT_OFFSET}",
    })
    return env


def start_granary():
    shutil.rmtree(os.path.join(WORK, "granary-data"), ignore_errors=True)
    t0 = time.time()
    if WAR:
        deployments = os.path.join(WILDFLY_HOME, "standalone", "deployments")
        for f in os.listdir(deployments):
            if f.startswith("granary.war"):
                os.remove(os.path.join(deployments, f))
        shutil.copy(WAR, os.path.join(deployments, "granary.war"))
        log(f"measuring {WAR} (no build)")
        start_server()
    else:
        args = ["mvn", *MVN_FLAGS, "-q", "-Prun", "-DskipTests", "package",
                f"-Dgranary.http.port={GRANARY - PORT_OFFSET}", f"-Dgranary.management.port={MGMT - PORT_OFFSET}"]
        start("granary", args, env=granary_env(), cwd=REPO, group=True)
    took = wait_for(f"{G}/health", 600, "Granary")
    log(f"Granary answers /health after {took:.0f} s" + ("" if WAR else " (build included)"))
    return time.time() - t0


def start_server():
    args = [os.path.join(WILDFLY_HOME, "bin", "standalone.sh"), f"-Djboss.http.port={GRANARY - PORT_OFFSET}",
            f"-Djboss.management.http.port={MGMT - PORT_OFFSET}"]
    start("granary", args, env=granary_env(), cwd=REPO, group=True)


def restart_granary():
    """Server start, deployment and the first 200 from /health, without the build."""
    stop("granary")
    t0 = time.time()
    start_server()
    wait_for(f"{G}/health", 400, "Granary (restart)")
    took = time.time() - t0
    started_in = ""
    m = re.search(r"started in (\d+)ms", open(os.path.join(WORK, "granary.log")).read())
    if m:
        started_in = f"WildFly says started in {int(m.group(1)) / 1000:.1f} s"
    return took, started_in


def start_verdaccio():
    home = os.path.join(HERE, ".verdaccio")
    binary = os.path.join(home, "node_modules", "verdaccio", "bin", "verdaccio")
    if not os.path.exists(binary):
        log("installing Verdaccio 6.8.0 into bench/.verdaccio (npm)")
        os.makedirs(home, exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "verdaccio@6.8.0"],
                       cwd=home, check=True)
    storage = os.path.join(WORK, "verdaccio-storage")
    shutil.rmtree(storage, ignore_errors=True)
    config = os.path.join(WORK, "verdaccio.yaml")
    with open(config, "w") as f:
        f.write(f"""storage: {storage}
uplinks:
  fake:
    url: {U}/npm/
    maxage: 5m
    timeout: 60s
packages:
  '**':
    access: $all
    publish: $all
    proxy: fake
web:
  enable: false
max_body_size: 100mb
log: {{ type: stdout, format: pretty, level: warn }}
""")
    start("verdaccio", ["node", binary, "-c", config, "-l", f"127.0.0.1:{VERDACCIO}"], cwd=WORK)
    wait_for(f"http://127.0.0.1:{VERDACCIO}/-/ping", 60, "Verdaccio")


# ------------------------------------------------------------------------------------------------ rows
def npm_install(registry, label):
    d = os.path.join(WORK, "npm", label)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    shutil.copy(os.path.join(FIXTURES, "bench-app", "package.json"), d)
    t0 = time.time()
    r = subprocess.run(["npm", "install", "--registry", registry, "--cache", os.path.join(d, ".cache"),
                        "--no-audit", "--no-fund", "--prefer-online", "--loglevel=error", "--userconfig",
                        os.path.join(d, ".npmrc")], cwd=d, capture_output=True, text=True, timeout=600)
    took = time.time() - t0
    if r.returncode != 0:
        raise RuntimeError(f"npm install via {label} failed: {r.stderr[-2000:]}")
    installed = len([p for p in os.listdir(os.path.join(d, "node_modules")) if not p.startswith(".")])
    return took, installed


def npm_rows():
    granary, verdaccio = f"{G}/npm/", f"http://127.0.0.1:{VERDACCIO}/"
    g_cold, n = npm_install(granary, "granary-cold")
    v_cold, _ = npm_install(verdaccio, "verdaccio-cold")
    direct, _ = npm_install(f"{U}/npm/", "direct")
    g_warm, _ = npm_install(granary, "granary-warm")
    v_warm, _ = npm_install(verdaccio, "verdaccio-warm")
    row(f"`npm install` of {n} packages, fresh client cache, fresh proxy (cold)", f"{g_cold:.1f} s",
        f"Verdaccio 6.8.0 {v_cold:.1f} s; direct {direct:.1f} s", f"{g_cold / v_cold:.2f}× Verdaccio",
        "target ≤ 1.0")
    row("same, warm proxy", f"{g_warm:.1f} s", f"Verdaccio {v_warm:.1f} s", f"{g_warm / v_warm:.2f}× Verdaccio",
        "target ≤ 0.8")

    for name in ("bench-pkg-00", "bench-big"):
        gt = statistics.median(curl_times(*[f"{granary}{name}"] * 15, headers=[f"Accept: {ABBREVIATED}"])[3:])
        vt = statistics.median(curl_times(*[f"{verdaccio}{name}"] * 15, headers=[f"Accept: {ABBREVIATED}"])[3:])
        row(f"one abbreviated packument hit, `{name}`, median of 12 (after 3)", ms(gt * 1000),
            f"Verdaccio {ms(vt * 1000)}", f"{gt / vt:.2f}×", "lower is better")
    size = len(urllib.request.urlopen(f"{U}/npm/bench-big").read())
    g = concurrent_gets(f"{granary}bench-big", 50)
    v = concurrent_gets(f"{verdaccio}bench-big", 50)
    row(f"50 concurrent abbreviated requests at once, `bench-big` ({size / 1e6:.1f} MB full, 2,000 versions), gzip",
        f"{g['ok']} of 50 answered 200, p50 {ms(g['p50'])}, p99 {ms(g['p99'])}",
        f"Verdaccio {v['ok']} of 50 answered 200, p50 {ms(v['p50'])}, p99 {ms(v['p99'])}",
        f"{g['p99'] / v['p99']:.2f}× p99", "target: all 200, p99 ≤ 1 s")


def concurrent_gets(url, n):
    """n requests started at once (each its own connection); latencies in ms, 60 s at most each."""
    def one(_):
        t0 = time.time()
        code = status(url, headers={"Accept": ABBREVIATED, "Accept-Encoding": "gzip"}, timeout=60)
        return code, (time.time() - t0) * 1000
    with ThreadPoolExecutor(n) as pool:
        results = list(pool.map(one, range(n)))
    times = [t for _, t in results]
    return {"ok": sum(1 for c, _ in results if c == 200), "p50": pct(times, 50), "p99": pct(times, 99)}




def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += int(f[11]) + int(f[12])
        except OSError:
            pass
    return total


def nginx_pids():
    master = int(open(os.path.join(WORK, "nginx.pid")).read().strip())
    kids = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [master] + [int(k) for k in kids]


def measured(url, pids):
    """A wrk run, with the CPU time the server's processes used per request (robust to a busy machine)."""
    c0 = cpu_ticks(pids)
    r = wrk(url)
    r["cpu_ms"] = (cpu_ticks(pids) - c0) * 1000 / os.sysconf("SC_CLK_TCK") / max(r["requests"], 1)
    r["load"] = os.getloadavg()[0]
    return r


def hit_rows(pid):
    for project, label in (("benchhit1m", "1 MiB"), ("benchhit100k", "100 KiB")):
        fname = f"{project}-1.0-py3-none-any.whl"
        gurl = f"{G}/pypi/files/{project}/{fname}"
        surl = f"http://127.0.0.1:{STATIC}/packages/{fname}"
        purl = f"http://127.0.0.1:{PEER}/packages/{fname}"
        curl_times(f"{G}/pypi/simple/{project}/", gurl, gurl)
        curl_times(purl, purl)
        log(f"warm-up: {WARMUP} s of the same load on Granary ({label})")
        wrk(gurl, seconds=WARMUP)
        g, s, p = [], [], []
        for _ in range(2):  # alternated, best of two: other work on the machine comes and goes
            g.append(measured(gurl, [pid]))
            s.append(measured(surl, nginx_pids()))
        p.append(measured(purl, nginx_pids()))
        g, s, p = (max(x, key=lambda r: r["rps"]) for x in (g, s, p))
        row(f"cache hit, {label} wheel via the `pypi` group, wrk -t2 -c64 -d{DURATION}s, best of 2 (warm)",
            f"{g['rps']:.0f} req/s, p99 {ms(g['p99'])}, CPU {g['cpu_ms']:.2f} ms/req",
            f"nginx static {s['rps']:.0f} req/s, p99 {ms(s['p99'])}, CPU {s['cpu_ms']:.3f} ms/req; nginx proxy_cache "
            f"{p['rps']:.0f} req/s ({p['rps'] / s['rps']:.2f} of static)", f"{g['rps'] / s['rps']:.2f}",
            f"target ≥ {0.8 if label == '1 MiB' else 0.5}; p99 {g['p99'] / s['p99']:.1f}× nginx's; load average "
            f"{g['load']:.0f}" + (f"; {g['non2xx']} non-2xx" if g["non2xx"] else ""))


def api(method, path, body=None):
    """One call of Granary's REST API as the administrator; the parsed answer."""
    req = urllib.request.Request(f"{G}/api/{path}", method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Content-Type": "application/json", "Authorization": "Basic " + base64.b64encode(
                                     f"admin:{ADMIN_PASSWORD}".encode()).decode()})
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read()
        return json.loads(text) if text else None


def cooldown_row(pid):
    """Issue 12's benchmark: the same cached tarball through a proxy with a three-day cooldown (the version mature,
    missingReleaseTime deny, a block rule on another package) and through two without (the second one is the control:
    how far two identical set-ups differ in this run), the order rotated every round, in the same run."""
    name, version = "bench-pkg-00", "1.0.0"
    order = ("plain", "control", "cool")
    arms = {}
    for arm in order:
        policy = {"minimumReleaseAge": "P3D", "missingReleaseTime": "deny"} if arm == "cool" else {}
        repo = f"npm-{arm}"
        api("POST", "repositories", {"name": repo, "format": "npm", "type": "proxy", "upstreamUrl": f"{U}/npm/",
                                     **policy})
        arms[arm] = f"{G}/{repo}/{name}/-/{name}-{version}.tgz"
        # the packument first (release times stored), then fetched, a stored hit, one the edge's index answers
        curl_times(f"{G}/{repo}/{name}", arms[arm], arms[arm], arms[arm])
    api("POST", "repositories/npm-cool/exemptions", {"action": "block", "package": "bench-pkg-01",
                                                     "reason": "the benchmark checks the policy is live"})
    blocked = f"{G}/npm-cool/bench-pkg-01/-/bench-pkg-01-1.0.0.tgz"
    if status(f"{G}/npm-cool/bench-pkg-01") != 200 or status(blocked) != 403:
        raise RuntimeError("the cooldown repository does not refuse a blocked version: the row would measure nothing")
    warm = max(WARMUP // 3, 1)
    log(f"warm-up: {warm} s of the same load on each arm")
    for url in arms.values():
        wrk(url, seconds=warm)
    runs = {arm: [] for arm in order}
    for i in range(2):  # the order rotated: other work on the machine comes and goes, and the first arm pays for it
        for k in range(len(order)):
            arm = order[(i + k) % len(order)]
            runs[arm].append(measured(arms[arm], [pid]))
    # the hits measured were judged: a block rule on the measured version turns the very next one into a refusal
    rule = api("POST", "repositories/npm-cool/exemptions", {"action": "block", "package": name, "version": version,
                                                            "reason": "the benchmark checks hits are judged"})
    judged = status(arms["cool"])
    api("DELETE", f"repositories/npm-cool/exemptions/{rule['id']}")
    if judged != 403:
        raise RuntimeError(f"a hit of a blocked version answered {judged}: the guarded arm was not judged")
    best = {arm: max(r, key=lambda x: x["rps"]) for arm, r in runs.items()}
    cpu = {arm: statistics.mean(x["cpu_ms"] for x in r) for arm, r in runs.items()}
    size = len(urllib.request.urlopen(arms["plain"]).read())

    def said(arm):
        rounds = " / ".join("%.0f" % x["rps"] for x in runs[arm])
        return f"{best[arm]['rps']:.0f} req/s (rounds {rounds}), p99 {ms(best[arm]['p99'])}, CPU {cpu[arm]:.3f} ms/req"
    row(f"cache hit, {size / 1024:.0f} KiB npm tarball, proxy with a three-day cooldown (mature version, deny, one "
        f"block rule), wrk -t2 -c64 -d{DURATION}s, best of 2, order rotated (warm)", said("cool"),
        f"same proxy without a policy {said('plain')}; a second one without (the control) {said('control')}",
        f"{best['cool']['rps'] / best['plain']['rps']:.3f} (CPU {cpu['cool'] / cpu['plain']:.3f}); control "
        f"{best['control']['rps'] / best['plain']['rps']:.3f} (CPU {cpu['control'] / cpu['plain']:.3f})",
        f"target ≥ 0.95 (within 5 %), to be read against the control's spread; load average {best['cool']['load']:.0f}"
        + "".join(f"; {x['non2xx']} non-2xx ({arm})" for arm, x in best.items() if x["non2xx"]))


def cold_rows():
    direct, granary, peer = [], [], []
    for i in range(20):
        project = f"benchcold{i:02d}"
        fname = f"{project}-1.0-py3-none-any.whl"
        direct.append(sum(curl_times(f"{U}/simple/{project}/", f"{U}/packages/{fname}")))
        granary.append(sum(curl_times(f"{G}/pypi/simple/{project}/", f"{G}/pypi/files/{project}/{fname}")))
        peer.append(sum(curl_times(f"http://127.0.0.1:{PEER}/simple/{project}/",
                                   f"http://127.0.0.1:{PEER}/packages/{fname}")))
    over = [(g - d) * 1000 for g, d in zip(granary, direct)]
    peer_over = [(p - d) * 1000 for p, d in zip(peer, direct)]
    row("cold miss, 20 never-seen 256 KiB files, index page + file, overhead over direct",
        f"p50 {ms(pct(over, 50))}, p90 {ms(pct(over, 90))}",
        f"nginx proxy_cache p50 {ms(pct(peer_over, 50))}, p90 {ms(pct(peer_over, 90))}; direct p50 "
        f"{ms(pct(direct, 50) * 1000)}", f"{pct(over, 50) / max(pct(peer_over, 50), 0.1):.1f}× nginx's overhead",
        "target p50 ≤ 5 ms, p90 ≤ 10 ms")


def burst_row():
    project = "benchburst"
    fname = f"{project}-1.0-py3-none-any.whl"
    curl_times(f"{G}/pypi/simple/{project}/")
    log_path = os.path.join(WORK, "upstream-access.log")
    before = open(log_path).read().count(f"/packages/{fname}")
    url = f"{G}/pypi/files/{project}/{fname}"
    with ThreadPoolExecutor(100) as pool:
        codes = list(pool.map(lambda _: status(url, timeout=120), range(100)))
    time.sleep(0.5)
    fetches = open(log_path).read().count(f"/packages/{fname}") - before
    ok = codes.count(200)
    row("100 concurrent misses of one 4 MiB file", f"{ok} of 100 answered 200, {fetches} upstream fetch(es)",
        "—", "—", "target: 1 fetch")


def huge_row(pid):
    project = "benchhuge"
    fname = f"{project}-1.0-py3-none-any.whl"
    size = HUGE_MIB << 20
    curl_times(f"{G}/pypi/simple/{project}/")
    rss0 = rss_kib(pid)
    g = curl_times(f"{G}/pypi/files/{project}/{fname}")[0]
    rss1 = rss_kib(pid)
    p = curl_times(f"http://127.0.0.1:{PEER}/simple/{project}/", f"http://127.0.0.1:{PEER}/packages/{fname}")[1]
    d = curl_times(f"{U}/packages/{fname}")[0]
    row(f"{HUGE_MIB} MiB never-seen artifact streamed", f"{size / g / 1e6:.0f} MB/s, RSS growth "
        f"{(rss1 - rss0) / 1024:.0f} MiB", f"nginx proxy_cache {size / p / 1e6:.0f} MB/s; direct {size / d / 1e6:.0f} MB/s",
        f"{p / g:.2f}", "target ≥ 0.8, RSS < 64 MiB")


def mvn_get(mirror, label):
    d = os.path.join(WORK, "mvn", label)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    local = os.path.join(d, "repository")
    settings = os.path.join(d, "settings.xml")
    with open(settings, "w") as f:
        f.write(f"<settings><localRepository>{local}</localRepository><mirrors><mirror><id>bench</id>"
                f"<mirrorOf>*</mirrorOf><url>{mirror}</url></mirror></mirrors></settings>")
    t0 = time.time()
    r = subprocess.run(["mvn", "-B", "-q", "-s", settings,
                        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get",
                        "-Dartifact=org.bench:app:1.0", "-Dtransitive=true"],
                       cwd=d, capture_output=True, text=True, timeout=600)
    took = time.time() - t0
    if r.returncode != 0:
        raise RuntimeError(f"mvn via {label} failed: {(r.stdout + r.stderr)[-3000:]}")
    jars = poms = 0
    for _, _, files in os.walk(local):
        jars += sum(f.endswith(".jar") for f in files)
        poms += sum(f.endswith(".pom") for f in files)
    return took, jars, poms


def maven_rows():
    cold, jars, poms = mvn_get(f"{G}/maven/", "granary-cold")
    direct, _, _ = mvn_get(f"{U}/maven2/", "direct")
    warm, _, _ = mvn_get(f"{G}/maven/", "granary-warm")
    row(f"`mvn dependency:get` org.bench:app (+ the plugin), empty local repo, {jars} jars + {poms} poms, "
        "fresh Granary", f"cold {cold:.1f} s, warm {warm:.1f} s", f"direct to the fake upstream {direct:.1f} s",
        f"{cold / direct:.2f}× cold, {warm / direct:.2f}× warm", "target ≤ 1.3 cold, ≤ 0.8 warm")


def memory_row(pid):
    jstat = subprocess.run(["jstat", "-gc", str(pid)], capture_output=True, text=True).stdout.split("\n")
    gc = dict(zip(jstat[0].split(), jstat[1].split())) if len(jstat) > 1 and jstat[1].strip() else {}
    time.sleep(5)
    heap = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True).stdout
    used = re.search(r"total (\d+)K, used (\d+)K", heap)
    row("memory after the load rows (default heap, see tomcat-config/granary-jvm.options)",
        f"RSS {rss_kib(pid) / 1024:.0f} MiB; heap used {int(used.group(2)) / 1024:.0f} of "
        f"{int(used.group(1)) / 1024:.0f} MiB" if used else f"RSS {rss_kib(pid) / 1024:.0f} MiB",
        f"full GCs {gc.get('FGC', '?')} ({gc.get('FGCT', '?')} s), young GCs {gc.get('YGC', '?')} "
        f"({gc.get('YGCT', '?')} s)", "—", "target: no full GC storm")


def winget_rows():
    """winget upgrade's search (issue 10): 300 ProductCode Inclusions over WINGET_PACKAGES packages of a hosted
    repository, answered from the database index; the reference is the same search with one Inclusion (what
    `winget install --exact` sends), in the same run."""
    sys.path.insert(0, os.path.join(HERE, "winget"))
    import search_300
    args = argparse.Namespace(url=G, user="admin", password="bench-admin-password", packages=WINGET_PACKAGES,
                              runs=30, warmup=5)
    repo, took = search_300.populate(args)
    log(f"imported {WINGET_PACKAGES} WinGet packages into {repo} in {took:.0f} s")
    upgrade, found = search_300.upgrade_body(300, WINGET_PACKAGES)
    single, one = search_300.upgrade_body(1, WINGET_PACKAGES)
    t300 = search_300.timed(args, repo, upgrade, found)
    t1 = search_300.timed(args, repo, single, one)
    p50, p50one = statistics.median(t300), statistics.median(t1)
    row(f"`winget upgrade` search: 300 ProductCode inclusions over {WINGET_PACKAGES:,} packages (hosted), "
        f"{found} found, all {-(-found // 100)} pages, 30 runs after 5", f"p50 {ms(p50)}, p95 {ms(pct(t300, 95))}, "
        f"max {ms(t300[-1])}", f"one inclusion: p50 {ms(p50one)}, p95 {ms(pct(t1, 95))}", f"{p50 / p50one:.1f}×",
        "target: well under 1 s")
    token = base64.b64encode(b"admin:bench-admin-password").decode()
    results = {}
    for label, body in (("300", upgrade), ("1", single)):
        script = os.path.join(WORK, f"winget-search-{label}.lua")
        with open(script, "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    'wrk.headers["Version"] = "1.10.0"\n'
                    f'wrk.headers["Authorization"] = "Basic {token}"\n'
                    f'wrk.body = [==[{body.decode()}]==]\n')
        wrk(f"{G}/{repo}/manifestSearch", connections=8, seconds=min(WARMUP, 10), script=script)
        results[label] = wrk(f"{G}/{repo}/manifestSearch", connections=8, script=script)
    r, ref = results["300"], results["1"]
    row(f"same, first page only, wrk -t2 -c8 -d{DURATION}s POST (warm)", f"{r['rps']:.0f} req/s, p99 {ms(r['p99'])}"
        + (f", {r['non2xx']} non-2xx" if r["non2xx"] else ""), f"one inclusion: {ref['rps']:.0f} req/s, p99 "
        f"{ms(ref['p99'])}", f"{r['rps'] / ref['rps']:.2f}", "throughput ratio")


def console_rows():
    """The admin console's pages (issue 15) with WINGET_PACKAGES packages in Browse: that many Maven artifacts deployed
    to a new hosted repository (a PUT each, 8 at a time: Browse lists what has files); then an administrator signed in
    with a cookie jar asks one page at a time, as a browser does, 30 requests after 5 per page; p50/p95 of the whole
    answer."""
    import http.cookiejar
    repo = "bench-console-" + str(int(time.time()))
    api("POST", "repositories", {"name": repo, "format": "maven", "type": "hosted"})
    auth = "Basic " + base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()

    def deploy(i):
        version = f"1.{i % 7}.0"
        path = f"org/bench/g{i % 97}/lib{i}/{version}/lib{i}-{version}.jar"
        req = urllib.request.Request(f"{G}/{repo}/{path}", data=f"jar {i}".encode(), method="PUT",
                                     headers={"Authorization": auth, "Content-Type": "application/java-archive"})
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()

    t0 = time.time()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(deploy, range(WINGET_PACKAGES)))
    log(f"deployed {WINGET_PACKAGES} Maven artifacts into {repo} in {time.time() - t0:.0f} s")
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(path):
        with browser.open(f"{G}/admin/{path}", timeout=60) as r:
            return r.geturl(), r.read().decode("utf-8", "replace")

    get("index.xhtml")  # the session the sign-in belongs to
    with browser.open(urllib.request.Request(f"{G}/admin/login", data=urllib.parse.urlencode(
            {"username": "admin", "password": ADMIN_PASSWORD}).encode(), method="POST"), timeout=60) as r:
        r.read()
    where, dashboard = get("index.xhtml")
    if "login" in where or "signed-in-user" not in dashboard:
        raise RuntimeError(f"signing in to the console failed (ended at {where})")
    _, first = get("browse.xhtml")
    shown = re.search(r'href="[^"]*package\.xhtml\?id=(\d+)', first)
    if not shown:
        raise RuntimeError("browse shows no package to open")
    total = re.search(r'id="result-count">([^<]*)<', first)
    pages = [("dashboard", "index.xhtml"), ("browse, first page", "browse.xhtml"),
             ("browse, a search", "browse.xhtml?q=lib4321"),
             ("browse, sorted by versions, page 5", "browse.xhtml?sort=versions&dir=desc&page=5"),
             ("package page", f"package.xhtml?id={shown.group(1)}")]
    for label, path in pages:
        for _ in range(5):
            get(path)
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            where, body = get(path)
            times.append((time.perf_counter() - t0) * 1000)
            if "login" in where:
                raise RuntimeError(f"{path} sent the administrator to the sign-in page")
        times.sort()
        row(f"console {label} (`/admin/{path}`), {WINGET_PACKAGES:,} packages, signed in, 30 after 5",
            f"p50 {ms(statistics.median(times))}, p95 {ms(pct(times, 95))}", "—", "—",
            f"target < 200 ms; load average {os.getloadavg()[0]:.1f}"
            + (f"; browse says {total.group(1).strip()}" if total and label == "browse, first page" else ""))


def jmh_rows():
    pom = os.path.join(HERE, "jmh", "pom.xml")
    r = subprocess.run(["mvn", "-q", "-f", pom, "package"], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError("JMH build failed: " + (r.stdout + r.stderr)[-2000:])
    out = os.path.join(WORK, "jmh.json")
    subprocess.run(["java", "-jar", os.path.join(HERE, "jmh", "target", "benchmarks.jar"), "-f", "1", "-wi", "2",
                    "-w", "1s", "-i", "3", "-r", "2s", "-t", "1", "-rf", "json", "-rff", out],
                   capture_output=True, text=True, timeout=600, check=True)
    for b in json.load(open(out)):
        name = b["benchmark"].rsplit(".", 3)
        score, unit = b["primaryMetric"]["score"], b["primaryMetric"]["scoreUnit"]
        row(f"JMH {name[-3]}.{name[-2]}.{name[-1]}", f"{score:,.1f} {unit}", "—", "—", "1 thread, 3×2 s after 2×1 s warm-up")


# ------------------------------------------------------------------------------------------------ main
def main():
    os.makedirs(WORK, exist_ok=True)
    t_start = time.time()
    if not os.path.exists(os.path.join(FIXTURES, ".done")) or open(os.path.join(FIXTURES, ".done")).read() != str(HUGE_MIB):
        log("writing the fake upstream tree")
        shutil.rmtree(FIXTURES, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(HERE, "fixtures.py"), FIXTURES, U, str(HUGE_MIB)], check=True)
        open(os.path.join(FIXTURES, ".done"), "w").write(str(HUGE_MIB))
    open(os.path.join(WORK, "upstream-access.log"), "w").close()
    subprocess.run(["nginx", "-c", nginx_conf(), "-p", WORK, "-e", os.path.join(WORK, "nginx-error.log")], check=True)
    start("checksums", [sys.executable, os.path.join(HERE, "checksums.py"), str(CHECKSUMS), "/maven2/",
                        os.path.join(FIXTURES, "maven2"), M2])
    wait_for(f"http://127.0.0.1:{STATIC}/simple/benchhit1m/index.html", 10, "nginx")
    log("starting Granary with the README run command (mvn -Prun), fresh data directory")
    build_and_start = start_granary()
    if "npm" not in SKIP:
        start_verdaccio()
    pid = granary_java_pid()
    log(f"Granary's JVM is process {pid}, RSS {rss_kib(pid) / 1024:.0f} MiB")
    steps = [("npm", npm_rows), ("hits", lambda: hit_rows(pid)), ("cooldown", lambda: cooldown_row(pid)),
             ("cold", cold_rows), ("burst", burst_row),
             ("huge", lambda: huge_row(pid)), ("maven", maven_rows), ("memory", lambda: memory_row(pid)),
             ("winget", winget_rows), ("console", console_rows)]
    for name, step in steps:
        if name not in SKIP:
            attempt(name, step)
    if "restart" not in SKIP:
        attempt("restart", restart_rows)
    stop("verdaccio")
    stop("granary")
    if "jmh" not in SKIP:
        attempt("jmh", jmh_rows)
    report(time.time() - t_start, build_and_start)


def restart_rows():
    took, said = restart_granary()
    row("restart to ready: server start, deploy, first 200 from /health (no build)", f"{took:.1f} s", said, "—",
        "target ≤ 15 s")
    time.sleep(3)
    row("idle RSS after the restart", f"{rss_kib(granary_java_pid()) / 1024:.0f} MiB", "—", "—", "")


def attempt(name, step):
    """One group of rows; a failure is a row saying so, and the suite goes on."""
    try:
        step()
    except Exception as e:  # noqa: BLE001 - reported, not hidden
        log(f"{name} failed: {e}")
        row(f"{name}: FAILED", str(e).replace("\n", " ")[:300], "—", "—", "see the .work/*.log files")


def report(total, build_and_start):
    cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True,
                         text=True).stdout.strip()
    head = (f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores ({cpu}), "
            f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2 ** 30:.0f} GiB; load tool, servers and "
            f"fakes share the machine; suite took {total / 60:.1f} min (Granary build and first start "
            f"{build_and_start:.0f} s). Load average at the end: {os.getloadavg()[0]:.1f}.\n")
    lines = [head, "| work | Granary | reference in the same run | ratio | note |", "|---|---|---|---|---|"]
    lines += [f"| {w} | {g} | {r} | {q} | {n} |" for w, g, r, q, n in rows]
    text = "\n".join(lines) + "\n"
    with open(os.path.join(WORK, "results.md"), "w") as f:
        f.write(text)
    print("\n" + text)


if __name__ == "__main__":
    try:
        main()
    finally:
        stop_all()
