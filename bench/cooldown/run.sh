#!/bin/sh
# What the supply-chain guards add to a cached download (see bench/cooldown/README.md). Loopback only, about a minute.
# Usage: bench/cooldown/run.sh [rounds] [downloads-per-round]
set -e
cd "$(dirname "$0")/../.."
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
    -Djava.util.logging.config.file=/dev/null org.granary.core.CooldownBenchmark "$@"
