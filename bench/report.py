"""Turns bench/results into BENCHMARKS.md and a PNG chart (gnuplot). Called by bench/run.sh."""
import datetime
import json
import os
import platform
import re
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
        target, kind, c, rps, p50, p99, non2xx = line.rstrip("\n").split("\t")
        wrk.append((target, kind, int(c), float(rps or 0), p50, p99, non2xx))
archive_mb = int(open(os.path.join(out, "archive-size.txt")).read().strip()) / 1e6
# run.sh already writes the temporary install prefix as PREFIX; results from an older run.sh may
# still hold a mktemp path, which would make every rerun rewrite BENCHMARKS.md with a new name.
release_version = [re.sub(r"/tmp/[^/\s]+/prefix/", "PREFIX/", line)
                   for line in open(os.path.join(out, "release-version.txt")).read().strip().splitlines()]


def ratio(a, b):
    return a / b if b else float("nan")


def cpu(r):
    return (r["user"] + r["system"]) * 1000


def median_ms(r):
    return r["median"] * 1000


rows = []
def goal(name, value, limit, method, better="lower", unit=""):
    ok = value <= limit if better == "lower" else value >= limit
    rows.append((name, value, limit, method, better, ok, unit))

WALL = "median wall time, interleaved runs"
CPU = "median user + system CPU time, interleaved runs"
get = cold["get (release)"]
goal("cache hit (release) / `java -cp . Hello` (JDK 17)", ratio(median_ms(hit["cache hit (release)"]), median_ms(hit["java -cp . Hello (JDK 17)"])), 1.0, WALL)
goal("cache hit (release) / `java -cp . Hello` (JDK 17)", ratio(cpu(hit["cache hit (release)"]), cpu(hit["java -cp . Hello (JDK 17)"])), 1.0, CPU)
direct = hit.get("cache hit (release's java command line, no launcher)")
if direct:
    goal("launcher overhead: installed launcher − its java command line run directly, on a hit (ms)",
         median_ms(hit["cache hit (release)"]) - median_ms(direct), 2, WALL, unit=" ms")
    goal("launcher overhead: installed launcher − its java command line run directly, on a hit (ms)",
         cpu(hit["cache hit (release)"]) - cpu(direct), 2, CPU, unit=" ms")
goal("cold get (release) / boto3", ratio(median_ms(get), median_ms(cold["boto3"])), 0.25, WALL)
goal("cold get (release) / boto3", ratio(cpu(get), cpu(cold["boto3"])), 0.25, CPU)
goal("cold get (release) / AWS CLI v2", ratio(median_ms(get), median_ms(cold["AWS CLI v2"])), 0.15, WALL)
goal("cold get (release) / AWS CLI v2", ratio(cpu(get), cpu(cold["AWS CLI v2"])), 0.15, CPU)
if rss.get("get (release)") and rss.get("boto3"):
    goal("peak RSS cold get (release) / boto3", ratio(rss["get (release)"], rss["boto3"]), 0.8, "`/usr/bin/time -v` max RSS, median of 5")
goal("Ansible module cold (release) / cold get (release)", ratio(median_ms(cold["Ansible module (release)"]), median_ms(get)), 1.2, WALL)
goal("Bolt task cold (release) / cold get (release)", ratio(median_ms(cold["Bolt task (release)"]), median_ms(get)), 1.2, WALL)
repo = hit["cache hit (repo ./sts-session-token, JDK 25)"]
goal("repo launcher − installed release on a hit (ms)", median_ms(repo) - median_ms(hit["cache hit (release)"]), 5,
     WALL, unit=" ms")
goal("repo launcher − dist launcher on a hit, same JDK (ms)", median_ms(repo) - median_ms(hit["cache hit (dist launcher, JDK 25)"]), 5,
     WALL, unit=" ms")
startup_only = os.path.exists(os.path.join(out, "startup-only"))
for kind, label in (("get", "presigned GET"), ("post", "header-signed POST")):
    emu = next((w for w in wrk if w[0] == "emulator" and w[1] == kind and w[2] == 8), None)
    moto = next((w for w in wrk if w[0] == "moto" and w[1] == kind and w[2] == 8), None)
    if emu and moto:
        goal(f"emulator / moto_server req/s at 8 connections, {label}", ratio(emu[3], moto[3]), 100, "wrk, one signed request replayed, same run", "higher")
goal("release archive size (MB)", archive_mb, 60, "bytes of the .tar.gz / 10^6", unit=" MB")

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
load_path = os.path.join(out, "loadavg.txt")
if os.path.exists(load_path):
    load = "; ".join(open(load_path).read().strip().splitlines())
    lines.append(f"- Load average (1, 5, 15 min) during the run: {load} — other builds share these cores, so "
                 "wall times carry their noise; the interleaved medians and the CPU-time ratios are the steadier figures")
lines.append("")
lines.append("![chart](bench/chart.png)")
lines.append("")
lines.append("Release under test: " + "; ".join(release_version))
lines.append("")
if startup_only:
    lines.append("This run measured the start-up parts only (`bench/run.sh --startup`: cache hit, cold get, peak RSS); "
                 "the emulator's throughput and the Ansible playbooks were not run, so their goals and tables are absent.")
    lines.append("")
lines.append("## Goals (issue 17, Start-up III)")
lines.append("")
lines.append("Each goal is a ratio (or difference) against a peer measured in the same run on the same machine. Where two methods "
             "are listed, the wall-time ratio is what a user waits; the CPU-time ratio is less sensitive to other load on this "
             "shared 2-core machine.")
lines.append("")
lines.append("| goal | measured | target | method | met |")
lines.append("|---|---|---|---|---|")
for name, value, limit, method, better, ok, unit in rows:
    sign = "≤" if better == "lower" else "≥"
    fmt = f"{value:.1f}{unit}" if unit else f"{value:.2f}x"
    lim = f"{limit}{unit}" if unit else f"{limit}x"
    lines.append(f"| {name} | {fmt} | {sign} {lim} | {method} | {'yes' if ok else 'no'} |")
lines.append("")

def table(title, results, note=""):
    lines.append(f"## {title}")
    lines.append("")
    if note:
        lines.append(note)
        lines.append("")
    lines.append("| command | median (ms) | mean (ms) | σ (ms) | min (ms) | user (ms) | system (ms) |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        lines.append(f"| {name} | {r['median']*1000:.1f} | {ms(r):.1f} | {r['stddev']*1000:.1f} | {r['min']*1000:.1f} | {r['user']*1000:.1f} | {r['system']*1000:.1f} |")
    lines.append("")

table("Cold GetSessionToken with MFA (no cache), same moto_server endpoint", cold,
      "`get --no-cache` through the installed release (its runtime and prebuilt AOT cache) and through the build tree's "
      "launcher on JDK 17 (class-data archive in place), the Ansible module file and the Bolt task script run as Ansible and "
      "Bolt run them with `STS_SESSION_TOKEN_LAUNCHER` naming the release, against `python3` + boto3 and the AWS CLI making "
      "the same call (`DurationSeconds`, `SerialNumber`, `TokenCode`) to one moto_server on loopback.")
table("Cache hit (`get --local --output credential-process`) vs a plain JVM hello world", hit,
      "`java -cp . Hello` is the system JDK 17 with no flags. The repo's `./sts-session-token` and the build tree's launcher "
      "run on JDK 25 with the archive they trained, so their difference to each other is the repo script's own cost.")
if ansible:
    table("Ansible playbook: one GetSessionToken task", ansible)

lines.append("## Peak RSS (`/usr/bin/time -v`)")
lines.append("")
lines.append("| command | max RSS (MiB) |")
lines.append("|---|---|")
for name, kb in rss.items():
    lines.append(f"| {name} | {kb / 1024:.1f} |" if kb else f"| {name} | n/a |")
lines.append("")
if wrk:
    lines.append("## Emulator throughput: one SigV4-signed GetCallerIdentity replayed by wrk on loopback")
    lines.append("")
    lines.append("`sts-session-token serve` of the release (its JDK 25 runtime, C2) and moto_server; `get` is a presigned URL, `post` a "
                 "form POST signed in the `Authorization` header as SDKs send it.")
    lines.append("")
    lines.append("| server | request | connections | requests/s | p50 | p99 | non-2xx |")
    lines.append("|---|---|---|---|---|---|---|")
    for target, kind, c, rps, p50, p99, non2xx in wrk:
        lines.append(f"| {'sts-session-token serve' if target == 'emulator' else 'moto_server'} | {kind} | {c} | {rps:.0f} | {p50} | {p99} | {non2xx} |")
    lines.append("")
lines.append(f"## Release archive")
lines.append("")
lines.append(f"{archive_mb:.1f} MB (`bin/`, `lib/`, the jlink'd runtime, the AOT cache, `install.sh`).")
lines.append("")
library_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "library.md")
if os.path.exists(library_path):
    # Written by bench/library.sh (its own run): kept when this run rewrites the page.
    lines.append(open(library_path).read().rstrip())
    lines.append("")
notes_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
if os.path.exists(notes_path):
    # Hand-written: what the figures above come from and what was tried, kept beside the generator.
    lines.append(open(notes_path).read().rstrip())
    lines.append("")
with open(md_path, "w") as f:
    f.write("\n".join(lines))

# Chart: mean start-up times.
data = os.path.join(out, "chart.dat")
with open(data, "w") as f:
    for group in (hit, cold, ansible):
        for name, r in group.items():
            f.write(f"\"{name}\" {r['median'] * 1000:.1f}\n")
script = f"""
set terminal pngcairo size 1200,600 noenhanced font 'sans,10'
set rmargin 14
set bmargin 11
set output '{png_path}'
set title 'Wall time per invocation (median of {next(iter(cold.values()))['times'].__len__()} runs), lower is better'
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
