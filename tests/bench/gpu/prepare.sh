#!/usr/bin/env bash
# Builds the payload of the GPU check in tests/bench/gpu/payload/ (ignored by git through its own .gitignore):
#   bench.cjs        tests/bench/gpu/bench.ts and everything it imports, bundled by esbuild (no node_modules there)
#   node.xz          this machine's Node binary (process.execPath; self-contained apart from glibc/libstdc++)
#   dawn.node.xz     Dawn's Node binding from the npm package `webgpu`
#   wasm/            the tfjs-backend-wasm .wasm files (the parity check runs the base model on wasm too)
#   gl/*.deb         Debian's Vulkan and EGL/GLES loaders, unpacked by run.sh only where the machine lacks them
# and checks that it stays under 64 MiB. The base checkpoint and the Python scripts travel with the working tree.
# Usage (repository root): bash tests/bench/gpu/prepare.sh      then carry tests/bench/gpu/payload and run run.sh.
set -euo pipefail
cd "$(dirname "$0")/../../.."
out=tests/bench/gpu/payload
limit_mib=64
mkdir -p "$out/wasm" "$out/gl"
echo '*' > "$out/.gitignore"

echo "bundling tests/bench/gpu/bench.ts"
npx esbuild tests/bench/gpu/bench.ts --bundle --platform=node --format=cjs --target=node20 \
  --outfile="$out/bench.cjs" --log-level=warning

node_bin=$(node -p process.execPath)
if [ ! -f "$out/node.xz" ] || [ "$node_bin" -nt "$out/node.xz" ]; then
  echo "compressing $node_bin ($(node --version)); xz takes a minute or two"
  xz -T0 -9 -c "$node_bin" > "$out/node.xz.tmp" && mv "$out/node.xz.tmp" "$out/node.xz"
fi

dawn=$(node -p 'require("path").join(require("path").dirname(require.resolve("webgpu/package.json")), "dist", "linux-x64", "dawn.node")')
if [ ! -f "$out/dawn.node.xz" ] || [ "$dawn" -nt "$out/dawn.node.xz" ]; then
  echo "compressing $dawn"
  xz -T0 -9 -c "$dawn" > "$out/dawn.node.xz.tmp" && mv "$out/dawn.node.xz.tmp" "$out/dawn.node.xz"
fi

wasm_dir=$(node -p 'require("path").dirname(require.resolve("@tensorflow/tfjs-backend-wasm"))')
cp "$wasm_dir"/tfjs-backend-wasm.wasm "$wasm_dir"/tfjs-backend-wasm-simd.wasm "$out/wasm/"

if ! ls "$out"/gl/libvulkan1_*.deb >/dev/null 2>&1; then
  echo "downloading the Vulkan/EGL loader .debs (amd64)"
  lists=$(mktemp -d)
  mkdir -p "$lists/partial"
  o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists")
  apt-get "${o[@]}" update -qq
  (cd "$out/gl" && apt-get "${o[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
  rm -rf "$lists"
fi

size=$(du -sb "$out" | cut -f1)
tree=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -n1 | cut -f1)
echo "payload: $out, $((size / 1024 / 1024)) MiB; with the tracked files of the working tree: $(((size + tree) / 1024 / 1024)) MiB"
du -sh "$out"/* "$out"/gl/* | sed 's/^/  /'
if [ $((size + tree)) -ge $((limit_mib * 1024 * 1024)) ]; then
  echo "payload + working tree is over $limit_mib MiB"; exit 1
fi
