#!/usr/bin/env bash
# Installs the Debian packages chromium and chromium-driver when /usr/bin/chromium or
# /usr/bin/chromedriver is missing: council-server's browser tests drive headless Chromium with them.
# Idempotent and quiet when both are there; uses sudo when not run as root.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
sudo=""
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "chromium.sh: need root or sudo to install chromium and chromium-driver" >&2; exit 1; }
  sudo="sudo"
fi
echo "chromium.sh: installing chromium and chromium-driver with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y -q chromium chromium-driver >/dev/null 2>&1; then
  $sudo apt-get update -q >/dev/null
  $sudo apt-get install -y -q chromium chromium-driver >/dev/null
fi
[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] || { echo "chromium.sh: chromium or chromedriver still missing after install" >&2; exit 1; }
