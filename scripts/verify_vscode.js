'use strict';
// Drives code-server (VS Code in the browser) with Playwright and Debian's chromium: opens
// an article with known findings and checks, as an editor would see them, that factlint's
// diagnostics appear (squiggles and the Problems panel), that a hover shows the rule's
// docs, and that a quick fix is offered and applies. Run by scripts/verify_vscode.sh,
// which installs everything and starts code-server; prints one JSON line of what it saw.
//
//   node verify_vscode.js URL FOLDER ARTICLE SCREENSHOT_DIR

const { chromium } = require('playwright-core');

const [url, folder, article, shots] = process.argv.slice(2);
const TIMEOUT = 180000; // the first diagnostics wait for the server to load its model

function check(condition, what, seen) {
  if (!condition) {
    throw new Error(`${what}; saw: ${JSON.stringify(seen).slice(0, 2000)}`);
  }
}

// The screen boxes of every occurrence of `text` in the editor's rendered lines, top first.
async function boxes(page, text) {
  return page.evaluate((wanted) => {
    const out = [];
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      const nodes = [];
      let full = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        nodes.push([n, full.length]);
        full += n.textContent;
      }
      // The editor renders spaces as no-break spaces.
      const at = full.replace(/\u00a0/g, ' ').indexOf(wanted);
      if (at < 0) continue;
      const locate = (offset) => {
        for (let i = nodes.length - 1; i >= 0; i -= 1) {
          if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
        }
        return [nodes[0][0], 0];
      };
      const range = document.createRange();
      range.setStart(...locate(at));
      range.setEnd(...locate(at + wanted.length - 1));
      const r = range.getBoundingClientRect();
      out.push({ x: r.left, y: r.top, width: r.width + 4, height: r.height });
    }
    return out.sort((a, b) => a.y - b.y);
  }, text);
}

async function main() {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    // (Playwright's launch gives the browser a fresh, temporary --user-data-dir.)
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const result = {};
  try {
    await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: TIMEOUT });
    // Open the article from the Explorer, as a user would.
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${article}"]`);
    await row.first().waitFor({ timeout: TIMEOUT });
    await row.first().click();
    await row.first().dblclick();
    await page.waitForSelector('.monaco-editor .view-line', { timeout: TIMEOUT });

    // 1. Diagnostics: squiggles in the editor, rows in the Problems panel.
    await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: TIMEOUT });
    result.squiggles = await page.locator('.monaco-editor .squiggly-warning').count();
    await page.locator('[id="status.problems"]').first().click();
    await page.waitForFunction(
      () => /FL101/.test(document.querySelector('.markers-panel')?.innerText || '') &&
            /FL506/.test(document.querySelector('.markers-panel')?.innerText || ''),
      null, { timeout: TIMEOUT });
    result.problems = await page.locator('.markers-panel').innerText();
    check(/heading repeats the heading on line 3/.test(result.problems) &&
          /'at' is repeated/.test(result.problems) && /factlint/.test(result.problems),
          'the Problems panel lacks the findings', result.problems);
    await page.screenshot({ path: `${shots}/1-diagnostics.png` });

    // 2. Hover on the repeated heading (the second "Plot", line 7).
    const plots = await boxes(page, 'Plot');
    check(plots.length === 2, 'the two headings are not both rendered', plots);
    const plot = plots[1];
    await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
    await page.waitForFunction(
      () => /duplicate-heading/.test(
        [...document.querySelectorAll('.monaco-hover')].map((h) => h.innerText).join('\n')),
      null, { timeout: 30000 });
    const hover = page.locator('.monaco-hover').filter({ hasText: 'duplicate-heading' });
    result.hover = await hover.first().innerText();
    result.hoverLinks = await hover.first().locator('a').evaluateAll(
      (links) => links.map((a) => a.getAttribute('data-href') || a.getAttribute('href') || ''));
    check(/FL101 duplicate-heading/.test(result.hover) &&
          /FL101 in the rule reference/.test(result.hover),
          'the hover lacks the rule docs', result.hover);
    // code-server shows the server's file:// link as vscode-remote:// (the file is on
    // its side); it ends in the line of the rule's heading.
    const docs = result.hoverLinks.find((h) => /^(file|vscode-remote):\/\/.*rules\.md#L\d+$/.test(h));
    check(docs !== undefined, 'the hover has no link to the rule reference', result.hoverLinks);
    await page.screenshot({ path: `${shots}/2-hover.png` });
    // Following the link opens the rule reference at the rule's heading.
    await hover.first().locator('a', { hasText: 'FL101 in the rule reference' }).first().click();
    const wantedLine = docs.replace(/.*#L/, '');
    await page.waitForFunction(
      (line) => document.querySelector('.tab.active')?.innerText.includes('rules.md') &&
        new RegExp(`Ln ${line},`).test(document.querySelector('[id="status.editor.selection"]')?.innerText || ''),
      wantedLine, { timeout: 30000 });
    result.docsOpened = (await page.locator('.monaco-editor .view-line').allInnerTexts())
      .filter((t) => t.includes('FL101'));
    check(result.docsOpened.some((t) => t.replace(/\u00a0/g, ' ').includes('## FL101 duplicate-heading')),
          'the rule reference is not open at FL101', result.docsOpened);
    await page.screenshot({ path: `${shots}/2b-rule-reference.png` });
    await page.locator('.tab', { hasText: article }).first().click();
    await page.waitForFunction(
      () => document.querySelector('.tab.active')?.innerText.includes('harbor'), null,
      { timeout: 30000 });

    // 3. Quick fix on the doubled "at at" (line 5): the light bulb's menu (Ctrl+.).
    const doubled = (await boxes(page, 'at at'))[0];
    check(doubled !== undefined, 'the doubled word is not rendered', null);
    await page.mouse.click(doubled.x + 3, doubled.y + doubled.height / 2);
    await page.keyboard.press('Control+.');
    await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 30000 });
    result.actions = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
    check(result.actions.some((t) => t.includes("Delete the repeated 'at'")) &&
          result.actions.some((t) => t.includes('Suppress FL506 on this line')),
          'the quick fixes are not offered', result.actions);
    await page.screenshot({ path: `${shots}/3-quick-fix.png` });
    // Choose it with the keyboard (the menu's rows move under a pointer).
    for (let i = 0; i < result.actions.length; i += 1) {
      const focused = await page.locator('.action-widget .monaco-list-row.focused').innerText()
        .catch(() => '');
      if (focused.includes("Delete the repeated 'at'")) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => [...document.querySelectorAll('.monaco-editor .view-line')]
        .some((l) => l.innerText.replace(/\u00a0/g, ' ').includes('sets out at dawn')),
      null, { timeout: 30000 });
    result.fixed = true;
    // The fixed text is checked again: FL506's diagnostic goes, FL101's stays.
    await page.waitForFunction(
      () => {
        const text = document.querySelector('.markers-panel')?.innerText || '';
        return /FL101/.test(text) && !/FL506/.test(text);
      }, null, { timeout: TIMEOUT });
    result.problemsAfterFix = await page.locator('.markers-panel').innerText();
    await page.screenshot({ path: `${shots}/4-fixed.png` });
    result.ok = true;
  } catch (err) {
    result.ok = false;
    result.error = String(err && err.message ? err.message : err);
    await page.screenshot({ path: `${shots}/failure.png` }).catch(() => {});
  } finally {
    await browser.close();
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.ok ? 0 : 1);
}

main();
