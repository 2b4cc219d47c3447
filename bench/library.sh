#!/bin/sh
# The test library's figures (issue: the emulator as a JUnit 5 extension), against moto_server:
#  - time to a ready emulator with fresh state inside a running JVM (median of 200 after a first),
#    beside the time from starting moto_server to the answer of its first call;
#  - the heap one running emulator holds;
#  - a class of 500 tests with a fresh emulator each, against the same class with one shared.
# Writes bench/results/library.tsv, bench/library.md and that section of BENCHMARKS.md.
# Needs: moto_server, curl, python3. Talks only to 127.0.0.1.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/bench/results"
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
for tool in moto_server curl python3; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done

if [ -z "${STS_BENCH_NO_BUILD:-}" ]; then
  echo "bench: building the testing module and its tests" >&2
  (cd "$root" && ./mvnw -q -B -o -DskipTests -pl testing -am test-compile) >&2
fi
(cd "$root" && ./mvnw -q -B -o -pl testing dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt") >&2
# The reactor's own modules from their build trees, not whatever ~/.m2 holds.
deps=$(tr ':' '\n' < "$work/cp.txt" | grep -v '/dev/ststoken/' | paste -sd: -)
cp="$root/testing/target/test-classes:$root/testing/target/classes:$root/core/target/classes:$root/emulator/target/classes:$deps"
java=${JAVA:-java}
read -r load1 load5 load15 rest < /proc/loadavg

echo "bench: fresh emulators in one JVM" >&2
"$java" -cp "$cp" dev.ststoken.junit.bench.LibraryBench fresh 200 > "$work/fresh.tsv"
"$java" -cp "$cp" dev.ststoken.junit.bench.LibraryBench memory 20 > "$work/memory.tsv"
echo "bench: 500 tests, fresh and shared" >&2
"$java" -cp "$cp" dev.ststoken.junit.bench.LibraryBench junit > "$work/junit.tsv"

echo "bench: moto_server, start to first answer (10 runs)" >&2
python3 - "$work" > "$work/moto.tsv" <<'PY'
import socket, subprocess, sys, time, urllib.request, statistics
times = []
for i in range(10):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    start = time.monotonic()
    p = subprocess.Popen(["moto_server", "-H", "127.0.0.1", "-p", str(port)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    while True:
        try:
            req = urllib.request.Request(f"http://127.0.0.1:{port}/", data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=0"})
            with urllib.request.urlopen(req, timeout=2) as r:
                r.read()
                break
        except Exception:
            if time.monotonic() - start > 60:
                raise SystemExit("moto_server never answered")
            time.sleep(0.005)
    times.append((time.monotonic() - start) * 1000)
    p.terminate(); p.wait()
print(f"moto_start_first_call_median\t{statistics.median(times):.1f}\tms")
PY
cat "$work/fresh.tsv" "$work/memory.tsv" "$work/junit.tsv" "$work/moto.tsv" > "$out/library.tsv"
echo "load $load1 $load5 $load15 -> $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/library.tsv"
cat "$out/library.tsv" >&2

python3 - "$out/library.tsv" "$root/BENCHMARKS.md" "$root/bench/library.md" <<'PY'
import sys, re
rows = {}
load = ""
for line in open(sys.argv[1]):
    if line.startswith("load "):
        load = line[5:].strip(); continue
    name, value, unit = line.rstrip("\n").split("\t")
    rows[name] = float(value)
fresh, moto = rows["fresh_median"], rows["moto_start_first_call_median"]
shared, each = rows["junit_500_shared"], rows["junit_500_fresh"]
ok = lambda b: "yes" if b else "no"
section = f"""<!-- library: written by bench/library.sh -->
## Test library (`bench/library.sh`)

Load average (1, 5, 15 min) at the start -> the end: {load}.

| figure | value | goal | met |
|---|---|---|---|
| ready emulator with fresh state, in a running JVM (median of 200 after a first; p10 {rows['fresh_p10']:.1f}, p90 {rows['fresh_p90']:.1f} ms) | {fresh:.1f} ms | |  |
| moto_server: start to the answer of its first call (median of 10) | {moto:.0f} ms | | |
| fresh emulator / moto_server start and first call | 1/{moto / fresh:.0f} | ≤ 1/100 | {ok(moto / fresh >= 100)} |
| heap one running emulator holds (20 running, after GC) | {rows['heap_per_emulator']:.0f} KiB | | |
| 500 tests, a fresh emulator each | {each / 1000:.2f} s | | |
| the same 500 tests, one shared emulator | {shared / 1000:.2f} s | | |
| fresh / shared | {each / shared:.2f}x | < 2x | {ok(each / shared < 2)} |

Each test makes a user with an access key through IAM and calls GetCallerIdentity with the AWS SDK
for Java v2 (`FiveHundredTests`); JUnit runs each class once to warm up, then once timed.
<!-- /library -->"""
# Kept beside the generator too, so that bench/run.sh's rewrite of the page keeps this section.
open(sys.argv[3], "w").write(section + "\n")
page = open(sys.argv[2]).read()
if "<!-- library:" in page:
    page = re.sub(r"<!-- library:.*?<!-- /library -->", lambda m: section, page, flags=re.S)
else:
    page = page.rstrip("\n") + "\n\n" + section + "\n"
open(sys.argv[2], "w").write(page)
PY
echo "bench: wrote bench/results/library.tsv and BENCHMARKS.md's test library section" >&2
