#!/usr/bin/python3
"""Counts the messages of one run in a maildir (Message-IDs <TAG-...>)
against the ids queued (TAG-1 ... TAG-N@example.com) and prints JSON: how
many arrived, which are missing, how many arrived more than once."""
import email
import glob
import json
import sys
from collections import Counter

maildir, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
seen = Counter()
for path in glob.glob(maildir + "/*.eml"):
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f)
    mid = msg.get("Message-ID", "").strip()
    if mid.startswith("<%s-" % tag):
        seen[mid] += 1
expected = ["<%s-%d@example.com>" % (tag, i) for i in range(1, n + 1)]
print(json.dumps({
    "queued": n,
    "delivered": sum(1 for e in expected if seen[e]),
    "missing": [e for e in expected if not seen[e]][:10],
    "duplicates": sum(seen[e] - 1 for e in expected if seen[e] > 1),
    "strangers": sum(c for k, c in seen.items() if k not in set(expected)),
}))
