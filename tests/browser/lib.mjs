// Shared by the browser tests: the site, its mail, Chromium, translations, axe-core.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const RUN = process.env.SMTP_TEST_RUN_DIR || path.join(ROOT, '.run');
// The WordPress and PHP under test (scripts/test-browser.sh: WP_DIR, SMTP_EXTENSION=0 for a PHP without the extension).
export const PHP_EXT = process.env.SMTP_EXTENSION === '0' ? [] : ['-d', `extension=${ROOT}/modules/smtp.so`];
export const URL = `http://127.0.0.1:${process.env.WP_PORT || 8080}`;
export const OUT = path.join(ROOT, 'test-output/browser');
export const env = Object.fromEntries(fs.readFileSync(path.join(RUN, 'servers.env'), 'utf8').trim().split('\n').map((l) => l.split(/=(.*)/s).slice(0, 2)));
fs.mkdirSync(OUT, { recursive: true });

/** Runs one of the suites' PHP helpers beside this file (wp.php, codes-wp.php, ...) in the WordPress and PHP under test. */
export const php = (script, ...args) => execFileSync('php', [...PHP_EXT, path.join(import.meta.dirname, script), ...args],
  { env: { ...process.env, WP_DIR: process.env.WP_DIR || path.join(RUN, 'wordpress') } }).toString();
export const wp = (...args) => php('wp.php', ...args);

/** The plugin's strings in a locale, as WordPress translates them ({msgid: text}). */
export const translate = (locale, ids) => JSON.parse(wp('translate', locale, JSON.stringify(ids)));

export const qpDecode = (s) => s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

// The newest message in a maildir box sent to `to` after `since` (and matching `pattern`), waiting for it.
export async function mailTo(box, to, since, pattern = /./) {
  const dir = path.join(env.SMTP_TEST_MAILDIR, box);
  for (let i = 0; i < 150; i++) {
    // Keyed on .eml: the server writes the .json sidecar first, so it is there when the .eml appears.
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).sort().reverse();
    for (const f of files) {
      const p = path.join(dir, f).replace(/\.eml$/, '.json');
      if (Number(f.split('-')[0]) / 1e6 < since) break;  // names start with the arrival time in ns
      const eml = fs.readFileSync(p.replace(/\.json$/, '.eml'), 'latin1');
      if (JSON.parse(fs.readFileSync(p, 'utf8')).rcpt_tos.includes(to) && pattern.test(qpDecode(eml))) return eml;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no mail to ${to} in ${dir}`);
}

export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

export async function login(page, user, password) {
  await page.goto(`${URL}/wp-login.php`);
  await page.fill('#user_login', user);
  await page.fill('#user_pass', password);
  await page.click('#wp-submit');
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** axe-core's serious and critical violations on the page (WCAG 2.x A and AA rules), as readable lines. */
export async function axeViolations(page, context = 'body') {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (ctx) => window.axe.run(ctx, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }), context);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
