#!/bin/sh
# Bolt task sts_session_token::get_session_token. The jars travel with the task (metadata "files")
# and land next to it under _installdir; parameters arrive on stdin and as PT_* variables.
here=$(cd "$(dirname "$0")/.." 2>/dev/null && pwd)
lib="$here/files/lib"
if [ ! -d "$lib" ] && [ -n "${PT__installdir:-}" ]; then
  lib="$PT__installdir/sts_session_token/files/lib"
fi
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java=java
else
  echo '{"_error": {"msg": "the task needs Java 17 or later on the target (java on PATH or JAVA_HOME)", "kind": "sts_session_token/java-missing", "details": {}}}'
  exit 1
fi
exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -cp "$lib/*" dev.ststoken.launch.Main bolt
