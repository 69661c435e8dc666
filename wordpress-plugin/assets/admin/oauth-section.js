/* Settings page: the "Sign in with Microsoft / Google" section follows the
 * preset picked in the settings form at once, before it is saved: shown with
 * that provider's texts for Microsoft 365 / Outlook and Gmail, hidden for the
 * others, and announced to screen readers when it appears. Its buttons post
 * the app registration and start the sign-in for the saved preset, so they
 * wait (with a note saying why) until the picked provider is saved. */
(function () {
  'use strict';
  var section = document.getElementById('native-smtp-oauth');
  var provider = document.getElementById('native-smtp-provider');
  if (!section || !provider) { return; }
  var presets = JSON.parse(section.dataset.presets || '{}');
  var announce = document.getElementById('native-smtp-oauth-announce');
  var unsaved = section.querySelector('.native-smtp-oauth-unsaved');
  var buttons = section.querySelectorAll('#native-smtp-oauth-app [type=submit], #native-smtp-oauth-start [type=submit]');
  var shown = section.hidden ? '' : section.dataset.saved;

  function update() {
    var family = presets[provider.value] || '';
    section.hidden = !family;
    if (family) {
      section.querySelectorAll('[data-oauth-family]').forEach(function (e) { e.hidden = e.dataset.oauthFamily !== family; });
      var waiting = family !== section.dataset.saved;
      unsaved.hidden = !waiting;
      // The sign-in also waits for the app registration (data-app="0", as the server drew it).
      buttons.forEach(function (b) { b.disabled = waiting || b.dataset.app === '0'; });
    }
    if (family && family !== shown) {
      var title = section.querySelector('#native-smtp-oauth-title span:not([hidden])');
      announce.textContent = section.dataset.announce.replace('%s', title.textContent);
    }
    shown = family;
  }
  provider.addEventListener('change', update);
  update();
})();
