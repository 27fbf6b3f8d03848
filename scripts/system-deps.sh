#!/usr/bin/env bash
# Installs the Debian packages Huajie needs. `system-deps.sh run`: the fonts the official
# documents' PDFs embed. `system-deps.sh test` (the default): also Chromium (browser tests),
# poppler-utils (PDF checks), gettext and CJK screen fonts (Chinese in screenshots). The official documents' PDFs embed the AR PL
# TrueType fonts (宋 for titles, 楷 for the body) and Droid Sans Fallback for characters outside
# GB2312: see huajie/documents/fonts.py. Needs root or passwordless sudo; without either
# it says what is missing and the browser tests skip with a clear message.
set -u
need=()
if [ "${1:-test}" = test ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
  fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need+=(fonts-noto-cjk)
fi
[ -f /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf ] || need+=(fonts-arphic-gbsn00lp)
[ -f /usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf ] || need+=(fonts-arphic-gkai00mp)
[ -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf ] || need+=(fonts-droid-fallback)
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
