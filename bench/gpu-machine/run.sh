#!/usr/bin/env bash
# Runs on the GPU machine, from the folder pack.sh made: our step on webgpu (Dawn → Vulkan → the NVIDIA driver), then
# the same step in PyTorch CUDA, one JSON line per implementation and batch size, into $OUT/gpu-step.jsonl (or ./).
# BATCHES=4096,65536,1048576 and SECONDS_PER_BATCH=3 by default.
set -euo pipefail
cd "$(dirname "$0")"
batches=${BATCHES:-4096,65536,1048576}
seconds=${SECONDS_PER_BATCH:-3}
out=${OUT:-.}/gpu-step.jsonl
xz -dc node.xz > ./node && chmod +x ./node
# The machine has the NVIDIA Vulkan driver but no Vulkan loader: unpack Debian's beside us, no root needed.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then
  dpkg -x libvulkan1_*.deb vulkan-loader
  export LD_LIBRARY_PATH="$PWD/vulkan-loader/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export VK_DRIVER_FILES=${VK_DRIVER_FILES:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}
: > "$out"
./node gpu-step.mjs webgpu --batches="$batches" --seconds="$seconds" | tee -a "$out"
python3 pytorch_step.py --batches "$batches" --seconds "$seconds" | tee -a "$out"
