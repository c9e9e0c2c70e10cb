#!/usr/bin/env bash
# Debian's Chromium and ChromeDriver for the dashboard's browser tests. Installed when missing and
# this user may install system packages (root); otherwise the browser tests skip and say why.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium/chromedriver missing and not installable here: the browser tests will be skipped"
  exit 0
fi
echo "installing Debian's chromium and chromium-driver for the browser tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
