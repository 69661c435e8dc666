/* Settings page: a provider fills the server fields; port and encryption are
 * checked as they are chosen (the same rule as Native_SMTP_Port_Rules, from
 * the same preset data); a typed password without a username is flagged;
 * with a preset that sends only from the account, another sender gets a note
 * (the rule of Native_SMTP_Settings_Fields::sender_note()).
 * Exposes window.nativeSmtpSettings for the connection check and the test email. */
(function () {
  'use strict';
  var form = document.getElementById('native-smtp-settings');
  var provider = document.getElementById('native-smtp-provider');
  if (!form || !provider) { return; }
  var text = window.nativeSmtp || {};
  var $ = function (id) { return document.getElementById(id); };

  function format(template, args) {
    var next = 0;
    return template.replace(/%(?:(\d+)\$)?([sd])/g, function (_, n, type) {
      var v = args[n ? Number(n) - 1 : next++];
      return type === 'd' ? String(parseInt(v, 10)) : String(v);
    });
  }
  function selected() { return provider.options[provider.selectedIndex]; }
  function encryption() {
    var r = form.querySelector('#native-smtp-encryption input:checked');
    return r ? r.value : '';
  }
  function label(value) { return (text.encryption || {})[value] || value; }

  // A field's message, next to it and tied to it; '' removes it.
  function setError(key, message) {
    var id = 'native-smtp-' + key.replace(/_/g, '-');
    var field = $(id);
    if (!field) { return; }
    var error = $(id + '-error');
    var cell = field.closest('td');
    var described = (field.getAttribute('aria-describedby') || '').split(' ').filter(function (s) { return s && s !== id + '-error'; });
    if (!message) {
      if (error) { error.remove(); }
      field.removeAttribute('aria-invalid');
    } else {
      if (!error) {
        error = document.createElement('p');
        error.className = 'native-smtp-field-error';
        error.id = id + '-error';
        error.dataset.live = '1';
        var after = cell.querySelector('.native-smtp-check');
        cell.insertBefore(error, after && after.parentNode === cell ? after : null);
      }
      error.textContent = message;
      field.setAttribute('aria-invalid', 'true');
      described.push(id + '-error');
    }
    if (described.length) { field.setAttribute('aria-describedby', described.join(' ')); } else { field.removeAttribute('aria-describedby'); }
  }

  // The same rule as Native_SMTP_Port_Rules::mismatch().
  function portMismatch() {
    var m = text.portRules || {};
    var port = parseInt($('native-smtp-port').value, 10);
    var enc = encryption();
    var host = $('native-smtp-host').value.trim().toLowerCase();
    var o = selected();
    if (!port || !enc) { return ''; }
    if (o.dataset.ports && host === (o.dataset.host || '').toLowerCase()) {
      var ports = JSON.parse(o.dataset.ports);
      var name = o.textContent.trim();
      if (!ports[enc]) {
        var best = ['ssl', 'starttls', 'none'].filter(function (e) { return ports[e]; })[0] || 'ssl';
        return format(m.not_offered, [name, label(enc), label(best), ports[best]]);
      }
      if (port === ports[enc]) { return ''; }
      var owner = Object.keys(ports).filter(function (e) { return ports[e] === port; })[0];
      if (owner && owner !== enc) { return format(m.port_expects, [name, port, label(owner), label(enc), ports[enc]]); }
      return format(m.other_port, [name, label(enc), ports[enc], port]);
    }
    var expects = (text.wellKnown || {})[port];
    if (expects === 'ssl' && enc !== 'ssl') { return format(m.port_465, [label(enc)]); }
    if (expects === 'starttls' && enc === 'ssl') { return format(m.port_starttls, [port]); }
    return '';
  }
  function checkPort() {
    var port = $('native-smtp-port');
    if (port.disabled) { return; }
    setError('port', portMismatch());
  }
  function checkAccount() {
    var user = $('native-smtp-username'), password = $('native-smtp-password');
    if (!user || !password || user.disabled || password.disabled) { return; }
    var wrong = user.value.trim() === '' && password.value !== '';
    setError('username', wrong ? text.usernameNeeded : '');
  }

  // The note's element is a polite live region (its new text is announced),
  // tied to the field while it says something.
  function checkSender() {
    var o = selected(), from = $('native-smtp-from-email'), user = $('native-smtp-username');
    if (!from || !user) { return; }
    var account = user.value.trim(), sender = from.value.trim();
    var differs = o.dataset.senderMustMatch === '1' && sender !== '' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(account)
      && sender.toLowerCase() !== account.toLowerCase();
    var note = differs ? format(text.senderNote || '', [o.textContent.trim(), account, sender]) : '';
    var e = $('native-smtp-from-email-note');
    if (!e || e.textContent === note) { return; }
    e.textContent = note;
    var described = (from.getAttribute('aria-describedby') || '').split(' ').filter(function (s) { return s && s !== e.id; });
    if (note) { described.splice(described.indexOf(from.id + '-desc') + 1, 0, e.id); }
    from.setAttribute('aria-describedby', described.join(' '));
  }

  provider.addEventListener('change', function () {
    var o = selected();
    setText('native-smtp-provider-help', o.dataset.help);
    setText('native-smtp-username-desc', o.dataset.userHint);
    if (o.dataset.host) {  // "Other": keep what was typed
      // Fields locked by wp-config constants are disabled and stay as they are.
      setValue('native-smtp-host', o.dataset.host);
      setValue('native-smtp-port', o.dataset.port);
      var radio = form.querySelector('#native-smtp-encryption input[value="' + o.dataset.encryption + '"]');
      if (radio && !radio.disabled) { radio.checked = true; }
    }
    checkPort();
    checkSender();
  });
  form.querySelectorAll('#native-smtp-encryption input').forEach(function (radio) {
    radio.addEventListener('change', function () {
      var o = selected();
      var ports = o.dataset.ports ? JSON.parse(o.dataset.ports) : null;
      if (ports && ports[radio.value] && $('native-smtp-host').value.trim() === o.dataset.host) { setValue('native-smtp-port', ports[radio.value]); }
      checkPort();
    });
  });
  ['native-smtp-port', 'native-smtp-host'].forEach(function (id) { $(id).addEventListener('input', checkPort); });
  ['native-smtp-username', 'native-smtp-password'].forEach(function (id) { var e = $(id); if (e) { e.addEventListener('input', checkAccount); } });
  ['native-smtp-username', 'native-smtp-from-email'].forEach(function (id) { var e = $(id); if (e) { e.addEventListener('input', checkSender); } });
  // The browser's own checks stay off (novalidate) so every message looks the same;
  // the ones found here stop the submission, the server checks everything again.
  form.addEventListener('submit', function (event) {
    checkPort();
    checkAccount();
    var live = form.querySelector('.native-smtp-field-error[data-live]');
    if (live) {
      event.preventDefault();
      var field = $(live.id.replace(/-error$/, ''));
      if (field) { field.focus(); }
    }
  });

  function setText(id, value) {
    var e = $(id);
    if (e && value !== undefined) { e.textContent = value; }
  }
  function setValue(id, value) {
    var e = $(id);
    if (e && !e.disabled) { e.value = value; }
  }

  window.nativeSmtpSettings = {
    format: format,
    label: label,
    // The form as posted, for checks that use the unsaved values on screen.
    formData: function () { return new FormData(form); },
    // Fills in a working port and encryption (not saved until the form is).
    apply: function (port, enc) {
      setValue('native-smtp-port', port);
      var radio = form.querySelector('#native-smtp-encryption input[value="' + enc + '"]');
      if (radio && !radio.disabled) { radio.checked = true; }
      checkPort();
    },
    setError: setError,
    // Posts to admin-ajax.php with the button disabled and busy, a progress line and the spinner,
    // then shows render(answer, success) in `out`.
    request: function (body, button, spinner, out, progress, render) {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      spinner.classList.add('is-active');
      out.replaceChildren(this.el('p', 'native-smtp-progress', progress));
      var el = this.el;
      fetch(text.ajaxUrl, { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (response) { return response.json(); })
        .then(function (json) { out.replaceChildren(render(json.data || {}, !!json.success)); })
        .catch(function () { out.replaceChildren(el('p', 'native-smtp-field-error', text.failed)); })
        .finally(function () {
          button.disabled = false;
          button.removeAttribute('aria-busy');
          spinner.classList.remove('is-active');
        });
    },
    // "How to fix it:" and a collapsed block of details, as the PHP renderers print them.
    appendFix: function (box, fix) {
      if (!fix) { return; }
      var p = this.el('p', 'native-smtp-fix');
      p.appendChild(this.el('strong', '', text.fixLabel + ' '));
      p.appendChild(document.createTextNode(fix));
      box.appendChild(p);
    },
    appendDetails: function (box, label, content, cls, preCls) {
      if (!content) { return; }
      var d = this.el('details', cls);
      d.appendChild(this.el('summary', '', label));
      d.appendChild(this.el('pre', preCls || '', content));
      box.appendChild(d);
    },
    // The one-click fix: a button that fills in the suggested port and encryption.
    useButton: function (suggestion, cls) {
      var el = this.el, apply = this.apply;
      var use = el('button', 'button native-smtp-use ' + (cls || ''), suggestion.label);
      use.type = 'button';
      use.addEventListener('click', function () {
        apply(suggestion.port, suggestion.encryption);
        use.replaceWith(el('p', 'native-smtp-applied', text.applied));
      });
      return use;
    },
    // A small DOM builder for the scripts' answers: text only, never HTML from the server.
    el: function (tag, cls, content) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (content) { e.textContent = content; }
      return e;
    },
  };
})();
