// What a site owner and a member see, in Debian's Chromium (headless) driven
// by playwright-core, against the WordPress of scripts/wordpress.sh, with
// mail captured by the local aiosmtpd. Screenshots go to test-output/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, URL, OUT, env, wp, mailTo, qpDecode, launch, login as loginAs } from './lib.mjs';

const CODE = /16px 0">(\d+)</;
const codeFor = async (to, since) => qpDecode(await mailTo('plain', to, since, CODE)).match(CODE)[1];

let browser, page;
const shot = (name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

before(async () => {
  wp('reset');
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
});
after(async () => {
  await browser?.close();
  wp('reset');
});

const login = (user, password) => loginAs(page, user, password);
async function logout() {
  await page.context().clearCookies();
}
const settings = () => page.goto(`${URL}/wp-admin/options-general.php?page=native-smtp`);
async function saveServer({ host, port, encryption, password }) {
  await settings();
  await page.selectOption('#native-smtp-provider', 'other');
  await page.fill('#native-smtp-host', host);
  await page.fill('#native-smtp-port', String(port));
  await page.check(`#native-smtp-encryption input[value="${encryption}"]`);
  await page.fill('#native-smtp-username', env.SMTP_TEST_USER);
  await page.fill('#native-smtp-password', password);
  await page.fill('#native-smtp-from-email', 'site@example.com');
  await page.fill('#native-smtp-from-name', 'Demo Site');
  await page.click('#native-smtp-settings #submit');
  await page.waitForSelector('#setting-error-settings_updated');
}

test('owner: presets, settings, test email, and a wrong password explained', async () => {
  await login('admin', 'admin-pass-123');
  await settings();
  await page.selectOption('#native-smtp-provider', 'qq');
  assert.equal(await page.inputValue('#native-smtp-host'), 'smtp.qq.com');
  assert.equal(await page.inputValue('#native-smtp-port'), '465');
  assert.ok(await page.isChecked('#native-smtp-encryption input[value="ssl"]'));
  assert.match(await page.textContent('#native-smtp-provider-help'), /authorization code/);
  await page.check('#native-smtp-encryption input[value="starttls"]');
  assert.equal(await page.inputValue('#native-smtp-port'), '587');
  await shot('1-settings-preset');

  await saveServer({ host: '127.0.0.1', port: env.SMTP_TEST_PLAIN_PORT, encryption: 'none', password: env.SMTP_TEST_PASS });
  assert.equal(await page.inputValue('#native-smtp-password'), '');
  assert.equal(await page.getAttribute('#native-smtp-password', 'placeholder'), 'saved');
  assert.ok(!(await page.content()).includes(env.SMTP_TEST_PASS));

  const since = Date.now();
  await page.fill('#native-smtp-test-to', 'owner@example.com');
  await page.click('#native-smtp-test #submit');
  await page.waitForSelector('#native-smtp-test-result .notice');
  assert.ok(await page.isVisible('.native-smtp-ok'), await page.textContent('#native-smtp-test-result'));
  assert.equal((await page.textContent('.native-smtp-ok strong')).trim(), 'Congratulations! Your mail service is configured successfully.');
  assert.match(qpDecode(await mailTo('plain', 'owner@example.com', since)), /Congratulations! Your mail service is configured successfully\./);
  await shot('2-test-email-success');

  await saveServer({ host: 'localhost', port: env.SMTP_TEST_STARTTLS_PORT, encryption: 'starttls', password: 'Wrong-Password-9' });
  await page.click('#native-smtp-test #submit');
  await page.waitForSelector('.native-smtp-error');
  const error = await page.textContent('.native-smtp-error');
  assert.match(error, /refused the account name or password/);
  assert.match(error, /How to fix it:/);
  await page.click('.native-smtp-error summary');
  const transcript = await page.textContent('.native-smtp-transcript');
  assert.match(transcript, /^C: AUTH PLAIN( <redacted>|\nS: 334 ?\nC: <redacted>)$/m);  // one line (extension) or a 334 round trip (PHPMailer)
  assert.match(transcript, /535/);
  assert.ok(!transcript.includes('Wrong-Password-9'));
  await shot('3-test-email-auth-failed');

  // Back to the working server, with member codes on.
  await saveServer({ host: '127.0.0.1', port: env.SMTP_TEST_PLAIN_PORT, encryption: 'none', password: env.SMTP_TEST_PASS });
  await page.check('input[name="native_smtp_settings[register_code]"]');
  await page.check('input[name="native_smtp_settings[login_code]"]');
  await page.check('input[name="native_smtp_settings[admin_exempt]"]');  // the owner's own logins below stay one step
  await page.click('#native-smtp-settings #submit');
  await page.waitForSelector('#setting-error-settings_updated');
  await logout();
});

test('member: register with a mailed code, then log in with one', async () => {
  const email = `member${Date.now()}@example.com`;
  const username = `member${Date.now()}`;
  await page.goto(`${URL}/wp-login.php?action=register`);
  await page.fill('#user_login', username);
  await page.fill('#user_email', email);
  let since = Date.now();
  await page.click('.native-smtp-send-code');
  await page.waitForFunction(() => document.querySelector('.native-smtp-code-status').textContent.includes('on its way'));
  await page.fill('#native_smtp_code', await codeFor(email, since));
  await shot('4-register-with-code');
  await page.click('#wp-submit');
  await page.waitForURL(/checkemail=registered/);
  assert.match(await page.textContent('#login'), /Registration complete/);

  wp('password', email, 'Member-Pass-123');
  since = Date.now();
  await login(username, 'Member-Pass-123');
  await page.waitForSelector('#native-smtp-login-code');
  assert.match(await page.textContent('#loginform'), /Enter it to finish signing in/);
  await page.fill('#native-smtp-login-code', await codeFor(email, since));
  await shot('5-login-code');
  await page.click('#loginform button[type=submit]');
  await page.waitForURL(/wp-admin/);
  assert.match(await page.textContent('#wpadminbar'), new RegExp(username));
  await logout();
});

for (const [locale, title, sendCode] of [['ja', 'メール / SMTP', 'コードを送信'], ['zh_CN', '邮件 / SMTP', '发送验证码'], ['fi', 'Sähköposti / SMTP', 'Lähetä koodi']]) {
  test(`pages in ${locale} have no untranslated plugin strings`, async () => {
    wp('locale', locale);
    const po = fs.readFileSync(path.join(ROOT, `wordpress-plugin/languages/native-smtp-${locale}.po`), 'utf8');
    // English source strings whose translation differs, and long enough to be prose.
    const english = [...po.matchAll(/^msgid "(.+)"\nmsgstr "(.+)"$/gm)]
      .filter(([, id, str]) => id !== str && id.split(' ').length >= 2 && !id.includes('%'))
      .map(([, id]) => id.replace(/\\"/g, '"'));
    await login('admin', 'admin-pass-123');
    await settings();
    assert.equal((await page.textContent('.native-smtp h1')).trim(), title);
    const text = await page.innerText('.wrap.native-smtp');
    for (const s of english) assert.ok(!text.includes(s), `untranslated on the settings page (${locale}): ${s}`);
    await shot(`6-settings-${locale}`);
    await logout();
    await page.goto(`${URL}/wp-login.php?action=register`);
    assert.equal((await page.textContent('.native-smtp-send-code')).trim(), sendCode);
    const form = await page.innerText('#registerform');
    for (const s of english) assert.ok(!form.includes(s), `untranslated on the registration page (${locale}): ${s}`);
    await shot(`7-register-${locale}`);
    wp('locale', 'en_US');
  });
}
