#!/usr/bin/env bash
# Installs Debian's Chromium when it is missing: the webgl conformance suite and the demo-web
# test drive it headless. Needs root (apt-get), as on the project's machines.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: /usr/bin/chromium is missing; run as root or install the Debian package 'chromium'" >&2
  exit 1
fi
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
