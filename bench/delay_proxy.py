#!/usr/bin/python3
"""A TCP proxy that delays every chunk by a fixed one-way time in each
direction, so loopback behaves like a link with a round trip of 2 x delay
(this kernel has no netem). It counts "turns": how often the direction of
traffic changes, i.e. how many times one side had to wait for the other.
Each connection's turns are appended to STATS_FILE when it closes; the
totals so far, open connections included ("connections turns"), are kept in
STATS_FILE.live, so a connection kept open across requests can be counted
request by request.
Usage: delay_proxy.py LISTEN_PORT TARGET_PORT ONE_WAY_MS STATS_FILE"""
import asyncio
import os
import sys
import time

listen_port, target_port, delay_ms, stats_file = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
DELAY = delay_ms / 1000.0
totals = {"connections": 0, "turns": 0}


def write_totals():  # replaced whole, so a reader never sees half a file
    with open(stats_file + ".live.tmp", "w") as f:
        f.write("%d %d\n" % (totals["connections"], totals["turns"]))
    os.replace(stats_file + ".live.tmp", stats_file + ".live")


async def pump(reader, writer, direction, state):
    queue = asyncio.Queue()

    async def deliver():
        while True:
            due, data = await queue.get()
            if data is None:
                writer.close()
                return
            await asyncio.sleep(max(0, due - time.monotonic()))
            writer.write(data)
            await writer.drain()

    task = asyncio.create_task(deliver())
    try:
        while True:
            data = await reader.read(65536)
            if data and state["last"] != direction:
                state["turns"] += 1
                state["last"] = direction
                totals["turns"] += 1
                write_totals()
            await queue.put((time.monotonic() + DELAY, data or None))
            if not data:
                break
    except ConnectionError:
        await queue.put((time.monotonic(), None))
    try:
        await task
    except ConnectionError:
        pass


async def handle(client_reader, client_writer):
    server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
    state = {"turns": 0, "last": None}
    totals["connections"] += 1
    write_totals()
    await asyncio.gather(pump(client_reader, server_writer, "c2s", state), pump(server_reader, client_writer, "s2c", state),
                         return_exceptions=True)
    with open(stats_file, "a") as f:
        f.write("%d\n" % state["turns"])


async def main():
    write_totals()
    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    print("READY", flush=True)
    async with server:
        await server.serve_forever()

asyncio.run(main())
