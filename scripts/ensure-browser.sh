#!/bin/sh
# Make sure the browser tests have a browser: Debian's Chromium and a CJK font.
# Idempotent; called by `make test`. Playwright cannot download its own browser on
# closed networks, so the tests drive /usr/bin/chromium (tests/browser/conftest.py).
# Without root it only says what to install and exits 0: the browser tests then skip.
set -eu

if [ -x /usr/bin/chromium ] && { ! command -v fc-list >/dev/null 2>&1 || fc-list :lang=zh | grep -q .; }; then
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-browser: installing chromium and fonts-noto-cjk for the browser tests"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; then
        exit 0
    fi
    echo "ensure-browser: apt-get failed; the browser tests will be skipped (安装失败，浏览器测试将跳过)" >&2
    exit 0
fi

cat <<'MSG'
ensure-browser: the browser tests need Chromium and a Chinese font; they will be skipped.
  Install them (Debian/Ubuntu):  sudo apt-get install --no-install-recommends chromium fonts-noto-cjk
ensure-browser：浏览器测试需要 Chromium 和中文字体，本次将跳过这些测试。
  安装方法（Debian/Ubuntu）：   sudo apt-get install --no-install-recommends chromium fonts-noto-cjk
MSG
exit 0
