-- post.lua: wrk script for booking POSTs. Each request books a new
-- learner (distinct email) on one of RUNS runs in turn, so that every
-- booking is a real confirmed insert while places remain.
local first = tonumber(os.getenv("BENCH_RUN_FIRST"))
local nruns = tonumber(os.getenv("BENCH_RUNS"))
local csrf = os.getenv("BENCH_CSRF")
local n = 0
-- Each thread gets its own number, set as a global in its own Lua state
-- (a local here would hide it), so threads never repeat an email.
local threads = 0
tid = 0

function setup(thread)
	threads = threads + 1
	thread:set("tid", threads)
end

function request()
	n = n + 1
	local run = first + (n % nruns)
	local body = "name=Bench+Learner&email=b" .. tid .. "x" .. n ..
	    "%40example.org&phone=&needs=&consent=yes&csrf=" .. csrf
	return wrk.format("POST", "/book/" .. run, {
		["Content-Type"] = "application/x-www-form-urlencoded",
		["Cookie"] = "csrf=" .. csrf,
	}, body)
end

function done(summary, latency, requests)
	io.write(string.format("non2xx3xx %d\n", summary.errors.status))
end
