#!/usr/bin/env bash
# The test command: selects a JDK >= 21, starts the local PostgreSQL the tests use, makes sure headless
# Chromium and its driver are installed (the web page's browser tests), runs every test, and builds the
# javadoc of every module (-Pjavadoc: javadoc errors fail the build).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
echo "Using JDK at $JAVA_HOME" >&2
scripts/postgres.sh
scripts/chromium.sh
./mvnw -B -Pjavadoc verify "$@"
