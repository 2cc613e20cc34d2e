#!/usr/bin/env python3
"""hnswlib driver for Strata's ANN harness (strata-bench, HnswlibAnn).

Usage: hnswlib_helper.py --probe                      -> prints "hnswlib <version>" and exits
       hnswlib_helper.py BASE_FILE N DIM M EF_CONSTRUCTION SEED
BASE_FILE holds N*DIM little-endian float32. The index (space 'l2') is built on ONE thread and
"BUILT <seconds> <rss_growth_bytes>" is written to stdout. Then stdin carries commands:
  "QUERY <ef> <k> <nq>\n" + nq*DIM float32  -> reply: nq*k int32 ids (-1 padded) + nq int64 ns
  "QUIT\n"                                     -> exit
Each query is timed here (time.perf_counter_ns around one knn_query call, one thread), so the
figures exclude the pipe to the JVM.
"""
import sys
import time


def rss_bytes():
    try:
        with open("/proc/self/statm") as f:
            import os
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def version():
    try:
        from importlib.metadata import version as v
        return v("hnswlib")
    except Exception:
        return "unknown"


def main():
    import hnswlib
    import numpy as np
    if sys.argv[1:] == ["--probe"]:
        print("hnswlib " + version(), flush=True)
        return 0
    path, n, dim, m, efc, seed = sys.argv[1], *map(int, sys.argv[2:7])
    base = np.fromfile(path, dtype="<f4")
    if base.size != n * dim:
        print("ERROR base file has %d floats, expected %d" % (base.size, n * dim), flush=True)
        return 2
    base = base.reshape(n, dim)
    out = sys.stdout.buffer
    inp = sys.stdin.buffer
    rss0 = rss_bytes()
    t0 = time.perf_counter()
    idx = hnswlib.Index(space="l2", dim=dim)
    idx.init_index(max_elements=n, ef_construction=efc, M=m, random_seed=seed)
    idx.set_num_threads(1)
    idx.add_items(base, np.arange(n), num_threads=1)
    secs = time.perf_counter() - t0
    out.write(("BUILT %.6f %d\n" % (secs, max(0, rss_bytes() - rss0))).encode())
    out.flush()
    while True:
        line = inp.readline()
        if not line or line.strip() == b"QUIT":
            return 0
        parts = line.split()
        if parts[0] != b"QUERY" or len(parts) != 4:
            sys.stderr.write("hnswlib_helper: bad command %r\n" % line)
            return 2
        ef, k, nq = int(parts[1]), int(parts[2]), int(parts[3])
        raw = inp.read(nq * dim * 4)
        qs = np.frombuffer(raw, dtype="<f4").reshape(nq, dim)
        idx.set_ef(max(ef, k))
        ids = np.full((nq, k), -1, dtype="<i4")
        ns = np.zeros(nq, dtype="<i8")
        kk = min(k, n)
        for i in range(nq):
            q = qs[i:i + 1]
            s = time.perf_counter_ns()
            labels, _ = idx.knn_query(q, k=kk, num_threads=1)
            ns[i] = time.perf_counter_ns() - s
            ids[i, :kk] = labels[0]
        out.write(ids.tobytes())
        out.write(ns.tobytes())
        out.flush()


if __name__ == "__main__":
    sys.exit(main())
