/* Settings page: provider presets fill the server fields; the test email is sent without leaving the page. */
(function () {
  'use strict';
  var provider = document.getElementById('native-smtp-provider');
  if (provider) {
    provider.addEventListener('change', function () {
      var o = provider.options[provider.selectedIndex];
      setText('native-smtp-provider-help', o.dataset.help);
      setText('native-smtp-username-hint', o.dataset.userHint);
      if (!o.dataset.host) { return; }  // "Other": keep what was typed
      // Fields locked by wp-config constants are disabled and stay as they are.
      setValue('native-smtp-host', o.dataset.host);
      setValue('native-smtp-port', o.dataset.port);
      var radio = document.querySelector('#native-smtp-encryption input[value="' + o.dataset.encryption + '"]');
      if (radio && !radio.disabled) { radio.checked = true; }
    });
    document.querySelectorAll('#native-smtp-encryption input').forEach(function (radio) {
      radio.addEventListener('change', function () {
        var o = provider.options[provider.selectedIndex];
        var ports = o.dataset.ports ? JSON.parse(o.dataset.ports) : null;
        if (ports && ports[radio.value]) { setValue('native-smtp-port', ports[radio.value]); }
      });
    });
  }
  function setText(id, text) {
    var e = document.getElementById(id);
    if (e && text !== undefined) { e.textContent = text; }
  }
  function setValue(id, value) {
    var e = document.getElementById(id);
    if (e && !e.disabled) { e.value = value; }
  }

  var form = document.getElementById('native-smtp-test');
  var out = document.getElementById('native-smtp-test-result');
  if (!form || !out || !window.fetch) { return; }
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var body = new FormData(form);
    body.set('action', 'native_smtp_test');
    body.set('_ajax_nonce', nativeSmtp.nonce);
    out.textContent = nativeSmtp.sending;
    fetch(nativeSmtp.ajaxUrl, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (response) { return response.json(); })
      .then(function (json) { out.replaceChildren(render(json.data || {})); })
      .catch(function () { out.textContent = nativeSmtp.failed; });
  });

  // Mirrors Native_SMTP_Settings_Page::render_result(); text only, never HTML from the server.
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }
  function render(r) {
    var box = el('div', 'notice inline ' + (r.ok ? 'notice-success native-smtp-ok' : 'notice-error native-smtp-error'));
    if (r.ok) { box.appendChild(el('p', '', r.message)); return box; }
    if (r.explanation) { var p = el('p'); p.appendChild(el('strong', '', r.explanation)); box.appendChild(p); }
    box.appendChild(el('p', '', r.message || nativeSmtp.failed));
    if (r.fix) {
      var f = el('p', 'native-smtp-fix');
      f.appendChild(el('strong', '', nativeSmtp.fixLabel + ' '));
      f.appendChild(document.createTextNode(r.fix));
      box.appendChild(f);
    }
    if (r.transcript) {
      var d = el('details');
      d.appendChild(el('summary', '', nativeSmtp.transcriptLabel));
      d.appendChild(el('pre', 'native-smtp-transcript', r.transcript));
      box.appendChild(d);
    }
    return box;
  }
})();
