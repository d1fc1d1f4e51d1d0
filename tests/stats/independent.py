#!/usr/bin/env python3
"""Independent computation of the cohort-report figures with numpy, for stats/tests/numpy_check.rs.

    python3 tests/stats/independent.py RESULTS.ndjson KEYING.json  ->  JSON on stdout

KEYING.json: {"points": 5, "dimensions": [{"id": "AAA", "items": ["T01", ...]}], "reverse": ["T02", ...]}
Same definitions as psm-stats (documented in stats/README.md), written from the formulas, not from
the Rust code: sample SD (ddof=1), alpha from the covariance matrix, corrected item-total r with
numpy.corrcoef, omega from iterated principal-axis factoring with numpy.linalg.eigh, histogram of
dimension means on half points (nearest half point, halves upwards), pairwise-complete Pearson r.
"""
import json
import sys

import numpy as np

HEYWOOD_CAP = 0.995


def describe(x):
    x = x[~np.isnan(x)]
    return {"n": int(x.size), "mean": float(np.mean(x)), "sd": float(np.std(x, ddof=1)), "median": float(np.median(x))}


def histogram(x, points):
    x = x[~np.isnan(x)]
    k = np.floor((x - 1.0) / 0.5 + 0.5 + 1e-9).astype(int)
    return np.bincount(np.clip(k, 0, int((points - 1) / 0.5)), minlength=int((points - 1) / 0.5) + 1).tolist()


def alpha(data):
    k = data.shape[1]
    cov = np.cov(data, rowvar=False, ddof=1)
    return k / (k - 1) * (1 - np.trace(cov) / cov.sum())


def omega(data):
    r = np.corrcoef(data, rowvar=False)
    h = np.clip(1 - 1 / np.diag(np.linalg.inv(r)), 0, HEYWOOD_CAP)
    for _ in range(10000):
        reduced = r.copy()
        np.fill_diagonal(reduced, h)
        vals, vecs = np.linalg.eigh(reduced)
        lam = np.sqrt(max(vals[-1], 0)) * vecs[:, -1]
        new = np.minimum(lam**2, HEYWOOD_CAP)
        done = np.max(np.abs(new - h)) < 1e-10
        h = new
        if done:
            break
    if lam.sum() < 0:
        lam = -lam
    s = lam.sum()
    psi = (1 - np.minimum(lam**2, HEYWOOD_CAP)).sum()
    return s * s / (s * s + psi), lam


def main():
    payloads = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    keying = json.load(open(sys.argv[2], encoding="utf-8"))
    points, reverse = keying["points"], set(keying["reverse"])
    dims = [d["id"] for d in keying["dimensions"]]
    nan = float("nan")
    scores = np.array([[p["scores"][d]["mean"] if p["scores"][d]["mean"] is not None else nan for d in dims] for p in payloads])
    out = {"n": len(payloads), "dimensions": {}, "reliability": {}, "correlations": {}}
    for j, d in enumerate(dims):
        out["dimensions"][d] = describe(scores[:, j]) | {"histogram": histogram(scores[:, j], points)}
    for d in keying["dimensions"]:
        rows = []
        for p in payloads:
            resp = p.get("responses")
            if resp is None:
                continue
            vals = [resp.get(i) for i in d["items"]]
            if any(v is None for v in vals):
                continue  # listwise deletion within the dimension
            rows.append([points + 1 - v if i in reverse else v for i, v in zip(d["items"], vals)])
        data = np.array(rows, dtype=float)
        k = data.shape[1]
        items = []
        for i in range(k):
            rest = np.delete(data, i, axis=1)
            items.append({
                "r_corrected": float(np.corrcoef(data[:, i], rest.sum(axis=1))[0, 1]),
                "alpha_if_deleted": float(alpha(rest)) if k > 2 else None,
            })
        om, lam = omega(data)
        out["reliability"][d["id"]] = {"n": int(data.shape[0]), "alpha": float(alpha(data)), "omega": float(om),
                                       "loadings": lam.tolist(), "items": items}
    for a in range(len(dims)):
        for b in range(a + 1, len(dims)):
            ok = ~np.isnan(scores[:, a]) & ~np.isnan(scores[:, b])
            out["correlations"][f"{dims[a]}-{dims[b]}"] = float(np.corrcoef(scores[ok, a], scores[ok, b])[0, 1])
    runs = np.array([p["quality"]["longest_same_answer_run"] for p in payloads])
    secs = np.array([p["quality"].get("seconds_median_per_item", nan) for p in payloads], dtype=float)
    n_items = sum(len(d["items"]) for d in keying["dimensions"])
    long_min = min(10, n_items)
    out["quality"] = {"long_run": int((runs >= long_min).sum()), "with_time": int((~np.isnan(secs)).sum()),
                      "fast": int((secs < 2).sum())}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
