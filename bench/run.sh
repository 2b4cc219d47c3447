#!/bin/sh
# Benchmarks sts-session-token against its peers in one run, on loopback only, and writes
# BENCHMARKS.md and bench/chart.png. Every goal is a ratio against a peer measured in the same run.
# Needs: hyperfine, wrk, /usr/bin/time, gnuplot, python3 with boto3 and moto, the AWS CLI v1 (aws)
# and v2 (/usr/bin/aws), ansible-playbook (optional), a JDK 17 (java on PATH or JDK17) and JDK 25.
# Usage: bench/run.sh [--quick] [--startup]
#   --startup: only the start-up parts (cache hit, cold get, peak RSS): no wrk, no Ansible playbooks.
#   STS_BENCH_NO_BUILD=1: use the dist folder and release archive already built.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
runs=30
wrk_seconds=10
startup_only=
for arg in "$@"; do
  case $arg in
    --quick) runs=5; wrk_seconds=3 ;;
    --startup) startup_only=1 ;;
    *) echo "usage: bench/run.sh [--quick] [--startup]" >&2; exit 2 ;;
  esac
done
out="$root/bench/results"
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT

for tool in hyperfine wrk gnuplot python3; do
  command -v $tool >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine wrk gnuplot-nox)" >&2; exit 2; }
done

read -r load1 load5 load15 rest < /proc/loadavg
echo "start: $load1 $load5 $load15" > "$out/loadavg.txt"
if [ -z "${STS_BENCH_NO_BUILD:-}" ]; then
  echo "bench: building (./mvnw package: dist and the release archive)" >&2
  (cd "$root" && ./mvnw -q -B -DskipTests package) >&2
fi
dist="$root/dist/target/sts-session-token"
bin="$dist/bin/sts-session-token"
archive=$(ls "$root"/release/target/sts-session-token-*-linux-*.tar.gz)
jdk17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jdk25=${JDK25:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -n 1)}
export JDK17_JAVA="$jdk17/bin/java"

export HOME="$work/home" XDG_CACHE_HOME="$work/home/cache" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"
# The release as a user installs it; its launcher is what "release" means below.
"$root/install.sh" --prefix "$work/prefix" "$archive" >/dev/null
rel="$work/prefix/bin/sts-session-token"
# The install lives in a temporary prefix; BENCHMARKS.md names it PREFIX (report.py) so a rerun does
# not rewrite the page with a new random path.
"$rel" --version | sed "s|$work/prefix/|PREFIX/|g" > "$out/release-version.txt"
stat -c %s "$archive" > "$out/archive-size.txt"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Peers and our emulator (the release's, on its own runtime) on loopback.
moto_port=$(free_port)
moto_server -H 127.0.0.1 -p "$moto_port" >/dev/null 2>&1 & echo $! > "$work/moto.pid"
"$rel" serve --port 0 --state-dir "$work/state" > "$work/serve.out" 2>/dev/null & echo $! > "$work/serve.pid"
for i in $(seq 1 100); do
  [ -s "$work/serve.out" ] && curl -s -o /dev/null "http://127.0.0.1:$moto_port/" && break
  sleep 0.1
done
emulator=$(sed -n 's/^listening on //p' "$work/serve.out")
moto="http://127.0.0.1:$moto_port"

export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 AWS_PAGER=
unset AWS_PROFILE AWS_CA_BUNDLE JAVA_HOME || true
serial=arn:aws:iam::123456789012:mfa/bench

cat > "$work/boto_get.py" <<PY
import boto3
c = boto3.client('sts', endpoint_url='$moto', region_name='us-east-1')
c.get_session_token(DurationSeconds=3600, SerialNumber='$serial', TokenCode='123456')
PY
mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<JAVA
public class Hello { public static void main(String[] a) { System.out.println("hello"); } }
JAVA
"$jdk17/bin/javac" -d "$work/hello" "$work/hello/Hello.java"

# The Ansible module file and the Bolt task script as Ansible and Bolt run them, on the release.
mkdir -p "$work/ansible" "$work/bolt"
tar -xzf "$dist"/ststoken-aws-*.tar.gz -C "$work/ansible" plugins/modules/sts_session_token
tar -xzf "$dist"/ststoken-sts_session_token-*.tar.gz -C "$work/bolt" sts_session_token/tasks/get_session_token.sh
module="$work/ansible/plugins/modules/sts_session_token"
task="$work/bolt/sts_session_token/tasks/get_session_token.sh"
chmod +x "$module" "$task"
printf '{"ec2_url": "%s", "duration_seconds": 3600, "mfa_serial_number": "%s", "mfa_token": "123456"}' "$moto" "$serial" > "$work/ansible-args.json"
printf '{"endpoint_url": "%s", "duration_seconds": 3600, "serial_number": "%s", "token_code": "123456"}' "$moto" "$serial" > "$work/bolt-input.json"
printf '#!/bin/sh\nexec "%s" < "%s"\n' "$task" "$work/bolt-input.json" > "$work/bolt-run"
chmod +x "$work/bolt-run"

# Warm the build tree's archives (the dist launcher trains in the background on first use; the
# release brought its own), then one cached session shared by every cache-hit run.
for j in "$jdk17" "$jdk25"; do
  [ -x "$j/bin/java" ] || continue
  JAVA_HOME="$j" "$bin" get --local >/dev/null 2>&1 || true
done
sleep 15
"$rel" get --local >/dev/null 2>&1

# The installed launcher's own command line, run without it: the launcher's cost is the difference.
# install.sh wrote it with the paths in (its last line: exec JAVA ... "$@"); bench paths have no spaces.
fixed=$(readlink -f "$rel")
# get has a line of its own (its AOT cache); other commands the last line.
direct_hit=$( (grep '^case ${1:-} in get) exec ' "$fixed" || sed -n '$p' "$fixed") \
  | sed "s/^case \${1:-} in get) //; s/ ;; esac\$//; s/^exec //; s/'//g; s/ \"\\\$@\"\$//")
get_cold="get --no-cache --endpoint-url $moto --duration-seconds 3600 --mfa-serial-number $serial --mfa-token 123456"
get_hit="get --local --output credential-process"
aws1=$(command -v aws || true)
aws2=/usr/bin/aws
cli_args="--endpoint-url $moto sts get-session-token --duration-seconds 3600 --serial-number $serial --token-code 123456"

echo "bench: start-up (interleaved, $runs runs of each)" >&2
hf() { name=$1; shift; hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/$name.json" "$@" >&2; }
# One run of each command in turn (bench/interleave.py): load from other processes on a shared
# machine falls on every command alike. Every launcher goes through env(1) with the same JAVA_HOME,
# so each pays the same extra exec; the release ignores JAVA_HOME (it has its runtime).
interleaved() { name=$1; shift; python3 "$root/bench/interleave.py" "$out/$name.json" "$runs" 3 "$@"; }
interleaved hit "cache hit (release)" "env JAVA_HOME=$jdk25 $rel $get_hit" \
                "cache hit (release's java command line, no launcher)" "env JAVA_HOME=$jdk25 $direct_hit $get_hit" \
                "java -cp . Hello (JDK 17)" "$jdk17/bin/java -cp $work/hello Hello" \
                "cache hit (repo ./sts-session-token, JDK 25)" "env JAVA_HOME=$jdk25 $root/sts-session-token $get_hit" \
                "cache hit (dist launcher, JDK 25)" "env JAVA_HOME=$jdk25 $bin $get_hit" \
                "cache hit (dist launcher, JDK 17)" "env JAVA_HOME=$jdk17 $bin $get_hit"
interleaved cold "get (release)" "env JAVA_HOME=$jdk25 $rel $get_cold" \
                 "get (dist launcher, JDK 17)" "env JAVA_HOME=$jdk17 $bin $get_cold" \
                 "Ansible module (release)" "env STS_SESSION_TOKEN_LAUNCHER=$rel $module $work/ansible-args.json" \
                 "Bolt task (release)" "env STS_SESSION_TOKEN_LAUNCHER=$rel $work/bolt-run" \
                 "boto3" "python3 $work/boto_get.py" \
                 "AWS CLI v1" "$aws1 $cli_args" \
                 "AWS CLI v2" "$aws2 $cli_args"

echo "bench: peak RSS (/usr/bin/time -v, median of 5)" >&2
rss() {
  for i in 1 2 3 4 5; do
    /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p'
  done | sort -n | sed -n 3p
}
{
  # shellcheck disable=SC2086
  echo "get (release)	$(rss $rel $get_cold)"
  # shellcheck disable=SC2086
  echo "get (dist launcher, JDK 17)	$(rss env JAVA_HOME=$jdk17 $bin $get_cold)"
  # shellcheck disable=SC2086
  echo "cache hit (release)	$(rss $rel $get_hit)"
  echo "boto3	$(rss python3 "$work/boto_get.py")"
  # shellcheck disable=SC2086
  echo "AWS CLI v1	$(rss $aws1 $cli_args)"
  # shellcheck disable=SC2086
  echo "AWS CLI v2	$(rss $aws2 $cli_args)"
} > "$out/rss.tsv"

: > "$out/wrk.tsv"
if [ -n "$startup_only" ]; then
  read -r load1 load5 load15 rest < /proc/loadavg
  echo "end: $load1 $load5 $load15" >> "$out/loadavg.txt"
  touch "$out/startup-only"
  python3 "$root/bench/report.py" "$out" "$root/BENCHMARKS.md" "$root/bench/chart.png"
  echo "bench: wrote BENCHMARKS.md and bench/chart.png (start-up parts only)" >&2
  exit 0
fi
echo "bench: emulator throughput (wrk, one signed GetCallerIdentity replayed, ${wrk_seconds}s per point)" >&2
demo_key=$(sed -n '/emulator-demo/,/^$/s/aws_access_key_id = //p' "$work/state/credentials")
demo_secret=$(sed -n '/emulator-demo/,/^$/s/aws_secret_access_key = //p' "$work/state/credentials")
presign() {
  AWS_ACCESS_KEY_ID=$demo_key AWS_SECRET_ACCESS_KEY=$demo_secret python3 -c "
import boto3, sys
c = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')
print(c.generate_presigned_url('get_caller_identity', ExpiresIn=3600, HttpMethod='GET'))" "$1"
}
# A POST signed in the Authorization header, as SDKs send it, written as a wrk script.
header_signed() {
  AWS_ACCESS_KEY_ID=$demo_key AWS_SECRET_ACCESS_KEY=$demo_secret python3 -c "
import sys, boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
body = 'Action=GetCallerIdentity&Version=2011-06-15'
req = AWSRequest(method='POST', url=sys.argv[1] + '/', data=body,
                 headers={'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'})
SigV4Auth(boto3.Session().get_credentials(), 'sts', 'us-east-1').add_auth(req)
print('wrk.method = \"POST\"')
print('wrk.body = \"%s\"' % body)
for k, v in req.headers.items():
    print('wrk.headers[\"%s\"] = \"%s\"' % (k, v))" "$1"
}
: > "$out/wrk.tsv"
wrk_point() { # target kind connections url [script]
  t=$([ "$3" -lt 2 ] && echo 1 || echo 2)
  if [ -n "${5:-}" ]; then s="-s $5"; else s=; fi
  # shellcheck disable=SC2086
  wrk -t "$t" -c "$3" -d "${wrk_seconds}s" --latency $s "$4" > "$out/wrk-$1-$2-$3.txt" 2>&1 || true
  rps=$(sed -n 's/^Requests\/sec: *//p' "$out/wrk-$1-$2-$3.txt")
  p50=$(awk '$1=="50%"{print $2}' "$out/wrk-$1-$2-$3.txt")
  p99=$(awk '$1=="99%"{print $2}' "$out/wrk-$1-$2-$3.txt")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$out/wrk-$1-$2-$3.txt")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$rps" "$p50" "$p99" "${non2xx:-0}" >> "$out/wrk.tsv"
}
for target in emulator moto; do
  if [ $target = emulator ]; then endpoint=$emulator; else endpoint=$moto; fi
  url=$(presign "$endpoint")
  header_signed "$endpoint" > "$work/post-$target.lua"
  wrk -t 2 -c 8 -d "${wrk_seconds}s" "$url" >/dev/null 2>&1 || true   # warm-up: let the JIT compile the hot path
  wrk -t 2 -c 8 -d "${wrk_seconds}s" -s "$work/post-$target.lua" "$endpoint/" >/dev/null 2>&1 || true
  for c in 1 8 64; do
    wrk_point $target get $c "$url"
  done
  wrk_point $target post 8 "$endpoint/" "$work/post-$target.lua"
done

if command -v ansible-playbook >/dev/null 2>&1; then
  echo "bench: Ansible playbooks" >&2
  coll="$work/collections"
  ansible-galaxy collection install -p "$coll" "$dist"/ststoken-aws-*.tar.gz >/dev/null 2>&1
  py=$(python3 -c 'import sys; print(sys.executable)')
  for module_name in ststoken.aws.sts_session_token community.aws.sts_session_token; do
    cat > "$work/$module_name.yml" <<YML
- hosts: localhost
  gather_facts: false
  tasks:
    - $module_name:
        duration_seconds: 3600
        ec2_url: "$moto"
        region: us-east-1
YML
  done
  export ANSIBLE_COLLECTIONS_PATH="$coll:/usr/lib/python3/dist-packages/ansible_collections" ANSIBLE_DEPRECATION_WARNINGS=false
  hf ansible -n "playbook, ststoken.aws (release)" "env STS_SESSION_TOKEN_LAUNCHER=$rel ansible-playbook -i localhost, -c local -e ansible_python_interpreter=$py $work/ststoken.aws.sts_session_token.yml" \
             -n "playbook, community.aws" "ansible-playbook -i localhost, -c local -e ansible_python_interpreter=$py $work/community.aws.sts_session_token.yml"
fi

read -r load1 load5 load15 rest < /proc/loadavg
echo "end: $load1 $load5 $load15" >> "$out/loadavg.txt"
python3 "$root/bench/report.py" "$out" "$root/BENCHMARKS.md" "$root/bench/chart.png"
echo "bench: wrote BENCHMARKS.md and bench/chart.png" >&2
