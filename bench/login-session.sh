#!/bin/sh
# A login_session profile (aws login) resolved by sts-session-token and by botocore (boto3's
# credential chain, a python3 process): a cache hit (the entry has 15 minutes left: no request) and a
# refresh (the entry made to look 60 s from its end before each run: a DPoP-signed CreateOAuth2Token
# at the emulator's sign-in service, and the entry written back). On loopback against our emulator;
# the entry comes from 'signin --local' on the emulator's state dir. Figures only, no goals.
# Needs: hyperfine, python3 with botocore and cryptography (or awscrt), a built dist
# (./mvnw -o -q -B -pl dist -am package -DskipTests). Usage: bench/login-session.sh [RUNS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
runs=${1:-10}
bin="$root/dist/target/sts-session-token/bin/sts-session-token"
[ -x "$bin" ] || { echo "bench: build the dist first" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CACHE_HOME="$work/home/cache" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --port "$port" > "$work/serve.out" 2>&1 & echo $! > "$work/serve.pid"
for i in $(seq 1 100); do grep -q "listening\|ready" "$work/serve.out" 2>/dev/null && break; sleep 0.2; done
"$bin" signin --local --profile console >/dev/null
export AWS_ENDPOINT_URL_SIGNIN="http://127.0.0.1:$port" AWS_ENDPOINT_URL_STS="http://127.0.0.1:$port"
export AWS_LOGIN_CACHE_DIRECTORY="$HOME/.aws/login/cache" AWS_SHARED_CREDENTIALS_FILE="$work/none"
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_ENDPOINT_URL
peer="python3 $root/bench/login_session_peer.py"
ours="$bin get --profile console --no-cache -o json"
key() { $ours | python3 -c 'import json,sys; print(json.load(sys.stdin)["sts_creds"]["access_key"])'; }
# The refresh round must refresh: after 'age', each resolve gets a new access key.
k0=$(key); $peer age; k1=$(key); $peer age; k2=$($peer console)
if [ "$k0" = "$k1" ] || [ "$k1" = "$k2" ]; then echo "bench: a refresh did not happen" >&2; exit 1; fi
read -r load1 load5 load15 rest < /proc/loadavg
echo "load average at start: $load1 $load5 $load15 ($(nproc) cores)"
hyperfine -N --warmup 2 --runs "$runs" -n "ours: cache hit" "$ours" -n "botocore: cache hit" "$peer console"
hyperfine -N --runs "$runs" --prepare "$peer age" -n "ours: refresh" "$ours" -n "botocore: refresh" "$peer console"
read -r load1 load5 load15 rest < /proc/loadavg
echo "load average at end: $load1 $load5 $load15"
