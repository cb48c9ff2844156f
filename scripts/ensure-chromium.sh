#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium (test tools cannot download a browser here).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the end-to-end tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "warning: no chromium found and cannot install it (not root or no apt-get); end-to-end tests will skip" >&2
