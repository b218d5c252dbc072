#!/usr/bin/env bash
# Installs the system packages the test suite drives for real (Chromium for browser tests,
# Dovecot for IMAP polling),
# when they are missing and we are allowed to (root, or passwordless sudo).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "Missing: ${need[*]}. Install them (apt-get install ${need[*]}) to run the browser tests." >&2
  exit 0
fi
echo "Installing ${need[*]} from Debian's packages..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
