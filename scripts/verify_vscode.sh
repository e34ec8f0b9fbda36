#!/usr/bin/env bash
# Follows docs/editors.md's VS Code set-up from a fresh install and checks the result in a
# real VS Code (code-server, VS Code in the browser, driven by Playwright and Debian's
# chromium): factlint's diagnostics appear, a hover shows the rule's docs and its link
# opens the rule reference, a quick fix is offered and applies.
#
#   scripts/verify_vscode.sh            # everything fresh, in a new temporary folder
#
# Needs: python3 (3.11+), node 20 and npm with the npm registry reachable, a C/C++
# toolchain (code-server's native modules), /usr/bin/chromium. Not run by CI: it
# downloads code-server (~100 MB) and takes minutes. Environment:
#   FACTLINT_VSCODE_WORK  folder to work in (default: a new mktemp folder)
#   CODE_SERVER_DIR       an already installed code-server package (skips its install)
#   PORT                  code-server's port on 127.0.0.1 (default 18123)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${FACTLINT_VSCODE_WORK:-$(mktemp -d /tmp/factlint-vscode.XXXXXX)}
CODE_SERVER_VERSION=4.96.4
PLAYWRIGHT_VERSION=1.57.0
PORT=${PORT:-18123}
PYTHON=${PYTHON:-python3}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
log() { echo "== $(date -u +%H:%M:%S) $*" >&2; }

# -- 1. the articles' folder, with factlint installed in its own fresh virtualenv, as
#       docs/editors.md says (a checkout installs itself: pip install '.[lsp]') ----------
WS=$WORK/articles
mkdir -p "$WS/.vscode"
log "fresh virtualenv $WS/.venv, pip install '$REPO[lsp]'"
"$PYTHON" -m venv "$WS/.venv"
"$WS/.venv/bin/pip" install -q "$REPO[lsp]"
"$WS/.venv/bin/factlint" --version
cat > "$WS/harbor.md" <<'EOF'
# Harbor Lights

## Plot

The crew sets out at at dawn and reaches the island by noon.

## Plot

They land on the island and make camp by the lighthouse.
EOF
# The workspace setting docs/editors.md gives for a virtualenv in the project folder.
cat > "$WS/.vscode/settings.json" <<'EOF'
{
  "factlint.server.command": [".venv/bin/factlint", "lsp"]
}
EOF

# -- 2. the extension, built and packaged as docs/editors.md says ------------------------
log "building the extension (npm ci, vsce package)"
rm -rf "$WORK/vscode"
mkdir -p "$WORK/vscode"
(cd "$REPO/editors/vscode" && git ls-files -z --cached --others --exclude-standard . |
   xargs -0 -I{} cp --parents {} "$WORK/vscode/")
(cd "$WORK/vscode" && npm ci --no-audit --no-fund &&
   npx vsce package --skip-license --allow-missing-repository)
VSIX=$(ls "$WORK"/vscode/factlint-*.vsix)

# -- 3. code-server from npm ------------------------------------------------------------
# `npm install code-server` cannot work here as it is: its postinstall (a) refuses root
# unless npm_config_unsafe_perm=true, (b) installs lib/vscode's dependencies from a
# shrinkwrap naming @vscode/proxy-agent by a GitHub git URL (GitHub is unreachable here;
# the same version is on the npm registry), (c) runs install scripts that download
# prebuilt binaries from GitHub (ripgrep, kerberos). So the package is unpacked and its
# postinstall's steps are done by hand: dependencies without scripts, then the native
# modules code-server needs built from source with node-gyp (Node's headers in
# /usr/include/node). kerberos (needs gssapi headers) and ripgrep (search) are left out.
if [ -z "${CODE_SERVER_DIR:-}" ]; then
  log "installing code-server $CODE_SERVER_VERSION from npm"
  rm -rf "$WORK/code-server"
  mkdir -p "$WORK/code-server"
  (
    cd "$WORK/code-server"
    npm pack --silent "code-server@$CODE_SERVER_VERSION" >/dev/null
    tar xzf "code-server-$CODE_SERVER_VERSION.tgz"
    cd package
    npm install --omit=dev --no-audit --no-fund --ignore-scripts
    npm rebuild argon2
    cd lib/vscode
    node -e '
      const fs = require("fs");
      const p = "npm-shrinkwrap.json";
      const d = JSON.parse(fs.readFileSync(p, "utf8"));
      const e = d.packages["node_modules/@vscode/proxy-agent"];
      e.resolved = `https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-${e.version}.tgz`;
      delete e.integrity;
      fs.writeFileSync(p, JSON.stringify(d, null, 2));'
    npm install --omit=dev --no-audit --no-fund --ignore-scripts
    for module in node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid; do
      npm rebuild "$module"
    done
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
    (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
    cd extensions
    npm install --omit=dev --no-audit --no-fund --ignore-scripts
  )
  CODE_SERVER_DIR=$WORK/code-server/package
fi
CODE_SERVER=("node" "$CODE_SERVER_DIR/out/node/entry.js")

# -- 4. the browser driver --------------------------------------------------------------
log "installing playwright-core $PLAYWRIGHT_VERSION (drives /usr/bin/chromium)"
mkdir -p "$WORK/driver"
(cd "$WORK/driver" && echo '{"private": true}' > package.json &&
   npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION")

# -- 5. code-server in a home of its own, the extension installed as the docs say --------
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_DATA_HOME=$WORK/home/.local/share
mkdir -p "$WORK/user-data/User" "$WORK/shots"
# The harness's own settings (not factlint's): no trust prompt, no welcome page.
cat > "$WORK/user-data/User/settings.json" <<'EOF'
{
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false
}
EOF
CS_ARGS=(--user-data-dir "$WORK/user-data" --extensions-dir "$WORK/extensions")
log "code-server --install-extension $(basename "$VSIX")"
"${CODE_SERVER[@]}" "${CS_ARGS[@]}" --install-extension "$VSIX"
"${CODE_SERVER[@]}" "${CS_ARGS[@]}" --list-extensions --show-versions

log "starting code-server on 127.0.0.1:$PORT"
"${CODE_SERVER[@]}" "${CS_ARGS[@]}" --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust "$WS" \
  > "$WORK/code-server.log" 2>&1 &
CS_PID=$!
trap 'kill "$CS_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  if node -e "require('http').get('http://127.0.0.1:$PORT/healthz', r => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1))"; then
    break
  fi
  sleep 1
done

# -- 6. what a user sees ----------------------------------------------------------------
log "driving VS Code in chromium"
status=0
NODE_PATH=$WORK/driver/node_modules node "$REPO/scripts/verify_vscode.js" \
  "http://127.0.0.1:$PORT" "$WS" harbor.md "$WORK/shots" > "$WORK/result.json" || status=$?
cat "$WORK/result.json"

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "factlint: $("$WS/.venv/bin/factlint" --version 2>&1 | tail -1)"
  echo "pygls: $("$WS/.venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pygls"))')"
  echo "code-server: $("${CODE_SERVER[@]}" --version 2>/dev/null | tail -1)"
  echo "extension: $(basename "$VSIX"), vscode-languageclient $(node -p "require('$WORK/vscode/node_modules/vscode-languageclient/package.json').version")"
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null)"
  echo "playwright-core: $PLAYWRIGHT_VERSION, node: $(node --version), npm: $(npm --version)"
  echo "python: $("$WS/.venv/bin/python" --version)"
} | tee "$WORK/versions.txt"
log "screenshots and logs in $WORK (result: $([ "$status" = 0 ] && echo passed || echo FAILED))"
exit "$status"
