#!/bin/sh
# Regenerates the console's PNG icons (Qt SVG is not available, so the PNGs are the sources the
# build embeds). Each icon is drawn once on a 96x96 canvas with ImageMagick's vector primitives
# and scaled down to its two sizes (base and @2x). Run from anywhere; needs ImageMagick 6.
set -eu
cd "$(dirname "$0")"
IM=/usr/bin/convert

draw() { # name base-size draw-arguments...
    name=$1 size=$2
    shift 2
    $IM -size 96x96 xc:none "$@" /tmp/flotilla-icon-$$.png
    $IM /tmp/flotilla-icon-$$.png -filter Lanczos -resize "${size}x${size}" -strip "PNG32:${name}.png"
    double=$((size * 2))
    $IM /tmp/flotilla-icon-$$.png -filter Lanczos -resize "${double}x${double}" -strip "PNG32:${name}@2x.png"
    rm -f /tmp/flotilla-icon-$$.png
}

BLUE='#1e63b8'
DARK='#37474f'
GREEN='#2e7d32'
RED='#c62828'
AMBER='#c77c02'

# Application icon: a white car on a blue rounded square.
draw flotilla 24 -fill "$BLUE" -draw "roundrectangle 2,2 93,93 20,20" \
    -fill white -draw "roundrectangle 12,46 84,66 9,9" \
    -draw "path 'M 26,48 L 35,30 Q 37,26 42,26 L 58,26 Q 63,26 65,30 L 74,48 Z'" \
    -fill "$BLUE" -draw "path 'M 33,46 L 40,33 Q 41,31 44,31 L 47,31 L 47,46 Z'" \
    -draw "path 'M 52,46 L 52,31 L 57,31 Q 60,31 61,33 L 67,46 Z'" \
    -fill white -stroke "$BLUE" -strokewidth 4 -draw "circle 30,66 30,76" -draw "circle 66,66 66,76"
$IM -size 96x96 xc:none -fill "$BLUE" -draw "roundrectangle 2,2 93,93 20,20" \
    -fill white -draw "roundrectangle 12,46 84,66 9,9" \
    -draw "path 'M 26,48 L 35,30 Q 37,26 42,26 L 58,26 Q 63,26 65,30 L 74,48 Z'" \
    -fill "$BLUE" -draw "path 'M 33,46 L 40,33 Q 41,31 44,31 L 47,31 L 47,46 Z'" \
    -draw "path 'M 52,46 L 52,31 L 57,31 Q 60,31 61,33 L 67,46 Z'" \
    -fill white -stroke "$BLUE" -strokewidth 4 -draw "circle 30,66 30,76" -draw "circle 66,66 66,76" \
    -filter Lanczos -resize 256x256 -strip PNG32:flotilla-256.png

# Navigation: vehicles (car), registrations (clipboard with a check), events (list with dots).
draw vehicles 24 -fill "$DARK" -stroke none -draw "roundrectangle 8,44 88,68 10,10" \
    -draw "path 'M 24,46 L 34,26 Q 36,22 41,22 L 60,22 Q 65,22 68,26 L 78,46 Z'" \
    -fill white -draw "path 'M 31,44 L 38,29 Q 39,27 42,27 L 47,27 L 47,44 Z'" \
    -draw "path 'M 52,44 L 52,27 L 59,27 Q 62,27 63,29 L 71,44 Z'" \
    -fill "$DARK" -stroke white -strokewidth 4 -draw "circle 28,68 28,79" -draw "circle 68,68 68,79"
draw registrations 24 -fill none -stroke "$DARK" -strokewidth 7 -draw "roundrectangle 16,14 80,88 8,8" \
    -fill "$DARK" -stroke none -draw "roundrectangle 32,6 64,22 5,5" \
    -fill none -stroke "$AMBER" -strokewidth 9 -draw "polyline 30,52 43,65 66,40"
draw events 24 -fill "$DARK" -stroke none \
    -draw "circle 16,22 16,29" -draw "circle 16,48 16,55" -draw "circle 16,74 16,81" \
    -draw "roundrectangle 32,17 88,27 4,4" -draw "roundrectangle 32,43 88,53 4,4" \
    -draw "roundrectangle 32,69 76,79 4,4"

# Online / offline dots for the inventory.
draw online 16 -fill "$GREEN" -stroke white -strokewidth 6 -draw "circle 48,48 48,78"
draw offline 16 -fill none -stroke '#9e9e9e' -strokewidth 10 -draw "circle 48,48 48,74"

# Actions.
draw accept 16 -fill none -stroke "$GREEN" -strokewidth 16 -draw "polyline 14,50 38,74 82,24"
draw reject 16 -fill none -stroke "$RED" -strokewidth 16 -draw "line 20,20 76,76" -draw "line 76,20 20,76"
draw copy 16 -fill white -stroke "$DARK" -strokewidth 8 -draw "roundrectangle 10,10 60,68 6,6" \
    -draw "roundrectangle 36,30 86,88 6,6"
draw rotate 16 -fill none -stroke "$DARK" -strokewidth 11 -draw "arc 14,14 82,82 200,500" \
    -fill "$DARK" -stroke none -draw "polygon 4,30 34,30 19,56"
draw key 16 -fill none -stroke "$AMBER" -strokewidth 11 -draw "circle 30,48 30,66" \
    -draw "line 48,48 90,48" -draw "line 78,48 78,66" -draw "line 64,48 64,62"
draw status 16 -fill "$BLUE" -stroke none -draw "circle 48,48 48,90" \
    -fill white -draw "circle 48,26 48,33" -draw "roundrectangle 42,40 54,74 4,4"
draw demo 16 -fill "$GREEN" -stroke none -draw "circle 48,48 48,90" \
    -fill white -draw "polygon 38,28 38,68 70,48"

# Releases and updates: releases (a package box), import (arrow into a tray), update (arrow up out
# of a circle), delta (the Greek letter), signing (a seal with a check).
draw releases 24 -fill "$DARK" -stroke none -draw "polygon 48,8 86,26 48,44 10,26" \
    -draw "polygon 10,32 45,49 45,90 10,72" -draw "polygon 51,49 86,32 86,72 51,90" \
    -fill "$AMBER" -draw "polygon 29,17 67,35 67,46 58,42 58,37 20,21"
draw import 16 -fill "$DARK" -stroke none -draw "rectangle 8,54 18,88" -draw "rectangle 8,78 88,88" \
    -draw "rectangle 78,54 88,88" \
    -stroke "$BLUE" -strokewidth 11 -draw "line 48,8 48,54" \
    -fill "$BLUE" -stroke none -draw "polygon 26,44 70,44 48,70"
draw update 16 -fill "$BLUE" -stroke none -draw "circle 48,48 48,90" \
    -fill white -draw "polygon 48,18 74,48 58,48 58,76 38,76 38,48 22,48"
draw delta 16 -fill none -stroke "$DARK" -strokewidth 10 -draw "polygon 48,12 86,84 10,84" \
    -fill "$AMBER" -stroke none -draw "circle 48,62 48,72"
draw signing 16 -fill "$AMBER" -stroke none -draw "circle 48,40 48,80" \
    -draw "polygon 28,66 20,92 36,84 44,94 48,74" -draw "polygon 68,66 76,92 60,84 52,94 48,74" \
    -fill none -stroke white -strokewidth 8 -draw "polyline 32,40 44,52 66,28"
