#!/usr/bin/env bash
# Re-vendor the docs site's third-party browser assets from the npm registry.
#
# The site must build and render with no network (tests/docs checks it in Chromium with the network blocked), so KaTeX and Material's
# iframe-worker shim are committed under docs/assets/vendor/. This script is how they got
# there; run it only to change a version, then rebuild the docs and run tests/docs.
#
#   KaTeX: katex.min.js, katex.min.css, contrib/auto-render.min.js and the woff2 fonts.
#          The CSS is rewritten to reference only the woff2 files (every browser that runs
#          Material supports woff2), so no url() in it points at a file we do not ship.
#   iframe-worker: shim/index.js, the Web Worker shim the offline plugin needs for search
#          over file:// (the offline plugin would otherwise add it from a CDN).
set -euo pipefail
KATEX_VERSION=${KATEX_VERSION:-0.19.1}
IFRAME_WORKER_VERSION=${IFRAME_WORKER_VERSION:-1.0.4}

here="$(cd "$(dirname "$0")/.." && pwd)"   # docs/
vendor="$here/assets/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm pack --silent "katex@$KATEX_VERSION" "iframe-worker@$IFRAME_WORKER_VERSION" >/dev/null
mkdir katex iframe-worker
tar xzf "katex-$KATEX_VERSION.tgz" -C katex
tar xzf "iframe-worker-$IFRAME_WORKER_VERSION.tgz" -C iframe-worker

rm -rf "$vendor/katex" "$vendor/iframe-worker"
mkdir -p "$vendor/katex/fonts" "$vendor/katex/contrib" "$vendor/iframe-worker"

src=katex/package/dist
cp "$src/katex.min.js" "$vendor/katex/"
cp "$src/contrib/auto-render.min.js" "$vendor/katex/contrib/"
cp "$src"/fonts/*.woff2 "$vendor/katex/fonts/"
# Drop the woff and ttf fallbacks from every @font-face src list.
sed -E 's/,url\(fonts\/[A-Za-z0-9_-]+\.(woff|ttf)\) format\("(woff|truetype)"\)//g' \
  "$src/katex.min.css" > "$vendor/katex/katex.min.css"
if grep -qE '\.(woff|ttf)\)' "$vendor/katex/katex.min.css"; then
  echo "vendor_assets.sh: katex.min.css still references woff/ttf fonts" >&2
  exit 1
fi
cp katex/package/LICENSE "$vendor/katex/LICENSE"
echo "katex $KATEX_VERSION (npm registry)" > "$vendor/katex/VERSION"

cp iframe-worker/package/shim/index.js "$vendor/iframe-worker/shim.js"
cp iframe-worker/package/LICENSE "$vendor/iframe-worker/LICENSE"
echo "iframe-worker $IFRAME_WORKER_VERSION (npm registry)" > "$vendor/iframe-worker/VERSION"

du -sh "$vendor"
