/* "Check connection": asks the site to probe the server on screen and shows,
 * port by port, what answered; a working combination is one click away. */
(function () {
  'use strict';
  var S = window.nativeSmtpSettings, text = window.nativeSmtp || {};
  var box = document.querySelector('.native-smtp-check');
  var button = document.getElementById('native-smtp-check');
  var out = document.getElementById('native-smtp-check-result');
  if (!S || !box || !button || !out || !window.fetch) { return; }
  box.hidden = false;
  var spinner = box.querySelector('.spinner');

  button.addEventListener('click', function () {
    var body = S.formData();
    body.set('action', 'native_smtp_check');
    body.set('_ajax_nonce', text.checkNonce);
    S.request(body, button, spinner, out, text.checking, render);
  });

  function render(r, ok) {
    var notice = S.el('div', 'notice inline ' + (ok ? 'notice-success native-smtp-check-ok' : 'notice-error native-smtp-check-failed'));
    notice.dataset.stage = r.stage || '';
    var first = S.el('p');
    first.appendChild(S.el('strong', '', r.summary || text.failed));
    notice.appendChild(first);
    if (r.ports && r.ports.length) {
      var list = S.el('ul', 'native-smtp-ports');
      r.ports.forEach(function (p) {
        var li = S.el('li', p.ok ? 'native-smtp-port-ok' : 'native-smtp-port-failed', p.text);
        li.dataset.port = p.port;
        list.appendChild(li);
      });
      notice.appendChild(list);
    }
    S.appendFix(notice, r.fix);
    if (r.suggestion) {
      var p = S.el('p');
      p.appendChild(S.useButton(r.suggestion, 'button-primary'));
      notice.appendChild(p);
    }
    S.appendDetails(notice, text.detailsLabel, r.details, 'native-smtp-details');
    return notice;
  }
})();
