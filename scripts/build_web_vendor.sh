#!/usr/bin/env bash
# Rebuild src/armstrack/web/static/vendor from the npm registry: the dashboard's only third-party
# files (Leaflet, topojson-client, Natural Earth outlines from world-atlas). Versions are pinned in
# web-vendor/package.json and package-lock.json; node_modules stays in web-vendor/ (not committed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
vendor="$root/src/armstrack/web/static/vendor"
cd "$root/web-vendor"
npm ci --no-audit --no-fund
rm -rf "$vendor"
mkdir -p "$vendor"
cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css "$vendor/"
cp node_modules/leaflet/LICENSE "$vendor/LICENSE-leaflet.txt"
cp node_modules/topojson-client/dist/topojson-client.min.js "$vendor/"
cp node_modules/topojson-client/LICENSE "$vendor/LICENSE-topojson-client.txt"
cp node_modules/world-atlas/countries-50m.json "$vendor/countries-50m.json"
cp node_modules/world-atlas/LICENSE "$vendor/LICENSE-world-atlas.txt"
echo "vendor files in $vendor:"
ls -l "$vendor"
