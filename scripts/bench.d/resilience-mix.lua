-- wrk script of scripts/bench's resilience section (scripts/bench.d/resilience.sh): a mix of
-- public pages, API calls, sign-ins and submissions, from many connections at once.
--
-- Why wrk and not locust: wrk drives 200 connections from one process at little CPU cost, and
-- this machine has 2 cores shared with the server under test; a Python load generator would
-- take a core of its own and its own scheduling delays would show up as the server's latency.
-- What wrk cannot do well — follow a sign-in flow per connection — is done beforehand by the
-- section: it fetches the sign-in form's CSRF cookie and field (a pre-sign-in pair may be posted
-- again and again, each POST a full sign-in with the password checked) and signs a focal point
-- in; this script only replays those, and keeps each submission's version from the answers.
--
-- The plan file (first script argument), one item a line, fields separated by tabs:
--   get      PATH                         a public page or API call (weighted by repetition)
--   signin   COOKIE  BODY                 a sign-in POST: the pre-sign-in cookie, the form body
--   submit   PATH  COOKIE  TOKEN  FIELDS  a submission's page (PATH), the focal point's cookies,
--                                        the form's CSRF field, the value fields (urlencoded,
--                                        without version) that each save posts
-- The second argument is how many sign-ins per second in all (spread over the threads), the
-- third how many threads wrk runs (-t).
--
-- A submission is saved by one thread only and never twice at once: its page is read (for the
-- version), then the values posted with that version, then the page read again — so a save
-- never meets a concurrent edit, and every answer the server gives should be 2xx or 3xx.
-- Sign-ins too are one at a time per thread (a thread starts the next one when the last was
-- answered and its turn has come): the rate asked for is a ceiling, not a queue that grows
-- when password hashing (scrypt, on purpose slow, at a lower priority) falls behind. Because
-- sign-ins and saves are one at a time per thread, their answers are known and timed (wrk's
-- own latency figures mix every request). Counts and those timings are printed at the end,
-- one "resilience-mix KEY VALUE" line each.

local ffi = require("ffi")
ffi.cdef([[
  typedef struct { long tv_sec; long tv_nsec; } resilience_timespec;
  int clock_gettime(int clock, resilience_timespec *now);
]])
local timespec = ffi.new("resilience_timespec")
local function now_ms()  -- CLOCK_MONOTONIC, in milliseconds
  ffi.C.clock_gettime(1, timespec)
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local plan_gets, plan_signins, plan_submits = {}, {}, {}
local threads = {}
local thread_count = 0

local function split(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
  return fields
end

local function read_plan(path)
  for line in io.lines(path) do
    local f = split(line)
    if f[1] == "get" then
      plan_gets[#plan_gets + 1] = f[2]
    elseif f[1] == "signin" then
      plan_signins[#plan_signins + 1] = { cookie = f[2], body = f[3] }
    elseif f[1] == "submit" then
      plan_submits[#plan_submits + 1] = { path = f[2], cookie = f[3], token = f[4], fields = f[5] }
    end
  end
end

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_index", thread_count)
  threads[#threads + 1] = thread
end

-- Per thread ------------------------------------------------------------------------------

counts = {}                 -- globals: done() reads them with thread:get
signin_ms, save_ms = {}, {} -- how long each sign-in and each save took
local submission            -- this thread's submission (or nil)
local state = "idle"        -- idle: read its page next; page: reading; ready: post next; saving
local version
local value_toggle = 0
local signin_interval       -- seconds between this thread's sign-ins
local next_signin = 0
local signin_turn = 0
local signin_started       -- when this thread's sign-in in flight was sent (nil: none)
local save_started

local function count(key) counts[key] = (counts[key] or 0) + 1 end

function init(args)
  read_plan(args[1])
  local per_second = tonumber(args[2] or "2") or 2
  local index = thread_index or 1 -- set by setup() in this thread's own Lua state
  local total = tonumber(args[3] or "1") or 1 -- how many threads wrk runs
  if per_second > 0 and #plan_signins > 0 then
    signin_interval = total / per_second
    next_signin = os.time() + (index - 1) % math.max(1, math.floor(signin_interval))
  end
  if #plan_submits > 0 and index <= #plan_submits then submission = plan_submits[index] end
  math.randomseed(index * 7919)
  counts = {}
end

local function get(path)
  count("get")
  return wrk.format("GET", path)
end

function request()
  local now = os.time()
  if signin_interval and not signin_started and now >= next_signin then
    next_signin = now + signin_interval
    signin_started = now_ms()
    signin_turn = signin_turn % #plan_signins + 1
    local s = plan_signins[signin_turn]
    count("signin")
    return wrk.format("POST", "/en/sign-in", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = s.cookie,
    }, s.body)
  end
  if submission and math.random(10) == 1 then
    if state == "idle" then
      state = "page"
      count("submission-page")
      return wrk.format("GET", submission.path, { ["Cookie"] = submission.cookie })
    elseif state == "ready" then
      state = "saving"
      save_started = now_ms()
      value_toggle = 1 - value_toggle
      local fields = submission.fields:gsub("VALUE", tostring(80 + value_toggle))
      count("save")
      return wrk.format("POST", submission.path .. "/save", {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["Cookie"] = submission.cookie,
      }, "_csrf=" .. submission.token .. "&version=" .. version .. "&comment=load+test&" .. fields)
    end
  end
  return get(plan_gets[math.random(#plan_gets)])
end

local function header(headers, name)
  return headers[name] or headers[name:lower()] or headers[name:upper()]
end

function response(status, headers, body)
  count("status-" .. status)
  local location = status == 303 and (header(headers, "Location") or "") or ""
  if location:find("/me", 1, true) and signin_started then
    count("signed-in")
    signin_ms[#signin_ms + 1] = now_ms() - signin_started
    signin_started = nil
  end
  if not submission then return end
  if state == "saving" and status == 303 then
    if location:find(submission.path, 1, true) then
      count("saved")
      save_ms[#save_ms + 1] = now_ms() - save_started
      state = "idle"
      return
    end
  end
  if (state == "page" or state == "saving") and body and body:find('action="' .. submission.path .. '/save"', 1, true) then
    local found = body:match('name="version" value="(%d+)"')
    if found then
      if state == "saving" then count("save-refused-" .. status) end
      version = found
      state = "ready"
    end
  end
end

local function timings(totals, name, all)
  table.sort(all)
  if #all == 0 then return end
  local function at(q) return all[math.max(1, math.ceil(#all * q))] end
  totals[name .. "-p50-ms"] = at(0.5)
  totals[name .. "-p99-ms"] = at(0.99)
  totals[name .. "-max-ms"] = all[#all]
end

function done(summary, latency, requests)
  local totals, signins, saves = {}, {}, {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    if c then
      for key, value in pairs(c) do totals[key] = (totals[key] or 0) + value end
    end
    for _, v in ipairs(thread:get("signin_ms") or {}) do signins[#signins + 1] = v end
    for _, v in ipairs(thread:get("save_ms") or {}) do saves[#saves + 1] = v end
  end
  timings(totals, "signin", signins)
  timings(totals, "save", saves)
  local keys = {}
  for key in pairs(totals) do keys[#keys + 1] = key end
  table.sort(keys)
  for _, key in ipairs(keys) do io.write(string.format("resilience-mix %s %.0f\n", key, totals[key])) end
end
