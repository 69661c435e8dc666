// The email log screen, resend and the delivery settings as a site owner
// sees them, in Debian's Chromium (headless) against the WordPress of
// scripts/wordpress.sh; then the same pages in ja, zh_CN and fi with no
// untranslated plugin text. Screenshots go to test-output/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, URL, OUT, env, php, wp, launch, login } from './lib.mjs';

const dwp = (...args) => php('delivery-wp.php', ...args);

let browser, page;
const shot = (name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
const logScreen = (query = '') => page.goto(`${URL}/wp-admin/tools.php?page=native-smtp-log${query}`);
const deliverySettings = () => page.goto(`${URL}/wp-admin/options-general.php?page=native-smtp-delivery`);

before(async () => {
  wp('reset');
  dwp('reset');
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await login(page, 'admin', 'admin-pass-123');
  await page.waitForURL(/wp-admin/);
});
after(async () => {
  await browser?.close();
  dwp('reset');
  wp('reset');
});

test('delivery settings: backup connection and alerts are saved, the password never shown', async () => {
  await deliverySettings();
  await page.check('#native-smtp-log-bodies');
  await page.fill('#native-smtp-retention', '14');
  await page.check('#native-smtp-backup-enabled');
  await page.fill('#native-smtp-backup-host', '127.0.0.1');
  await page.fill('#native-smtp-backup-port', env.SMTP_TEST_BACKUP_PORT);
  await page.check('#native-smtp-backup-encryption input[value="none"]');
  await page.fill('#native-smtp-backup-username', env.SMTP_TEST_USER);
  await page.fill('#native-smtp-backup-password', 'Backup-Secret-7');
  await page.fill('#native-smtp-alert-emails', 'owner@example.com, ops@example.com');
  await page.fill('#native-smtp-webhook-url', 'https://oapi.dingtalk.com/robot/send?access_token=abc');
  await page.selectOption('#native-smtp-webhook-preset', 'dingtalk');
  await page.click('#native-smtp-delivery-settings #submit');
  await page.waitForSelector('#setting-error-settings_updated');
  assert.ok(await page.isChecked('#native-smtp-backup-enabled'));
  assert.equal(await page.inputValue('#native-smtp-retention'), '14');
  assert.equal(await page.inputValue('#native-smtp-backup-port'), env.SMTP_TEST_BACKUP_PORT);
  assert.equal(await page.inputValue('#native-smtp-webhook-preset'), 'dingtalk');
  assert.equal(await page.inputValue('#native-smtp-backup-password'), '');
  assert.equal(await page.getAttribute('#native-smtp-backup-password', 'placeholder'), 'saved');
  assert.ok(!(await page.content()).includes('Backup-Secret-7'));
  await shot('delivery-1-settings');

  // A bad value keeps everything as it was and says what is wrong.
  await page.fill('#native-smtp-backup-host', 'http://smtp.example.com/');
  await page.fill('#native-smtp-retention', '14');
  await page.click('#native-smtp-delivery-settings #submit');
  await page.waitForSelector('.notice-error, .error');
  assert.match(await page.textContent('.wrap'), /Backup SMTP host: use only a server name/);
  assert.equal(await page.inputValue('#native-smtp-backup-host'), '127.0.0.1');
});

test('email log: status views, search, date filter, one entry in full, bulk delete', async () => {
  const ids = JSON.parse(dwp('seed'));
  await logScreen();
  assert.match(await page.textContent('.subsubsub'), /All \(3\)/);
  assert.match(await page.textContent('.native-smtp-queue-summary'), /1 message is waiting to be sent/);
  const rows = await page.$$eval('#the-list tr .row-title', (a) => a.map((x) => x.textContent));
  assert.deepEqual(rows.sort(), ['Invoice 7', 'Newsletter', 'Welcome Ann']);
  await shot('delivery-2-log');

  // The click starts a page load; read the list once it has arrived.
  await Promise.all([page.waitForURL(/status=failed/), page.click('.subsubsub a:has-text("Failed")')]);
  assert.deepEqual(await page.$$eval('#the-list .row-title', (a) => a.map((x) => x.textContent)), ['Invoice 7']);
  assert.match(await page.textContent('#the-list'), /refused the recipient|recipient/i);

  await logScreen();
  await page.fill('#native-smtp-log-search-input', 'ann@example');
  await Promise.all([page.waitForURL(/[?&]s=ann/), page.click('#search-submit')]);
  assert.deepEqual(await page.$$eval('#the-list .row-title', (a) => a.map((x) => x.textContent)), ['Welcome Ann']);

  await logScreen();
  const today = new Date().toISOString().slice(0, 10);
  await page.fill('#native-smtp-log-from', today);
  await Promise.all([page.waitForURL(/[?&]from=\d/), page.click('#native-smtp-log-filter')]);
  const recent = await page.$$eval('#the-list .row-title', (a) => a.map((x) => x.textContent));
  assert.ok(!recent.includes('Welcome Ann'), `two days old, filtered out: ${recent}`);

  await logScreen(`&view=${ids.sent}`);
  assert.match(await page.textContent('.native-smtp-log-entry'), /250 2\.0\.0 OK queued/);
  assert.match(await page.textContent('.native-smtp-log-headers'), /To: Ann <ann@example\.com>/);
  assert.match(await page.textContent('.native-smtp-transcript'), /^C: AUTH PLAIN( <redacted>|\nS: 334 ?\nC: <redacted>)$/m);  // one line (extension) or a 334 round trip (PHPMailer)
  assert.match(await page.textContent('.native-smtp-log-history'), /Delivered/);
  await shot('delivery-3-entry');

  await logScreen();
  await page.check(`#native-smtp-log-${ids.failed}`);
  await page.selectOption('#bulk-action-selector-top', 'delete');
  await page.click('#doaction');
  await page.waitForSelector('.notice-success');
  assert.match(await page.textContent('.wrap'), /1 entry deleted\./);
  assert.equal(dwp('entry', String(ids.failed)).trim(), 'null');

  // Screen Options: entries per page, kept for the user.
  for (const perPage of ['1', '20']) {
    await page.click('#show-settings-link');
    await page.fill('#native_smtp_log_per_page', perPage);
    await Promise.all([page.waitForNavigation(), page.click('#screen-options-apply')]);
    assert.equal(await page.$$eval('#the-list tr', (r) => r.length), perPage === '1' ? 1 : 2);
  }
});

// The newest .eml in a maildir box containing `text`, waiting for it.
async function arrived(box, text) {
  const dir = path.join(env.SMTP_TEST_MAILDIR, box);
  for (let i = 0; i < 100; i++) {
    const hits = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).filter((f) => fs.readFileSync(path.join(dir, f), 'latin1').includes(text));
    if (hits.length) return hits.length;
    await new Promise((r) => setTimeout(r, 100));
  }
  return 0;
}

test('resend: failed mail goes out once the owner fixed the password, one entry or several at once', async () => {
  const stamp = Date.now();
  const [one, two, three] = JSON.parse(dwp('refused', `Shipped ${stamp}-1`, `Shipped ${stamp}-2`, `Shipped ${stamp}-3`));
  await logScreen(`&view=${one}`);
  assert.match(await page.textContent('.native-smtp-log-entry'), /Failed/);
  assert.match(await page.textContent('.native-smtp-log-error'), /refused the account name or password|password/i);
  await shot('delivery-6-failed-entry');
  await page.click('.native-smtp-resend');
  await page.waitForSelector('.native-smtp-resend-result');
  assert.match(await page.textContent('.native-smtp-resend-result'), /1 message sent again\./);
  assert.match(await page.textContent('.native-smtp-log-entry'), /Sent/);
  assert.equal(await arrived('plain', `Shipped ${stamp}-1`), 1);

  await logScreen('&status=failed');
  await page.check(`#native-smtp-log-${two}`);
  await page.check(`#native-smtp-log-${three}`);
  await page.selectOption('#bulk-action-selector-top', 'resend');
  await page.click('#doaction');
  await page.waitForSelector('.native-smtp-resend-result');
  assert.match(await page.textContent('.native-smtp-resend-result'), /2 messages sent again\./);
  for (const n of [2, 3]) assert.equal(await arrived('plain', `Shipped ${stamp}-${n}`), 1);
  assert.equal(JSON.parse(dwp('entry', String(three))).status, 'sent');
  await shot('delivery-7-resent');
});

for (const [locale, title] of [['ja', 'メールログ'], ['zh_CN', '邮件日志'], ['fi', 'Sähköpostiloki']]) {
  test(`log and delivery settings in ${locale} have no untranslated plugin strings`, async () => {
    dwp('locale', locale);
    const po = fs.readFileSync(path.join(ROOT, `wordpress-plugin/languages/native-smtp-${locale}.po`), 'utf8');
    const english = [...po.matchAll(/^msgid "(.+)"\nmsgstr "(.+)"$/gm)]
      .filter(([, id, str]) => id !== str && id.split(' ').length >= 2 && !id.includes('%'))
      .map(([, id]) => id.replace(/\\"/g, '"'));
    await logScreen();
    assert.equal((await page.textContent('.native-smtp-log h1')).trim(), title);
    const list = await page.innerText('.wrap.native-smtp-log');
    for (const s of english) assert.ok(!list.includes(s), `untranslated on the log screen (${locale}): ${s}`);
    await shot(`delivery-4-log-${locale}`);
    await deliverySettings();
    const form = await page.innerText('.wrap.native-smtp-delivery');
    for (const s of english) assert.ok(!form.includes(s), `untranslated on the delivery settings (${locale}): ${s}`);
    await shot(`delivery-5-settings-${locale}`);
    dwp('locale', 'en_US');
  });
}
