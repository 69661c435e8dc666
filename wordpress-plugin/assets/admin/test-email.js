/* "Send test email": sends with the settings on screen (the whole settings
 * form goes along), shows progress with the button disabled, and shows the
 * answer the way Native_SMTP_Test_Email::render_result() does. */
(function () {
  'use strict';
  var S = window.nativeSmtpSettings, text = window.nativeSmtp || {};
  var form = document.getElementById('native-smtp-test');
  var out = document.getElementById('native-smtp-test-result');
  if (!S || !form || !out || !window.fetch) { return; }
  var button = form.querySelector('[type=submit]');
  var spinner = form.querySelector('.spinner');

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var body = S.formData();
    new FormData(form).forEach(function (value, key) { body.set(key, value); });
    body.set('action', 'native_smtp_test');
    body.set('_ajax_nonce', text.testNonce);
    body.delete('_wpnonce');
    S.request(body, button, spinner, out, text.sending, render);
  });

  function render(r, ok) {
    var box = S.el('div', 'notice inline ' + (ok ? 'notice-success native-smtp-ok' : 'notice-error native-smtp-error'));
    var first = S.el('p');
    first.appendChild(S.el('strong', '', r.message || text.failed));
    box.appendChild(first);
    if (ok) {
      if (r.note) { box.appendChild(S.el('p', 'native-smtp-note', r.note)); }
      return box;
    }
    if (r.errors) {
      Object.keys(r.errors).forEach(function (key) { S.setError(key, r.errors[key]); });
    }
    S.appendFix(box, r.fix);
    if (r.suggestion) { box.appendChild(S.useButton(r.suggestion)); }
    S.appendDetails(box, text.detailsLabel, r.details, 'native-smtp-details');
    S.appendDetails(box, text.transcriptLabel, r.transcript, '', 'native-smtp-transcript');
    return box;
  }
})();
