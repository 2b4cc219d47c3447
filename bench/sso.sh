#!/bin/sh
# IAM Identity Center figures (issue 23), in one run against the emulator on loopback:
#   1. a cached SSO role session (get --profile sso, a cache hit) vs a cached MFA session (get --local);
#   2. a fresh get --profile sso --no-cache with a valid token (GetRoleCredentials only) vs a python3
#      process getting the same profile's credentials with boto3 (botocore's SSO provider) from the
#      same emulator.
# Not part of bench/run.sh (which builds and installs a release); this uses the dist folder:
#   ./mvnw -o -q -B -pl dist -am package -DskipTests && bench/sso.sh [RUNS]
# Needs hyperfine, python3 with boto3. Prints hyperfine's tables and the two ratios.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd -P)
runs=${1:-10}
bin="$root/dist/target/sts-session-token/bin/sts-session-token"
[ -x "$bin" ] || { echo "bench/sso.sh: build the dist folder first (see the header)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "bench/sso.sh: hyperfine is missing" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null; rm -rf "$work"' EXIT
export HOME="$work/home" XDG_CACHE_HOME="$work/home/cache" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME/.aws"
unset AWS_PROFILE AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_CA_BUNDLE || true
export AWS_REGION=us-east-1 AWS_MAX_ATTEMPTS=1 AWS_PAGER=

state="$work/state"
"$bin" serve --port 0 --state-dir "$state" > "$work/serve.out" 2>/dev/null & echo $! > "$work/serve.pid"
for i in $(seq 1 300); do [ -s "$work/serve.out" ] && break; sleep 0.1; done
ep=$(sed -n 's/^listening on //p' "$work/serve.out")
account=$(sed -n 's/.*arn:aws:iam::\([0-9]\{12\}\):.*/\1/p' "$state/config" | head -n 1)
export AWS_ENDPOINT_URL_SSO="$ep" AWS_ENDPOINT_URL_SSO_OIDC="$ep"
cat > "$HOME/.aws/config" <<INI
[profile sso]
sso_session = bench
sso_account_id = $account
sso_role_name = Demo
region = us-east-1
endpoint_url = $ep

[sso-session bench]
sso_start_url = $ep/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
INI

# Sign in with our own sso login (device flow); the page is answered as a browser would.
"$bin" sso login --profile sso --use-device-code --no-browser 2> "$work/login.err" > /dev/null & echo $! > "$work/login.pid"
for i in $(seq 1 300); do grep -q 'on any device' "$work/login.err" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/.*open \(http[^ ]*\) on any device.*/\1/p' "$work/login.err")
STATE="$state" URL="$url" python3 - <<'PY'
import hmac, hashlib, http.cookiejar, os, re, struct, time, urllib.parse, urllib.request, base64
state = os.environ['STATE']
password = open(os.path.join(state, 'sso-demo-password.txt')).read().strip()
seed = base64.b32decode(open(os.path.join(state, 'sso-demo-mfa-seed.txt')).read().strip())
mac = hmac.new(seed, struct.pack('>Q', int(time.time()) // 30), hashlib.sha1).digest()
o = mac[-1] & 15
code = '%06d' % ((struct.unpack('>I', mac[o:o + 4])[0] & 0x7fffffff) % 1000000)
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
url = os.environ['URL']
page = web.open(url).read().decode()
csrf = re.search(r'name="csrf" value="([^"]*)"', page).group(1)
user_code = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)['user_code'][0]
form = urllib.parse.urlencode({'csrf': csrf, 'user_code': user_code, 'username': 'sso-demo',
                               'password': password, 'totp': code, 'action': 'allow'}).encode()
web.open(urllib.parse.urljoin(url, '/sso/device'), form).read()
PY
wait "$(cat "$work/login.pid")"
rm -f "$work/login.pid"

cat > "$work/boto_sso.py" <<PY
import boto3
boto3.Session(profile_name='sso').get_credentials().get_frozen_credentials()
PY
python3 "$work/boto_sso.py"
"$bin" get --profile sso > /dev/null
"$bin" get --local > /dev/null 2>&1

read -r load1 load5 load15 rest < /proc/loadavg
echo "load average at start: $load1 $load5 $load15 ($(nproc) cores)"
hyperfine -N -w 2 -r "$runs" --export-json "$work/cached.json" \
  -n "cached SSO role session (get --profile sso)" "$bin get --profile sso" \
  -n "cached MFA session (get --local)" "$bin get --local"
hyperfine -N -w 2 -r "$runs" --export-json "$work/fresh.json" \
  -n "fresh get --profile sso --no-cache (GetRoleCredentials)" "$bin get --profile sso --no-cache" \
  -n "python3 + boto3, same profile" "python3 $work/boto_sso.py"
python3 - "$work/cached.json" "$work/fresh.json" <<'PY'
import json, sys
for path, label in ((sys.argv[1], 'cached SSO / cached MFA'), (sys.argv[2], 'fresh SSO get / boto3')):
    r = json.load(open(path))['results']
    print('%s: %.2fx (medians %.0f ms / %.0f ms)' % (label, r[0]['median'] / r[1]['median'], r[0]['median'] * 1000, r[1]['median'] * 1000))
PY
