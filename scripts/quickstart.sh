#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine (as root), builds salesim, runs the shipped
# golden-triangle scenario and renders its charts. Output: out/golden_triangle/.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}

bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"

out=out/golden_triangle
build/bin/salesim run scenarios/golden_triangle.txtpb --replications 1000 --seed 7 --out "$out" --force
QT_QPA_PLATFORM=offscreen scripts/render_charts.sh "$out/results.pb" "$out/charts"
