-- soak.lua: wrk script that rotates the public evaluation queries over GET /api/search.
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
end

function request()
  i = i % #queries + 1
  return wrk.format("GET", queries[i])
end
