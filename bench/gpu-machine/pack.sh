#!/usr/bin/env bash
# Packs what the GPU comparison needs on a machine with no Node, no npm and no network (docs/benchmarks/
# gpu-2026-11-30.md; the machine's recipe: GPU_MACHINE.md of the project's shared docs) into one folder of about 50 MiB:
# the engine's step bench bundled with esbuild, Dawn's native module, a Node binary, Debian's Vulkan loader, the
# PyTorch twin and run.sh. Usage (from a source checkout, Linux x86-64): bash bench/gpu-machine/pack.sh [DIR=gpu-kit]
set -euo pipefail
cd "$(dirname "$0")/../.."
kit=${1:-gpu-kit}
rm -rf "$kit"
mkdir -p "$kit/node_modules/webgpu/dist/linux-x64"
# ESM keeps the bench's top-level await; `require` is recreated for the CommonJS packages inside the bundle. Dawn stays
# outside (native), and tfjs-node is loaded only by name, never here.
npx esbuild bench/gpu-step.ts --bundle --platform=node --format=esm --target=node20 --log-level=warning \
  --outfile="$kit/gpu-step.mjs" --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu \
  --banner:js="import { createRequire as fairboundRequire } from 'node:module'; const require = fairboundRequire(import.meta.url);"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$kit/node_modules/webgpu/"
cp node_modules/webgpu/dist/linux-x64/dawn.node "$kit/node_modules/webgpu/dist/linux-x64/"
cp bench/gpu-machine/pytorch_step.py bench/gpu-machine/run.sh "$kit/"
xz -T0 -c "$(command -v node)" > "$kit/node.xz"
(cd "$kit" && apt-get download libvulkan1:amd64 >/dev/null)
du -sh "$kit"
