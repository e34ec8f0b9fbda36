'use strict';
// factlint for VS Code: starts `factlint lsp` (the `factlint.server.command` setting) for
// Markdown and plain-text documents; everything else (diagnostics, hovers, quick fixes)
// comes from the server.

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { resolveCommand, initializationOptions } = require('./lib/settings');

let client;

function settings() {
  const config = vscode.workspace.getConfiguration('factlint');
  return {
    command: config.get('server.command'),
    docsUrl: config.get('docsUrl'),
    debounce: config.get('debounce'),
  };
}

function firstFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

async function start(output) {
  const current = settings();
  let server;
  try {
    server = resolveCommand(current.command, firstFolder());
  } catch (err) {
    vscode.window.showErrorMessage(err.message);
    return;
  }
  output.appendLine(`starting ${[server.command, ...server.args].join(' ')}`);
  client = new LanguageClient(
    'factlint',
    'factlint',
    // No `transport`: with one, the client appends `--stdio` to the command; the server
    // speaks stdio anyway, and the command runs exactly as the setting gives it.
    { command: server.command, args: server.args, options: { cwd: firstFolder() } },
    {
      documentSelector: [
        { scheme: 'file', language: 'markdown' },
        { scheme: 'file', language: 'plaintext' },
        { scheme: 'untitled', language: 'markdown' },
        { scheme: 'untitled', language: 'plaintext' },
      ],
      initializationOptions: initializationOptions(current),
      outputChannel: output,
    },
  );
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `factlint: could not start "${server.command}" (${err.message || err}); ` +
      'install factlint with its lsp extra or set factlint.server.command');
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  const output = vscode.window.createOutputChannel('factlint');
  context.subscriptions.push(output);
  context.subscriptions.push(vscode.commands.registerCommand('factlint.restart', async () => {
    await stop();
    await start(output);
  }));
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (event.affectsConfiguration('factlint.server.command') ||
        event.affectsConfiguration('factlint.docsUrl') ||
        event.affectsConfiguration('factlint.debounce')) {
      await stop();
      await start(output);
    }
  }));
  await start(output);
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
