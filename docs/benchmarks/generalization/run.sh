#!/bin/sh
# Regenerates docs/benchmarks/generalization/ (run from the repository root): K = 5 re-splits, 3,000 iterations per run,
# SSL-ALM as configured and with held-out-aware multipliers, each against unconstrained SGD on the same rows.
set -e
out=${OUT:-bench-generalization}
for task in acs-ok-loss-gap compas-positive-rate german-credit-positive-rate dutch-census-positive-rate; do
  node bin/fairbound.js bench generalization "docs/benchmarks/generalization/configs/$task.json" \
    --resplits 5 --iterations 3000 --held-out --out "$out/$task" --json > "$out-$task.json"
done
