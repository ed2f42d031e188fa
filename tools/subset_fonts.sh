#!/bin/sh
# Makes the Fira Sans files in static/vendor/kern-ux/fonts/fira-sans/ from the full fonts of the
# npm package @kern-ux/native (issue 10: four full weights were 543 KB of the home page's 609 KB).
#
# Two weights only: 400 (KERN's body, label-subtle and preline) and 600 (KERN's headings, labels and
# strong text). fira-sans.css maps 500 to the regular file and 700 to the semi-bold one, so the
# browser neither fetches a third file nor fakes bold. No italic: nothing in the UI asks for it, and
# the odd <em> from a news text is slanted by the browser.
#
# Each weight is cut into two files by script, and fira-sans.css declares the same unicode-range, so a
# German or Turkish page loads only the Latin file and the Cyrillic one is fetched on a page that
# has Ukrainian text on it.
#
# Needs fontTools with Brotli, for the build only (not a requirement of the site):
#   python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools brotli
#   cd /tmp && npm pack @kern-ux/native@2.7.2 && tar xzf kern-ux-native-2.7.2.tgz
#   PATH=/tmp/fontvenv/bin:$PATH tools/subset_fonts.sh /tmp/package/dist/fonts/fira-sans
# Keep the ranges here and in fira-sans.css the same (tests/site/test_page_weight.py checks the CSS).
set -eu

SOURCE=${1:?usage: tools/subset_fonts.sh DIR-WITH-THE-FULL-FIRA-SANS-WOFF2-FILES}
TARGET=$(dirname "$0")/../static/vendor/kern-ux/fonts/fira-sans

# Latin-1 (German umlauts, ß, «»), Latin Extended-A (Turkish ğ ı ş İ, Polish, Czech …), the general
# punctuation block („“ – — … ‹›), €, ₺, arrows and the few maths signs the pages print.
LATIN="U+0000-017F,U+0218-021B,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0300-0308,U+2000-206F,U+20AC,U+20BA,U+2122,U+2190-2193,U+2212,U+2215,U+2260,U+2264-2265,U+FEFF,U+FFFD"
# Russian and Ukrainian (Є І Ї Ґ), with the numero sign.
CYRILLIC="U+0400-045F,U+0490-0491,U+2116"

for weight in Regular SemiBold; do
    for subset in latin cyrillic; do
        if [ "$subset" = latin ]; then unicodes=$LATIN; else unicodes=$CYRILLIC; fi
        pyftsubset "$SOURCE/FiraSans-$weight.woff2" \
            --unicodes="$unicodes" \
            --layout-features='kern,liga,calt,ccmp,locl,mark,mkmk,case,tnum,lnum' \
            --flavor=woff2 --no-hinting --desubroutinize \
            --name-IDs='*' --name-languages='*' \
            --output-file="$TARGET/FiraSans-$weight-$subset.woff2"
    done
done
ls -l "$TARGET"
