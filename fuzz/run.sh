#!/bin/sh
# Fuzzes every Jazzer target, one JVM per target (Jazzer fuzzes one test per run), for the
# maxDuration of its @FuzzTest (10 s: CI's short budget). For a longer run, raise maxDuration in
# CoreFuzzTest/AdapterFuzzTest (e.g. "10m") and run this script. A finding
# fails the run and leaves its input under src/test/resources/.../*FuzzTestInputs/<target>/, where
# the normal build replays it from then on: rename it after what it shows and fix the code.
set -eu
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests install
status=0
for target in core:CoreFuzzTest#form_decoder core:CoreFuzzTest#authorization_header_presigned_query_and_verifier \
              core:CoreFuzzTest#sts_xml_response_parser core:CoreFuzzTest#json_reader core:CoreFuzzTest#shared_config_parser \
              core:ResponseReaderFuzzTest#response_reader \
              cli:AdapterFuzzTest#ansible_arguments cli:AdapterFuzzTest#bolt_stdin; do
  module=${target%%:*}
  test=${target#*:}
  echo "fuzz: $test" >&2
  if ! JAZZER_FUZZ=1 ./mvnw -q -B -pl "$module" surefire:test -Dtest="$test" \
        -Dsurefire.failIfNoSpecifiedTests=false > "target-fuzz-$module.log" 2>&1; then
    echo "fuzz: $test found something; see target-fuzz-$module.log" >&2
    status=1
  fi
  grep -h "Done [0-9]* runs" "target-fuzz-$module.log" | tail -n 1 >&2 || true
done
rm -f target-fuzz-*.log 2>/dev/null || true
exit $status
