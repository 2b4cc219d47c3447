#!/bin/sh
# Benchmarks sts-session-token against its peers in one run, on loopback only, and writes
# BENCHMARKS.md and bench/chart.png. Needs: hyperfine, wrk, /usr/bin/time, gnuplot, python3 with
# boto3 and moto, the AWS CLI v1 (aws) and v2 (/usr/bin/aws), ansible-playbook (optional).
# Usage: bench/run.sh [--quick]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
runs=20
wrk_seconds=10
if [ "${1:-}" = "--quick" ]; then runs=5; wrk_seconds=3; fi
out="$root/bench/results"
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT

for tool in hyperfine wrk gnuplot python3; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine wrk gnuplot-nox)" >&2; exit 2; }
done

echo "bench: building" >&2
(cd "$root" && ./mvnw -q -B -DskipTests package) >&2
dist="$root/dist/target/sts-session-token"
bin="$dist/bin/sts-session-token"
jdk17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jdk25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Peers and our emulator on loopback.
moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >/dev/null 2>&1 & echo $! > "$work/moto.pid"
"$bin" serve --port 0 --state-dir "$work/state" > "$work/serve.out" 2>/dev/null & echo $! > "$work/serve.pid"
for i in $(seq 1 100); do
  [ -s "$work/serve.out" ] && curl -s -o /dev/null "http://127.0.0.1:$moto_port/" && break
  sleep 0.1
done
emulator=$(sed -n 's/^listening on //p' "$work/serve.out")
moto="http://127.0.0.1:$moto_port"

export HOME="$work/home" XDG_CACHE_HOME="$work/home/cache" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 AWS_PAGER=
unset AWS_PROFILE AWS_CA_BUNDLE || true
serial=arn:aws:iam::123456789012:mfa/bench

cat > "$work/boto_get.py" <<PY
import boto3
c = boto3.client('sts', endpoint_url='$moto', region_name='us-east-1')
c.get_session_token(DurationSeconds=3600, SerialNumber='$serial', TokenCode='123456')
PY
cat > "$work/Hello.java" <<JAVA
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
"$jdk17/bin/javac" -d "$work" "$work/Hello.java"
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -Xss1m"

# Warm the class-data archives (the launcher trains in the background on first use).
for j in "$jdk17" "$jdk25"; do
  [ -x "$j/bin/java" ] || continue
  JAVA_HOME="$j" "$bin" get --local >/dev/null 2>&1 || true
done
sleep 12
JAVA_HOME="$jdk17" "$bin" get --local >/dev/null 2>&1   # a cached session for the cache-hit runs

get_cold="$bin get --no-cache --endpoint-url $moto --duration-seconds 3600 --mfa-serial-number $serial --mfa-token 123456"
get_hit="$bin get --local --output credential-process"
aws1=$(command -v aws || true)
aws2=/usr/bin/aws
cli_args="--endpoint-url $moto sts get-session-token --duration-seconds 3600 --serial-number $serial --token-code 123456"

echo "bench: start-up (hyperfine, $runs runs each)" >&2
hf() { name=$1; shift; hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/$name.json" "$@" >&2; }
hf cold -n "get (JDK 17)" "env JAVA_HOME=$jdk17 $get_cold" \
        -n "get (JDK 25)" "env JAVA_HOME=$jdk25 $get_cold" \
        -n "boto3" "python3 $work/boto_get.py" \
        -n "AWS CLI v1" "$aws1 $cli_args" \
        -n "AWS CLI v2" "$aws2 $cli_args"
hf hit -n "cache hit (JDK 17)" "env JAVA_HOME=$jdk17 $get_hit" \
       -n "hello world (JDK 17)" "$jdk17/bin/java $flags -cp $work Hello" \
       -n "cache hit (JDK 25)" "env JAVA_HOME=$jdk25 $get_hit" \
       -n "hello world (JDK 25)" "$jdk25/bin/java $flags -cp $work Hello"

echo "bench: peak RSS (/usr/bin/time -v)" >&2
rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'; }
{
  echo "get (JDK 17)	$(env JAVA_HOME=$jdk17 /usr/bin/time -v $get_cold 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p')"
  echo "get (JDK 25)	$(env JAVA_HOME=$jdk25 /usr/bin/time -v $get_cold 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p')"
  echo "cache hit (JDK 17)	$(rss $get_hit)"
  echo "boto3	$(rss python3 "$work/boto_get.py")"
  echo "AWS CLI v1	$(rss $aws1 $cli_args)"
  echo "AWS CLI v2	$(rss $aws2 $cli_args)"
} > "$out/rss.tsv"

echo "bench: emulator throughput (wrk, signed GetCallerIdentity, ${wrk_seconds}s per point)" >&2
demo_key=$(sed -n '/emulator-demo/,/^$/s/aws_access_key_id = //p' "$work/state/credentials")
demo_secret=$(sed -n '/emulator-demo/,/^$/s/aws_secret_access_key = //p' "$work/state/credentials")
presign() {
  AWS_ACCESS_KEY_ID=$demo_key AWS_SECRET_ACCESS_KEY=$demo_secret python3 -c "
import boto3, sys
c = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')
print(c.generate_presigned_url('get_caller_identity', ExpiresIn=3600, HttpMethod='GET'))" "$1"
}
: > "$out/wrk.tsv"
for target in emulator moto; do
  if [ $target = emulator ]; then url=$(presign "$emulator"); else url=$(presign "$moto"); fi
  wrk -t 2 -c 8 -d "${wrk_seconds}s" "$url" >/dev/null 2>&1 || true   # warm-up: let the JIT compile the hot path
  for c in 1 8 64; do
    t=$([ $c -lt 2 ] && echo 1 || echo 2)
    wrk -t "$t" -c "$c" -d "${wrk_seconds}s" --latency "$url" > "$out/wrk-$target-$c.txt" 2>&1 || true
    rps=$(sed -n 's/^Requests\/sec: *//p' "$out/wrk-$target-$c.txt")
    p50=$(awk '$1=="50%"{print $2}' "$out/wrk-$target-$c.txt")
    p99=$(awk '$1=="99%"{print $2}' "$out/wrk-$target-$c.txt")
    non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$out/wrk-$target-$c.txt")
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$target" "$c" "$rps" "$p50" "$p99" "${non2xx:-0}" >> "$out/wrk.tsv"
  done
done

if command -v ansible-playbook >/dev/null 2>&1; then
  echo "bench: Ansible playbooks" >&2
  coll="$work/collections"
  ansible-galaxy collection install -p "$coll" "$dist"/ststoken-aws-*.tar.gz >/dev/null 2>&1
  py=$(python3 -c 'import sys; print(sys.executable)')
  for module in ststoken.aws.sts_session_token community.aws.sts_session_token; do
    cat > "$work/$module.yml" <<YML
- hosts: localhost
  gather_facts: false
  tasks:
    - $module:
        duration_seconds: 3600
        ec2_url: "$moto"
        region: us-east-1
YML
  done
  export ANSIBLE_COLLECTIONS_PATH="$coll:/usr/lib/python3/dist-packages/ansible_collections" ANSIBLE_DEPRECATION_WARNINGS=false
  hf ansible -n "playbook, ststoken.aws" "ansible-playbook -i localhost, -c local -e ansible_python_interpreter=$py $work/ststoken.aws.sts_session_token.yml" \
             -n "playbook, community.aws" "ansible-playbook -i localhost, -c local -e ansible_python_interpreter=$py $work/community.aws.sts_session_token.yml"
fi

python3 "$root/bench/report.py" "$out" "$root/BENCHMARKS.md" "$root/bench/chart.png"
echo "bench: wrote BENCHMARKS.md and bench/chart.png" >&2
