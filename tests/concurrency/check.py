#!/usr/bin/python3
"""Checks what the concurrent senders (run.sh) delivered to the maildir.

Compares the Message-IDs the extension reported as accepted (DIR/ids-P.txt,
"<id>\\t<subject>") with every message at the server (DIR/mail/*.eml and their
.json sidecars): every one exactly once, none lost, none extra, each with the
subject and envelope its sender gave it, attachments intact; and the senders
ran at the same time. Prints the figures; exits 1 on any mismatch."""
import collections
import email
import email.policy
import glob
import hashlib
import json
import os
import sys

directory, procs, per_proc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
problems = []

sent = {}  # Message-ID -> subject
for p in range(1, procs + 1):
    with open(os.path.join(directory, "ids-%d.txt" % p)) as f:
        lines = [l.rstrip("\n").split("\t") for l in f if l.strip()]
    if len(lines) != per_proc:
        problems.append("process %d reported %d accepted messages, not %d" % (p, len(lines), per_proc))
    for mid, subject in lines:
        if mid in sent:
            problems.append("Message-ID %s reported twice" % mid)
        sent[mid] = subject

received = collections.Counter()
subjects = collections.Counter()
attachments = 0
for path in sorted(glob.glob(os.path.join(directory, "mail", "*.eml"))):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    mid = (msg["Message-ID"] or "").strip().strip("<>")
    subject = str(msg["Subject"] or "")
    received[mid] += 1
    subjects[subject] += 1
    with open(path[:-4] + ".json") as f:
        meta = json.load(f)
    proc, _, number = subject[1:].partition("-m")
    if meta["mail_from"] != "p%s@example.com" % proc or meta["rcpt_tos"] != ["rcpt-%s-%s@example.net" % (proc, number)]:
        problems.append("%s: envelope %s -> %s does not match its subject %r" % (path, meta["mail_from"], meta["rcpt_tos"], subject))
    if mid in sent and sent[mid] != subject:
        problems.append("%s: Message-ID %s came with subject %r, sent with %r" % (path, mid, subject, sent[mid]))
    if msg["X-Test-Sha256"]:
        attachments += 1
        parts = [p for p in msg.iter_attachments()]
        data = parts[0].get_payload(decode=True) if parts else b""
        if hashlib.sha256(data).hexdigest() != str(msg["X-Test-Sha256"]):
            problems.append("%s: the attachment does not match its hash" % path)

expected = procs * per_proc
duplicates = [m for m, c in received.items() if c > 1]
missing = [m for m in sent if m not in received]
strangers = [m for m in received if m not in sent]
if len(sent) != expected:
    problems.append("%d distinct Message-IDs reported, %d messages sent" % (len(sent), expected))
if duplicates:
    problems.append("%d Message-IDs arrived more than once, e.g. %s" % (len(duplicates), duplicates[:3]))
if missing:
    problems.append("%d reported messages never arrived, e.g. %s" % (len(missing), missing[:3]))
if strangers:
    problems.append("%d messages arrived that no process reported, e.g. %s" % (len(strangers), strangers[:3]))
wrong_subjects = [s for s, c in subjects.items() if c != 1]
if wrong_subjects or len(subjects) != expected:
    problems.append("subjects: %d distinct, %d not exactly once" % (len(subjects), len(wrong_subjects)))

times = []
for p in range(1, procs + 1):
    with open(os.path.join(directory, "times-%d.txt" % p)) as f:
        times.append(tuple(map(float, f.read().split())))
overlap = min(e for _, e in times) - max(s for s, _ in times)
if overlap <= 0:
    problems.append("the processes did not run at the same time (last start %.3f s after first end)" % -overlap)
wall = max(e for _, e in times) - min(s for s, _ in times)

print("concurrency: %d processes x %d messages: %d reported accepted, %d files at the server, "
      "%d distinct Message-IDs, %d duplicates, %d missing, %d unknown, %d attachments verified; "
      "all %d senders overlapped for %.2f s; %.2f s wall, %.0f messages/s"
      % (procs, per_proc, len(sent), sum(received.values()), len(received), len(duplicates), len(missing),
         len(strangers), attachments, procs, max(overlap, 0), wall, expected / wall if wall > 0 else 0))
for p in problems[:20]:
    print("concurrency: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
