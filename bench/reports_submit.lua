-- wrk script for bench/reports_load.py: POST /report/new/, each request a different prepared form.
--
--   wrk -t2 -c16 -d30s --latency -s bench/reports_submit.lua http://127.0.0.1:PORT/report/new/ -- FORMS OUT THREADS
--
-- FORMS: the prepared forms, each a line "cookie<TAB>content type<TAB>body length" followed by the
-- body (multipart/form-data, as a browser sends this form; the cookie may be empty).
-- Thread i of THREADS sends forms i, i + THREADS, i + 2*THREADS, ... so no form is ever sent twice
-- (a form's puzzle is single-use: sending it again would answer 409). When a thread has used all its
-- forms it asks for /bench-out-of-forms/ instead (a 404), which the summary counts separately.
-- Each thread writes the receipt codes of its confirmation pages to OUT/receipts-<i>.txt, so the
-- benchmark can check afterwards that every receipt given out opens a report in the database.
-- done() prints one line, "BENCH_JSON {...}", that bench/reports_load.py reads.
--
-- With LANTERN_BENCH_RATE set (submissions per second, over all threads), each thread sends on a
-- fixed schedule instead of as fast as its connections allow: a steady offered load. Requests that
-- fall behind the schedule go out at once (wrk then measures from when they were sent).

local threads = {}
local thread_count = 0

function setup(thread)
   thread:set("thread_index", thread_count)
   table.insert(threads, thread)
   thread_count = thread_count + 1
end

function init(args)
   local forms_path, out_dir = args[1], args[2]
   total_threads = tonumber(args[3])
   forms = {}
   local file = assert(io.open(forms_path, "rb"))
   local index = 0
   while true do
      local header = file:read("*l")
      if header == nil then break end
      local cookie, content_type, length = header:match("^([^\t]*)\t([^\t]*)\t(%d+)$")
      local body = file:read(tonumber(length))
      if index % total_threads == thread_index then
         local headers = {
            ["Content-Type"] = content_type,
            -- As the TLS-terminating proxy in front of gunicorn sets it (SECURE_PROXY_SSL_HEADER).
            ["X-Forwarded-Proto"] = "https",
         }
         if cookie ~= "" then headers["Cookie"] = cookie end
         forms[#forms + 1] = wrk.format("POST", "/report/new/", headers, body)
      end
      index = index + 1
   end
   file:close()
   next_form = 1
   sent = 0
   out_of_forms = 0
   responses = 0
   confirmed = 0
   ok_without_receipt = 0
   other = {}
   receipts = io.open(string.format("%s/receipts-%d.txt", out_dir, thread_index), "w")
   receipts:setvbuf("line")
end

local rate = tonumber(os.getenv("LANTERN_BENCH_RATE") or "")
if rate then
   local ffi = require("ffi")
   ffi.cdef[[
      typedef struct { long tv_sec; long tv_nsec; } lantern_timespec;
      int clock_gettime(int clock, lantern_timespec *now);
   ]]
   local now = ffi.new("lantern_timespec")
   local function now_ms()
      ffi.C.clock_gettime(1, now)  -- CLOCK_MONOTONIC
      return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
   end
   local next_slot = nil

   function delay()
      local t = now_ms()
      if next_slot == nil then
         -- Threads start their schedules a fraction of an interval apart.
         next_slot = t + (thread_index or 0) * 1000 / rate
      end
      local wait = next_slot - t
      next_slot = next_slot + 1000 * total_threads / rate
      if wait < 0 then wait = 0 end
      return wait
   end
end

function request()
   local form = forms[next_form]
   if form == nil then
      out_of_forms = out_of_forms + 1
      return wrk.format("GET", "/bench-out-of-forms/", {["X-Forwarded-Proto"] = "https"}, nil)
   end
   forms[next_form] = nil  -- never again
   next_form = next_form + 1
   sent = sent + 1
   return form
end

function response(status, headers, body)
   responses = responses + 1
   if status == 200 then
      local receipt = body:match('id="receipt%-code">([%d ]+)<')
      if receipt then
         confirmed = confirmed + 1
         receipts:write(receipt, "\n")
      else
         ok_without_receipt = ok_without_receipt + 1
      end
   else
      local key = tostring(status)
      other[key] = (other[key] or 0) + 1
   end
end

function done(summary, latency, requests)
   local totals = {sent = 0, out_of_forms = 0, responses = 0, confirmed = 0, ok_without_receipt = 0}
   local by_status = {}
   for _, thread in ipairs(threads) do
      for name, _ in pairs(totals) do
         totals[name] = totals[name] + (thread:get(name) or 0)
      end
      for status, count in pairs(thread:get("other") or {}) do
         by_status[status] = (by_status[status] or 0) + count
      end
   end
   local statuses = {}
   for status, count in pairs(by_status) do
      statuses[#statuses + 1] = string.format('"%s": %d', status, count)
   end
   local percentiles = {}
   for _, p in ipairs({50, 75, 90, 95, 99, 99.9}) do
      percentiles[#percentiles + 1] = string.format('"%s": %.3f', tostring(p), latency:percentile(p) / 1000)
   end
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"duration_s": %.3f, "requests": %d, "bytes": %d, ' ..
      '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, "non_2xx_3xx": %d, ' ..
      '"latency_ms": {"min": %.3f, "mean": %.3f, "stdev": %.3f, "max": %.3f, "percentiles": {%s}}, ' ..
      '"sent": %d, "out_of_forms": %d, "responses": %d, "confirmed": %d, "ok_without_receipt": %d, ' ..
      '"other_statuses": {%s}}\n',
      summary.duration / 1e6, summary.requests, summary.bytes,
      e.connect, e.read, e.write, e.timeout, e.status,
      latency.min / 1000, latency.mean / 1000, latency.stdev / 1000, latency.max / 1000,
      table.concat(percentiles, ", "),
      totals.sent, totals.out_of_forms, totals.responses, totals.confirmed, totals.ok_without_receipt,
      table.concat(statuses, ", ")))
end
