# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# Prefers $JAVA_HOME when it is new enough, else the newest JDK under /usr/lib/jvm.

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

council_pick_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major=$(java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then
      echo "$JAVA_HOME"
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"
      best_major="$major"
    fi
  done
  if [ -n "$best" ]; then
    echo "$best"
    return 0
  fi
  return 1
}

if ! COUNCIL_JDK=$(council_pick_jdk); then
  echo "council needs a JDK 21 or newer, and none was found (JAVA_HOME='${JAVA_HOME:-}', /usr/lib/jvm has:" \
    "$(ls /usr/lib/jvm 2>/dev/null | tr '\n' ' '))." >&2
  echo "Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
  exit 2
fi
export JAVA_HOME="$COUNCIL_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
# Maven's own dependencies call sun.misc.Unsafe; on JDK 23+ that prints warnings unless allowed.
if [ "$(java_major "$JAVA_HOME")" -ge 23 ]; then
  case "${MAVEN_OPTS:-}" in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
