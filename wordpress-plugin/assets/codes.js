// Native SMTP: "Send code" on registration forms mails the code in place
// (without JavaScript the first submit of the form does the same).
document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('.native-smtp-send-code') : null;
    if (!button) {
        return;
    }
    event.preventDefault();
    var form = button.closest('form');
    var status = form.querySelector('.native-smtp-code-status');
    var email = form.querySelector('[name="user_email"], [name="email"]');
    var body = new FormData();
    body.set('action', button.dataset.action);
    body.set('_ajax_nonce', button.dataset.nonce);
    body.set('email', email ? email.value : '');
    button.disabled = true;
    fetch(button.dataset.ajax, { method: 'POST', body: body, credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (j) {
            status.textContent = j.data && j.data.message ? j.data.message : '';
            return j.data && j.data.retry_after ? j.data.retry_after : 0;
        })
        .catch(function () { status.textContent = button.dataset.failed || ''; return 0; })
        .then(function (wait) { countdown(button, wait); });
});

// Until another code may be asked for, the button says how long and stays disabled.
function countdown(button, seconds) {
    if (!(seconds > 0) || !button.dataset.wait) {
        button.disabled = false;
        return;
    }
    var until = Date.now() + seconds * 1000;
    var tick = function () {
        var left = Math.ceil((until - Date.now()) / 1000);
        if (left <= 0) {
            button.disabled = false;
            button.textContent = button.dataset.again;
            return;
        }
        button.textContent = button.dataset.wait.replace('%d', left);
        setTimeout(tick, 1000);
    };
    button.disabled = true;
    tick();
}
