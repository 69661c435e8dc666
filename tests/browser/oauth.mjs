// "Sign in with Microsoft" and "Sign in with Google" as a site owner does it,
// in Debian's Chromium (headless) against the WordPress of scripts/wordpress.sh,
// the tests' own authorization server (tests/servers/oauth_server.py) and the
// SMTP server that checks the tokens there: register the app, sign in through
// the provider's page (the state single-use), send, let the provider end the
// token and send again (one refresh), revoke the grant and see "sign in again"
// on the page and in the email log; the section follows the preset picked,
// before it is saved. Screenshots go to test-output/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { URL, OUT, env, php, wp, translate, mailTo, launch, login, axeViolations } from './lib.mjs';

const helper = (...args) => php('oauth-wp.php', ...args).trim();
const provider = async (p, fields) => (await fetch(env.SMTP_TEST_OAUTH_URL + p, fields && { method: 'POST', body: new URLSearchParams(fields) })).json();
const refreshes = async () => (await provider('/test/stats')).grants.refresh_token ?? 0;
const lastMeta = () => {
  const dir = path.join(env.SMTP_TEST_MAILDIR, 'oauth');
  const last = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().pop();
  return JSON.parse(fs.readFileSync(path.join(dir, last), 'utf8'));
};

let browser, page;
// From the top: WordPress's bar and menu are fixed, and would land mid-page in a scrolled full-page shot.
const shot = async (name) => { await page.evaluate(() => window.scrollTo(0, 0)); await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true }); };
const settings = () => page.goto(`${URL}/wp-admin/options-general.php?page=native-smtp`);
// The section draws each provider's texts and shows the picked one's.
const shown = (selector) => page.locator(`${selector}:visible`).innerText();
// Through the provider's page: "Allow", and back on the settings page; returns the callback URL the provider sent the browser to.
async function allow() {
  const callback = page.waitForRequest(/admin-post\.php\?.*state=/);
  await page.click('button[value=allow]');
  await page.waitForURL(/page=native-smtp/);
  return (await callback).url();
}
async function testEmail(to) {
  await settings();
  await page.fill('#native-smtp-test-to', to);
  await page.click('#native-smtp-test #submit');
  await page.waitForSelector('#native-smtp-test-result .notice');
  return page.textContent('#native-smtp-test-result');
}

before(async () => {
  helper('setup');
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
});
after(async () => {
  await browser?.close();
  helper('reset');
  wp('locale', 'en_US');
});

test('owner: sign in with Microsoft, send, refresh after the provider ends the token, revoke and sign in again', async () => {
  await login(page, 'admin', 'admin-pass-123');
  await settings();
  assert.equal(await shown('#native-smtp-oauth h2'), 'Sign in with Microsoft');
  assert.ok(await page.isHidden('.native-smtp-oauth-unsaved'), 'the saved preset signs in');
  assert.equal(await page.inputValue('#native-smtp-oauth-redirect'), `${URL}/wp-admin/admin-post.php`);
  assert.ok(await page.isDisabled('#native-smtp-oauth-start [type=submit]'), 'no sign-in before the app is registered');
  await page.click('#native-smtp-oauth summary');
  assert.match(await shown('.native-smtp-oauth-steps ol'), /SMTP\.Send and offline_access/);

  await page.fill('#native-smtp-oauth-client-id', env.SMTP_TEST_OAUTH_CLIENT_ID);
  await page.fill('#native-smtp-oauth-client-secret', env.SMTP_TEST_OAUTH_CLIENT_SECRET);
  await page.fill('#native-smtp-oauth-tenant', 'contoso.example');
  await page.click('#native-smtp-oauth-app [type=submit]');
  await page.waitForSelector('.native-smtp-oauth-notice');
  assert.match(await page.textContent('.native-smtp-oauth-notice'), /App registration saved/);
  assert.equal(await page.getAttribute('#native-smtp-oauth-client-secret', 'placeholder'), 'saved');
  assert.ok(!(await page.content()).includes(env.SMTP_TEST_OAUTH_CLIENT_SECRET));
  await shot('oauth-1-app-registered');

  // To the provider's page (the tenant in its path), "Allow", and back.
  await page.click('#native-smtp-oauth-start [type=submit]');
  await page.waitForURL(`${env.SMTP_TEST_OAUTH_URL}/contoso.example/authorize?**`);
  const asked = new globalThis.URL(page.url()).searchParams;
  assert.equal(asked.get('code_challenge_method'), 'S256');
  assert.equal(asked.get('login_hint'), 'tester@example.com');
  assert.match(asked.get('state'), /^[A-Za-z0-9_-]{32}$/);
  await shot('oauth-2-provider-sign-in');
  const callback = await allow();
  assert.equal(new globalThis.URL(callback).searchParams.get('state'), asked.get('state'));
  assert.match(await page.textContent('.native-smtp-oauth-notice'), /Signed in with Microsoft/);
  assert.match(await shown('.native-smtp-oauth-status'), /Signed in with Microsoft since/);
  await shot('oauth-3-signed-in');
  // The state is single-use: the same return again changes nothing.
  await page.goto(callback);
  assert.match(await page.textContent('.native-smtp-oauth-notice'), /expired or was already used/);
  assert.match(await shown('.native-smtp-oauth-status'), /Signed in with Microsoft since/);

  // Send: the server checked the token (XOAUTH2) for the mailbox.
  let since = Date.now();
  assert.match(await testEmail('owner@example.com'), /Congratulations/);
  await mailTo('oauth', 'owner@example.com', since);
  assert.deepEqual([lastMeta().auth_mechanism, lastMeta().auth_user], ['XOAUTH2', 'tester@example.com']);

  // The provider ends the access token early: refused once, refreshed, sent.
  const before = await refreshes();
  await provider('/test/expire', { username: 'tester@example.com' });
  since = Date.now();
  assert.equal(helper('send', 'After the token ended'), 'sent');
  await mailTo('oauth', 'owner@example.com', since, /After the token ended/);
  assert.equal(await refreshes(), before + 1);

  // The grant is revoked at the provider: a clear "sign in again", nothing sent.
  await provider('/revoke', { token: helper('refresh-token') });
  await provider('/test/expire', { username: 'tester@example.com' });
  const failed = helper('send', 'After the revocation');
  assert.match(failed, /^failed oauth_signin_required: The sign-in for sending mail has expired or was revoked/);
  assert.match(failed, /Choose "Sign in with Microsoft" again/);
  const result = await testEmail('owner@example.com');
  assert.match(result, /has expired or was revoked/);
  assert.match(result, /sign-in button again/);
  await settings();
  assert.match(await shown('.native-smtp-oauth-status'), /has expired or was revoked/);
  await shot('oauth-4-revoked');

  // The email log says so too.
  await page.goto(`${URL}/wp-admin/tools.php?page=native-smtp-log`);
  assert.match(await page.innerText('#wpbody-content'), /After the revocation/);
  assert.match(await page.innerText('#wpbody-content'), /sign-in|expired or was revoked/i);
  await shot('oauth-5-log');

  // Sign in again: sending works.
  await settings();
  await page.click('#native-smtp-oauth-start [type=submit]');
  await allow();
  since = Date.now();
  assert.match(await testEmail('owner@example.com'), /Congratulations/);
  await mailTo('oauth', 'owner@example.com', since);
});

test('owner: the section follows the preset picked, then sign in with Google and send', async () => {
  await settings();
  // Another preset: no section; Gmail picked: Google's section at once, waiting for the save.
  await page.selectOption('#native-smtp-provider', 'qq');
  assert.ok(await page.isHidden('#native-smtp-oauth'), 'section shown for QQ Mail');
  await page.selectOption('#native-smtp-provider', 'gmail');
  assert.ok(await page.isVisible('#native-smtp-oauth'), 'no section for Gmail before saving');
  assert.equal(await shown('#native-smtp-oauth h2'), 'Sign in with Google');
  assert.equal(await page.textContent('#native-smtp-oauth-announce'), 'The section "Sign in with Google" is now shown below the settings.');
  assert.ok(await page.isHidden('#native-smtp-oauth-tenant'), 'Google has no tenant');
  await page.click('#native-smtp-oauth summary');
  assert.match(await shown('.native-smtp-oauth-steps ol'), /Google Cloud console/);
  assert.match(await page.innerText('.native-smtp-oauth-unsaved'), /Save the settings above with this provider first/);
  assert.ok(await page.isDisabled('#native-smtp-oauth-start [type=submit]'), 'sign-in before Gmail is saved');
  assert.ok(await page.isDisabled('#native-smtp-oauth-app [type=submit]'), 'app saved before Gmail is saved (the form would be lost)');
  assert.deepEqual(await axeViolations(page, '#native-smtp-oauth'), []);
  await shot('oauth-6-google-picked');
  await page.selectOption('#native-smtp-provider', 'other');
  assert.ok(await page.isHidden('#native-smtp-oauth'), 'section shown for "Other"');

  // Saved with Gmail (the local token-checking server in place of smtp.gmail.com): sign in with Google.
  await page.selectOption('#native-smtp-provider', 'gmail');
  await page.fill('#native-smtp-host', 'localhost');
  await page.fill('#native-smtp-port', env.SMTP_TEST_OAUTH_SMTP_PORT);
  await page.check('#native-smtp-encryption input[value="starttls"]');
  await page.click('#native-smtp-settings #submit');
  await page.waitForSelector('#setting-error-settings_updated');
  assert.ok(await page.isHidden('.native-smtp-oauth-unsaved'));
  assert.match(await shown('.native-smtp-oauth-status'), /Not signed in/);
  await page.click('#native-smtp-oauth-start [type=submit]');
  await page.waitForURL(`${env.SMTP_TEST_OAUTH_URL}/authorize?**`);
  const asked = new globalThis.URL(page.url()).searchParams;
  assert.deepEqual([asked.get('scope'), asked.get('access_type'), asked.get('prompt')], ['https://mail.google.com/', 'offline', 'consent']);
  await allow();
  assert.match(await page.textContent('.native-smtp-oauth-notice'), /Signed in with Google/);
  const since = Date.now();
  assert.match(await testEmail('owner@example.com'), /Congratulations/);
  await mailTo('oauth', 'owner@example.com', since);
  assert.deepEqual([lastMeta().auth_mechanism, lastMeta().auth_user], ['XOAUTH2', 'tester@example.com']);
});

test('owner in ja, zh_CN and fi: the sign-in section and the fix for 5.7.30 (passwords refused) in the site language', async () => {
  helper('setup', 'a-password-the-server-refuses');
  await settings();
  await page.click('#native-smtp-oauth summary');
  const steps = await page.locator('.native-smtp-oauth-steps ol:visible li').allInnerTexts();
  const ids = ['Sign in with Microsoft', 'Save app registration', 'Redirect URI', 'Client secret', 'Tenant', 'How to register the app at %s',
    'Not signed in: site mail is sent with the password above.', 'The mail server does not accept passwords any more: it requires signing in with Microsoft (OAuth 2.0).',
    'Use "%s" further down the Email / SMTP settings page: register the app as its steps say, save the client ID and secret, then sign in with this mailbox. The password is then no longer used.',
    ...steps];
  for (const locale of ['ja', 'zh_CN', 'fi']) {
    const t = translate(locale, ids);
    for (const id of ids) assert.notEqual(t[id], id, `not translated in ${locale}: ${id}`);
    wp('locale', locale);
    // The mailbox refuses the password (550 5.7.30): what happened and the way out, in the locale.
    const result = await testEmail('owner@example.com');
    assert.ok(result.includes(t['The mail server does not accept passwords any more: it requires signing in with Microsoft (OAuth 2.0).']), `${locale}: ${result}`);
    assert.ok(result.includes(t['Use "%s" further down the Email / SMTP settings page: register the app as its steps say, save the client ID and secret, then sign in with this mailbox. The password is then no longer used.']
      .replace('%s', t['Sign in with Microsoft'])), `${locale}: ${result}`);
    // The section on the same page.
    await page.click('#native-smtp-oauth summary');
    assert.equal(await shown('#native-smtp-oauth h2'), t['Sign in with Microsoft']);
    assert.equal(await shown('.native-smtp-oauth-steps summary span'), t['How to register the app at %s'].replace('%s', 'Microsoft'));
    assert.deepEqual(await page.locator('.native-smtp-oauth-steps ol:visible li').allInnerTexts(), steps.map((s) => t[s]));
    assert.equal(await page.inputValue('#native-smtp-oauth-app-save'), t['Save app registration']);
    for (const id of ['Redirect URI', 'Client secret', 'Tenant', 'Not signed in: site mail is sent with the password above.']) {
      assert.ok((await page.innerText('#native-smtp-oauth')).includes(t[id]), `${locale}: ${id}`);
    }
  }
  await shot('oauth-7-basic-auth-refused-fi');
  wp('locale', 'en_US');
});
