#!/usr/bin/env python3
"""chrome_check.py FILE [--harts N] [--procs]: check that FILE is a well-formed
Chrome trace-event JSON file (the JSON Object Format of the "Trace Event
Format" document that chrome://tracing and ui.perfetto.dev read), as
rvemu's --trace-file=X.json writes it. Exit 0 and one "ok" line, or 1 with
the first problem found and the event it is about.

Checked for every event: a JSON object with a string name, a ph the format
defines, integer pid and tid, a number ts (except metadata), args an object when present. Per track
(pid, tid): timestamps never decrease; B/E spans nest and balance (an E
closes the innermost open B, with the same name when it has one); instants
have a scope g/p/t. Counters (C) carry only numeric args. Metadata names
every process and every thread track that has events. With --harts N the
"harts" process has the tracks "hart 0".."hart N-1"; with --procs the
"processes" process has at least one named track with a span.
"""
import json
import math
import sys

# ph values of the Trace Event Format: duration B/E, complete X, instant
# i (and the deprecated I), counter C, async b/n/e (and the deprecated
# S/T/p/F), flow s/t/f, sample P, object N/O/D, metadata M, memory dump
# V/v, mark R, clock sync c, context ( and ).
PHASES = set("BEXiICbneSTpFstfPNODMVvRc()")
TOP_KEYS = {"traceEvents", "displayTimeUnit", "systemTraceEvents", "otherData",
            "stackFrames", "samples", "controllerTraceDataKey", "metadata"}
PROCESS_META = {"process_name", "process_labels", "process_sort_index", "process_uptime_seconds"}
THREAD_META = {"thread_name", "thread_sort_index"}


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return (isinstance(v, (int, float)) and not isinstance(v, bool)
            and math.isfinite(v))


class Bad(Exception):
    pass


def check(path, harts=None, want_procs=False):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        raise Bad("not valid JSON: %s" % e)
    if not isinstance(doc, dict):
        raise Bad("the top level is a %s, not an object" % type(doc).__name__)
    unknown = set(doc) - TOP_KEYS
    if unknown:
        raise Bad("unknown top-level keys %s" % sorted(unknown))
    events = doc.get("traceEvents")
    if not isinstance(events, list):
        raise Bad("traceEvents is missing or not an array")
    if "displayTimeUnit" in doc and doc["displayTimeUnit"] not in ("ms", "ns"):
        raise Bad("displayTimeUnit %r is neither ms nor ns" % doc["displayTimeUnit"])

    last_ts = {}          # (pid, tid) -> last ts
    open_spans = {}       # (pid, tid) -> [names of open B events]
    proc_names = {}       # pid -> name
    thread_names = {}     # (pid, tid) -> name
    used_tracks = set()   # (pid, tid) with thread events (not M, not C)
    used_pids = set()
    spans = {}            # (pid, tid) -> number of B events
    counts = {}

    for n, ev in enumerate(events):
        def bad(msg):
            raise Bad("event %d: %s: %s" % (n, msg, json.dumps(ev)[:300]))
        if not isinstance(ev, dict):
            bad("not an object")
        ph = ev.get("ph")
        if ph not in PHASES:
            bad("ph %r is not a phase of the format" % (ph,))
        counts[ph] = counts.get(ph, 0) + 1
        if not isinstance(ev.get("name"), str):
            bad("no string name")
        if "cat" in ev and not isinstance(ev["cat"], str):
            bad("cat is not a string")
        if "args" in ev and not isinstance(ev["args"], dict):
            bad("args is not an object")
        if not is_int(ev.get("pid")):
            bad("pid is not an integer")
        pid = ev["pid"]
        # The format lets process-scoped events (process_name, counters)
        # leave tid out; rvemu writes one everywhere so that every
        # reader finds both.
        if not is_int(ev.get("tid")):
            bad("tid is not an integer")
        tid = ev["tid"]

        if ph == "M":
            if "ts" in ev and not is_num(ev["ts"]):
                bad("ts is not a number")
            name = ev.get("args", {}).get("name")
            if ev["name"] in ("process_name", "thread_name"):
                if not isinstance(name, str) or not name:
                    bad("metadata without a name in args")
                if ev["name"] == "process_name":
                    proc_names[pid] = name
                else:
                    thread_names[(pid, tid)] = name
            elif ev["name"] not in PROCESS_META | THREAD_META:
                bad("unknown metadata event")
            continue

        if not is_num(ev.get("ts")):
            bad("ts is not a number")
        track = (pid, tid)
        if ph != "C":             # counters live on their process
            used_tracks.add(track)
        used_pids.add(pid)
        if ev["ts"] < last_ts.get(track, -math.inf):
            bad("ts goes back on track pid %d tid %d (%r after %r)"
                % (pid, tid, ev["ts"], last_ts[track]))
        last_ts[track] = ev["ts"]

        if ph == "B":
            open_spans.setdefault(track, []).append(ev["name"])
            spans[track] = spans.get(track, 0) + 1
        elif ph == "E":
            stack = open_spans.get(track)
            if not stack:
                bad("E without an open B on its track")
            opened = stack.pop()
            if ev["name"] and ev["name"] != opened:
                bad("E named %r closes the B named %r" % (ev["name"], opened))
        elif ph in "iI":
            if ev.get("s", "t") not in ("g", "p", "t"):
                bad("instant scope %r is not g, p or t" % ev.get("s"))
        elif ph == "C":
            args = ev.get("args")
            if not args or not all(is_num(v) for v in args.values()):
                bad("counter args must be numbers")
        elif ph == "X":
            if not is_num(ev.get("dur")) or ev["dur"] < 0:
                bad("complete event without a duration")

    for track, stack in sorted(open_spans.items()):
        if stack:
            raise Bad("track pid %d tid %d ends with %d open span(s): %s"
                      % (track[0], track[1], len(stack), stack))
    for pid in sorted(used_pids):
        if pid not in proc_names:
            raise Bad("process %d has events but no process_name" % pid)
    for track in sorted(used_tracks):
        if track not in thread_names:
            raise Bad("track pid %d tid %d has events but no thread_name" % track)

    harts_pid = [p for p, name in proc_names.items() if name == "harts"]
    if harts is not None:
        if len(harts_pid) != 1:
            raise Bad("no single process named 'harts'")
        for h in range(harts):
            if thread_names.get((harts_pid[0], h)) != "hart %d" % h:
                raise Bad("hart %d has no track named 'hart %d'" % (h, h))
    if want_procs:
        procs_pid = [p for p, name in proc_names.items() if name == "processes"]
        if len(procs_pid) != 1:
            raise Bad("no single process named 'processes'")
        named = [t for t in thread_names if t[0] == procs_pid[0] and spans.get(t)]
        if not named:
            raise Bad("no named process track with a span")
    return len(events), counts


def main(argv):
    args = argv[1:]
    harts, want_procs, paths = None, False, []
    while args:
        a = args.pop(0)
        if a == "--harts":
            harts = int(args.pop(0))
        elif a == "--procs":
            want_procs = True
        else:
            paths.append(a)
    if len(paths) != 1:
        print(__doc__.splitlines()[0], file=sys.stderr)
        return 2
    try:
        n, counts = check(paths[0], harts, want_procs)
    except Bad as e:
        print("FAIL: %s: %s" % (paths[0], e))
        return 1
    print("ok: %s: %d events (%s)" % (paths[0], n,
          ", ".join("%s %d" % kv for kv in sorted(counts.items()))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
