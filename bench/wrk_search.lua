-- wrk_search.lua: rotates the public evaluation queries over GET /api/search (for the
-- benchmarks and scripts/soak.sh) and, when wrk is done, prints one summary line:
-- WRK requests seconds rps p50_ms p99_ms non2xx connect_errors read_errors write_errors timeouts
local queries = {}
local i = 0

local function urlencode(s)
  s = s:sub(1, 1500)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local path = args[1] or "tests/data/public.jsonl"
  for line in io.lines(path) do
    local q = line:match('"q": "(.-[^\\])"')
    if q then
      q = q:gsub('\\n', '\n'):gsub('\\"', '"'):gsub('\\\\', '\\')
      table.insert(queries, "/api/search?q=" .. urlencode(q))
    end
  end
  if #queries == 0 then queries = { "/api/search?q=401.3" } end
  -- Each thread starts at a different place in the rotation.
  i = math.random(#queries) - 1
end

function request()
  i = i % #queries + 1
  return wrk.format("GET", queries[i])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("WRK %d %.3f %.1f %.3f %.3f %d %d %d %d %d\n", summary.requests, seconds,
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end
