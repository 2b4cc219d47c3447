"""Times commands interleaved (one run of each in turn, then again), so that load from other
processes on a shared machine falls on all of them alike instead of on whichever ran during a busy
spell; hyperfine runs each command's series back to back. Writes hyperfine's --export-json shape
(mean, stddev, median, min, max, user, system, times) so report.py reads both.

Usage: interleave.py OUT.json RUNS WARMUP NAME COMMAND [NAME COMMAND ...]
A COMMAND is split on spaces and run without a shell, stdin from /dev/null, output discarded; a
command that exits non-zero stops the benchmark."""
import json
import resource
import statistics
import subprocess
import sys
import time

out, runs, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
pairs = list(zip(sys.argv[4::2], sys.argv[5::2]))
wall = {name: [] for name, _ in pairs}
user = {name: [] for name, _ in pairs}
system = {name: [] for name, _ in pairs}
for i in range(warmup + runs):
    for name, command in pairs:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        code = subprocess.run(command.split(" "), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if code != 0:
            sys.exit(f"interleave: '{name}' exited {code}: {command}")
        if i >= warmup:
            wall[name].append(elapsed)
            user[name].append(after.ru_utime - before.ru_utime)
            system[name].append(after.ru_stime - before.ru_stime)
results = []
for name, command in pairs:
    times = wall[name]
    results.append({"command": name, "mean": statistics.mean(times), "stddev": statistics.stdev(times) if len(times) > 1 else 0.0,
                    "median": statistics.median(times), "min": min(times), "max": max(times),
                    "user": statistics.median(user[name]), "system": statistics.median(system[name]), "times": times})
    print(f"  {name}: median {statistics.median(times) * 1000:.1f} ms, min {min(times) * 1000:.1f} ms, "
          f"CPU {(statistics.median(user[name]) + statistics.median(system[name])) * 1000:.1f} ms", file=sys.stderr)
with open(out, "w") as f:
    json.dump({"results": results}, f)
