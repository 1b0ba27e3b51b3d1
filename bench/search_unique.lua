-- wrk script: searches that no one has asked before (each query is new, so nothing is served from
-- a cache), with words readers use, at the address wrk is given (/search/ or /es/search/). Each wrk
-- thread numbers its own queries.
local words = {"fever", "headache", "breathing", "confusion", "steroids", "wallet", "rash", "dizzy",
               "nausea", "cough", "heart", "driving", "tired", "chills", "swelling", "bleeding"}
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  n = 0
end

function request()
  n = n + 1
  local q = words[(n % #words) + 1] .. "+" .. words[((n * 7 + id) % #words) + 1] .. "+t" .. id .. "q" .. n
  return wrk.format("GET", wrk.path .. "?q=" .. q)
end
