#!/bin/sh
# Make sure PDF letters and reports can be made: WeasyPrint's text libraries, the subset
# library that keeps it fast, and the Chinese fonts. Idempotent; meant for `make demo`
# and `make test`. Without root it only says what to install and exits 0: PDF output then
# fails with a message naming these packages, and the PDF tests skip.
#   libharfbuzz-subset0  nothing pulls it in; without it a letter takes ~10 s, not 0.2 s
#   fonts-noto-cjk       without it every Chinese character is a tofu box
#   poppler-utils        pdftoppm/pdftotext: the tests turn rendered annual reports and
#                        letters into PNG pages to check that they are not blank
set -eu

PACKAGES="fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 poppler-utils"

have_all() {
    command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian: cannot tell, say nothing
    for p in $PACKAGES; do
        dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" || return 1
    done
}

if have_all; then
    exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-fonts: installing $PACKAGES for PDF output"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null; then
        exit 0
    fi
    echo "ensure-fonts: apt-get failed; PDF output will not work (安装失败，无法生成 PDF)" >&2
    exit 0
fi

cat <<MSG
ensure-fonts: PDF letters and reports need these Debian packages: $PACKAGES
  Install them:  sudo apt-get install --no-install-recommends $PACKAGES
ensure-fonts：生成 PDF 文书需要以下 Debian 软件包：$PACKAGES
  安装方法：     sudo apt-get install --no-install-recommends $PACKAGES
MSG
exit 0
