# Helpers shared by the benchmark scripts (sourced, not run).

# Waits up to 10 s for a local TCP port to accept connections.
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 did not open" >&2; exit 1; }

# The field $1 of the JSON object on stdin's last line (what bench/*.php print).
j() { /usr/bin/python3 -c "import json,sys; d=json.loads(sys.stdin.read().strip().splitlines()[-1]); print(d['$1'])"; }
