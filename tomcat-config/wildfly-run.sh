#!/bin/sh
# Starts the WildFly of `mvn -Prun` (the run profile calls this; it is not meant to be run by hand).
#
# Usage: wildfly-run.sh 'repositories: <Maven's remote repositories>' <path to standalone.sh> [standalone.sh arguments...]
#
# When GRANARY_UPSTREAM_NPM or GRANARY_UPSTREAM_MAVEN is not set, it is taken from this machine's own client
# configuration, so that the npm and Maven proxies work out of the box for whoever runs the command:
#   - npm:   `npm config get registry` (the user's ~/.npmrc, a project .npmrc, or npm's built-in default);
#   - Maven: the repository this very Maven build resolves `central` from (the first argument, which the
#            run profile fills with ${project.remoteArtifactRepositories}: the super-POM central repository,
#            or the settings.xml mirror that replaces it).
# The WAR has no built-in default for either; a value set explicitly always wins.
set -eu

maven_repositories=$1
shift

say() {
    echo "[granary run] $*" >&2
}

# adopt VARIABLE VALUE SOURCE REPOSITORY: export VARIABLE=VALUE when VALUE is an http(s) URL, and say so.
adopt() {
    case "$2" in
        http://*|https://*)
            export "$1=$2"
            say "$1=$2 (from $3)"
            ;;
        *)
            say "$1 is not set and $3 gave no URL: $4 has no upstream"
            ;;
    esac
}

if [ -z "${GRANARY_UPSTREAM_NPM:-}" ]; then
    registry=""
    if command -v npm >/dev/null 2>&1; then
        registry=$(npm config get registry 2>/dev/null || true)
    fi
    adopt GRANARY_UPSTREAM_NPM "$registry" "npm config get registry" npm-proxy
fi

if [ -z "${GRANARY_UPSTREAM_MAVEN:-}" ]; then
    # The argument is Maven's own listing of its remote repositories ("id: …" then "url: …" per repository):
    # take central's URL, or, when a mirror replaced central, the last repository (central is inherited from the
    # super-POM, so it is listed after any repository a POM or profile adds).
    central=$(printf '%s\n' "$maven_repositories" | awk '
        match($0, /(^|[^a-z])id: [^ ]+/)  { id = substr($0, RSTART, RLENGTH); sub(/.*id: /, "", id) }
        match($0, /url: [^ ]+/)           { last = substr($0, RSTART + 5, RLENGTH - 5); if (id == "central") found = last }
        END                               { print (found != "" ? found : last) }') || central=""
    adopt GRANARY_UPSTREAM_MAVEN "$central" "Maven's central repository on this machine" maven-proxy
fi

# The JVM settings Granary wants (heap, GC: tomcat-config/granary-jvm.options), unless JBOSS_JAVA_SIZING is set;
# standalone.sh adds them to its own defaults.
if [ -z "${JBOSS_JAVA_SIZING:-}" ]; then
    options=$(dirname "$0")/granary-jvm.options
    JBOSS_JAVA_SIZING=$(grep -v '^[[:space:]]*#' "$options" | tr '\n' ' ' | tr -s ' ')
    export JBOSS_JAVA_SIZING
    say "JVM settings: $JBOSS_JAVA_SIZING(from tomcat-config/granary-jvm.options)"
fi

exec "$@"
