#!/usr/bin/env python3
"""The cohort-report figures from independent implementations installed from PyPI, for
stats/tests/oracle.rs. Not a re-implementation of psm-stats: each coefficient comes from a library
written by others, fed the same keyed, complete-case data.

    python3 tests/stats/independent.py RESULTS.ndjson KEYING.json  ->  JSON on stdout

KEYING.json: {"points": 5, "dimensions": [{"id": "AAA", "items": ["T01", ...]}], "reverse": ["T02", ...]}

- Cronbach's alpha and alpha if item deleted: pingouin.cronbach_alpha.
- Corrected item-total r: pingouin.corr (Pearson) of the item with the sum of the other items.
- One-factor loadings: factor_analyzer.FactorAnalyzer, method "minres" (unweighted least squares),
  fitted to the item covariance matrix (is_corr_matrix=True lets it take any symmetric matrix: its
  objective replaces the diagonal by the communalities). Omega of the raw sum score =
  (sum of those raw loadings)^2 / variance of the raw sum score; standardised loadings = raw / SD.
  Also the same estimator on the correlation matrix (factor_analyzer's default use), reported so the
  test can state how far the two bases differ.
- Descriptives and dimension correlations: pandas (Series.std with ddof=1, Series.median,
  DataFrame.corr, pairwise complete).
- Histogram and quality counts: the documented rules written out with numpy (no library has them).
"""
import json
import sys
import warnings

import numpy as np
import pandas as pd
import pingouin
from factor_analyzer import FactorAnalyzer

warnings.filterwarnings("ignore", category=FutureWarning)


def one_factor_minres(matrix, upper):
    """factor_analyzer's minres on a covariance (or correlation) matrix; communalities in [0, upper]."""
    fa = FactorAnalyzer(n_factors=1, rotation=None, method="minres", is_corr_matrix=True, bounds=(1 - upper, 1))
    fa.fit(np.array(matrix, dtype=float))
    lam = fa.loadings_[:, 0]
    return -lam if lam.sum() < 0 else lam


def histogram(x, points):
    x = x[~np.isnan(x)]
    k = np.floor((x - 1.0) / 0.5 + 0.5 + 1e-9).astype(int)
    top = int((points - 1) / 0.5)
    return np.bincount(np.clip(k, 0, top), minlength=top + 1).tolist()


def main():
    payloads = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    keying = json.load(open(sys.argv[2], encoding="utf-8"))
    points, reverse = keying["points"], set(keying["reverse"])
    dims = [d["id"] for d in keying["dimensions"]]
    scores = pd.DataFrame([{d: p["scores"][d]["mean"] for d in dims} for p in payloads], dtype=float)
    out = {"n": len(payloads), "dimensions": {}, "reliability": {}, "correlations": {}}
    for d in dims:
        s = scores[d].dropna()
        out["dimensions"][d] = {"n": int(s.size), "mean": float(s.mean()), "sd": float(s.std(ddof=1)),
                                "median": float(s.median()), "histogram": histogram(scores[d].to_numpy(), points)}
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
        data = pd.DataFrame(rows, columns=d["items"], dtype=float)
        k = data.shape[1]
        items = []
        for c in data.columns:
            rest = data.drop(columns=[c])
            r = pingouin.corr(data[c], rest.sum(axis=1), method="pearson")["r"].iloc[0]
            items.append({
                "r_corrected": float(r),
                "alpha_if_deleted": float(pingouin.cronbach_alpha(data=rest)[0]) if k > 2 else None,
            })
        cov = data.cov(ddof=1).to_numpy()
        lam = one_factor_minres(cov, float(np.max(np.diag(cov))))
        sd = np.sqrt(np.diag(cov))
        lam_corr = one_factor_minres(data.corr().to_numpy(), 1.0)
        out["reliability"][d["id"]] = {
            "n": int(data.shape[0]),
            "alpha": float(pingouin.cronbach_alpha(data=data)[0]),
            "omega": float(lam.sum() ** 2 / cov.sum()),
            "loadings": (lam / sd).tolist(),
            "loadings_raw": lam.tolist(),
            "communality_share": (lam**2 / np.diag(cov)).tolist(),
            "loadings_of_correlations": lam_corr.tolist(),
            "items": items,
        }
    r = scores.corr(method="pearson")
    for a in range(len(dims)):
        for b in range(a + 1, len(dims)):
            out["correlations"][f"{dims[a]}-{dims[b]}"] = float(r.iloc[a, b])
    runs = np.array([p["quality"]["longest_same_answer_run"] for p in payloads])
    secs = np.array([p["quality"].get("seconds_median_per_item", np.nan) for p in payloads], dtype=float)
    n_items = sum(len(d["items"]) for d in keying["dimensions"])
    long_min = min(10, n_items)
    out["quality"] = {"long_run": int((runs >= long_min).sum()), "with_time": int((~np.isnan(secs)).sum()),
                      "fast": int((secs < 2).sum())}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
