#!/usr/bin/env bash
# System parts the test suite drives for real: Debian's chromium (browser tests through Playwright)
# and PostgreSQL (store tests on a real server). Installed where missing; when an install is not
# possible the tests that need the part skip with a visible reason instead of failing.
set -u
need=()
# each part checked on its own: a machine may have Chromium but no CJK font (Chinese pages then render as boxes)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
  need+=(fonts-noto-cjk fontconfig)
fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_system: missing ${need[*]} and cannot install (not root or no apt-get); those tests will skip" >&2
  exit 0
fi
echo "setup_system: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
(apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}") >/tmp/pactgraph-apt.log 2>&1 \
  || echo "setup_system: apt-get install ${need[*]} failed (see /tmp/pactgraph-apt.log); those tests will skip" >&2
exit 0
