#!/usr/bin/env bash
# Re-fetch the browser assets that offline folium maps need (layers/offline.py) from the npm
# registry, at pinned versions, into layers/static/, and rewrite layers/static/VERSIONS.txt
# and layers/static/SHA256SUMS.
#
#   scripts/vendor_map_assets.sh          # replace the vendored copies
#   scripts/vendor_map_assets.sh --check  # fetch again and fail if the committed copies differ
#
# layers/static/ belongs to this script: everything in it is served to the browser, so it holds
# the vendored files and nothing else, and is replaced whole.
#
# Only the npm registry is contacted, through `npm pack` (which checks each tarball against
# the registry's integrity hash). Bumping a version here also means checking
# layers/offline.py (_VENDORED) and running the browser tests (pytest -m browser).
set -euo pipefail

cd "$(dirname "$0")/.."
DEST=layers/static

# Leaflet and jQuery are the versions folium 0.20 itself loads (tests check this).
# folium asks for Leaflet.markercluster 1.1.0 (2017); 1.5.3 is the current release, written
# for Leaflet >= 1.3 and called the same way (L.markerClusterGroup).
# package         version  files taken from the tarball (paths inside package/)
PACKAGES=(
    "leaflet               1.9.3  LICENSE dist/leaflet.js dist/leaflet.css dist/images/layers.png dist/images/layers-2x.png dist/images/marker-icon.png dist/images/marker-icon-2x.png dist/images/marker-shadow.png"
    "jquery                3.7.1  LICENSE.txt dist/jquery.min.js"
    "leaflet.markercluster 1.5.3  MIT-LICENCE.txt dist/leaflet.markercluster.js dist/MarkerCluster.css dist/MarkerCluster.Default.css"
)

mode=write
case "${1:-}" in
    "") ;;
    --check) mode=check ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

command -v npm >/dev/null || { echo "npm is required" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/static"
mkdir -p "$stage"

{
    echo "# Browser assets vendored for offline folium maps (served by layers/offline.py)."
    echo "# Regenerate with scripts/vendor_map_assets.sh; do not edit by hand."
    printf '# package\tversion\tlicence\tdirectory\tlicence file\n'
} >"$stage/VERSIONS.txt"

for entry in "${PACKAGES[@]}"; do
    read -r name version files <<<"$entry"
    tarball_dir="$work/tar/$name"
    mkdir -p "$tarball_dir"
    (cd "$tarball_dir" && npm pack --silent "$name@$version" >/dev/null)
    tar -xzf "$tarball_dir"/*.tgz -C "$tarball_dir"
    pkg="$tarball_dir/package"

    got=$(node -p "require('$pkg/package.json').version")
    [[ "$got" == "$version" ]] || { echo "$name: wanted $version, got $got" >&2; exit 1; }
    licence=$(node -p "require('$pkg/package.json').license")

    licence_file=""
    for f in $files; do
        # dist/images/x.png -> images/x.png; dist/x.js -> x.js; LICENSE -> LICENSE
        rel=${f#dist/}
        mkdir -p "$stage/$name/$(dirname "$rel")"
        cp "$pkg/$f" "$stage/$name/$rel"
        [[ -z "$licence_file" ]] && licence_file="$name/$rel"
    done
    printf '%s\t%s\t%s\t%s/\t%s\n' "$name" "$version" "$licence" "$name" "$licence_file" \
        >>"$stage/VERSIONS.txt"
done

(cd "$stage" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort \
    | xargs sha256sum >SHA256SUMS)

if [[ "$mode" == check ]]; then
    if diff -r "$stage" "$DEST" >/dev/null; then
        echo "layers/static matches the pinned npm packages"
    else
        diff -r "$stage" "$DEST" >&2 || true
        echo "layers/static differs from the pinned npm packages: run $0" >&2
        exit 1
    fi
else
    rm -rf "$DEST"
    mkdir -p "$DEST"
    cp -r "$stage"/. "$DEST"/
    echo "vendored into $DEST:"
    cat "$DEST/VERSIONS.txt"
fi
