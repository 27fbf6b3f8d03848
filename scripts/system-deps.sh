#!/usr/bin/env bash
# Installs the Debian packages the tests need: Chromium (browser tests), poppler-utils (PDF checks)
# and CJK fonts (Chinese in screenshots and PDFs). Needs root or passwordless sudo; without either
# it says what is missing and the browser tests skip with a clear message.
set -u
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif sudo -n true 2>/dev/null; then
  sudo="sudo -n"
else
  echo "缺少系统软件包 Missing system packages: ${need[*]}. Install them with: sudo apt-get install ${need[*]}" >&2
  exit 0
fi
echo "Installing ${need[*]} with apt-get …"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
