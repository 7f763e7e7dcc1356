#!/usr/bin/env bash
# The labeler loop's closed-loop throughput (run.ts, phase "throughput") of this tree beside a reference commit's, in
# alternating rounds in one command, so both see the same machine and the same spells of load. The reference
# (BENCH_REF, default: the last commit before projects, gold items and the quality columns) is checked out in a
# temporary worktree with a hard-linked copy of node_modules (the build does not follow a symlinked one), its own
# Prisma client and production build.
# Usage: npm run bench -- loop-before-after   (env: BENCH_REF, BENCH_ROUNDS (2), and run.ts's BENCH_* variables)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ref=${BENCH_REF:-87e6cee^}
rounds=${BENCH_ROUNDS:-2}
base=$(mktemp -d)
dir="$base/ref"
git worktree add -q --detach "$dir" "$ref"
trap 'git worktree remove --force "$dir"; rm -rf "$base"' EXIT
cp -al node_modules "$dir/node_modules" 2> /dev/null || cp -r node_modules "$dir/node_modules"
(cd "$dir" && npx prisma generate > /dev/null && DATABASE_URL=postgresql://unused/x npx prisma generate > /dev/null && npx next build > /dev/null)
npx next build > /dev/null
echo "Reference: $(git rev-parse --short "$ref") ($(git log -1 --format=%s "$ref" | cut -c1-80)); this tree: $(git rev-parse --short HEAD)"
for round in $(seq 1 "$rounds"); do
  echo; echo "#### Round $round: reference"
  (cd "$dir" && npx tsx tests/bench/labelers/run.ts throughput)
  echo; echo "#### Round $round: this tree"
  npx tsx tests/bench/labelers/run.ts throughput
done
