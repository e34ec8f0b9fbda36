'use strict';
// node --test: the extension's pure logic and its manifest (no VS Code, no network).

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { DEFAULT_COMMAND, resolveCommand, initializationOptions } = require('../lib/settings');

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));

test('default command is factlint lsp, looked up on PATH', () => {
  assert.deepEqual(resolveCommand(undefined, '/ws'), { command: 'factlint', args: ['lsp'] });
  assert.deepEqual(resolveCommand(null, undefined), { command: 'factlint', args: ['lsp'] });
});

test('relative program path with a slash is taken from the workspace folder', () => {
  assert.deepEqual(resolveCommand(['.venv/bin/factlint', 'lsp'], '/home/ed/posts'),
                   { command: '/home/ed/posts/.venv/bin/factlint', args: ['lsp'] });
  assert.deepEqual(resolveCommand(['/opt/fl/bin/factlint', 'lsp'], '/home/ed/posts'),
                   { command: '/opt/fl/bin/factlint', args: ['lsp'] });
});

test('workspaceFolder and ~ are expanded in the program and the arguments', () => {
  assert.deepEqual(
    resolveCommand(['${workspaceFolder}/env/bin/python', '-m', 'factlint', 'lsp'], '/ws'),
    { command: '/ws/env/bin/python', args: ['-m', 'factlint', 'lsp'] });
  assert.deepEqual(resolveCommand(['~/bin/factlint', 'lsp'], '/ws', '/home/ed'),
                   { command: '/home/ed/bin/factlint', args: ['lsp'] });
  assert.throws(() => resolveCommand(['${workspaceFolder}/x', 'lsp'], undefined),
                /no folder is open/);
});

test('an unusable setting is refused with a message naming it', () => {
  for (const bad of [[], 'factlint lsp', [''], [3, 'lsp'], {}]) {
    assert.throws(() => resolveCommand(bad, '/ws'), /factlint\.server\.command/);
  }
});

test('initialization options carry debounce and a non-empty docsUrl only', () => {
  assert.deepEqual(initializationOptions({ debounce: 300, docsUrl: '' }), { debounce: 300 });
  assert.deepEqual(initializationOptions({ debounce: -1, docsUrl: ' https://x.org/r.html ' }),
                   { docsUrl: 'https://x.org/r.html' });
  assert.deepEqual(initializationOptions({}), {});
});

test('manifest activates on Markdown and plain text and declares the settings', () => {
  assert.deepEqual(manifest.activationEvents.sort(),
                   ['onLanguage:markdown', 'onLanguage:plaintext']);
  assert.equal(manifest.main, './extension.js');
  assert.ok(fs.existsSync(path.join(__dirname, '..', manifest.main)));
  const props = manifest.contributes.configuration.properties;
  assert.deepEqual(props['factlint.server.command'].default, DEFAULT_COMMAND);
  assert.equal(props['factlint.docsUrl'].default, '');
  assert.equal(props['factlint.debounce'].default, 300);
  assert.ok(props['factlint.trace.server'].enum.includes('verbose'));
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command), ['factlint.restart']);
  assert.ok(manifest.dependencies['vscode-languageclient']);
  assert.ok(manifest.engines.vscode);
});

test('extension reads every setting the manifest declares', () => {
  const source = fs.readFileSync(path.join(__dirname, '..', 'extension.js'), 'utf8');
  const props = manifest.contributes.configuration.properties;
  for (const key of Object.keys(props)) {
    if (key === 'factlint.trace.server') {
      continue; // read by vscode-languageclient itself (the client's id is "factlint")
    }
    const short = key.replace(/^factlint\./, '');
    assert.ok(source.includes(`'${short}'`), `extension.js never reads ${key}`);
  }
  assert.match(source, /new LanguageClient\(\s*'factlint'/);
  // With a `transport` the client appends `--stdio` to the command: the configured
  // command must run exactly as written.
  assert.doesNotMatch(source, /transport\s*:/);
});
