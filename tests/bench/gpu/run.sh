#!/usr/bin/env bash
# Runs the GPU check on a machine without Node.js, from the payload prepare.sh built (tests/bench/gpu/payload) and
# the working tree: unpacks node and dawn.node, provides the Vulkan/EGL loaders where the machine lacks them (into a
# private folder on LD_LIBRARY_PATH, nothing installed), finds the NVIDIA Vulkan driver, then
#   1. bench.cjs on webgpu: the adapter, wasm-vs-webgpu parity on lib/ml/assets/base, training and generation
#      throughput of the base config and of ~10M and ~50M-parameter configs;
#   2. torch_cuda.py: the same configs in PyTorch on CUDA (CPU where there is none; the table says which);
#   3. one summary table (summary.py). Raw JSON lines stay in $GPU_CHECK_OUT (default: a temporary folder).
# Fits 6 minutes: every measuring loop stops at GPU_CHECK_BUDGET_S seconds and each part has a hard timeout.
# Variables: GPU_CHECK_STEPS (10), GPU_CHECK_GEN_TOKENS (32), GPU_CHECK_BUDGET_S (20), GPU_CHECK_CONFIGS
# (base,10m,50m), GPU_CHECK_NODE_TIMEOUT_S (200), GPU_CHECK_TORCH_TIMEOUT_S (110), and Dawn's PODIUM_WEBGPU_DAWN /
# PODIUM_WEBGPU_FEATURE_LEVEL (e.g. backend=opengles + compatibility to try it on a machine without a GPU).
# Usage (repository root): bash tests/bench/gpu/run.sh
set -uo pipefail
cd "$(dirname "$0")/../../.."
payload=tests/bench/gpu/payload
steps=${GPU_CHECK_STEPS:-10}
gen_tokens=${GPU_CHECK_GEN_TOKENS:-32}
budget=${GPU_CHECK_BUDGET_S:-20}
configs=${GPU_CHECK_CONFIGS:-base,10m,50m}
out=${GPU_CHECK_OUT:-$(mktemp -d)}
work=$(mktemp -d)
mkdir -p "$out"
[ -f "$payload/bench.cjs" ] || { echo "no payload: run tests/bench/gpu/prepare.sh on a machine with Node.js first"; exit 1; }

unxz_to() { # file.xz → dest, with xz or Python's lzma
  if command -v xz >/dev/null; then xz -dc "$1" > "$2"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}
echo "== unpacking"
unxz_to "$payload/node.xz" "$work/node" && chmod +x "$work/node"
unxz_to "$payload/dawn.node.xz" "$work/dawn.node"
echo "node $("$work/node" --version)"

have_lib() { ldconfig -p 2>/dev/null | grep -q "$1" || [ -e "/usr/lib/x86_64-linux-gnu/$1" ]; }
if ! have_lib libvulkan.so.1 || ! have_lib libEGL.so.1; then
  for deb in "$payload"/gl/*.deb; do dpkg-deb -x "$deb" "$work/root" 2>/dev/null || (cd "$work" && ar x "$deb" data.tar.xz && mkdir -p root && tar -xJf data.tar.xz -C root); done
  export LD_LIBRARY_PATH="$work/root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  echo "loaders: libvulkan.so.1/libEGL.so.1 missing on this machine: using the carried .debs ($LD_LIBRARY_PATH)"
else
  echo "loaders: libvulkan.so.1 and libEGL.so.1 found on this machine"
fi

icd_dirs="/usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/share/vulkan/icd.d"
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && ! ls $icd_dirs 2>/dev/null | grep -qi nvidia; then
  if [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
    export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
    export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  elif ldconfig -p 2>/dev/null | grep -q libGLX_nvidia.so.0; then
    # The driver's libraries are mounted but not its ICD manifest: write the one the driver package ships.
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"libGLX_nvidia.so.0","api_version":"1.3"}}\n' > "$work/nvidia_icd.json"
    export VK_DRIVER_FILES="$work/nvidia_icd.json"
  fi
fi
echo "vulkan driver manifests: ${VK_DRIVER_FILES:-$(ls $icd_dirs 2>/dev/null | xargs)}"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader

run_bench() {
  PODIUM_DAWN_NODE="$work/dawn.node" timeout "${GPU_CHECK_NODE_TIMEOUT_S:-200}" "$work/node" "$payload/bench.cjs" \
    --wasm-dir "$payload/wasm/" --steps "$steps" --gen-tokens "$gen_tokens" --budget-s "$budget" --configs "$configs" \
    > "$out/webgpu.jsonl" 2> "$out/webgpu.err"
}
echo "== webgpu (bench.cjs)"
run_bench
node_rc=$?
if grep -q '"adapter":null' "$out/webgpu.jsonl" && [ -z "${PODIUM_WEBGPU_DAWN:-}" ]; then
  # No Vulkan adapter: try Dawn's OpenGL ES backend on the driver's EGL (headless) before giving up.
  grep '"adapter":null' "$out/webgpu.jsonl"
  echo "no Vulkan adapter: retrying with PODIUM_WEBGPU_DAWN=backend=opengles (compatibility, EGL surfaceless)"
  export PODIUM_WEBGPU_DAWN=backend=opengles PODIUM_WEBGPU_FEATURE_LEVEL=compatibility EGL_PLATFORM=surfaceless
  run_bench
  node_rc=$?
fi
grep -v 'artificially reduced' "$out/webgpu.err" | tail -n 20
cat "$out/webgpu.jsonl"
[ $node_rc = 0 ] || echo "bench.cjs exited with $node_rc"

echo "== torch (torch_cuda.py)"
grep '"bench":"gpu_config"' "$out/webgpu.jsonl" > "$out/configs.jsonl"
torch_rc=1
if [ -s "$out/configs.jsonl" ]; then
  timeout "${GPU_CHECK_TORCH_TIMEOUT_S:-110}" python3 tests/bench/gpu/torch_cuda.py --configs "$out/configs.jsonl" \
    --steps "$steps" --gen-tokens "$gen_tokens" --budget-s "$budget" > "$out/torch.jsonl"
  torch_rc=$?
  cat "$out/torch.jsonl"
else
  echo "no configs from bench.cjs: torch part skipped"
fi

echo "== summary"
python3 tests/bench/gpu/summary.py "$out/webgpu.jsonl" "$out/torch.jsonl"
summary_rc=$?
echo "raw results: $out"
rm -rf "$work"
[ $node_rc = 0 ] && [ $torch_rc = 0 ] && [ $summary_rc = 0 ]
