#!/usr/bin/env python3
"""Writes the benchmark's fake upstream tree: static files that nginx serves on a loopback port.

    fixtures.py OUT_DIR UPSTREAM_BASE_URL [HUGE_MIB]

npm/      86 packages: bench-pkg-00 … bench-pkg-84 (a binary tree of dependencies below bench-pkg-00, three
          versions each, real tarballs) and bench-big, whose packument has 2,000 versions (about 9–10 MB) with a
          real tarball for its latest; packuments are npm/<name>/index.json, tarballs npm/<name>/-/<file>.tgz.
          bench-app/ is a project depending on bench-pkg-00 and bench-big: `npm install` there installs all 86.
simple/   PEP 503 pages, files under packages/: benchhit1m (1 MiB wheel), benchhit100k (100 KiB),
          benchcold00 … benchcold19 (256 KiB each, for never-seen misses), benchburst (4 MiB, for 100
          concurrent misses), benchhuge (HUGE_MIB MiB, default 1024, streamed once).
maven2/   org.bench: a parent POM, 40 libraries in a dependency tree below org.bench:app:1.0 (jar + pom each);
          checksum files are answered by checksums.py, everything else not here from ~/.m2/repository.
Deterministic: the same bytes every run (a seeded generator), so hashes and sizes are comparable across runs.
"""
import base64
import hashlib
import io
import json
import os
import random
import sys
import tarfile

OUT = sys.argv[1]
BASE = sys.argv[2].rstrip("/")
HUGE_MIB = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
RNG = random.Random(20261202)
SMALL_PACKAGES = 85
BIG_VERSIONS = 2000


def write(path, data):
    full = os.path.join(OUT, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def noise(n):
    return RNG.randbytes(n)


def text_noise(n):
    words = ["cache", "proxy", "registry", "package", "version", "module", "build", "fast", "static", "index"]
    out = []
    size = 0
    while size < n:
        w = RNG.choice(words)
        out.append(w)
        size += len(w) + 1
    return " ".join(out)[:n]


# ---------------------------------------------------------------- npm
def tarball(name, version, deps, extra_bytes):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=6) as tar:
        files = {
            "package/package.json": json.dumps({"name": name, "version": version, "main": "index.js",
                                                "dependencies": deps}, indent=2).encode(),
            "package/index.js": ("module.exports = " + json.dumps(text_noise(extra_bytes)) + ";\n").encode(),
            "package/README.md": ("# " + name + "\n\n" + text_noise(600) + "\n").encode(),
        }
        for fname, data in files.items():
            info = tarfile.TarInfo(fname)
            info.size = len(data)
            info.mtime = 499162500
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def dist(name, version, data):
    fname = f"{name}-{version}.tgz"
    write(f"npm/{name}/-/{fname}", data)
    return {
        "tarball": f"{BASE}/npm/{name}/-/{fname}",
        "shasum": hashlib.sha1(data).hexdigest(),
        "integrity": "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode(),
    }


def version_doc(name, version, deps, d, description):
    return {
        "name": name, "version": version, "description": description, "main": "index.js",
        "license": "MIT", "dependencies": deps,
        "scripts": {"test": "node test.js"},
        "repository": {"type": "git", "url": f"git+https://git.example.invalid/bench/{name}.git"},
        "author": {"name": "Bench Author", "email": "bench@example.invalid"},
        "maintainers": [{"name": "bench", "email": "bench@example.invalid"}],
        "_npmUser": {"name": "bench", "email": "bench@example.invalid"},
        "dist": d,
    }


def packument(name, versions, time, readme):
    latest = list(versions)[-1]
    return {
        "_id": name, "name": name, "description": versions[latest]["description"],
        "dist-tags": {"latest": latest}, "versions": versions, "time": time,
        "maintainers": [{"name": "bench", "email": "bench@example.invalid"}],
        "readme": readme, "license": "MIT",
    }


def npm():
    names = [f"bench-pkg-{i:02d}" for i in range(SMALL_PACKAGES)]
    for i, name in enumerate(names):
        children = [c for c in (2 * i + 1, 2 * i + 2) if c < SMALL_PACKAGES]
        deps = {names[c]: "^1.0.0" for c in children}
        versions, time = {}, {"created": "2020-01-01T00:00:00.000Z"}
        for k, v in enumerate(["1.0.0", "1.0.1", "1.1.0"]):
            data = tarball(name, v, deps, RNG.randint(2000, 30000))
            versions[v] = version_doc(name, v, deps, dist(name, v, data), f"benchmark package {i}")
            time[v] = f"2021-0{k + 1}-01T00:00:00.000Z"
        time["modified"] = "2021-03-01T00:00:00.000Z"
        write(f"npm/{name}/index.json", json.dumps(packument(name, versions, time, text_noise(2000))).encode())

    name = "bench-big"
    versions, time = {}, {"created": "2015-01-01T00:00:00.000Z"}
    for k in range(BIG_VERSIONS):
        v = f"{k // 100}.{(k // 10) % 10}.{k % 10}"
        deps = {f"dep-{j}": f"^{j}.0.0" for j in range(8)} if k < BIG_VERSIONS - 1 else {}
        if k == BIG_VERSIONS - 1:
            d = dist(name, v, tarball(name, v, {}, 50000))
        else:
            fake = hashlib.sha512(f"{name}@{v}".encode()).digest()
            d = {"tarball": f"{BASE}/npm/{name}/-/{name}-{v}.tgz", "shasum": hashlib.sha1(fake).hexdigest(),
                 "integrity": "sha512-" + base64.b64encode(fake).decode(), "fileCount": 42, "unpackedSize": 123456}
        doc = version_doc(name, v, deps, d, "a package with a long history: " + text_noise(200))
        doc["devDependencies"] = {f"dev-{j}": f"^{j}.1.0" for j in range(12)}
        doc["engines"] = {"node": ">=14"}
        doc["keywords"] = ["bench", "big", "history", "versions"]
        doc["gitHead"] = hashlib.sha1(v.encode()).hexdigest()
        doc["_nodeVersion"] = "20.0.0"
        doc["_npmVersion"] = "10.0.0"
        doc["readme"] = text_noise(3100)
        versions[v] = doc
        time[v] = f"20{15 + k // 250:02d}-01-01T00:00:{k % 60:02d}.000Z"
    time["modified"] = "2026-01-01T00:00:00.000Z"
    write(f"npm/{name}/index.json", json.dumps(packument(name, versions, time, text_noise(40000))).encode())

    app = {"name": "bench-app", "version": "1.0.0", "private": True,
           "dependencies": {"bench-pkg-00": "^1.0.0", "bench-big": "*"}}
    write("bench-app/package.json", json.dumps(app, indent=2).encode())


# ---------------------------------------------------------------- PyPI
def simple_project(project, files):
    links = []
    for fname, data in files:
        write(f"packages/{fname}", data)
        sha = hashlib.sha256(data).hexdigest()
        links.append(f'<a href="{BASE}/packages/{fname}#sha256={sha}">{fname}</a><br/>')
    page = ("<!DOCTYPE html>\n<html><head><title>Links for " + project + "</title></head><body><h1>Links for "
            + project + "</h1>\n" + "\n".join(links) + "\n</body></html>\n")
    write(f"simple/{project}/index.html", page.encode())


def wheel(project, size):
    return (f"{project}-1.0-py3-none-any.whl", noise(size))


def pypi():
    simple_project("benchhit1m", [wheel("benchhit1m", 1 << 20)])
    simple_project("benchhit100k", [wheel("benchhit100k", 100 << 10)])
    for i in range(20):
        simple_project(f"benchcold{i:02d}", [wheel(f"benchcold{i:02d}", 256 << 10)])
    simple_project("benchburst", [wheel("benchburst", 4 << 20)])
    # the huge file: written in chunks, hashed on the way
    fname = "benchhuge-1.0-py3-none-any.whl"
    path = os.path.join(OUT, "packages", fname)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    sha = hashlib.sha256()
    chunk = noise(1 << 20)
    with open(path, "wb") as f:
        for i in range(HUGE_MIB):
            block = chunk[i % 997:] + chunk[:i % 997]  # cheap, not all identical
            sha.update(block)
            f.write(block)
    page = (f'<!DOCTYPE html>\n<html><body><a href="{BASE}/packages/{fname}#sha256={sha.hexdigest()}">{fname}</a>'
            "</body></html>\n")
    write("simple/benchhuge/index.html", page.encode())


# ---------------------------------------------------------------- Maven
def pom(artifact, deps, packaging="jar", parent=True):
    dep_xml = "".join(f"<dependency><groupId>org.bench</groupId><artifactId>{d}</artifactId>"
                      f"<version>1.0</version></dependency>" for d in deps)
    parent_xml = ("<parent><groupId>org.bench</groupId><artifactId>bench-parent</artifactId><version>1.0</version>"
                  "</parent>") if parent else "<groupId>org.bench</groupId><version>1.0</version>"
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">'
            f"<modelVersion>4.0.0</modelVersion>{parent_xml}<artifactId>{artifact}</artifactId>"
            f"<packaging>{packaging}</packaging><description>{text_noise(300)}</description>"
            f"<dependencies>{dep_xml}</dependencies></project>\n").encode()


def maven():
    base = "maven2/org/bench"
    write(f"{base}/bench-parent/1.0/bench-parent-1.0.pom", pom("bench-parent", [], "pom", parent=False))
    libs = [f"lib-{i:02d}" for i in range(40)]
    for i, lib in enumerate(libs):
        deps = [libs[c] for c in (2 * i + 1, 2 * i + 2) if c < len(libs)]
        write(f"{base}/{lib}/1.0/{lib}-1.0.pom", pom(lib, deps))
        write(f"{base}/{lib}/1.0/{lib}-1.0.jar", noise(RNG.randint(20 << 10, 200 << 10)))
    write(f"{base}/app/1.0/app-1.0.pom", pom("app", [libs[0]]))
    write(f"{base}/app/1.0/app-1.0.jar", noise(10 << 10))


if __name__ == "__main__":
    npm()
    pypi()
    maven()
    print(f"fixtures written to {OUT}")
