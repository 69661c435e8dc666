// A member registers with a mailed code and logs in with one, in en, ja,
// zh_CN and fi, in Debian's Chromium (headless) against the WordPress of
// scripts/wordpress.sh, with mail captured by the local aiosmtpd. Every text
// the member reads on those steps, and in the code mail, is the locale's
// translation from the plugin's .po files. Screenshots go to test-output/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, URL, OUT, env, php, mailTo, qpDecode, launch } from './lib.mjs';

const wp = (...args) => php('codes-wp.php', ...args);

// The plugin's translation of `msgid` in `locale` (the English text for en_US).
function tr(locale, msgid) {
  if (locale === 'en_US') return msgid;
  const po = fs.readFileSync(path.join(ROOT, `wordpress-plugin/languages/native-smtp-${locale}.po`), 'utf8');
  const quoted = JSON.stringify(msgid).slice(1, -1);
  const at = po.indexOf(`\nmsgid "${quoted}"\nmsgstr "`);
  assert.ok(at >= 0, `no ${msgid} in ${locale}.po`);
  const line = po.slice(at).split('\n')[2];
  return JSON.parse(line.slice('msgstr '.length));
}

const CODE = /16px 0">(\d+)</;
async function codeMail(to, since) {
  const body = Buffer.from(qpDecode(await mailTo('plain', to, since, CODE)), 'latin1').toString('utf8');
  return { code: body.match(CODE)[1], body };
}

let browser, page;
const shot = (name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

before(async () => {
  wp('reset');
  wp('configure', env.SMTP_TEST_PLAIN_PORT, env.SMTP_TEST_USER, env.SMTP_TEST_PASS);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  wp('reset');
});

for (const locale of ['en_US', 'ja', 'zh_CN', 'fi']) {
  test(`member in ${locale}: register with a mailed code, then log in with one`, async () => {
    wp('locale', locale);
    page = await (await browser.newContext({ viewport: { width: 900, height: 1000 } })).newPage();
    const stamp = `${Date.now()}`;
    const username = `${locale.toLowerCase().replace('_', '')}${stamp}`;
    const email = `${username}@example.com`;

    // Registration: "Send code" mails it in place; a wrong code is refused; the right one registers.
    await page.goto(`${URL}/wp-login.php?action=register`);
    assert.equal((await page.textContent('.native-smtp-send-code')).trim(), tr(locale, 'Send code'));
    assert.equal(await page.locator('#registerform script, #registerform style').count(), 0, 'inline script or style in the form');
    await page.fill('#user_login', username);
    await page.fill('#user_email', email);
    let since = Date.now();
    await page.click('.native-smtp-send-code');
    const sent = tr(locale, 'If %1$s can be registered, a verification code is on its way: enter it in the "%2$s" field.')
      .replace('%1$s', email).replace('%2$s', tr(locale, 'Verification code'));
    await page.waitForFunction((t) => document.querySelector('.native-smtp-code-status').textContent === t, sent);
    const { code, body } = await codeMail(email, since);
    assert.ok(body.includes(tr(locale, 'Use this code to confirm your email address on %s:').replace('%s', 'native-smtp demo')), 'code mail in the locale');
    await page.fill('#native_smtp_code', code === '000000' ? '111111' : '000000');
    await page.click('#wp-submit');
    await page.waitForSelector('#login_error');
    assert.match(await page.textContent('#login_error'), new RegExp(tr(locale, 'The verification code is not correct. Check the latest email and try again.').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    await page.fill('#user_login', username);
    await page.fill('#user_email', email);
    await page.fill('#native_smtp_code', code);
    await shot(`codes-register-${locale}`);
    await page.click('#wp-submit');
    await page.waitForURL(/checkemail=registered/);

    // Login: the password, then the mailed code on its own step.
    wp('password', email, 'Member-Pass-123');
    since = Date.now();
    await page.goto(`${URL}/wp-login.php`);
    await page.fill('#user_login', username);
    await page.fill('#user_pass', 'Member-Pass-123');
    await page.click('#wp-submit');
    await page.waitForSelector('#native-smtp-login-code');
    assert.equal((await page.context().cookies()).filter((c) => c.name.startsWith('wordpress_logged_in_')).length, 0, 'logged in before the code');
    assert.equal((await page.textContent('#loginform .message')).trim(), tr(locale, 'We emailed a verification code to the address of your account. Enter it to finish signing in.'));
    assert.equal((await page.textContent('.native-smtp-resend')).trim(), tr(locale, 'Send a new code'));
    assert.equal(await page.locator('#loginform script, #loginform style').count(), 0, 'inline script or style in the form');
    const login = await codeMail(email, since);
    assert.ok(login.body.includes(tr(locale, 'Use this code to finish signing in to %s:').replace('%s', 'native-smtp demo')), 'login mail in the locale');
    await page.fill('#native-smtp-login-code', login.code === '000000' ? '111111' : '000000');
    await page.click('#loginform button[name="wp-submit"]');
    await page.waitForSelector('#login_error');
    assert.match(await page.textContent('#login_error'), /\S/);
    await page.fill('#native-smtp-login-code', login.code);
    await shot(`codes-login-${locale}`);
    await page.click('#loginform button[name="wp-submit"]');
    await page.waitForURL(/wp-admin\/profile\.php/);
    assert.match(await page.textContent('#wpadminbar'), new RegExp(username));
    await page.context().close();
    wp('locale', 'en_US');
  });
}

test('email-only registration hides only core\'s user-name field, never another plugin\'s', async () => {
  wp('email-only', '1', 'native-smtp-test-captcha.php');
  page = await (await browser.newContext({ viewport: { width: 900, height: 1000 } })).newPage();
  await page.goto(`${URL}/wp-login.php?action=register`);
  assert.equal(await page.isVisible('#user_login'), false, 'the user name is made from the address');
  for (const field of ['#user_email', '#test_captcha', '#native_smtp_code', '.native-smtp-send-code']) {
    assert.ok(await page.isVisible(field), `${field} is hidden`);
  }
  const email = `emailonly${Date.now()}@example.com`;
  await page.fill('#user_email', email);
  await page.fill('#test_captcha', '7');
  const since = Date.now();
  await page.click('.native-smtp-send-code');
  await page.fill('#native_smtp_code', (await codeMail(email, since)).code);
  await shot('codes-register-email-only');
  await page.click('#wp-submit');
  await page.waitForURL(/checkemail=registered/);
  await page.context().close();
  wp('email-only', '0');
});
