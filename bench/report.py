"""Turns bench/results into BENCHMARKS.md and a PNG chart (gnuplot). Called by bench/run.sh."""
import datetime
import json
import os
import platform
import subprocess
import sys

out, md_path, png_path = sys.argv[1], sys.argv[2], sys.argv[3]


def load(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def ms(r):
    return r["mean"] * 1000


def version(cmd):
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        return (p.stdout + p.stderr).strip().splitlines()[0]
    except Exception:
        return "not available"


cold, hit, ansible = load("cold"), load("hit"), load("ansible")
rss = {}
with open(os.path.join(out, "rss.tsv")) as f:
    for line in f:
        name, _, kb = line.rstrip("\n").partition("\t")
        rss[name] = int(kb) if kb.strip().isdigit() else None
wrk = []
with open(os.path.join(out, "wrk.tsv")) as f:
    for line in f:
        target, c, rps, p50, p99, non2xx = line.rstrip("\n").split("\t")
        wrk.append((target, int(c), float(rps or 0), p50, p99, non2xx))


def ratio(a, b):
    return a / b if b else float("nan")


def lat_ms(text):
    if not text:
        return float("nan")
    for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


rows = []
def goal(name, value, limit, better="lower"):
    ok = value <= limit if better == "lower" else value >= limit
    rows.append((name, value, limit, better, ok))

get17 = ms(cold["get (JDK 17)"])
goal("cold get / boto3", ratio(get17, ms(cold["boto3"])), 0.35)
goal("cold get / AWS CLI v2", ratio(get17, ms(cold["AWS CLI v2"])), 0.2)
goal("cache hit / JVM hello world (JDK 17)", ratio(ms(hit["cache hit (JDK 17)"]), ms(hit["hello world (JDK 17)"])), 1.5)
if rss.get("get (JDK 17)") and rss.get("boto3"):
    goal("peak RSS get / boto3", ratio(rss["get (JDK 17)"], rss["boto3"]), 1.0)
emu8 = next((w for w in wrk if w[0] == "emulator" and w[1] == 8), None)
moto8 = next((w for w in wrk if w[0] == "moto" and w[1] == 8), None)
if emu8 and moto8:
    goal("emulator / moto_server req/s at 8 connections", ratio(emu8[2], moto8[2]), 50, "higher")
    goal("emulator p99 at 8 connections (ms)", lat_ms(emu8[4]), 5)
if ansible:
    goal("playbook ststoken.aws / community.aws", ratio(ms(ansible["playbook, ststoken.aws"]), ms(ansible["playbook, community.aws"])), 0.85)

cpu = "unknown"
try:
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
except OSError:
    pass

lines = []
lines.append("# Benchmarks")
lines.append("")
lines.append("Written by `bench/run.sh` (one run measures us and the peers side by side, loopback only).")
lines.append("")
lines.append(f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}")
lines.append(f"- Machine: {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}")
lines.append(f"- JDK 17: {version([os.environ.get('JDK17_JAVA', 'java'), '-version'])}")
lines.append(f"- Python: {platform.python_version()}, boto3 {version(['python3', '-c', 'import boto3; print(boto3.__version__)'])}, "
             f"moto {version(['python3', '-c', 'import moto; print(moto.__version__)'])}")
lines.append(f"- AWS CLI: {version(['aws', '--version'])}; {version(['/usr/bin/aws', '--version'])}")
lines.append(f"- wrk: {version(['wrk', '--version'])}")
lines.append("")
lines.append("![chart](bench/chart.png)")
lines.append("")
lines.append("## Goals (issue 6)")
lines.append("")
lines.append("| measure | value | goal | met |")
lines.append("|---|---|---|---|")
for name, value, limit, better, ok in rows:
    sign = "≤" if better == "lower" else "≥"
    lines.append(f"| {name} | {value:.2f} | {sign} {limit} | {'yes' if ok else 'no'} |")
lines.append("")

def table(title, results, note=""):
    lines.append(f"## {title}")
    lines.append("")
    if note:
        lines.append(note)
        lines.append("")
    lines.append("| command | mean (ms) | σ (ms) | min (ms) | user (ms) | system (ms) |")
    lines.append("|---|---|---|---|---|---|")
    for name, r in results.items():
        lines.append(f"| {name} | {ms(r):.1f} | {r['stddev']*1000:.1f} | {r['min']*1000:.1f} | {r['user']*1000:.1f} | {r['system']*1000:.1f} |")
    lines.append("")

table("Cold GetSessionToken with MFA (no cache), same moto_server endpoint", cold,
      "Our `get --no-cache` through the launcher (class-data archive in place) against `python3` + boto3 and the AWS CLI "
      "making the same call (`DurationSeconds`, `SerialNumber`, `TokenCode`) to one moto_server on loopback.")
table("Cache hit (`get --output credential-process`) vs a JVM hello world with the same flags", hit)
if ansible:
    table("Ansible playbook: one GetSessionToken task", ansible)

lines.append("## Peak RSS (`/usr/bin/time -v`)")
lines.append("")
lines.append("| command | max RSS (MiB) |")
lines.append("|---|---|")
for name, kb in rss.items():
    lines.append(f"| {name} | {kb / 1024:.1f} |" if kb else f"| {name} | n/a |")
lines.append("")
lines.append("## Emulator throughput: presigned (SigV4-verified) GetCallerIdentity, wrk on loopback")
lines.append("")
lines.append("| server | connections | requests/s | p50 | p99 | non-2xx |")
lines.append("|---|---|---|---|---|---|")
for target, c, rps, p50, p99, non2xx in wrk:
    lines.append(f"| {'sts-session-token serve' if target == 'emulator' else 'moto_server'} | {c} | {rps:.0f} | {p50} | {p99} | {non2xx} |")
lines.append("")
with open(md_path, "w") as f:
    f.write("\n".join(lines))

# Chart: mean start-up times.
data = os.path.join(out, "chart.dat")
with open(data, "w") as f:
    for group in (cold, hit, ansible):
        for name, r in group.items():
            f.write(f"\"{name}\" {ms(r):.1f}\n")
script = f"""
set terminal pngcairo size 1100,520 noenhanced font 'sans,10'
set output '{png_path}'
set title 'Wall time per invocation (mean of {next(iter(cold.values()))['times'].__len__()} runs), lower is better'
set style data histograms
set style fill solid 0.8 border -1
set boxwidth 0.7
set ylabel 'ms'
set logscale y
set xtics rotate by -30
set grid ytics
unset key
plot '{data}' using 2:xtic(1) linecolor rgb '#3a7bd5'
"""
try:
    subprocess.run(["gnuplot"], input=script, text=True, check=True, capture_output=True)
except Exception as e:
    try:
        subprocess.run(["gnuplot"], input=script.replace("pngcairo", "png"), text=True, check=True, capture_output=True)
    except Exception as e2:
        print(f"bench: chart not drawn: {e2}", file=sys.stderr)
