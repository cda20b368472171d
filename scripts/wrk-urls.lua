-- wrk script for `manage.py bench api` (demo/api_benchmark.py): rotates among the request paths listed,
-- one a line, in the file given after `--`, and prints the figures as one machine-readable line at the end.
--
--   wrk -t2 -c16 -d30s -s scripts/wrk-urls.lua http://127.0.0.1:8765 -- /tmp/urls.txt
--
-- Each thread starts at a different place in the list, so the connections do not ask for the same path at the
-- same moment. Latencies are in microseconds.

local threads = {}
local paths = {}
local counter = 0

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   local file = assert(io.open(args[1], "r"))
   for line in file:lines() do
      if line ~= "" then
         table.insert(paths, line)
      end
   end
   file:close()
   counter = id * math.floor(#paths / 2 + 1)
end

function request()
   counter = counter + 1
   return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p95_us=%d p99_us=%d max_us=%d "
         .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
      errors.status, errors.connect, errors.read, errors.write, errors.timeout
   ))
end
