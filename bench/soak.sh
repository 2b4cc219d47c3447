#!/bin/sh
# 60-second soak of the emulator on loopback: signed (presigned) GetCallerIdentity with wrk at the
# given connections, RSS sampled every 5 s, non-2xx responses counted. Stops by itself.
# Usage: bench/soak.sh [SECONDS] [CONNECTIONS]   (defaults 60 and 16); writes bench/results/soak.txt
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
seconds=${1:-60}
connections=${2:-16}
out="$root/bench/results"
mkdir -p "$out"
work=$(mktemp -d)
trap 'kill $(cat "$work/serve.pid" 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT
[ -x "$root/dist/target/sts-session-token/bin/sts-session-token" ] || (cd "$root" && ./mvnw -q -B -DskipTests package)
"$root/dist/target/sts-session-token/bin/sts-session-token" serve --port 0 --state-dir "$work/state" > "$work/serve.out" 2>/dev/null &
echo $! > "$work/serve.pid"
while [ ! -s "$work/serve.out" ]; do sleep 0.1; done
endpoint=$(sed -n 's/^listening on //p' "$work/serve.out")
key=$(sed -n '/emulator-demo/,/^$/s/aws_access_key_id = //p' "$work/state/credentials")
secret=$(sed -n '/emulator-demo/,/^$/s/aws_secret_access_key = //p' "$work/state/credentials")
url=$(AWS_ACCESS_KEY_ID=$key AWS_SECRET_ACCESS_KEY=$secret python3 -c "
import boto3, sys
c = boto3.client('sts', endpoint_url=sys.argv[1], region_name='us-east-1')
print(c.generate_presigned_url('get_caller_identity', ExpiresIn=3600, HttpMethod='GET'))" "$endpoint")
pid=$(cat "$work/serve.pid")
( for i in $(seq 0 5 "$seconds"); do
    printf '%ss rss_kib=%s\n' "$i" "$(awk '/VmRSS/{print $2}' /proc/$pid/status)"; sleep 5
  done ) > "$work/rss.txt" &
sampler=$!
wrk -t 2 -c "$connections" -d "${seconds}s" --latency "$url" > "$work/wrk.txt"
wait $sampler
{
  echo "soak: ${seconds}s, $connections connections, presigned GetCallerIdentity on loopback"
  grep -E "Requests/sec|requests in|Non-2xx|Socket errors|  50%|  99%" "$work/wrk.txt" || true
  cat "$work/rss.txt"
} | tee "$out/soak.txt"
