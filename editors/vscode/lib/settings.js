'use strict';
// The extension's pure logic (no `vscode` import), so node's test runner can check it.

const path = require('path');
const os = require('os');

const DEFAULT_COMMAND = ['factlint', 'lsp'];

/**
 * The program and arguments that start the server, from the `factlint.server.command`
 * setting. `${workspaceFolder}` and a leading `~` are expanded; a relative program path
 * with a separator (`.venv/bin/factlint`) is taken from `folder` (the first workspace
 * folder), as a terminal opened there would run it; a bare name is looked up on PATH.
 * Throws an Error with a message for the user when the setting is unusable.
 */
function resolveCommand(setting, folder, home = os.homedir()) {
  const parts = setting === undefined || setting === null ? DEFAULT_COMMAND : setting;
  if (!Array.isArray(parts) || parts.length === 0 ||
      !parts.every((p) => typeof p === 'string') || parts[0].trim() === '') {
    throw new Error('factlint.server.command must be a list of strings, program first ' +
                    '(e.g. ["factlint", "lsp"])');
  }
  const expand = (value) => {
    let out = value;
    if (folder) {
      out = out.split('${workspaceFolder}').join(folder);
    } else if (out.includes('${workspaceFolder}')) {
      throw new Error('factlint.server.command uses ${workspaceFolder}, but no folder is open');
    }
    if (out === '~' || out.startsWith('~/')) {
      out = path.join(home, out.slice(1));
    }
    return out;
  };
  let command = expand(parts[0]);
  const hasSeparator = command.includes('/') || command.includes(path.sep);
  if (hasSeparator && !path.isAbsolute(command) && folder) {
    command = path.resolve(folder, command);
  }
  return { command, args: parts.slice(1).map(expand) };
}

/** The server's initialization options from the extension's settings. */
function initializationOptions(settings) {
  const out = {};
  if (typeof settings.debounce === 'number' && Number.isFinite(settings.debounce) &&
      settings.debounce >= 0) {
    out.debounce = settings.debounce;
  }
  if (typeof settings.docsUrl === 'string' && settings.docsUrl.trim() !== '') {
    out.docsUrl = settings.docsUrl.trim();
  }
  return out;
}

module.exports = { DEFAULT_COMMAND, resolveCommand, initializationOptions };
