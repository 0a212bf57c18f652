#!/usr/bin/env bash
# Vendor pinned front-end assets from the npm registry into static/vendor/.
#
# Usage:
#   scripts/vendor_assets.sh            # fetch, verify against scripts/vendor.lock, install
#   scripts/vendor_assets.sh --update   # same, but record missing checksums in the lock
#
# Each package is fetched with `npm pack NAME@VERSION` (no CDN needed), its
# tarball's sha256 is checked against scripts/vendor.lock (`name version sha256`
# per line), the wanted files are copied into static/vendor/<name>/ and every
# sourceMappingURL / css url() they reference is checked to exist (Django's
# ManifestStaticFilesStorage fails on missing referenced files).
#
# To bump a pin: edit the version below and run with --update; review the
# resulting vendor.lock diff. A checksum *mismatch* for an already recorded
# name+version is always an error (npm versions are immutable), even with
# --update; delete that lock line by hand if you really mean to re-record it.
set -euo pipefail

# ---------------------------------------------------------------------------
# Pins
# ---------------------------------------------------------------------------
BOOTSTRAP_VERSION="5.3.8"        # newest 5.3.x
BOOTSTRAP_ICONS_VERSION="1.13.2" # newest 1.x
ECHARTS_VERSION="5.6.0"          # newest 5.x

# ---------------------------------------------------------------------------
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$SCRIPT_DIR/.." && pwd)"
LOCK_FILE="$SCRIPT_DIR/vendor.lock"
VENDOR_DIR="$ROOT_DIR/static/vendor"

UPDATE=0
usage() { sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
for arg in "$@"; do
    case "$arg" in
        --update) UPDATE=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown argument: $arg" >&2; usage >&2; exit 2 ;;
    esac
done

die() { echo "error: $*" >&2; exit 1; }
log() { echo "==> $*"; }

command -v npm >/dev/null 2>&1 || die "npm is required (used for 'npm pack')"
command -v tar >/dev/null 2>&1 || die "tar is required"

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | awk '{print $1}'
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | awk '{print $1}'
    else
        die "need sha256sum or shasum"
    fi
}

TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/vendor_assets.XXXXXX")"
trap 'rm -rf "$TMP_DIR"' EXIT
STAGE_DIR="$TMP_DIR/stage"
mkdir -p "$STAGE_DIR"

# lock_lookup NAME VERSION -> prints recorded sha256 (empty if none)
lock_lookup() {
    [ -f "$LOCK_FILE" ] || return 0
    awk -v n="$1" -v v="$2" '$1 == n && $2 == v { print $3; exit }' "$LOCK_FILE"
}

# lock_record NAME VERSION SHA: add the line, dropping lines for other
# versions of the same package (they are stale once the pin moves).
lock_record() {
    local tmp="$TMP_DIR/vendor.lock.new"
    {
        echo "# scripts/vendor.lock - sha256 of npm tarballs vendored by scripts/vendor_assets.sh"
        echo "# format: name version sha256   (maintained by: scripts/vendor_assets.sh --update)"
        {
            [ -f "$LOCK_FILE" ] && grep -v '^[[:space:]]*#' "$LOCK_FILE" | grep -v '^[[:space:]]*$' \
                | awk -v n="$1" '$1 != n' || true
            echo "$1 $2 $3"
        } | LC_ALL=C sort
    } > "$tmp"
    cat "$tmp" > "$LOCK_FILE"
}

# fetch NAME VERSION -> extracts to $TMP_DIR/src/NAME/package, verified
fetch() {
    local name="$1" version="$2"
    local dl="$TMP_DIR/dl/$name"
    mkdir -p "$dl"
    log "npm pack $name@$version"
    local tarball
    tarball="$(cd "$dl" && npm pack "$name@$version" --ignore-scripts --silent 2>/dev/null | tail -n 1)" \
        || die "npm pack $name@$version failed (is the npm registry reachable?)"
    [ -n "$tarball" ] && [ -f "$dl/$tarball" ] || die "npm pack $name@$version produced no tarball"

    local actual expected
    actual="$(sha256_of "$dl/$tarball")"
    expected="$(lock_lookup "$name" "$version")"
    if [ -z "$expected" ]; then
        if [ "$UPDATE" -eq 1 ]; then
            lock_record "$name" "$version" "$actual"
            log "recorded $name $version $actual in ${LOCK_FILE#"$ROOT_DIR"/}"
        else
            die "no checksum for $name $version in ${LOCK_FILE#"$ROOT_DIR"/} (got sha256 $actual).
       If this pin change is intended, re-run with --update to record it."
        fi
    elif [ "$expected" != "$actual" ]; then
        die "sha256 mismatch for $name $version:
       expected $expected (${LOCK_FILE#"$ROOT_DIR"/})
       actual   $actual
       Refusing to vendor. npm versions are immutable, so this suggests a corrupted
       or tampered download. Remove the lock line by hand only if you are sure."
    else
        log "sha256 ok for $name $version"
    fi

    mkdir -p "$TMP_DIR/src/$name"
    tar -xzf "$dl/$tarball" -C "$TMP_DIR/src/$name"
    [ -d "$TMP_DIR/src/$name/package" ] || die "unexpected tarball layout for $name $version"
}

# put NAME SRC_REL DEST_REL: copy package/SRC_REL to stage/NAME/DEST_REL
put() {
    local name="$1" src="$TMP_DIR/src/$1/package/$2" dest="$STAGE_DIR/$1/$3"
    [ -f "$src" ] || die "$name: expected file '$2' not found in the npm tarball"
    mkdir -p "$(dirname "$dest")"
    cp "$src" "$dest"
    chmod 0644 "$dest"
}

# put_optional NAME SRC_REL DEST_REL: like put, but skip silently if absent
put_optional() {
    [ -f "$TMP_DIR/src/$1/package/$2" ] && put "$@" || true
}

# check_refs DIR: every sourceMappingURL and (non data:) css url() referenced
# from the .css/.js files under DIR must exist, relative to the referencing file.
check_refs() {
    local dir="$1" f ref target missing=0
    while IFS= read -r -d '' f; do
        while IFS= read -r ref; do
            [ -n "$ref" ] || continue
            case "$ref" in
                data:*|http:*|https:*|//*|\#*) continue ;;
            esac
            ref="${ref%%[?#]*}"          # drop ?query / #fragment (cache busters)
            target="$(dirname "$f")/$ref"
            if [ ! -f "$target" ]; then
                echo "error: ${f#"$dir"/} references missing file '$ref'" >&2
                missing=1
            fi
        done < <(
            {
                grep -oE 'sourceMappingURL=[^[:space:]*]+' "$f" | sed 's/^sourceMappingURL=//' || true
                case "$f" in
                    *.css) grep -oE 'url\([^)]*\)' "$f" \
                               | sed -E 's/^url\([[:space:]]*["'"'"']?//; s/["'"'"']?[[:space:]]*\)$//' || true ;;
                esac
            }
        )
    done < <(find "$dir" -type f \( -name '*.css' -o -name '*.js' \) -print0)
    [ "$missing" -eq 0 ] || die "unresolved references in vendored files (see above)"
}

# ---------------------------------------------------------------------------
# bootstrap
# ---------------------------------------------------------------------------
fetch bootstrap "$BOOTSTRAP_VERSION"
put bootstrap dist/css/bootstrap.min.css        css/bootstrap.min.css
put bootstrap dist/css/bootstrap.min.css.map    css/bootstrap.min.css.map
put bootstrap dist/js/bootstrap.bundle.min.js     js/bootstrap.bundle.min.js
put bootstrap dist/js/bootstrap.bundle.min.js.map js/bootstrap.bundle.min.js.map
put bootstrap LICENSE                           LICENSE

# ---------------------------------------------------------------------------
# bootstrap-icons (css refers to its fonts as url("fonts/bootstrap-icons.woff2?...")
# so the font/ + font/fonts/ layout is kept)
# ---------------------------------------------------------------------------
fetch bootstrap-icons "$BOOTSTRAP_ICONS_VERSION"
put bootstrap-icons font/bootstrap-icons.min.css     font/bootstrap-icons.min.css
put bootstrap-icons font/fonts/bootstrap-icons.woff  font/fonts/bootstrap-icons.woff
put bootstrap-icons font/fonts/bootstrap-icons.woff2 font/fonts/bootstrap-icons.woff2
put bootstrap-icons LICENSE                          LICENSE

# ---------------------------------------------------------------------------
# echarts (LICENSE points to licenses/LICENSE-d3 for code bundled in the build)
# ---------------------------------------------------------------------------
fetch echarts "$ECHARTS_VERSION"
put echarts dist/echarts.min.js echarts.min.js
put echarts LICENSE             LICENSE
put_optional echarts NOTICE               NOTICE
put_optional echarts licenses/LICENSE-d3  licenses/LICENSE-d3

# ---------------------------------------------------------------------------
# verify references, then swap staged dirs into place (idempotent)
# ---------------------------------------------------------------------------
for pkg in bootstrap bootstrap-icons echarts; do
    check_refs "$STAGE_DIR/$pkg"
done

mkdir -p "$VENDOR_DIR"
for pkg in bootstrap bootstrap-icons echarts; do
    rm -rf "${VENDOR_DIR:?}/$pkg"
    cp -R "$STAGE_DIR/$pkg" "$VENDOR_DIR/$pkg"
done

file_list() {
    (cd "$VENDOR_DIR/$1" && find . -type f | LC_ALL=C sort | sed 's|^\./|    - |')
}

cat > "$VENDOR_DIR/README.md" <<EOF
# Vendored front-end assets

Third-party static files, copied verbatim from the npm registry packages below
(no CDN at runtime). **Do not edit by hand** — regenerate with
\`scripts/vendor_assets.sh\` (pins live at the top of that script; tarball
sha256 checksums are in \`scripts/vendor.lock\`).

| Package | Version | Licence |
|---|---|---|
| [bootstrap](https://www.npmjs.com/package/bootstrap) | $BOOTSTRAP_VERSION | MIT |
| [bootstrap-icons](https://www.npmjs.com/package/bootstrap-icons) | $BOOTSTRAP_ICONS_VERSION | MIT |
| [echarts](https://www.npmjs.com/package/echarts) | $ECHARTS_VERSION | Apache-2.0 |

## Files

- \`bootstrap/\`
$(file_list bootstrap)
- \`bootstrap-icons/\` (the css loads its fonts from \`fonts/\` relative to itself; keep the layout)
$(file_list bootstrap-icons)
- \`echarts/\`
$(file_list echarts)

## Usage in templates

\`\`\`django
{% load static %}
<link rel="stylesheet" href="{% static 'vendor/bootstrap/css/bootstrap.min.css' %}">
<link rel="stylesheet" href="{% static 'vendor/bootstrap-icons/font/bootstrap-icons.min.css' %}">
<script src="{% static 'vendor/bootstrap/js/bootstrap.bundle.min.js' %}"></script>
<script src="{% static 'vendor/echarts/echarts.min.js' %}"></script>
\`\`\`

\`bootstrap.min.css\` and \`bootstrap.bundle.min.js\` end with a
\`sourceMappingURL\` comment; the referenced \`.map\` files are vendored next to
them because Django's \`ManifestStaticFilesStorage\` fails \`collectstatic\` on a
missing referenced file. The script checks that every referenced map/url exists.

## Regenerate

\`\`\`sh
scripts/vendor_assets.sh            # verify checksums and reinstall
scripts/vendor_assets.sh --update   # after changing a pin: record the new checksum
\`\`\`
EOF

log "vendored into ${VENDOR_DIR#"$ROOT_DIR"/}: bootstrap $BOOTSTRAP_VERSION, bootstrap-icons $BOOTSTRAP_ICONS_VERSION, echarts $ECHARTS_VERSION"
