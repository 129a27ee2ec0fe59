#!/usr/bin/env bash
# Installs what the console's browser tests drive (tests/ProjectTracker.Tests/WebConsole): Debian's
# chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver; no browser is downloaded
# by a test tool) and a CJK font, so the Chinese pages' screenshots are legible. Does nothing when
# they are there; PT_SKIP_BROWSER=1 skips it (the browser tests then skip, saying why).
set -euo pipefail
[ "${PT_SKIP_BROWSER:-}" = 1 ] && exit 0
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && fc-list 2>/dev/null | grep -qi wenquanyi; then exit 0; fi
SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo)
echo "chromium.sh: installing chromium, chromium-driver and fonts-wqy-zenhei from Debian's packages" >&2
"${SUDO[@]}" apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq chromium chromium-driver fonts-wqy-zenhei >&2
