#!/usr/bin/env python3
"""The fake Maven upstream's checksum files: .sha1 and .md5 of any file under the given roots, computed on
request (what a repository manager in front of Maven Central publishes for every file; .sha256/.sha512 are absent,
as for most of Central's older artifacts).

    checksums.py PORT URL_PREFIX ROOT [ROOT...]      e.g. checksums.py 18683 /maven2/ fixtures/maven2 ~/.m2/repository
"""
import hashlib
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, PREFIX, ROOTS = int(sys.argv[1]), sys.argv[2], [os.path.realpath(r) for r in sys.argv[3:]]
ALGORITHMS = {".sha1": hashlib.sha1, ".md5": hashlib.md5}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = self.checksum()
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        if body and self.command == "GET":
            self.wfile.write(body)

    do_HEAD = do_GET

    def checksum(self):
        path = self.path.split("?")[0]
        ext = os.path.splitext(path)[1]
        if not path.startswith(PREFIX) or ext not in ALGORITHMS or ".." in path:
            return None
        relative = path[len(PREFIX):-len(ext)]
        for root in ROOTS:
            target = os.path.realpath(os.path.join(root, relative))
            if target.startswith(root + os.sep) and os.path.isfile(target):
                h = ALGORITHMS[ext]()
                with open(target, "rb") as f:
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
                return h.hexdigest().encode()
        return None

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
