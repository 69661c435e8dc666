"""Fault injection for smtp_server.py (--faults FILE).

FILE holds a JSON list of rules, read again whenever the file changes (write
a new file and rename it over the old one), so a test changes what a running
server does. The counters start again with each new file. A rule:

  {"at": "greeting" | "mail" | "rcpt" | "data_end",
   "reply": "421 4.3.2 Try again later" | "drop",   # or absent: the usual reply
   "delay": S,    # wait S seconds before replying (default 0)
   "after": K,    # let the first K events at that step pass (default 0)
   "times": N}    # then apply to the next N only (default: all that follow)

"drop" closes the connection without a reply; at data_end the message is
stored first (the server took it, the client never hears so). Examples:
  server down for 3 connections:   [{"at": "greeting", "reply": "421 4.3.2 Busy", "times": 3}]
  451 after DATA:                  [{"at": "data_end", "reply": "451 4.3.0 Try later"}]
  rate limit after 5 messages:     [{"at": "mail", "after": 5, "reply": "450 4.7.1 Too many messages"}]
  lost answer after end of data:   [{"at": "data_end", "reply": "drop", "times": 1}]
  a slow server (50 ms a message): [{"at": "data_end", "delay": 0.05}]
"""
import asyncio
import json
import os
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

STEPS = ("greeting", "mail", "rcpt", "data_end")


class Faults:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()  # one Faults serves every listening address
        self.key = None
        self.rules = []

    def _reload(self):
        try:
            st = os.stat(self.path)
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            key = None
        if key == self.key:
            return
        self.key = key
        rules = []
        if key is not None:
            with open(self.path, encoding="utf-8") as f:
                rules = json.load(f)
        for rule in rules:
            if rule.get("at") not in STEPS or not isinstance(rule.get("reply", ""), str) or \
                    not isinstance(rule.get("delay", 0), (int, float)):
                raise ValueError("bad fault rule %r in %s" % (rule, self.path))
            rule["seen"] = rule["applied"] = 0
        self.rules = rules

    def take(self, at):
        """(reply, delay): the reply to give instead of the usual one at this
        step (None: the usual one) and the seconds to wait before it."""
        with self.lock:
            self._reload()
            for rule in self.rules:
                if rule["at"] != at:
                    continue
                rule["seen"] += 1
                if rule["seen"] <= rule.get("after", 0):
                    continue
                if "times" in rule and rule["applied"] >= rule["times"]:
                    continue
                rule["applied"] += 1
                return rule.get("reply"), rule.get("delay", 0)
        return None, 0


class FaultySMTP(SMTP):
    """aiosmtpd's server with a greeting that a fault can replace."""

    def __init__(self, handler, faults, **kwargs):
        super().__init__(handler, **kwargs)
        self.faults = faults
        self.greeted = False

    async def push(self, status):
        if not self.greeted and self.faults is not None:
            self.greeted = True
            reply, delay = self.faults.take("greeting")
            if delay:
                await asyncio.sleep(delay)
            if reply is not None:
                if reply != "drop":
                    await super().push(reply)
                self.transport.close()
                return
        await super().push(status)


class FaultyController(Controller):
    def __init__(self, handler, faults, **kwargs):
        self.faults = faults
        super().__init__(handler, **kwargs)

    def factory(self):
        return FaultySMTP(self.handler, self.faults, **self.SMTP_kwargs)
