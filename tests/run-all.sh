#!/usr/bin/env bash
# The whole test suite (README's test command runs `npm ci && npm test`, which runs this):
# type check, lint, production build, unit tests, integration tests on SQLite and PostgreSQL, e2e in Chromium.
# Installs what a fresh Debian machine lacks (chromium; Mesa's EGL/GLES for the webgpu parity tests, which run Dawn's
# OpenGL ES backend on llvmpipe) when run as root, starts PostgreSQL if it is stopped,
# and ends with one line of totals over all suites. Exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
out=$(mktemp -d)
status=0
step() { printf '\n=== %s ===\n' "$1"; }
fail() { echo "FAILED: $1"; status=1; }

step "prerequisites"
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || fail "apt-get install chromium"
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (Debian) and try again."; exit 1
  fi
fi
gl_packages="libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri"
gl_missing=""
if command -v dpkg-query >/dev/null; then # Debian and derivatives; elsewhere install Mesa's EGL/GLES yourself
  gl_missing=$(for p in $gl_packages; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || echo "$p"; done | xargs)
fi
if [ -n "$gl_missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $gl_missing >/dev/null) || fail "apt-get install $gl_missing"
  else
    echo "The webgpu tests need Mesa's EGL/GLES: run 'sudo apt-get install -y $gl_missing' (Debian) and try again."; exit 1
  fi
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not reachable on 127.0.0.1:5432 (set PODIUM_TEST_PG_URL)"; exit 1; }
fi
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n1); postgresql: up; EGL/GLES (webgpu tests): installed"

step "type check"
npx tsc --noEmit -p . || fail "type check"
step "lint"
npx eslint . || fail "lint"
step "production build"
npx next build > "$out/build.log" 2>&1 || { tail -n 60 "$out/build.log"; fail "next build"; }

step "unit and integration tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json" || fail "vitest"

step "end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/playwright.json" npx playwright test --reporter=list,json || fail "playwright"

step "totals"
node tests/support/totals.mjs "$out/vitest.json" "$out/playwright.json" || status=1
rm -rf "$out"
exit $status
