// door.mjs: the door with no signal, measured in Debian's chromium
// (playwright-core from tests/browser). Run by tests/bench/door.sh with
// the stack at $BASE, an educator's credentials in $DOOR_EMAIL and
// $DOOR_PASSWORD, and a session on now with many learners ($DOOR_SESSION).
//
// 1. Tap to "saved", offline: the educator's roster at phone size, the
//    network off, the CPU slowed 4x (CDP Emulation.setCPUThrottlingRate);
//    for each of $DOOR_TAPS learners, the time in the page from the tap
//    (the button's click event) to the row saying "saved on this phone"
//    (a MutationObserver), i.e. the item safely in IndexedDB. p50, p99.
// 2. A backlog sent when the network returns: $DOOR_BACKLOG check-ins
//    queued offline, then the network on; the time from the "online"
//    event to the page saying nothing waits, through nginx (batches of
//    100, each item a committed check-in).
// Prints "tap_p50_ms tap_p99_ms backlog_ms queued floor_p50_ms
// floor_p99_ms" on the last line (the floor: a bare IndexedDB write).
//
// DOOR_TRACE=FILE: also record Chromium's performance trace of the taps
// (FILE, for DevTools' Performance panel) and write FILE.txt: the page's
// main-thread time between each tap and its "saved", summed by kind of
// work (script, style, layout, hit testing, paint, commit), to show what
// a slow tap waits for.
import { createRequire } from "node:module";
import fs from "node:fs";

// playwright-core as the browser tests install it (tests/browser).
const require = createRequire(new URL("../browser/package.json", import.meta.url));
const { chromium } = require("playwright-core");

const BASE = process.env.BASE;
const SESSION = Number(process.env.DOOR_SESSION);
const TAPS = Number(process.env.DOOR_TAPS || 60);
const BACKLOG = Number(process.env.DOOR_BACKLOG || 200);

function pct(a, p) {
	const s = [...a].sort((x, y) => x - y);
	return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

// The main thread's work inside the taps (from each "door-tap" mark to
// its "door-saved"), by trace event, in ms summed over all taps. The
// kinds nest (a task holds its events' dispatch, which holds the script
// and any layout it forces): each is a share of RunTask, not a part.
function tapWork(ev) {
	const marks = ev.filter((e) => e.name === "door-tap" || e.name === "door-saved")
	    .sort((a, b) => a.ts - b.ts);
	if (marks.length === 0)
		return "no marks in the trace\n";
	const thread = `${marks[0].pid}:${marks[0].tid}`, spans = [];
	let from = null;
	for (const m of marks)
		if (m.name === "door-tap")
			from = m.ts;
		else if (from !== null) {
			spans.push([from, m.ts]);
			from = null;
		}
	const kinds = ["RunTask", "FunctionCall", "EventDispatch", "UpdateLayoutTree",
	    "Layout", "HitTest", "IntersectionObserverController::computeIntersections",
	    "PrePaint", "Paint", "Layerize", "Commit"];
	const sum = Object.fromEntries(kinds.map((k) => [k, 0]));
	let all = 0;
	for (const [a, b] of spans) {
		all += b - a;
		for (const e of ev)
			if (e.ph === "X" && e.dur && e.name in sum &&
			    `${e.pid}:${e.tid}` === thread && e.ts >= a && e.ts < b)
				sum[e.name] += Math.min(e.dur, b - e.ts);
	}
	return [`${spans.length} taps, ${(all / 1000).toFixed(1)} ms from tap to saved in all`,
	    ...kinds.map((k) => `${k.padEnd(54)} ${(sum[k] / 1000).toFixed(1).padStart(8)} ms`)]
	    .join("\n") + "\n";
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
	headless: true,
	args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
	    "--disable-background-networking", "--disable-component-update"],
});
try {
	const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
	const page = await ctx.newPage();
	await page.goto(`${BASE}/login`);
	await page.fill("#email", process.env.DOOR_EMAIL);
	await page.fill("#password", process.env.DOOR_PASSWORD);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action="/login"] button[type="submit"]')]);
	const roster = `${BASE}/checkin/session/${SESSION}`;
	await page.goto(roster);
	// A page loaded while the worker was still starting is not under
	// it until it loads again.
	await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
	await page.reload();
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
	await page.waitForFunction(async () => (await caches.keys()).length > 0);
	const ids = await page.$$eval("li.learner", (l) => l.map((x) => x.id));

	// 1. Taps, offline, CPU 4x slower.
	await ctx.setOffline(true);
	const cdp = await ctx.newCDPSession(page);
	await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
	await page.evaluate(() => {
		window.__taps = [];
		document.addEventListener("click", (e) => {
			const b = e.target.closest("button.mark");
			if (!b)
				return;
			const li = b.closest("li.learner"), t0 = performance.now();
			performance.mark("door-tap");
			const o = new MutationObserver(() => {
				if (/saved on this phone/i.test(li.textContent)) {
					performance.mark("door-saved");
					window.__taps.push(performance.now() - t0);
					o.disconnect();
				}
			});
			o.observe(li, { subtree: true, childList: true, characterData: true });
		}, true);
	});
	// The floor: one bare write to IndexedDB, committed, on the same
	// slowed CPU (what any "saved" that means saved must wait for).
	const floor = await page.evaluate(async () => {
		const db = await new Promise((ok, fail) => {
			const rq = indexedDB.open("door-bench-floor", 1);
			rq.onupgradeneeded = () => rq.result.createObjectStore("x");
			rq.onsuccess = () => ok(rq.result);
			rq.onerror = () => fail(rq.error);
		});
		const t = [];
		for (let i = 0; i < 30; i++) {
			const t0 = performance.now();
			await new Promise((ok) => {
				const x = db.transaction("x", "readwrite");
				x.objectStore("x").put({ i }, i);
				x.oncomplete = ok;
			});
			t.push(performance.now() - t0);
		}
		db.close();
		indexedDB.deleteDatabase("door-bench-floor");
		return t;
	});
	const tapIds = ids.slice(0, TAPS);
	const TRACE = process.env.DOOR_TRACE, traced = [];
	let traceDone = null;
	if (TRACE) {
		cdp.on("Tracing.dataCollected", (d) => traced.push(...d.value));
		traceDone = new Promise((ok) => cdp.once("Tracing.tracingComplete", ok));
		await cdp.send("Tracing.start", { transferMode: "ReportEvents",
		    categories: "devtools.timeline,blink.user_timing," +
		    "disabled-by-default-devtools.timeline" });
	}
	for (const id of tapIds) {
		await page.click(`#${id} button[value="present"]`);
		await page.waitForFunction((n) => window.__taps.length >= n,
		    tapIds.indexOf(id) + 1, { timeout: 20000 });
	}
	const taps = await page.evaluate(() => window.__taps);
	if (TRACE) {
		await cdp.send("Tracing.end");
		await traceDone;
		fs.writeFileSync(TRACE, JSON.stringify(traced));
		fs.writeFileSync(`${TRACE}.txt`, tapWork(traced));
	}
	await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });

	// 2. The rest of a backlog, queued offline as taps would queue it.
	const more = ids.slice(TAPS, BACKLOG).map((x) => Number(x.slice(1)));
	await page.evaluate(async ([s, list]) => {
		for (const b of list)
			await window.door.add({ session: s, booking: b,
			    action: "present", method: "tap", name: "" });
	}, [SESSION, more]);
	const waiting = await page.evaluate(() => {
		const m = /(\d+) waiting/.exec(document.getElementById("door-state").textContent);
		return m ? Number(m[1]) : 0;
	});
	await page.evaluate(() => {
		window.__back = null;
		window.addEventListener("online", () => { window.__back = performance.now(); });
	});
	await ctx.setOffline(false);
	await page.waitForFunction(() => window.__back !== null &&
	    /nothing waiting to send/.test(document.getElementById("door-state").textContent),
	    null, { timeout: 60000, polling: 20 });
	const ms = await page.evaluate(() => performance.now() - window.__back);
	console.log(`${pct(taps, 50).toFixed(1)} ${pct(taps, 99).toFixed(1)} ${ms.toFixed(0)} ` +
	    `${waiting} ${pct(floor, 50).toFixed(1)} ${pct(floor, 99).toFixed(1)}`);
} finally {
	await browser.close();
}
