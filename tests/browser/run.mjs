// run.mjs: tessera in a real browser (Debian's chromium, driven by
// playwright-core; never a downloaded browser). Started by run.sh with
// the whole stack running behind nginx at $BASE and the demo college
// in $TESSERA_DB.
//
// What it checks:
// - every kind of page (public, check-in, admin) at 1280x800 and
//   360x740: axe-core finds no WCAG 2.2 A/AA violation, a full-page
//   screenshot is kept in $SHOTS, no CSP violation or script error;
//   no horizontal scrolling at 320 px; the keyboard alone reaches every
//   control, the skip link first, and focus is always visible and not
//   hidden; a cold load transfers under 30 KB (the scanner's QR decoder,
//   loaded only once the camera starts, is not counted);
// - the learner's pages in Dutch, Spanish and Welsh at phone size:
//   <html lang> right, axe-core clean, no sideways scrolling at 320 px;
// - the learner's journey at phone size: find a course, book with a
//   mistake (the error summary links to the fields), book, see the QR
//   code, download the calendar file, cancel; and again at desktop size
//   with the keyboard alone (skip link, Tab, typing, Space, Enter);
// - the educator's journey at phone size: log in, open today's session,
//   scan a booking's QR code with Chromium's fake camera fed from a
//   Y4M video made here from that booking's QR code, see the learner
//   checked in, and "already checked in" on a second pass.
//
// A staff page that answers 404 (not built yet) is skipped with a
// "SKIP: page not built yet" line. The last line is
// "browser: N passed, M failed".

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import crypto, { createHash, createHmac } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BASE = process.env.BASE;
const DB = process.env.TESSERA_DB;
const SHOTS = process.env.SHOTS || path.join(HERE, "../../var/screenshots");
const WORK = process.env.BROWSER_TMP || fs.mkdtempSync("/tmp/tessera-browser-");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
// BROWSER_ONLY=REGEX: only the pages and journeys whose names match
// (for working on one page; make test runs everything).
const ONLY = new RegExp(process.env.BROWSER_ONLY || "");

const TOTAL_MS = 8 * 60 * 1000;		// the whole run, whatever happens
const ACTION_MS = 20000;		// one click, fill or navigation
const SCAN_MS = 30000;			// camera start to an answer on screen
const PAGE_BUDGET = 30 * 1024;		// bytes over the wire for one page
const DECODER = /\/static\/jsqr\.js(\?|$)/;	// not counted in the budget
const WIDE = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };
const NARROW = { width: 320, height: 740 };
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const SAM = { email: "sam@demo.tessera.invalid", password: "peer-demo-2026" };
const JO = { email: "jo@demo.tessera.invalid", password: "admin-demo-2026" };

// Flags from the machine notes. Playwright gives every launch a new,
// empty profile directory of its own (--user-data-dir).
const CHROME_ARGS = [
	"--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update",
	"--disable-sync",
];

const AXE_SOURCE = fs.readFileSync(path.join(HERE,
    "node_modules/axe-core/axe.min.js"), "utf8");

if (!BASE || !DB) {
	console.log("browser: BASE and TESSERA_DB must be set (run.sh sets them)");
	console.log("browser: 0 passed, 1 failed");
	process.exit(1);
}
fs.mkdirSync(SHOTS, { recursive: true });

/* --- Counting ------------------------------------------------------------ */

let passed = 0, failed = 0, skipped = 0;

class Skip extends Error {}

function ok(name, note) {
	passed++;
	console.log(`  ok   ${name}${note ? ` (${note})` : ""}`);
}

function bad(name, why) {
	failed++;
	console.log(`  FAIL ${name}: ${why}`);
}

function skip(name, why) {
	skipped++;
	console.log(`  SKIP: ${why} (${name})`);
}

function assert(cond, why) {
	if (!cond)
		throw new Error(why);
}

// check NAME FN: one pass or one failure; a Skip thrown skips. A
// string FN returns is shown after the name.
async function check(name, fn) {
	try {
		const note = await fn();
		ok(name, typeof note === "string" ? note : "");
		return true;
	} catch (e) {
		if (e instanceof Skip)
			skip(name, e.message);
		else
			bad(name, oneLine(e));
		return false;
	}
}

function oneLine(e) {
	const s = e && e.message ? e.message : String(e);
	return s.split("\n").filter((l) => l.trim() !== "").slice(0, 6).join(" | ");
}

function finish(code) {
	if (!process.env.BROWSER_TMP)
		fs.rmSync(WORK, { recursive: true, force: true });
	if (skipped > 0)
		console.log(`browser: ${skipped} skipped`);
	console.log(`browser: ${passed} passed, ${failed} failed`);
	process.exit(code);
}

const watchdog = setTimeout(() => {
	bad("whole run", `still running after ${TOTAL_MS / 1000} s: stopped`);
	finish(1);
}, TOTAL_MS);

/* --- The browser --------------------------------------------------------- */

async function launch(extra = []) {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: CHROME_ARGS.concat(extra),
	});
}

// A context with a record of what its pages complained about: CSP
// violations and uncaught script errors, per page (page.__problems).
async function newContext(browser, viewport, opts = {}) {
	const ctx = await browser.newContext({
		viewport, acceptDownloads: true, ...opts,
	});
	ctx.setDefaultTimeout(ACTION_MS);
	ctx.setDefaultNavigationTimeout(ACTION_MS);
	ctx.on("page", watchPage);
	return ctx;
}

function watchPage(page) {
	page.__problems = [];
	page.on("console", (m) => {
		const t = m.text();
		if (m.type() === "error" && /Content Security Policy|Refused to/i.test(t))
			page.__problems.push(`CSP: ${t.slice(0, 200)}`);
	});
	page.on("pageerror", (e) => page.__problems.push(`script error: ${oneLine(e)}`));
}

function takeProblems(page) {
	const p = page.__problems || [];
	page.__problems = [];
	return p;
}

// submit PAGE SELECTOR: click a submit button and wait for the page
// that comes back; the answer's response (after any redirect).
async function submit(page, selector) {
	const [resp] = await Promise.all([
		page.waitForNavigation({ waitUntil: "load" }),
		page.click(selector),
	]);
	return resp;
}

async function login(page, who) {
	const r = await page.goto(`${BASE}/login`);
	if (r && r.status() === 404)
		throw new Skip("page not built yet (/login)");
	await page.fill("#email", who.email);
	await page.fill("#password", who.password);
	const resp = await submit(page, 'form[action="/login"] button[type="submit"]');
	assert(resp && resp.ok(), `log-in answered ${resp ? resp.status() : "nothing"}`);
	assert(!new URL(page.url()).pathname.startsWith("/login"),
	    `still on ${page.url()} after logging in as ${who.email}`);
}

// A place booked through the form, as a learner would; its path.
async function bookThroughForm(page, runId, name, email) {
	await page.goto(`${BASE}/book/${runId}`);
	await page.fill("#name", name);
	await page.fill("#email", email);
	await page.check("#consent");
	const resp = await submit(page, 'form[action^="/book/"] button[type="submit"]');
	assert(resp && resp.status() === 200, `booking answered ${resp ? resp.status() : "nothing"}`);
	const p = new URL(page.url()).pathname;
	assert(/^\/booking\/[A-Z2-7]{26}$/.test(p), `booking ended on ${p}`);
	return p;
}

async function getJSON(urlPath) {
	const r = await fetch(BASE + urlPath, { headers: { Accept: "application/json" } });
	assert(r.ok, `GET ${urlPath} answered ${r.status}`);
	return r.json();
}

function unique(tag) {
	return `${tag}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}@example.org`;
}

/* --- Checks on one page ---------------------------------------------------- */

async function axeViolations(page) {
	await page.evaluate(AXE_SOURCE);
	return page.evaluate((tags) => window.axe.run(document, {
		runOnly: { type: "tag", values: tags },
		resultTypes: ["violations"],
	}).then((r) => r.violations.map((v) => `${v.id} (${v.impact}): ` +
	    v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; "))),
	    AXE_TAGS);
}

// The controls a person might need: visible, focusable, not disabled.
// Each is marked with data-kb so the walk can tell which it reached; a
// radio button also with its group (Tab stops once in a group, and the
// arrow keys move within it).
async function markControls(page) {
	return page.evaluate(() => {
		const sel = 'a[href], button, input:not([type="hidden"]), select, ' +
		    'textarea, summary, [tabindex]:not([tabindex="-1"]), ' +
		    '[contenteditable="true"]';
		const list = [];
		let n = 0;
		for (const el of document.querySelectorAll(sel)) {
			if (el.disabled || el.closest("[inert]"))
				continue;
			if (el.getAttribute("tabindex") === "-1")
				continue;
			const r = el.getBoundingClientRect();
			if (!el.checkVisibility({ visibilityProperty: true }) ||
			    r.width === 0 || r.height === 0)
				continue;
			el.setAttribute("data-kb", String(n));
			const group = el.type === "radio" && el.name ?
			    `${el.form ? Array.from(document.forms).indexOf(el.form) : -1}/${el.name}` : null;
			if (group !== null)
				el.setAttribute("data-kb-group", group);
			list.push({ group, what: `${el.tagName.toLowerCase()} "${(el.textContent ||
			    el.getAttribute("aria-label") || el.id || "").trim().slice(0, 40)}"` });
			n++;
		}
		return list;
	});
}

// Where the focus is, and whether a sighted keyboard user can see it.
async function focusState(page) {
	return page.evaluate(() => {
		const el = document.activeElement;
		if (!el || el === document.body || el === document.documentElement)
			return { none: true };
		const cs = getComputedStyle(el);
		const r = el.getBoundingClientRect();
		const vw = document.documentElement.clientWidth;
		const vh = window.innerHeight;
		const outline = cs.outlineStyle !== "none" &&
		    parseFloat(cs.outlineWidth) >= 2 &&
		    !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(cs.outlineColor);
		const shadow = cs.boxShadow && cs.boxShadow !== "none";
		const inView = r.bottom > 0 && r.right > 0 && r.top < vh && r.left < vw;
		// Covered (WCAG 2.4.11): no box of it (a link may wrap over
		// lines) shows the element itself at its centre.
		let covered = false;
		if (inView) {
			covered = true;
			for (const b of el.getClientRects()) {
				const x = Math.min(Math.max(b.left + b.width / 2, 0), vw - 1);
				const y = Math.min(Math.max(b.top + b.height / 2, 0), vh - 1);
				const hit = document.elementFromPoint(x, y);
				if (hit === null || hit === el || el.contains(hit) ||
				    hit.control === el)
					covered = false;
			}
		}
		return {
			kb: el.getAttribute("data-kb"),
			group: el.getAttribute("data-kb-group"),
			what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.textContent ||
			    el.value || "").trim().slice(0, 30)}"`,
			skip: el.classList.contains("skip"),
			visible: outline || shadow,
			inView, covered,
		};
	});
}

// Tab from the top of the page to the end: every control reached,
// the skip link first, the focus always visible, in view, not covered.
async function keyboardWalk(page) {
	const controls = await markControls(page);
	// Start from the top: focusing the body moves the place Tab goes
	// on from (blur() alone would leave it where the focus was).
	await page.evaluate(() => {
		const b = document.body;
		if (document.activeElement)
			document.activeElement.blur();
		b.setAttribute("tabindex", "-1");
		b.focus({ preventScroll: true });
		b.removeAttribute("tabindex");
		window.scrollTo(0, 0);
	});
	const reached = new Set(), groups = new Set();
	const problems = [];
	let first = null, steps = 0;
	const most = controls.length * 2 + 10;
	while (steps < most) {
		await page.keyboard.press("Tab");
		steps++;
		const f = await focusState(page);
		if (f.none)
			break;
		if (first === null)
			first = f;
		else if (f.kb !== null && f.kb === first.kb)
			break;		// round again
		if (f.kb !== null)
			reached.add(f.kb);
		if (f.group !== null)
			groups.add(f.group);
		if (!f.visible)
			problems.push(`focus not visible on ${f.what}`);
		else if (!f.inView)
			problems.push(`focused ${f.what} is out of view`);
		else if (f.covered)
			problems.push(`focused ${f.what} is covered`);
	}
	if (controls.length > 0 && (first === null || !first.skip))
		problems.push(`first Tab stop is ${first ? first.what : "nothing"}, not the skip link`);
	const missed = controls.filter((c, i) => !reached.has(String(i)) &&
	    !(c.group !== null && groups.has(c.group))).map((c) => c.what);
	if (missed.length > 0)
		problems.push(`not reached by Tab: ${missed.slice(0, 5).join(", ")}` +
		    (missed.length > 5 ? ` and ${missed.length - 5} more` : ""));
	return { problems, count: controls.length };
}

// Bytes over the wire for one cold load (cache off), as Chromium counts
// them (headers and encoded body), without the scanner's decoder: the
// last page the browser loads in open(), and what that page loads.
async function coldWeight(page, open) {
	const cdp = await page.context().newCDPSession(page);
	const urls = new Map();
	let total = 0;
	const parts = [];
	await cdp.send("Network.enable");
	await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
	// A first visit has no service worker yet (the check-in pages
	// register one): what a cold load costs is the network's.
	await cdp.send("Network.setBypassServiceWorker", { bypass: true });
	cdp.on("Network.requestWillBeSent", (e) => {
		urls.set(e.requestId, e.request.url);
		// A page opened by a form counts from the form's answer on.
		if (e.type === "Document" && !e.redirectResponse) {
			total = 0;
			parts.length = 0;
		}
	});
	cdp.on("Network.loadingFinished", (e) => {
		const u = urls.get(e.requestId) || "";
		if (DECODER.test(u))
			return;
		total += e.encodedDataLength;
		parts.push(`${new URL(u, BASE).pathname} ${Math.round(e.encodedDataLength)}`);
	});
	await open(page);
	await page.waitForLoadState("networkidle");
	await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
	await cdp.send("Network.setBypassServiceWorker", { bypass: false });
	await cdp.detach();
	return { total: Math.round(total), parts };
}

/* --- The pages ------------------------------------------------------------- */

// Each kind of page: who looks at it and how to open it. open() returns
// the HTTP status of the page shown.
function pageList(fx) {
	const go = (u) => async (page) => {
		const r = await page.goto(BASE + u, { waitUntil: "load" });
		return r ? r.status() : 0;
	};
	return [
		{ name: "courses", who: "public", want: 200, open: go("/courses") },
		{ name: "course", who: "public", want: 200, open: go(`/courses/${fx.slug}`) },
		{ name: "book-form", who: "public", want: 200, open: go(`/book/${fx.runId}`) },
		{ name: "book-errors", who: "public", want: 422, open: async (page) => {
			await page.goto(`${BASE}/book/${fx.runId}`);
			await page.fill("#name", "Robin Browser");
			await page.fill("#email", "robin.browser@");
			const r = await submit(page, 'form[action^="/book/"] button[type="submit"]');
			return r ? r.status() : 0;
		} },
		{ name: "booking", who: "public", want: 200, open: go(fx.bookingPath) },
		{ name: "booking-cancel", who: "public", want: 200, open: go(`${fx.bookingPath}/cancel`) },
		{ name: "booking-lost", who: "public", want: 200, open: go("/booking/lost") },
		{ name: "booking-lost-errors", who: "public", want: 422, open: async (page) => {
			await page.goto(`${BASE}/booking/lost`);
			await page.fill("#email", "robin.browser@");
			const r = await submit(page, 'form[action="/booking/lost"] button[type="submit"]');
			return r ? r.status() : 0;
		} },
		{ name: "booking-lost-sent", who: "public", want: 200, open: go("/booking/lost/sent") },
		// Reminders on (started again if a run before stopped them) and
		// stopped (by the page's own one-click form).
		{ name: "reminders", who: "public", want: 200, open: async (page) => {
			const u = `${BASE}/booking/${reminderKey(fx.bookingPath.split("/")[2])}/reminders`;
			let r = await page.goto(u, { waitUntil: "load" });
			if (await page.$('form[action$="/reminders/on"]'))
				r = await submit(page, 'form[action$="/reminders/on"] button[type="submit"]');
			return r ? r.status() : 0;
		} },
		{ name: "reminders-stopped", who: "public", want: 200, open: async (page) => {
			const u = `${BASE}/booking/${reminderKey(fx.bookingPath.split("/")[2])}/reminders`;
			let r = await page.goto(u, { waitUntil: "load" });
			if (await page.$('form[action$="/reminders"] button'))
				r = await submit(page, 'form[action$="/reminders"] button[type="submit"]');
			return r ? r.status() : 0;
		} },
		{ name: "checkin-code", who: "public", want: 200, open: go(`/c/${checkinToken(fx.bookingPath.split("/")[2])}`) },
		{ name: "not-found", who: "public", want: 404, open: go("/no-such-page") },
		{ name: "login", who: "public", want: 200, open: go("/login") },
		{ name: "login-errors", who: "public", want: 422, open: async (page) => {
			await page.goto(`${BASE}/login`);
			const r = await submit(page, 'form[action="/login"] button[type="submit"]');
			return r ? r.status() : 0;
		} },
		{ name: "checkin-list", who: "sam", staff: true, want: 200, open: go("/checkin") },
		{ name: "roster", who: "sam", staff: true, want: 200, needs: "session",
		    open: go(`/checkin/session/${fx.sessionId}`) },
		{ name: "scanner", who: "sam", staff: true, want: 200, needs: "session",
		    open: go(`/checkin/session/${fx.sessionId}/scan`) },
		{ name: "sign-in-sheet", who: "sam", staff: true, want: 200, needs: "session",
		    open: go(`/checkin/session/${fx.sessionId}/sheet`) },
		{ name: "paper-entry", who: "jo", staff: true, want: 200, needs: "session",
		    open: go(`/checkin/session/${fx.sessionId}/paper`) },
		{ name: "admin-dashboard", who: "jo", staff: true, want: 200, open: go("/admin") },
		{ name: "admin-export", who: "jo", staff: true, want: 200, open: go("/admin/export") },
		{ name: "admin-reports", who: "jo", staff: true, want: 200, open: go("/admin/reports") },
		// The rest of the staff's pages (the demo college's first of each).
		{ name: "checkin-code-staff", who: "sam", staff: true, want: 200,
		    open: go(`/c/${checkinToken(fx.bookingPath.split("/")[2])}`) },
		{ name: "admin-export-errors", who: "jo", staff: true, want: 422,
		    open: go("/admin/export/attendance.csv?from=someday") },
		...[
			["admin-runs", "/admin/runs"], ["admin-run", "/admin/runs/1"],
			["admin-session", "/admin/sessions/1"],
			["admin-courses", "/admin/courses"], ["admin-course", "/admin/courses/1"],
			["admin-venues", "/admin/venues"], ["admin-venue", "/admin/venues/1"],
			["admin-staff", "/admin/staff"], ["admin-staff-password", "/admin/staff/1/password"],
			["admin-learners", "/admin/learners?q=example"], ["admin-learner", "/admin/learners/1"],
			["admin-audit", "/admin/audit"], ["admin-settings", "/admin/settings"],
		].map(([name, u]) => ({ name, who: "jo", staff: true, want: 200, open: go(u) })),
	];
}

async function pageChecks(spec, page, fx) {
	const n = spec.name;

	if (spec.needs === "session" && fx.sessionId === null) {
		if (/not built/.test(fx.noSession))
			return skip(n, fx.noSession);
		return bad(n, `not checked: ${fx.noSession}`);
	}
	let status = 0;
	const opened = await check(`${n}: opens`, async () => {
		await page.setViewportSize(WIDE);
		status = await spec.open(page);
		if (spec.staff && status === 404)
			throw new Skip("page not built yet");
		assert(status === spec.want, `status ${status}, wanted ${spec.want}`);
	});
	if (!opened)
		return;

	for (const vp of [WIDE, PHONE]) {
		const size = `${vp.width}x${vp.height}`;
		await page.setViewportSize(vp);
		await check(`${n} ${size}: axe, WCAG 2.2 A and AA`, async () => {
			const v = await axeViolations(page);
			assert(v.length === 0, v.join(" || "));
		});
		await check(`${n} ${size}: screenshot`, async () => {
			await page.evaluate(() => document.activeElement && document.activeElement.blur());
			await page.screenshot({ path: path.join(SHOTS, `${n}-${size}.png`), fullPage: true });
		});
		await check(`${n} ${size}: keyboard reaches every control, focus visible`, async () => {
			const { problems } = await keyboardWalk(page);
			assert(problems.length === 0, problems.slice(0, 4).join("; "));
		});
	}

	await check(`${n}: no horizontal scrolling at 320 px`, async () => {
		await page.setViewportSize(NARROW);
		const w = await page.evaluate(() => {
			const d = document.documentElement;
			const wide = [];
			for (const el of document.body.querySelectorAll("*")) {
				const r = el.getBoundingClientRect();
				if (r.right > d.clientWidth + 1 && el.checkVisibility())
					wide.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""}`);
			}
			return { scroll: d.scrollWidth, client: d.clientWidth, wide: wide.slice(0, 5) };
		});
		assert(w.scroll <= w.client, `page is ${w.scroll} px wide in a ${w.client} px window (${w.wide.join(", ")})`);
	});

	await check(`${n}: under ${PAGE_BUDGET / 1024} KB over the wire`, async () => {
		await page.setViewportSize(PHONE);
		const { total, parts } = await coldWeight(page, spec.open);
		assert(total > 0, "nothing measured");
		assert(total < PAGE_BUDGET, `${total} bytes: ${parts.join(", ")}`);
		return `${total} bytes`;
	});

	await check(`${n}: no CSP violations or script errors`, async () => {
		const p = takeProblems(page);
		assert(p.length === 0, p.slice(0, 3).join("; "));
	});
}

/* --- Languages ------------------------------------------------------------- */

// Issue 17: each learner's page in Dutch, Spanish and Welsh (the
// browser's Accept-Language), at phone size: in that language (its
// <html lang>), axe-core clean, and no sideways scrolling at 320 px,
// where long Welsh and Dutch words would push it.
const LANGS = ["nl", "es", "cy"];
const LANG_PAGES = ["courses", "course", "book-form", "book-errors", "booking",
    "booking-cancel", "booking-lost", "booking-lost-errors", "booking-lost-sent",
    "reminders", "reminders-stopped", "not-found"];

// Issue 17: a few of the office's pages too, logged in, in Welsh and
// Dutch (the longest words), with the same checks.
const ADMIN_LANGS = ["cy", "nl"];
// Issue 17: the door's pages (the check-in list, a roster, the scanner,
// paper entry), logged in as their page's user, in every language.
const DOOR_LANG_PAGES = ["checkin-list", "roster", "scanner", "paper-entry"];

const ADMIN_LANG_PAGES = ["admin-dashboard", "admin-run", "admin-course",
    "admin-learner", "admin-settings", "admin-reports", "admin-export-errors"];

// The checks of one page in lang: it opens in that language, axe-core
// finds nothing at phone size, and nothing scrolls sideways at 320 px.
async function langPageChecks(page, spec, lang, n) {
	const opened = await check(`${n}: opens in ${lang}`, async () => {
		await page.setViewportSize(PHONE);
		const status = await spec.open(page);
		assert(status === spec.want, `status ${status}, wanted ${spec.want}`);
		const l = await page.evaluate(() => document.documentElement.lang);
		assert(l === lang, `<html lang="${l}">`);
	});
	if (!opened)
		return;
	await check(`${n} 360x740: axe, WCAG 2.2 A and AA`, async () => {
		const v = await axeViolations(page);
		assert(v.length === 0, v.join(" || "));
	});
	await check(`${n}: no horizontal scrolling at 320 px`, async () => {
		await page.setViewportSize(NARROW);
		const w = await page.evaluate(() => {
			const d = document.documentElement;
			const wide = [];
			for (const el of document.body.querySelectorAll("*")) {
				const r = el.getBoundingClientRect();
				if (r.right > d.clientWidth + 1 && el.checkVisibility())
					wide.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""}`);
			}
			return { scroll: d.scrollWidth, client: d.clientWidth, wide: wide.slice(0, 5) };
		});
		await page.screenshot({ path: path.join(SHOTS, `${n}-320.png`), fullPage: true });
		assert(w.scroll <= w.client, `page is ${w.scroll} px wide in a ${w.client} px window (${w.wide.join(", ")})`);
	});
}

async function languagePages(browser, fx) {
	const specs = pageList(fx).filter((p) => LANG_PAGES.includes(p.name));
	for (const lang of LANGS) {
		const ctx = await newContext(browser, PHONE, {
			locale: lang, extraHTTPHeaders: { "Accept-Language": lang },
		});
		const page = await ctx.newPage();
		for (const spec of specs) {
			const n = `lang-${lang}-${spec.name}`;
			if (!ONLY.test(n) && !ONLY.test("languages"))
				continue;
			await langPageChecks(page, spec, lang, n);
		}
		await ctx.close();
	}
	const door = pageList(fx).filter((p) => DOOR_LANG_PAGES.includes(p.name));
	for (const lang of LANGS) {
		for (const who of [["sam", SAM], ["jo", JO]]) {
			const mine = door.filter((spec) => spec.who === who[0] &&
			    (ONLY.test(`lang-${lang}-${spec.name}`) || ONLY.test("languages")));
			if (mine.length === 0)
				continue;
			const ctx = await newContext(browser, PHONE, {
				locale: lang, extraHTTPHeaders: { "Accept-Language": lang },
			});
			const page = await ctx.newPage();
			const in_ = await check(`lang-${lang}-door: logged in as ${who[0]}`, () => login(page, who[1]));
			for (const spec of in_ ? mine : []) {
				const n = `lang-${lang}-${spec.name}`;
				if (spec.needs === "session" && fx.sessionId === null) {
					skip(n, "no session in the demo data");
					continue;
				}
				await langPageChecks(page, spec, lang, n);
			}
			await ctx.close();
		}
	}
	const admin = pageList(fx).filter((p) => ADMIN_LANG_PAGES.includes(p.name));
	for (const lang of ADMIN_LANGS) {
		const names = admin.map((spec) => `lang-${lang}-${spec.name}`);
		if (!names.some((n) => ONLY.test(n)) && !ONLY.test("languages"))
			continue;
		const ctx = await newContext(browser, PHONE, {
			locale: lang, extraHTTPHeaders: { "Accept-Language": lang },
		});
		const page = await ctx.newPage();
		const in_ = await check(`lang-${lang}-admin: logged in`, () => login(page, JO));
		for (const spec of in_ ? admin : []) {
			const n = `lang-${lang}-${spec.name}`;
			if (!ONLY.test(n) && !ONLY.test("languages"))
				continue;
			await langPageChecks(page, spec, lang, n);
		}
		await ctx.close();
	}
}

/* --- Journeys ---------------------------------------------------------------- */

async function learnerJourney(browser, fx) {
	const ctx = await newContext(browser, PHONE);
	const page = await ctx.newPage();
	const J = "learner";
	let token = null, bookingPath = null;

	const found = await check(`${J}: finds the course by searching`, async () => {
		await page.goto(`${BASE}/courses`);
		await page.fill("#q", fx.title);
		await Promise.all([page.waitForNavigation(), page.press("#q", "Enter")]);
		const u = new URL(page.url());
		assert(u.pathname === "/courses" && u.searchParams.get("q") === fx.title,
		    `search went to ${page.url()}`);
		const link = page.locator(`a[href="/courses/${fx.slug}"]`).first();
		await link.click();
		await page.waitForURL(`${BASE}/courses/${fx.slug}`);
		assert((await page.textContent("h1")).includes(fx.title), "course page lacks its title");
	});
	if (!found)
		return ctx.close();

	const mistaken = await check(`${J}: a mistake shows the error summary, which links to the fields`, async () => {
		await Promise.all([page.waitForNavigation(),
		    page.locator(`a.button[href="/book/${fx.runId}"]`).click()]);
		await page.fill("#name", "Robin Browser");
		await page.fill("#email", "robin.browser@");
		const r = await submit(page, 'form[action^="/book/"] button[type="submit"]');
		assert(r.status() === 422, `status ${r.status()}, wanted 422`);
		assert((await page.title()).startsWith("Error:"), `title "${await page.title()}"`);
		const summary = page.locator(".error-summary");
		assert(await summary.isVisible(), "no error summary");
		assert(await summary.getAttribute("role") === "alert", "the summary is not announced (role=alert)");
		const links = await summary.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
		assert(links.includes("#email"), `summary links ${links.join(" ")}`);
		assert(links.includes("#consent"), `summary links ${links.join(" ")} (consent not ticked)`);
		assert(await page.inputValue("#name") === "Robin Browser", "the name typed was lost");
		for (const href of links) {
			await summary.locator(`a[href="${href}"]`).click();
			const s = await page.evaluate((id) => {
				const el = document.getElementById(id);
				if (!el)
					return null;
				const r = el.getBoundingClientRect();
				const d = (el.getAttribute("aria-describedby") || "").split(/\s+/);
				const err = d.map((x) => document.getElementById(x)).find((e) => e &&
				    e.classList.contains("error-message"));
				return {
					hash: location.hash,
					inView: r.top >= 0 && r.bottom <= window.innerHeight,
					invalid: el.getAttribute("aria-invalid"),
					error: err ? err.textContent : null,
					control: /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName),
				};
			}, href.slice(1));
			assert(s !== null, `${href} points at nothing`);
			assert(s.hash === href, `after the click the address ends ${s.hash}`);
			assert(s.control, `${href} is not a form field`);
			assert(s.inView, `${href} is not scrolled into view`);
			assert(s.invalid === "true", `${href} lacks aria-invalid`);
			assert(s.error && s.error.startsWith("Error:"), `${href} is not described by its error message`);
		}
	});
	await check(`${J}: error page has no CSP violations`, async () => {
		const p = takeProblems(page);
		assert(p.length === 0, p.join("; "));
	});
	if (!mistaken)
		return ctx.close();

	const booked = await check(`${J}: books a place`, async () => {
		await page.fill("#email", unique("robin.browser"));
		await page.check("#consent");
		const r = await submit(page, 'form[action^="/book/"] button[type="submit"]');
		assert(r.status() === 200, `status ${r.status()}`);
		bookingPath = new URL(page.url()).pathname;
		const m = /^\/booking\/([A-Z2-7]{26})$/.exec(bookingPath);
		assert(m, `booking ended on ${bookingPath}`);
		token = m[1];
		const j = await getJSON(bookingPath);
		assert(j.status === "confirmed", `status ${j.status}`);
		assert((await page.textContent("h1")).includes("Your booking"), "no booking heading");
	});
	if (!booked)
		return ctx.close();

	await check(`${J}: sees the QR code and the check-in code`, async () => {
		const qr = page.locator(".qr svg");
		await qr.scrollIntoViewIfNeeded();
		assert(await qr.isVisible(), "no QR code");
		const box = await qr.boundingBox();
		assert(box.width >= 150 && box.height >= 150, `QR code only ${box.width}x${box.height} px`);
		assert(box.x >= 0 && box.x + box.width <= PHONE.width, "QR code runs off the screen");
		const name = await qr.evaluate((s) => s.getAttribute("role") === "img" &&
		    s.querySelector("title") ? s.querySelector("title").textContent : "");
		assert(name.length > 0, "QR code has no text alternative");
		const code = (await page.textContent(".checkin-code") || "").trim();
		const j = await getJSON(bookingPath);
		assert(/^[A-Z0-9]{4,}$/.test(code) && code === j.code,
		    `check-in code shown "${code}", the booking's is "${j.code}"`);
		await page.screenshot({ path: path.join(SHOTS, "journey-booking-qr-360x740.png"), fullPage: true });
	});

	await check(`${J}: downloads the calendar file`, async () => {
		const [dl] = await Promise.all([
			page.waitForEvent("download"),
			page.locator('a[href$="/calendar.ics"]').click(),
		]);
		assert(dl.suggestedFilename().endsWith(".ics"), `file named ${dl.suggestedFilename()}`);
		const file = path.join(WORK, "booking.ics");
		await dl.saveAs(file);
		const ics = fs.readFileSync(file, "utf8");
		assert(ics.startsWith("BEGIN:VCALENDAR\r\n"), "not an iCalendar file");
		assert(/\r\nEND:VCALENDAR\r\n?$/.test(ics), "the calendar is not closed");
		const events = ics.split("BEGIN:VEVENT").length - 1;
		assert(events === fx.sessions, `${events} events for ${fx.sessions} sessions`);
		const unfolded = ics.replace(/\r\n[ \t]/g, "");
		assert(unfolded.includes(`SUMMARY:${fx.title.replace(/([,;\\])/g, "\\$1")}`),
		    "the events do not name the course");
	});

	await check(`${J}: cancels`, async () => {
		await Promise.all([page.waitForNavigation(),
		    page.locator(`a[href="${bookingPath}/cancel"]`).click()]);
		assert((await page.textContent("h1")).includes("Cancel"), "no confirmation step");
		const r = await submit(page, `form[action="${bookingPath}/cancel"] button[type="submit"]`);
		assert(r.status() === 200 && new URL(page.url()).pathname === bookingPath,
		    `after cancelling: ${r.status()} ${page.url()}`);
		assert((await page.textContent("main")).includes("This booking is cancelled"),
		    "the page does not say the booking is cancelled");
		assert(await page.locator(".qr").count() === 0, "the QR code is still shown");
		const j = await getJSON(bookingPath);
		assert(j.status === "cancelled", `status ${j.status}`);
	});
	await check(`${J}: no CSP violations or script errors`, async () => {
		const p = takeProblems(page);
		assert(p.length === 0, p.join("; "));
	});
	await ctx.close();
}

// tabTo PAGE SELECTOR: press Tab until the focus is on SELECTOR.
async function tabTo(page, selector, most = 250) {
	for (let i = 0; i < most; i++) {
		await page.keyboard.press("Tab");
		if (await page.evaluate((sel) => document.activeElement !== null &&
		    document.activeElement.matches(sel), selector))
			return;
	}
	throw new Error(`${most} presses of Tab never reached ${selector}`);
}

async function pressAndLoad(page, key) {
	const [r] = await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
	return r;
}

// The same journey with the keyboard alone, at desktop size: the skip
// link, the course, the form (typing, Space on the box, Enter), the
// booking, and cancelling it.
async function keyboardJourney(browser, fx) {
	const ctx = await newContext(browser, WIDE);
	const page = await ctx.newPage();
	const J = "learner, keyboard only";

	await check(`${J}: the skip link leads into the page's main part`, async () => {
		await page.goto(`${BASE}/courses`);
		await page.keyboard.press("Tab");
		assert(await page.evaluate(() => document.activeElement.classList.contains("skip")),
		    "the first Tab stop is not the skip link");
		await page.keyboard.press("Enter");
		await page.keyboard.press("Tab");
		const inMain = await page.evaluate(() => document.activeElement.closest("main") !== null);
		assert(inMain, "after the skip link, Tab goes to something outside main");
	});

	const booked = await check(`${J}: finds the course and books`, async () => {
		await tabTo(page, `a[href="/courses/${fx.slug}"]`);
		await pressAndLoad(page, "Enter");
		await tabTo(page, `a[href="/book/${fx.runId}"]`);
		await pressAndLoad(page, "Enter");
		await tabTo(page, "#name");
		await page.keyboard.type("Kim Keys");
		await tabTo(page, "#email");
		await page.keyboard.type(unique("kim.keys"));
		await tabTo(page, "#consent");
		await page.keyboard.press("Space");
		assert(await page.isChecked("#consent"), "Space did not tick the box");
		await tabTo(page, 'form[action^="/book/"] button[type="submit"]');
		const r = await pressAndLoad(page, "Enter");
		assert(r.status() === 200 && /^\/booking\/[A-Z2-7]{26}$/.test(new URL(page.url()).pathname),
		    `booking ended ${r.status()} on ${page.url()}`);
	});
	if (booked) {
		await check(`${J}: cancels`, async () => {
			const bookingPath = new URL(page.url()).pathname;
			await tabTo(page, `a[href="${bookingPath}/cancel"]`);
			await pressAndLoad(page, "Enter");
			await tabTo(page, `form[action="${bookingPath}/cancel"] button[type="submit"]`);
			await pressAndLoad(page, "Enter");
			const j = await getJSON(bookingPath);
			assert(j.status === "cancelled", `status ${j.status}`);
		});
	}
	await check(`${J}: no CSP violations or script errors`, async () => {
		const p = takeProblems(page);
		assert(p.length === 0, p.join("; "));
	});
	await ctx.close();
}

// A booking's QR code, as its SVG draws it ("Mx yhwv1h-wz" runs of dark
// modules), into a Y4M video Chromium's fake camera can play: 640x480,
// 4:2:0, a few identical frames (Chromium loops the file).
async function qrVideo(token, file) {
	const r = await fetch(`${BASE}/booking/${token}/qr.svg`);
	assert(r.ok, `qr.svg answered ${r.status}`);
	const svg = await r.text();
	const vb = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
	assert(vb && vb[1] === vb[2], "qr.svg has no square viewBox");
	const n = Number(vb[1]);
	const W = 640, H = 480, scale = Math.floor((H - 40) / n);
	const ox = Math.floor((W - n * scale) / 2), oy = Math.floor((H - n * scale) / 2);
	const y = Buffer.alloc(W * H, 235);		// white
	let runs = 0;
	for (const m of svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
		const [mx, my, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
		for (let py = 0; py < scale; py++) {
			const row = (oy + my * scale + py) * W;
			y.fill(16, row + ox + mx * scale, row + ox + (mx + w) * scale);
		}
		runs++;
	}
	assert(runs > n, `only ${runs} dark runs parsed from qr.svg`);
	const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
	const frames = 10;
	const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`)];
	for (let i = 0; i < frames; i++)
		parts.push(Buffer.from("FRAME\n"), y, chroma);
	fs.writeFileSync(file, Buffer.concat(parts));
}

// The check-in token of a booking's own token, as booking.h derives it:
// the first 130 bits of SHA-256("tessera check-in\0" || token), base32.
function checkinToken(token) {
	const h = createHash("sha256").update("tessera check-in\0" + token).digest();
	const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	let bits = "";
	for (const b of h.subarray(0, 17))
		bits += b.toString(2).padStart(8, "0");
	let out = "";
	for (let i = 0; i < 26; i++)
		out += A[parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
	return out;
}

// The stop-reminders key of the booking with this link, as mail.c makes
// it: the booking's id, "-", and the first 128 bits of HMAC-SHA-256 of
// "reminders:ID" under the mail key (HMAC-SHA-256 of "tessera mail v1"
// under the key file beside the database), in base32.
function reminderKey(token) {
	const hash = createHash("sha256").update(token).digest("hex");
	const id = sql(`SELECT id FROM booking WHERE token_hash = '${hash}'`);
	const file = process.env.TESSERA_KEY_FILE || `${DB}.key`;
	const key = createHmac("sha256", fs.readFileSync(file)).update("tessera mail v1").digest();
	const mac = createHmac("sha256", key).update(`reminders:${id}`).digest();
	const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	let bits = "";
	for (const b of mac.subarray(0, 16))
		bits += b.toString(2).padStart(8, "0");
	bits = bits.padEnd(130, "0");
	let out = "";
	for (let i = 0; i < 26; i++)
		out += A[parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
	return `${id}-${out}`;
}

function sql(query) {
	return execFileSync("sqlite3", ["-readonly", "-cmd", ".timeout 10000", DB, query],
	    { encoding: "utf8" }).trim();
}

async function educatorJourney(fx) {
	const J = "educator";

	if (fx.todaySession === null) {
		if (/not built/.test(fx.noSession || ""))
			skip(`${J}: scan journey`, fx.noSession);
		else
			bad(`${J}: scan journey`, "no session today in Sam's /checkin list " +
			    "(the demo college has one on now from start-up)");
		return;
	}
	const sessionId = fx.todaySession;
	// A learner with a place at today's session, not yet checked in.
	let learner = null;
	const picked = await check(`${J}: a booking for today's session to scan`, async () => {
		const row = sql(`SELECT b.id || '|' || l.name FROM booking AS b
		    JOIN learner AS l ON l.id = b.learner_id
		    JOIN session AS s ON s.run_id = b.run_id
		    WHERE s.id = ${Number(sessionId)} AND b.status = 'confirmed'
		    AND NOT EXISTS (SELECT 1 FROM attendance AS a
			WHERE a.booking_id = b.id AND a.session_id = s.id)
		    ORDER BY b.id LIMIT 1`);
		assert(row.includes("|"), `no confirmed booking left to check in at session ${sessionId}`);
		const [id, name] = row.split("|");
		// Only hashes of the links are stored: the office's command
		// unseals the booking's own link (src/tessera.c, cmd_link).
		const token = execFileSync(process.env.TESSERA_TOOL, ["link", id],
		    { encoding: "utf8" }).trim().replace(/^\/booking\//, "");
		learner = { token, name, first: name.split(" ")[0] };
		learner.video = path.join(WORK, "qr.y4m");
		await qrVideo(token, learner.video);
	});
	if (!picked)
		return;

	const browser = await launch([
		"--use-fake-device-for-media-stream",
		"--use-fake-ui-for-media-stream",
		`--use-file-for-fake-video-capture=${learner.video}`,
	]);
	try {
		const ctx = await newContext(browser, PHONE, { hasTouch: true });
		await ctx.grantPermissions(["camera"], { origin: BASE });
		const page = await ctx.newPage();
		let before = null;

		const opened = await check(`${J}: logs in and opens today's session`, async () => {
			await login(page, SAM);
			assert(new URL(page.url()).pathname === "/checkin", `landed on ${page.url()}`);
			await Promise.all([page.waitForNavigation(),
			    page.locator(`a[href="/checkin/session/${sessionId}"]`).first().click()]);
			before = await counts(page);
			assert(before.booked > 0, "no one booked");
		});
		if (!opened)
			return;

		const scanned = await check(`${J}: scans the QR code: checked in`, async () => {
			await Promise.all([page.waitForNavigation(),
			    page.locator(`a[href="/checkin/session/${sessionId}/scan"]`).click()]);
			await page.click("#scan-start");
			await page.waitForFunction(() => {
				const m = document.getElementById("scan-message");
				return m && /checked in|unknown|cannot|not one|refused|expired|connection/i.test(m.textContent);
			}, null, { timeout: SCAN_MS });
			const msg = await page.textContent("#scan-message");
			assert(msg.startsWith(`${learner.name}: checked in`), `the scanner said "${msg}"`);
			assert(await page.getAttribute("#scan-result", "class") === "result result-ok",
			    `result shown as ${await page.getAttribute("#scan-result", "class")}`);
			const n = Number(await page.textContent("#count-in"));
			assert(n === before.in + 1, `count shows ${n}, was ${before.in}`);
			await page.screenshot({ path: path.join(SHOTS, "journey-scan-checked-in-360x740.png"), fullPage: true });
			await page.click("#scan-stop");
		});

		await check(`${J}: the check-in list shows the learner present`, async () => {
			await Promise.all([page.waitForNavigation(),
			    page.locator(`a[href="/checkin/session/${sessionId}"]`).first().click()]);
			const after = await counts(page);
			assert(after.in === before.in + (scanned ? 1 : 0),
			    `checked in ${after.in}, was ${before.in}`);
			const row = page.locator("li.learner", { hasText: learner.name });
			assert(await row.count() === 1, `${learner.name} is not on the list`);
			const st = (await row.locator(".status").textContent()).trim();
			assert(st === "Present", `${learner.name} is shown as "${st}"`);
			assert((await row.locator(".learner-meta").textContent()).includes("QR"),
			    "the list does not say it was a QR scan");
		});

		await check(`${J}: a second pass says already checked in`, async () => {
			await Promise.all([page.waitForNavigation(),
			    page.locator(`a[href="/checkin/session/${sessionId}/scan"]`).click()]);
			await page.click("#scan-start");
			await page.waitForFunction(() => {
				const m = document.getElementById("scan-message");
				return m && /checked in|unknown|cannot|not one|refused|expired|connection/i.test(m.textContent);
			}, null, { timeout: SCAN_MS });
			const msg = await page.textContent("#scan-message");
			assert(msg.startsWith(`${learner.name}: already checked in`), `the scanner said "${msg}"`);
			assert(msg.includes("Sam"), `"${msg}" does not say who checked them in`);
			const n = Number(await page.textContent("#count-in"));
			assert(n === before.in + 1, `count shows ${n} after a repeat, wanted ${before.in + 1}`);
			await page.screenshot({ path: path.join(SHOTS, "journey-scan-already-360x740.png"), fullPage: true });
			await page.click("#scan-stop");
		});
		await check(`${J}: no CSP violations or script errors`, async () => {
			const p = takeProblems(page);
			assert(p.length === 0, p.join("; "));
		});
	} finally {
		await browser.close();
	}
}

/* --- The door with no signal (issue 15) -------------------------------------- */

const DOOR_PHONE = { width: 390, height: 844 };
const ALEX = { email: "alex@demo.tessera.invalid", password: "clinic-demo-2026" };

function sqlWrite(query) {
	return execFileSync("sqlite3", ["-cmd", ".timeout 10000", DB, query],
	    { encoding: "utf8" }).trim();
}

function base32(n) {
	const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	const b = crypto.randomBytes(n);
	return Array.from(b, (x) => A[x % 32]).join("");
}

// A session on now that Sam and Alex both run, with nine learners with
// known check-in tokens and codes (the first has support needs).
function doorFixture() {
	const now = Math.floor(Date.now() / 1000);
	const tag = Date.now().toString(36);
	const cols = sql("SELECT name FROM pragma_table_info('booking')").split("\n");
	const hashed = cols.includes("checkin_hash");
	const people = [];
	for (let i = 0; i < 9; i++)
		people.push({
			name: `Door${String.fromCharCode(65 + i)} Learner${tag.slice(-3)}`,
			email: `door-${tag}-${i}@example.org`,
			token: base32(26), code: "DR" + base32(4).replace(/[^A-Z]/g, "Q"),
			needs: i === 0 ? "Door browser secret need" : "",
		});
	const q = (v) => `'${String(v).replace(/'/g, "''")}'`;
	const rows = people.map((p) => {
		const h = crypto.createHash("sha256").update(p.token).digest("hex");
		// After sql/006 only the hash of the check-in token is kept:
		// p.token plays the check-in token the QR code holds.
		return `((SELECT id FROM learner WHERE email = ${q(p.email)}),
		    ${hashed ? "NULL" : q(p.token)}, ${q(p.code)}, ${q(p.needs)}${hashed ? `, ${q(h)}` : ""})`;
	});
	sqlWrite(`BEGIN IMMEDIATE;
INSERT INTO course(slug, title, status) VALUES ('door-${tag}', 'Door with no signal', 'published');
INSERT INTO run(course_id, capacity, status) VALUES (last_insert_rowid(), 30, 'published');
INSERT INTO session(run_id, starts_at, ends_at, venue_id) VALUES
 ((SELECT max(id) FROM run), ${now - 600}, ${now + 3600}, (SELECT min(id) FROM venue));
INSERT INTO facilitator(run_id, user_id, role) SELECT (SELECT max(id) FROM run), id, 'peer'
 FROM user WHERE email IN (${q(SAM.email)}, ${q(ALEX.email)});
INSERT INTO learner(email, name, created_at) VALUES
 ${people.map((p) => `(${q(p.email)}, ${q(p.name)}, ${now})`).join(",\n ")};
CREATE TEMP TABLE door_v(learner_id, token, code, needs${hashed ? ", checkin_hash" : ""});
INSERT INTO door_v VALUES ${rows.join(",\n ")};
INSERT INTO booking(run_id, learner_id, status, token, code, needs, created_at,
 updated_at${hashed ? ", checkin_hash" : ""})
 SELECT (SELECT max(id) FROM run), learner_id, 'confirmed', token, code, needs, ${now},
 ${now}${hashed ? ", checkin_hash" : ""} FROM door_v;
COMMIT;`);
	const sid = Number(sql(`SELECT s.id FROM session s JOIN run r ON r.id = s.run_id
	    JOIN course c ON c.id = r.course_id WHERE c.slug = 'door-${tag}'`));
	for (const p of people)
		p.booking = Number(sql(`SELECT b.id FROM booking b JOIN learner l
		    ON l.id = b.learner_id WHERE l.email = '${p.email}'`));
	return { sid, people };
}

// A Y4M video that shows each text's QR code (qrencode's matrix) for two
// seconds with a blank half second after: the fake camera loops it.
function qrMovie(texts, file) {
	const W = 480, H = 360, fps = 10;
	const blank = Buffer.alloc(W * H, 235);
	const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
	const parts = [Buffer.from(`YUV4MPEG2 W${W} H${H} F${fps}:1 Ip A1:1 C420jpeg\n`)];
	for (const t of texts) {
		const rows = execFileSync("qrencode", ["-t", "ASCII", "-m", "0", t],
		    { encoding: "utf8" }).split("\n").filter((l) => l.length > 0);
		const n = rows.length, scale = Math.floor((H - 60) / n);
		const ox = Math.floor((W - n * scale) / 2), oy = Math.floor((H - n * scale) / 2);
		const y = Buffer.from(blank);
		rows.forEach((row, my) => {
			for (let mx = 0; mx < n; mx++) {
				if (row[mx * 2] !== "#")
					continue;
				for (let py = 0; py < scale; py++) {
					const o = (oy + my * scale + py) * W + ox + mx * scale;
					y.fill(16, o, o + scale);
				}
			}
		});
		for (let i = 0; i < 2 * fps; i++)
			parts.push(Buffer.from("FRAME\n"), y, chroma);
		for (let i = 0; i < fps / 2; i++)
			parts.push(Buffer.from("FRAME\n"), blank, chroma);
	}
	fs.writeFileSync(file, Buffer.concat(parts));
}

// What the page says: waiting count (null when the line is not there).
async function doorWaiting(page) {
	const t = await page.textContent("#door-state");
	const m = /(\d+) waiting to send/.exec(t || "");
	return m ? Number(m[1]) : (/nothing waiting/.test(t || "") ? 0 : null);
}

// Everything the phone keeps: caches, rosters, queue, service workers.
async function doorKept(page) {
	return page.evaluate(async () => {
		const caches_ = window.caches ? await caches.keys() : [];
		const dbs = indexedDB.databases ? await indexedDB.databases() : [];
		let rosters = 0, queue = 0;
		if (dbs.some((d) => d.name === "tessera-door")) {
			const db = await new Promise((ok, fail) => {
				const rq = indexedDB.open("tessera-door");
				rq.onsuccess = () => ok(rq.result);
				rq.onerror = () => fail(rq.error);
			});
			const count = (n) => db.objectStoreNames.contains(n) ? new Promise((ok) => {
				const r = db.transaction(n).objectStore(n).count();
				r.onsuccess = () => ok(r.result);
			}) : 0;
			rosters = await count("rosters");
			queue = await count("queue");
			db.close();
		}
		const regs = navigator.serviceWorker ?
		    await navigator.serviceWorker.getRegistrations() : [];
		return { caches: caches_.length, db: dbs.some((d) => d.name === "tessera-door"),
		    rosters, queue, workers: regs.length };
	});
}

async function doorJourney() {
	const J = "door";
	let fx = null;
	const video = path.join(WORK, "door.y4m");

	if (!(await check(`${J}: a session on now for Sam and Alex, nine learners`, async () => {
		fx = doorFixture();
		assert(fx.sid > 0 && fx.people.every((p) => p.booking > 0), "fixture not made");
		qrMovie(fx.people.slice(0, 5).map((p) => `${BASE}/c/${p.token}`), video);
	})))
		return;
	const { sid, people } = fx;
	const roster = `${BASE}/checkin/session/${sid}`;
	const browser = await launch([
		"--use-fake-device-for-media-stream",
		"--use-fake-ui-for-media-stream",
		`--use-file-for-fake-video-capture=${video}`,
	]);
	try {
		const ctx = await newContext(browser, DOOR_PHONE, { hasTouch: true });
		await ctx.grantPermissions(["camera"], { origin: BASE });
		const a = await ctx.newPage();

		const ready = await check(`${J}: opened online, the day is kept on the phone`, async () => {
			await login(a, SAM);
			await a.goto(roster);
			// A page loaded while the worker was still starting is
			// not under it until it loads again.
			await a.evaluate(() => navigator.serviceWorker.ready.then(() => true));
			if (await a.evaluate(() => navigator.serviceWorker.controller === null))
				await a.reload();
			await a.waitForFunction(() => navigator.serviceWorker &&
			    navigator.serviceWorker.controller !== null);
			await a.goto(`${roster}/scan`);
			const kept = () => a.evaluate(async () => {
				const ks = await caches.keys();
				const urls = ks.length === 0 ? [] :
				    (await (await caches.open(ks[0])).keys()).map((r) => r.url);
				return { urls, ok: urls.some((u) => /jsqr\.js/.test(u)) &&
				    urls.some((u) => /\/scan$/.test(u)) &&
				    urls.some((u) => /\/checkin\/session\/\d+$/.test(u)) &&
				    urls.some((u) => /door\.js/.test(u)) };
			});
			let k0 = null;
			for (let i = 0; i < 100 && !(k0 = await kept()).ok; i++)
				await new Promise((r) => setTimeout(r, 200));
			assert(k0.ok, `the phone keeps only ${k0.urls.join(", ") || "nothing"}`);
			const k = await doorKept(a);
			assert(k.rosters >= 1, `no roster kept (${JSON.stringify(k)})`);
		});
		if (!ready)
			return;

		let tScan = 0, scanBox = null, scanMsg = null;
		const offline = await check(`${J}: offline, reload, five scans through the camera`, async () => {
			await ctx.setOffline(true);
			await a.reload();
			const st = await a.textContent("#door-state");
			assert(/^Offline/.test(st), `the page says "${st}"`);
			tScan = Math.floor(Date.now() / 1000);
			await a.click("#scan-start");
			await a.waitForFunction(() => {
				const m = /(\d+) waiting to send/.exec(
				    document.getElementById("door-state").textContent);
				return m && Number(m[1]) >= 5;
			}, null, { timeout: 60000 });
			scanBox = await a.locator("#scan-result").boundingBox();
			scanMsg = await a.textContent("#scan-message");
			await a.screenshot({ path: path.join(SHOTS, "door-offline-scanned-390x844.png") });
			await a.click("#scan-stop");
			const n = await doorWaiting(a);
			assert(n === 5, `${n} waiting after five codes`);
		});

		await check(`${J}: the scan's answer is in view at 390x844 and names the learner`, async () => {
			const box = scanBox, msg = scanMsg || "";
			assert(box && box.y >= 0 && box.y + box.height <= DOOR_PHONE.height,
			    `the answer is at ${box && Math.round(box.y)}..${box && Math.round(box.y + box.height)} px`);
			assert(people.slice(0, 5).some((p) => msg.includes(p.name)),
			    `"${msg}" names no one`);
		});

		const tapped = offline && await check(`${J}: finds by name, taps two names, types a code, marks one late: 8 waiting`, async () => {
			await a.goto(roster);
			// Find by name works on the phone, with no network.
			await a.fill("#q", people[5].name.split(" ")[0]);
			await a.click('form[role="search"] button[type="submit"]');
			const shown = await a.$$eval("li.learner", (l) => l.filter((x) => !x.hidden)
			    .map((x) => x.querySelector(".learner-name").textContent));
			assert(shown.length === 1 && shown[0] === people[5].name,
			    `a search offline shows ${JSON.stringify(shown)}`);
			await a.fill("#q", "");
			await a.click('form[role="search"] button[type="submit"]');
			await a.click(`#b${people[5].booking} button[value="present"]`);
			await a.click(`#b${people[6].booking} button[value="present"]`);
			await a.fill("#code", people[7].code.toLowerCase());
			await a.click(`form[action$="/code"] button[type="submit"]`);
			await a.click(`#b${people[6].booking} button[value="late"]`);
			await a.waitForFunction(() => /8 waiting to send/.test(
			    document.getElementById("door-state").textContent), null, { timeout: ACTION_MS });
			const row = (await a.textContent(`#b${people[6].booking}`)).replace(/\s+/g, " ");
			assert(/Late/.test(row) && /will send/.test(row), `row says "${row}"`);
			const k = await doorKept(a);
			assert(k.queue === 8, `${k.queue} items in the queue`);
			assert(sql(`SELECT count(*) FROM attendance WHERE session_id = ${sid}`) === "0",
			    "something reached the server while offline");
			await a.screenshot({ path: path.join(SHOTS, "door-offline-8-waiting-390x844.png"), fullPage: true });
		});

		// Meanwhile Alex, online on his own phone, checks in the first
		// learner scanned: later than Sam's offline scan.
		let tAlex = 0;
		const other = tapped && await check(`${J}: a second educator, online, checks in one of them`, async () => {
			const ctxB = await newContext(browser, DOOR_PHONE);
			const b = await ctxB.newPage();
			await login(b, ALEX);
			await b.goto(roster);
			await new Promise((r) => setTimeout(r, 1100));
			await b.click(`#b${people[0].booking} button[value="present"]`);
			for (let i = 0; i < 100 && sql(`SELECT count(*) FROM attendance
			    WHERE session_id = ${sid} AND booking_id = ${people[0].booking}`) !== "1"; i++)
				await new Promise((r) => setTimeout(r, 100));
			const rec = sql(`SELECT a.at || '|' || u.email FROM attendance a JOIN user u
			    ON u.id = a.by_user WHERE a.session_id = ${sid} AND a.booking_id = ${people[0].booking}`);
			const [at, by] = rec.split("|");
			tAlex = Number(at);
			assert(by === ALEX.email, `recorded by ${by}`);
			await ctxB.close();
		});

		await check(`${J}: back online: one record each, the earlier kept, every item answered`, async () => {
			assert(other, "not reached");
			await ctx.setOffline(false);
			await a.waitForFunction(() => /nothing waiting to send/.test(
			    document.getElementById("door-state").textContent), null, { timeout: 30000 });
			const ids = people.slice(0, 8).map((p) => p.booking).join(",");
			const n = sql(`SELECT count(*) FROM attendance WHERE session_id = ${sid}
			    AND booking_id IN (${ids})`);
			assert(n === "8", `${n} records for the eight learners`);
			assert(sql(`SELECT count(*) FROM attendance WHERE session_id = ${sid}`) === "8",
			    "more records than learners");
			const [at, by] = sql(`SELECT a.at || '|' || u.email FROM attendance a JOIN user u
			    ON u.id = a.by_user WHERE a.session_id = ${sid}
			    AND a.booking_id = ${people[0].booking}`).split("|");
			assert(by === SAM.email && Number(at) < tAlex && Number(at) >= tScan - 1,
			    `kept ${by} at ${at}; Alex was at ${tAlex}, the scan at ${tScan}`);
			assert(sql(`SELECT status FROM attendance WHERE session_id = ${sid}
			    AND booking_id = ${people[6].booking}`) === "late", "the late mark was lost");
			assert(sql(`SELECT method FROM attendance WHERE session_id = ${sid}
			    AND booking_id = ${people[7].booking}`) === "code", "the typed code was not recorded as one");
			assert(sql(`SELECT count(*) FROM attendance WHERE session_id = ${sid}
			    AND method = 'qr'`) === "5", "five scans not recorded as QR");
			const log = await a.$$eval("#door-log li", (l) => l.map((x) => x.textContent));
			assert(log.length >= 8, `${log.length} answers shown`);
			for (const p of people.slice(0, 8))
				assert(log.some((t) => t.includes(p.name)), `no answer shown for ${p.name}`);
			await a.screenshot({ path: path.join(SHOTS, "door-back-online-390x844.png"), fullPage: true });
		});

		await check(`${J}: offline across midnight, the old list is dropped`, async () => {
			await a.goto(roster);
			// door.js has fetched and kept today's lists.
			await a.evaluate(() => window.door.ready);
			await ctx.setOffline(true);
			await a.evaluate(() => new Promise((ok, fail) => {
				const rq = indexedDB.open("tessera-door");
				rq.onsuccess = () => {
					const t = rq.result.transaction("meta", "readwrite");
					t.objectStore("meta").put("2000-01-01", "day");
					t.oncomplete = () => { rq.result.close(); ok(); };
					t.onerror = () => fail(t.error);
				};
			}));
			await a.reload();
			await a.waitForFunction(async () => (await caches.keys()).length === 0, null,
			    { timeout: ACTION_MS });
			// The lists are gone. The worker may at once keep today's
			// pages again (Chromium's offline emulation does not cover
			// a service worker's own fetches), so a cache may come back,
			// but only today's, holding pages and never a list.
			const k = await doorKept(a);
			const names = await a.evaluate(async () => caches.keys());
			const d = new Date();
			const today = `door-${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-` +
			    String(d.getDate()).padStart(2, "0");
			assert(k.rosters === 0 && names.every((n) => n === today),
			    `still kept: ${JSON.stringify(k)} ${JSON.stringify(names)}`);
			await a.fill("#code", people[8].code);
			await a.click(`form[action$="/code"] button[type="submit"]`);
			const said = await a.textContent("#door-log li");
			assert(/not on this phone/.test(said), `a code said "${said}"`);
		});
		await ctx.setOffline(false);

		await check(`${J}: log-out clears what the phone kept`, async () => {
			await a.goto(roster);
			await a.evaluate(() => window.door.ready);
			let before = null;
			for (let i = 0; i < 100; i++) {
				before = await doorKept(a);
				if (before.rosters > 0 && before.caches > 0 && before.workers > 0)
					break;
				await new Promise((r) => setTimeout(r, 100));
			}
			assert(before.rosters > 0 && before.workers > 0, `nothing kept: ${JSON.stringify(before)}`);
			await submit(a, 'form[action="/logout"] button[type="submit"]');
			assert(/\/login\?out=1$/.test(a.url()), `landed on ${a.url()}`);
			await a.waitForFunction(async () => (await caches.keys()).length === 0 &&
			    (await navigator.serviceWorker.getRegistrations()).length === 0, null,
			    { timeout: ACTION_MS });
			const k = await doorKept(a);
			assert(!k.db && k.caches === 0 && k.workers === 0, `still kept: ${JSON.stringify(k)}`);
		});

		await check(`${J}: the sign-in sheet prints to PDF, every name, no needs`, async () => {
			const p = await ctx.newPage();
			await login(p, SAM);
			await p.goto(`${roster}/sheet`);
			const pdf = path.join(WORK, "sheet.pdf");
			await p.pdf({ path: pdf, format: "A4" });
			fs.copyFileSync(pdf, path.join(SHOTS, "door-sign-in-sheet.pdf"));
			const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" })
			    .replace(/[ \t]+/g, " ");
			for (const x of people)
				assert(text.includes(x.name), `${x.name} is not on the sheet: ${text.slice(0, 600)}`);
			assert(!/secret need/i.test(text), "support needs printed");
			assert(/Signature/.test(text), "no signature column");
			assert(!/Log out|Print this page/.test(text), "screen-only parts printed");
		});

		await check(`${J}: in Welsh, offline, the door and the worker's page speak Welsh`, async () => {
			const cy = await newContext(browser, DOOR_PHONE, {
				locale: "cy", extraHTTPHeaders: { "Accept-Language": "cy" },
			});
			try {
				const w = await cy.newPage();
				await login(w, SAM);
				await w.goto(roster);
				await w.evaluate(() => navigator.serviceWorker.ready.then(() => true));
				if (await w.evaluate(() => navigator.serviceWorker.controller === null))
					await w.reload();
				await w.waitForFunction(() => navigator.serviceWorker.controller !== null);
				// The page sends its words for the worker's own page
				// once the worker is active; wait until they are kept.
				await w.reload();
				// In the cache offline() reads (today's, by the phone's
				// date), and Welsh: words in any cache, or English ones,
				// are not what the steps below rely on.
				const kept = () => w.evaluate(async () => {
					const d = new Date();
					const day = `door-${d.getFullYear()}-` +
					    `${String(d.getMonth() + 1).padStart(2, "0")}-` +
					    String(d.getDate()).padStart(2, "0");
					const hit = (await caches.keys()).includes(day) ?
					    await (await caches.open(day)).match("/checkin/offline-words") : null;
					return { day, caches: await caches.keys(),
					    words: hit ? await hit.json() : null };
				});
				const welsh = (x) => x !== null && x.lang === "cy" &&
				    /Does dim cysylltiad/.test(x.text);
				let k = null;
				for (const end = Date.now() + ACTION_MS; Date.now() < end;) {
					k = await kept();
					if (welsh(k.words))
						break;
					await new Promise((r) => setTimeout(r, 100));
				}
				assert(welsh(k.words), `the Welsh words were not kept: ${JSON.stringify(k)}`);
				await cy.setOffline(true);
				await w.reload();
				const st = await w.textContent("#door-state");
				assert(/^All-lein: /.test(st), `the Welsh page says "${st}" offline`);
				assert(await w.getAttribute("html", "lang") === "cy", "the kept page is not Welsh");
				await w.goto(`${BASE}/checkin/session/987654321/scan`).catch(() => null);
				const body = await w.textContent("body");
				assert(/Does dim cysylltiad/.test(body || ""), `the worker's page says "${body}"; ` +
				    `kept then: ${JSON.stringify(await kept().catch((e) => String(e)))}`);
				assert(await w.getAttribute("html", "lang") === "cy", "the worker's page is not lang=cy");
				await cy.setOffline(false);
			} finally {
				await cy.close();
			}
		});

		// Issue 17: what the server answers a tap (its JSON in English
		// words for programs) is said in the page's language.
		await check(`${J}: in Welsh, the server's answers to taps are said in Welsh`, async () => {
			const cy = await newContext(browser, DOOR_PHONE, {
				locale: "cy", extraHTTPHeaders: { "Accept-Language": "cy" },
			});
			try {
				const w = await cy.newPage();
				await login(w, SAM);
				await w.goto(roster);
				const row = `#b${people[8].booking}`;
				const log = (re) => w.waitForFunction((src) =>
				    new RegExp(src).test(document.getElementById("door-log").textContent),
				    re.source, { timeout: ACTION_MS });
				// The sync answers "marked" (English in the JSON).
				await w.click(`${row} button[value="absent"]`);
				await log(/wedi'i farcio fel Yn absennol\./);
				const said = await w.textContent("#door-log");
				assert(!/marked|checked in|not changed|Sent\./.test(said),
				    `English in the Welsh log: "${said}"`);
				assert(sql(`SELECT status FROM attendance WHERE session_id = ${sid}
				    AND booking_id = ${people[8].booking}`) === "absent", "the mark was not recorded");
			} finally {
				await cy.close();
			}
		});

		await check(`${J}: no CSP violations or script errors`, async () => {
			const p = takeProblems(a);
			assert(p.length === 0, p.join("; "));
		});
	} finally {
		await browser.close();
	}
}

async function counts(page) {
	const t = await page.textContent(".count-main");
	const m = /Checked in (\d+) of (\d+) booked/.exec(t.replace(/\s+/g, " "));
	assert(m, `no count in "${t}"`);
	return { in: Number(m[1]), booked: Number(m[2]) };
}

/* --- Main ---------------------------------------------------------------------- */

async function fixtures(browser) {
	const fx = { sessionId: null, todaySession: null, noSession: null };
	// A course with a bookable run with room, from the catalogue's JSON.
	const list = await getJSON("/courses");
	for (const c of list.courses || []) {
		for (const r of c.runs || []) {
			// In person: an online course has no door, so no QR code.
			if (fx.runId === undefined && r.bookable && !r.full && r.seats_left >= 3 &&
			    sql(`SELECT EXISTS (SELECT 1 FROM session AS s JOIN venue AS v
			    ON v.id = s.venue_id WHERE s.run_id = ${Number(r.id)}
			    AND s.status = 'scheduled' AND v.online = 0)`) === "1") {
				Object.assign(fx, { slug: c.slug, title: c.title, runId: r.id,
				    sessions: r.sessions_count });
			}
		}
	}
	assert(fx.runId !== undefined, "no bookable run with three places left in /courses");

	const ctx = await newContext(browser, WIDE);
	const page = await ctx.newPage();
	fx.bookingPath = await bookThroughForm(page, fx.runId, "Alex Pages", unique("alex.pages"));
	await ctx.close();

	// Sessions from Sam's list: today's (the one on now, else the first
	// today) for the scanner; for the pages, that or the first listed.
	const sam = await newContext(browser, WIDE);
	const sp = await sam.newPage();
	const r = await sp.goto(`${BASE}/login`);
	if (r.status() === 404) {
		fx.noSession = "page not built yet (/login)";
	} else {
		await login(sp, SAM);
		const c = await sp.goto(`${BASE}/checkin`);
		if (c.status() === 404) {
			fx.noSession = "page not built yet (/checkin)";
		} else {
			Object.assign(fx, await sp.evaluate(() => {
				const id = (a) => {
					const m = a && /\/checkin\/session\/(\d+)$/.exec(a.getAttribute("href"));
					return m ? Number(m[1]) : null;
				};
				let today = null;
				for (const h of document.querySelectorAll("h2.day")) {
					const ul = h.nextElementSibling;
					if (today === null && /^Today/.test(h.textContent) && ul)
						today = id(ul.querySelector(".session-now a.session-link")) ??
						    id(ul.querySelector("a.session-link"));
				}
				return {
					todaySession: today,
					sessionId: today ?? id(document.querySelector("a.session-link")),
				};
			}));
			if (fx.sessionId === null)
				fx.noSession = "no session in Sam's /checkin list";
		}
	}
	await sam.close();
	return fx;
}

/* --- Issue 13's layout points (journeys) ------------------------------------
 *
 * A learner with a 42-character unbroken surname on the session's
 * roster, then at 320 and 390 px: no page scrolls sideways (roster,
 * the admin learner page, the run page with who is booked, the runs
 * list), the staff header names who is logged in, and admin tables
 * scroll inside their own labelled, focusable box; at 1280 px the
 * office uses the width. Screenshots: journeys-*.png. */

const LONG_SURNAME = "Wolfeschlegelsteinhausenbergerdorffwilliam";	// 42

// Whether the page scrolls sideways, and what sticks out if it does.
async function sideways(page) {
	return page.evaluate(() => {
		const d = document.documentElement;
		const wide = [];
		for (const el of document.body.querySelectorAll("*")) {
			const r = el.getBoundingClientRect();
			if (r.right > d.clientWidth + 1 && el.checkVisibility() &&
			    !el.closest(".table-box"))
				wide.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""}`);
		}
		return { scroll: d.scrollWidth, client: d.clientWidth, wide: wide.slice(0, 5) };
	});
}

async function journeysLayout(browser, fx) {
	const J = "journeys";
	let run = null, learner = null;

	const ready = await check(`${J}: a learner with a ${LONG_SURNAME.length}-character surname on the roster`, async () => {
		assert(fx.sessionId !== null, `no session: ${fx.noSession}`);
		run = Number(sql(`SELECT run_id FROM session WHERE id = ${fx.sessionId}`));
		const now = Math.floor(Date.now() / 1000);
		learner = Number(sqlWrite(`BEGIN IMMEDIATE;
		    INSERT INTO learner(email, name, consent_at, created_at)
		    VALUES ('long.name@example.org', 'Aurelia ${LONG_SURNAME}', ${now}, ${now});
		    INSERT INTO booking(run_id, learner_id, status, code, created_at, updated_at, queued_at)
		    VALUES (${run}, last_insert_rowid(), 'confirmed', 'LNGNME', ${now}, ${now}, ${now});
		    SELECT learner_id FROM booking WHERE run_id = ${run} AND code = 'LNGNME';
		    COMMIT;`));
		assert(learner > 0, "no learner made");
	});
	if (!ready)
		return;

	const pages = [
		["roster", SAM, () => `/checkin/session/${fx.sessionId}`, LONG_SURNAME],
		["admin-learner", JO, () => `/admin/learners/${learner}`, LONG_SURNAME],
		["admin-run", JO, () => `/admin/runs/${run}`, LONG_SURNAME],
		["admin-runs", JO, () => "/admin/runs", null],
		["admin-dashboard", JO, () => "/admin", null],
	];
	for (const width of [320, 390]) {
		const ctxs = new Map();
		for (const [name, who, url, text] of pages) {
			await check(`${J} ${name} ${width} px: no sideways scrolling, screenshot`, async () => {
				if (!ctxs.has(who)) {
					const ctx = await newContext(browser, { width, height: 844 });
					const p = await ctx.newPage();
					await login(p, who);
					ctxs.set(who, { ctx, page: p });
				}
				const page = ctxs.get(who).page;
				const r = await page.goto(BASE + url());
				assert(r.status() === 200, `status ${r.status()}`);
				if (text !== null)
					assert((await page.content()).includes(text), `no ${text} on the page`);
				const w = await sideways(page);
				await page.screenshot({ path: path.join(SHOTS, `journeys-${name}-${width}.png`), fullPage: true });
				assert(w.scroll <= w.client, `page is ${w.scroll} px wide in ${w.client} px (${w.wide.join(", ")})`);
			});
		}
		const jo = ctxs.get(JO);
		if (jo !== undefined) {
			await check(`${J} ${width} px: the staff header names the admin and links the office`, async () => {
				await jo.page.goto(`${BASE}/checkin`);
				const h = await jo.page.evaluate(() => {
					const head = document.querySelector("header.site-head");
					return {
						text: head.innerText,
						admin: !!head.querySelector('a[href="/admin"]'),
						logout: !!head.querySelector('form[action="/logout"] button'),
					};
				});
				assert(/Logged in as\s+Jo Admin/.test(h.text), `header says: ${h.text}`);
				assert(!/Staff log in|Staff area/.test(h.text), "header still offers to log in");
				assert(h.admin && h.logout, "no Administration link or log-out button");
				await jo.page.screenshot({ path: path.join(SHOTS, `journeys-staff-header-${width}.png`) });
			});
			await check(`${J} ${width} px: admin tables scroll in their own labelled, focusable box`, async () => {
				await jo.page.goto(`${BASE}/admin/runs/${run}`);
				const boxes = await jo.page.evaluate(() => [...document.querySelectorAll(".table-box")].map((b) => ({
					label: b.getAttribute("aria-label") || b.getAttribute("aria-labelledby") || "",
					role: b.getAttribute("role"), tab: b.getAttribute("tabindex"),
					caption: !!b.querySelector("table > caption"),
					overflow: getComputedStyle(b).overflowX,
					inside: b.getBoundingClientRect().right <= document.documentElement.clientWidth + 1,
					scrolls: b.scrollWidth > b.clientWidth,
				})));
				assert(boxes.length >= 2, `${boxes.length} table boxes`);
				for (const b of boxes) {
					assert(b.role === "region" && b.tab === "0" && b.label !== "" && b.caption,
					    `a box without role, tabindex, label or caption: ${JSON.stringify(b)}`);
					assert(b.overflow === "auto" && b.inside, `a box that does not scroll inside: ${JSON.stringify(b)}`);
				}
				assert(boxes.some((b) => b.scrolls), "no table is wider than its box at this width");
				// The keyboard scrolls a box once it has the focus.
				const moved = await jo.page.evaluate(async () => {
					const b = [...document.querySelectorAll(".table-box")].find((x) => x.scrollWidth > x.clientWidth);
					b.focus();
					return document.activeElement === b;
				});
				assert(moved, "a table box does not take the focus");
				await jo.page.keyboard.press("ArrowRight");
				await jo.page.keyboard.press("ArrowRight");
				// Keyboard scrolling is animated: wait for it to move.
				const left = await jo.page.waitForFunction(() =>
				    document.activeElement.scrollLeft > 0, null, { timeout: 3000 })
				    .then(() => true, () => false);
				assert(left, "the arrow keys did not scroll the focused box");
			});
		}
		for (const { ctx } of ctxs.values())
			await ctx.close();
	}

	await check(`${J} 1280 px: the office uses the width`, async () => {
		const ctx = await newContext(browser, WIDE);
		const page = await ctx.newPage();
		await login(page, JO);
		await page.goto(`${BASE}/admin/runs`);
		const w = await page.evaluate(() => document.querySelector("main").getBoundingClientRect().width);
		await page.screenshot({ path: path.join(SHOTS, "journeys-admin-runs-1280.png"), fullPage: true });
		await ctx.close();
		assert(w >= 1200, `main is ${Math.round(w)} px wide at 1280`);
		return `${Math.round(w)} px`;
	});
}

async function main() {
	const browser = await launch();
	let fx;
	console.log(`browser: ${browser.version()} at ${BASE}; screenshots in ${SHOTS}`);
	const ready = await check("fixtures: a bookable run, a booking, today's session", async () => {
		fx = await fixtures(browser);
	});
	if (!ready) {
		await browser.close();
		finish(1);
	}

	// Each page, in a context of its viewer's (logged in once).
	const ctxs = {};
	for (const [who, cred] of [["public", null], ["sam", SAM], ["jo", JO]]) {
		const ctx = await newContext(browser, WIDE);
		const page = await ctx.newPage();
		if (cred !== null &&
		    !(await check(`log in as ${cred.email}`, () => login(page, cred)))) {
			ctxs[who] = (await page.goto(`${BASE}/login`)).status() === 404 ? "skip" : null;
			continue;
		}
		ctxs[who] = page;
	}
	for (const spec of pageList(fx).filter((p) => ONLY.test(p.name))) {
		console.log(`browser: page ${spec.name}`);
		if (ctxs[spec.who] === "skip") {
			skip(spec.name, "page not built yet (/login)");
			continue;
		}
		if (ctxs[spec.who] === null) {
			bad(spec.name, `not checked: could not log in as ${spec.who}`);
			continue;
		}
		await pageChecks(spec, ctxs[spec.who], fx);
	}

	if (ONLY.test("languages") || LANGS.some((l) => ONLY.test(`lang-${l}-`)) ||
	    ADMIN_LANGS.some((l) => ADMIN_LANG_PAGES.some((p) => ONLY.test(`lang-${l}-${p}`))) ||
	    LANGS.some((l) => DOOR_LANG_PAGES.some((p) => ONLY.test(`lang-${l}-${p}`)))) {
		console.log("browser: the learner's and the door's pages in nl, es and cy, the office's in cy and nl (360 and 320 px)");
		await languagePages(browser, fx);
	}
	if (ONLY.test("journeys")) {
		console.log("browser: issue 13's layout points (320, 390 and 1280 px)");
		await journeysLayout(browser, fx);
	}
	if (ONLY.test("learner")) {
		console.log("browser: the learner's journey (360x740)");
		await learnerJourney(browser, fx);
		console.log("browser: the learner's journey, keyboard only (1280x800)");
		await keyboardJourney(browser, fx);
	}
	await browser.close();

	if (ONLY.test("educator")) {
		console.log("browser: the educator's journey (360x740, fake camera)");
		await educatorJourney(fx);
	}
	if (ONLY.test("door")) {
		console.log("browser: the door with no signal (390x844, offline)");
		await doorJourney();
	}
}

main().then(() => {
	clearTimeout(watchdog);
	finish(failed === 0 ? 0 : 1);
}, (e) => {
	bad("run", oneLine(e));
	finish(1);
});
