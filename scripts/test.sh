#!/usr/bin/env bash
# npm test: unit tests, database/API tests against a real Postgres, and Playwright e2e in Debian's Chromium
# against the production build. Installs Chromium when missing (root) and starts an embedded Postgres
# (or uses DATABASE_URL's server). Ends with a plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[test] installing Debian chromium for the e2e tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || { echo "[test] could not install chromium"; exit 1; }
  else
    echo "[test] Chromium not found at $CHROMIUM: run 'sudo apt-get install chromium' or set CHROMIUM_PATH"; exit 1
  fi
fi

echo "[test] building the app"
npm run -s build >/tmp/replay-audit-build.log 2>&1 || { cat /tmp/replay-audit-build.log; echo "0 passed, 1 failed"; exit 1; }

# reports live outside test-results/, which Playwright empties when it starts
mkdir -p .test-reports
rm -f .test-reports/vitest.json .test-reports/playwright.json .test-reports/scenarios.junit.xml

# AISecOps CI (spec §10): the project's scenario suite against the shipped default bundle, pure engine, a second or
# two. It prints its own matrix and fails the run on any unsafe allow or mismatch (also counted in vitest's summary
# through engine/scenarios/suite.test.ts).
echo "[test] scenario suite"
npm run -s scenarios -- --suite scenarios --junit .test-reports/scenarios.junit.xml; scenarios=$?
node scripts/with-db.mjs --test bash -c '
  set -uo pipefail
  npx vitest run --reporter=default --reporter=json --outputFile=.test-reports/vitest.json; u=$?
  PLAYWRIGHT_JSON_OUTPUT_NAME=.test-reports/playwright.json npx playwright test --reporter=list,json; e=$?
  exit $(( u || e ))
'
status=$?
node scripts/test-summary.mjs .test-reports/vitest.json .test-reports/playwright.json
summary=$?
exit $(( status || summary || scenarios ))
