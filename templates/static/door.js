/*
 * door.js: check-in that works with no signal, on the staff pages
 * /checkin, /checkin/session/{id} and its scanner.
 *
 * Progressive enhancement: without JavaScript every change is a form
 * posted as before. With it:
 * - The service worker /checkin/sw.js is registered (scope /checkin/):
 *   it keeps the pages and scripts, so a page opened today reloads with
 *   no network.
 * - Today's rosters (GET /checkin/today.json: names, short codes, the
 *   check-in hash, statuses; never support needs or contact details)
 *   are kept in IndexedDB for that day only: on every load anything
 *   dated another day is dropped. Log-out clears it all.
 * - Every tap, typed code and scan is put in a queue in IndexedDB with
 *   its own random nonce and the phone's time, shown at once as "saved,
 *   will send", and sent to POST /checkin/sync: at once when online, and
 *   again on every page load, on the "online" event, on a timer, and by
 *   Background Sync where the browser has it. The server answers each
 *   item (its nonce is used once), and the answer is shown.
 * - The page always says: online or offline, how many check-ins wait to
 *   be sent, and when the server was last heard from.
 *
 * - Its words are the page's (door_words.html, hidden: the catalogue's
 *   in the page's language; this file's English where the page has
 *   none), so the door speaks the page's language with no gettext here.
 *   The server's answers to a sync stay in English (JSON is the same in
 *   every language).
 *
 * window.door is what scan.js uses: ready (a promise), find(session,
 * hash), findCode(session, code), add(item), and onanswer.
 */
(function () {
	"use strict";

	var DB_NAME = "tessera-door";
	var DB_VERSION = 1;
	var BATCH = 100;		/* items per request (ATT_SYNC_MAX) */
	var RETRY_MS = 20000;		/* between tries while items wait */
	var TODAY_URL = "/checkin/today.json";
	var SYNC_URL = "/checkin/sync";
	var SW_URL = "/checkin/sw.js";
	/* The English of the worker's page for a page not kept (sw.js). */
	var OFFLINE_PAGE = "There is no connection, and this page was not " +
	    "opened on this phone today. Go back to a check-in list you " +
	    "opened today: it works without a signal.";

	var box = document.getElementById("door");
	var stateLine = document.getElementById("door-state");
	var logList = document.getElementById("door-log");
	var logBox = document.getElementById("door-log-box");
	var csrfField = document.querySelector("input[name=csrf]");

	if (!box || !stateLine || !window.indexedDB || !window.fetch ||
	    !window.Promise || !window.crypto || !window.crypto.getRandomValues ||
	    !window.URLSearchParams)
		return;

	var session = box.getAttribute("data-session") || "";
	var csrf = csrfField ? csrfField.value : "";
	var dbp = null, sending = false, resend = false, waiting = 0;
	var heard = null;
	var loggedOut = false;
	var door = { onanswer: null };

	box.hidden = false;

	/* --- Small helpers --------------------------------------------- */

	/*
	 * The page's words for key (door_words.html: the catalogue's, in the
	 * page's language), or english when the page has none, with each
	 * {name} of vals filled in; a {name} not in vals stays as it is.
	 */
	function say(key, english, vals) {
		var list = document.getElementById("door-words");
		var el = list && list.querySelector("[data-w='" + key + "']");
		var text = el ? el.textContent : english;

		return text.replace(/\{([a-z]+)\}/g, function (m, k) {
			return vals && vals.hasOwnProperty(k) ? String(vals[k]) : m;
		});
	}

	function pad(n) {
		return (n < 10 ? "0" : "") + n;
	}

	/* The phone's date, YYYY-MM-DD: the day what is kept belongs to. */
	function today() {
		var d = new Date();

		return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" +
		    pad(d.getDate());
	}

	function clock(ms) {
		var d = new Date(ms);

		return pad(d.getHours()) + ":" + pad(d.getMinutes());
	}

	function nonce() {
		var b = new Uint8Array(16), s = "", i;

		window.crypto.getRandomValues(b);
		for (i = 0; i < b.length; i++)
			s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
		return s;
	}

	/* --- IndexedDB: meta (day, csrf, heard), rosters, queue --------- */

	function open() {
		if (dbp)
			return dbp;
		dbp = new Promise(function (ok, fail) {
			var rq = indexedDB.open(DB_NAME, DB_VERSION);

			rq.onupgradeneeded = function () {
				var db = rq.result;

				if (!db.objectStoreNames.contains("meta"))
					db.createObjectStore("meta");
				if (!db.objectStoreNames.contains("rosters"))
					db.createObjectStore("rosters",
					    { keyPath: "id" });
				if (!db.objectStoreNames.contains("queue"))
					db.createObjectStore("queue",
					    { keyPath: "nonce" });
			};
			rq.onsuccess = function () { ok(rq.result); };
			rq.onerror = function () { fail(rq.error); };
		});
		return dbp;
	}

	/* Run fn(stores) in one transaction on names; resolves with what
	 * fn returned once the transaction has completed. */
	function tx(names, mode, fn) {
		return open().then(function (db) {
			return new Promise(function (ok, fail) {
				var t = db.transaction(names, mode), out, s = {};

				names.forEach(function (n) {
					s[n] = t.objectStore(n);
				});
				out = fn(s);
				t.oncomplete = function () {
					ok(out && out.rq ? out.rq.result : out);
				};
				t.onerror = t.onabort = function () {
					fail(t.error);
				};
			});
		});
	}

	function getAll(name) {
		return tx([name], "readonly", function (s) {
			return { rq: s[name].getAll() };
		});
	}

	function getOne(name, key) {
		return tx([name], "readonly", function (s) {
			return { rq: s[name].get(key) };
		});
	}

	/* --- What the page says ----------------------------------------- */

	function render() {
		var on = navigator.onLine, parts = [], text;

		parts.push(on ? say("online", "Online") : say("offline",
		    "Offline: check-ins are saved on this phone"));
		parts.push(waiting === 0 ? say("nothing_waiting",
		    "nothing waiting to send") : say("waiting",
		    "{n} waiting to send", { n: waiting }));
		parts.push(heard ? say("heard",
		    "last heard from the server at {at}", { at: clock(heard) }) :
		    say("not_heard", "not heard from the server yet today"));
		text = parts.join(" · ") + "." + (loggedOut ? " " +
		    say("logged_out", "You have been logged out: log in " +
		    "again to send what is waiting.") : "");
		/* A status region: changed only when it says something new,
		 * so that a screen reader is not told the same again. */
		if (stateLine.textContent !== text)
			stateLine.textContent = text;
		stateLine.className = "door-state" + (on ? "" : " door-offline");
	}

	function note(tone, text) {
		var li;

		if (!logList)
			return;
		if (logBox)
			logBox.hidden = false;
		li = document.createElement("li");
		li.className = "tone-" + tone;
		li.textContent = text;
		logList.insertBefore(li, logList.firstChild);
	}

	var WORDS = {
		present: say("present", "Present"), late: say("late", "Late"),
		absent: say("absent", "Absent"),
		excused: say("excused", "Excused"),
		"": say("none", "Not checked in")
	};
	/* A queued change's line: looked up once, not on every tap. */
	var SAVED = say("saved_phone", "Saved on this phone, will send.");

	/*
	 * The roster row of booking: its status, and a line under it. Only
	 * that row is touched, and only what differs is written (no reads
	 * of layout, so nothing is laid out here): on a slow phone with a
	 * long list, every needless write is work for the next frame, and
	 * the next tap's "saved" waits behind that frame.
	 */
	function showRow(booking, status, line, pending) {
		var li = document.getElementById("b" + booking), st, meta, i;
		var marks, want, cls;

		if (!li)
			return;
		st = li.querySelector(".status");
		if (st && status !== null) {
			cls = "status status-" + (status || "none");
			want = WORDS[status] || WORDS[""];
			if (st.className !== cls)
				st.className = cls;
			if (st.textContent !== want)
				st.textContent = want;
		}
		marks = status !== null ? li.querySelectorAll(".mark") : [];
		for (i = 0; i < marks.length; i++) {
			if (marks[i].value === "undo")
				continue;
			want = marks[i].value === status ? "true" : "false";
			if (marks[i].getAttribute("aria-pressed") !== want)
				marks[i].setAttribute("aria-pressed", want);
		}
		meta = li.querySelector(".learner-meta");
		if (!meta) {
			meta = document.createElement("p");
			meta.className = "learner-meta";
			li.querySelector(".learner-head").insertAdjacentElement(
			    "afterend", meta);
		}
		if (meta.textContent !== line)
			meta.textContent = line;
		if (meta.classList.contains("learner-wait") !== !!pending)
			meta.classList.toggle("learner-wait", !!pending);
	}

	/* --- Today's rosters -------------------------------------------- */

	/* Drop what belongs to another day: rosters and page copies. The
	 * queue stays: what was done yesterday must still be sent. */
	function dropOldDay() {
		return getOne("meta", "day").then(function (day) {
			if (!day || day === today())
				return;
			return tx(["rosters", "meta"], "readwrite", function (s) {
				s.rosters.clear();
				s.meta.delete("day");
			}).then(function () {
				if (navigator.serviceWorker &&
				    navigator.serviceWorker.controller)
					navigator.serviceWorker.controller
					    .postMessage({ drop: true });
				if (window.caches)
					return caches.keys().then(function (k) {
						return Promise.all(k.map(function (n) {
							return caches.delete(n);
						}));
					});
			});
		});
	}

	function keepToday(j) {
		return tx(["rosters", "meta"], "readwrite", function (s) {
			s.rosters.clear();
			(j.sessions || []).forEach(function (x) {
				s.rosters.put(x);
			});
			/* The phone's own date: it is the phone that must
			 * forget at its midnight. */
			s.meta.put(today(), "day");
			s.meta.put(csrf, "csrf");
		});
	}

	function fetchToday() {
		if (!navigator.onLine)
			return Promise.resolve();
		return fetch(TODAY_URL, {
			credentials: "same-origin",
			headers: { "Accept": "application/json" }
		}).then(function (r) {
			if (r.status === 401) {
				loggedOut = true;
				return;
			}
			if (!r.ok)
				return;
			heard = Date.now();
			return r.json().then(keepToday);
		}, function () {});
	}

	function roster(id) {
		return getOne("rosters", Number(id));
	}

	door.find = function (id, hash) {
		return roster(id).then(function (r) {
			var i;

			for (i = 0; r && i < r.learners.length; i++)
				if (r.learners[i].hash === hash)
					return r.learners[i];
			return null;
		});
	};

	/* A typed code as the server compares it (attendance_code_norm). */
	function codeNorm(c) {
		return String(c).replace(/[\s-]+/g, "").toUpperCase();
	}

	door.findCode = function (id, code) {
		var want = codeNorm(code);

		return roster(id).then(function (r) {
			var i;

			for (i = 0; r && i < r.learners.length; i++)
				if (r.learners[i].code === want)
					return r.learners[i];
			return null;
		});
	};

	/*
	 * A scan or code of learner l (from the kept list) that would say
	 * nothing new: the sentence to show instead, or null to queue it.
	 * Already checked in when the list was fetched, or already waiting
	 * to be sent: the queue gets one item per learner, not one per
	 * glimpse of a code.
	 */
	door.again = function (id, l) {
		return Promise.resolve(door.queued(id, l.booking_id)).then(
		    function (q) {
			if (q && /^(present|late)$/.test(q.action))
				return say("already_saved", "{who}: already " +
				    "saved on this phone, will send.",
				    { who: l.name });
			if (!q && /^(present|late)$/.test(l.status || ""))
				return l.by ? say("already_in_by", "{who}: " +
				    "already checked in at {at} by {staff}.",
				    { who: l.name, at: l.at_time, staff: l.by }) :
				    say("already_in", "{who}: already checked " +
				    "in at {at}.", { who: l.name, at: l.at_time });
			return null;
		});
	};

	door.hasRoster = function (id) {
		return roster(id).then(function (r) { return !!r; });
	};

	/* --- The queue --------------------------------------------------- */

	/* The queue as this page knows it (nonce -> item), read again from
	 * IndexedDB after every send, since the service worker may send
	 * too: taps look here, not in the database, to stay quick. */
	var pending = {};

	function count() {
		return getAll("queue").then(function (q) {
			pending = {};
			q.forEach(function (it) { pending[it.nonce] = it; });
			waiting = q.length;
			render();
			return waiting;
		});
	}

	/*
	 * Queue one item: { session, booking, action, method, name }.
	 * Resolves with the item as stored (nonce, at) once it is safely in
	 * IndexedDB; sending follows.
	 */
	door.add = function (it) {
		var now = Date.now();

		it.nonce = nonce();
		it.at = Math.floor(now / 1000);
		it.made = now;
		return Promise.resolve(door.queued(it.session, it.booking))
		    .then(function (old) {
			var keepAt = old && /^(present|late)$/.test(old.action) &&
			    /^(present|late)$/.test(it.action);

			/*
			 * A second change to a learner whose first has not been
			 * sent replaces it, so that the server gets one item per
			 * learner: present then late is a check-in at the first
			 * time, marked late. The new item has a nonce of its
			 * own, in case the old one was sent after all.
			 */
			if (old && it.booking && old.method === "tap" &&
			    it.method === "tap") {
				if (keepAt) {
					it.at = old.at;
					it.made = old.made;
				}
			} else
				old = null;
			return tx(["queue"], "readwrite", function (s) {
				if (old)
					s.queue.delete(old.nonce);
				s.queue.put(it);
			}).then(function () {
				if (old)
					delete pending[old.nonce];
				pending[it.nonce] = it;
				return !old;
			});
		}).then(function (added) {
			/* The item is in IndexedDB (the transaction completed):
			 * its row says so first, in this same task, then the
			 * state line; the rest waits for the next frame. */
			if (it.booking)
				showRow(it.booking, it.action === "undo" ? "" :
				    it.action, SAVED, true);
			if (added)
				waiting++;
			render();
			afterTap();
			return it;
		});
	};

	/*
	 * What a tap sets going besides its row: sending (at once when
	 * online) and the Background Sync registration, once per frame
	 * however many taps came in it, so that a run of quick taps does
	 * not each wait behind a message to the service worker.
	 */
	var tapFrame = 0;

	function afterTap() {
		if (tapFrame)
			return;
		/* A page out of sight draws no frames: a task then. */
		tapFrame = (document.hidden || !window.requestAnimationFrame ?
		    setTimeout : window.requestAnimationFrame)(function () {
			tapFrame = 0;
			send();
			registerSync();
		});
	}

	/* The item waiting for booking at session, or null (at once). */
	door.queued = function (id, booking) {
		var k, hit = null, q;

		for (k in pending) {
			q = pending[k];
			if (booking && String(q.session) === String(id) &&
			    q.booking === booking && (!hit || q.made > hit.made))
				hit = q;
		}
		return hit;
	};

	function line(it) {
		return [it.nonce, it.session, it.booking || 0, it.action,
		    it.method, it.at].join(" ");
	}

	/* Who recorded what answer a says, in the page's words when the
	 * server has no name for them (its JSON says so in English). */
	function staffOf(a) {
		return a.by_unnamed ? say("by_unnamed", a.by || "") : a.by || "";
	}

	/*
	 * What to say of the server's answer a to a queued item: the page's
	 * words for every result (the JSON's message is English whatever
	 * the page's language; a status is said with the roster's word for
	 * it), the message only for a result this script does not know.
	 */
	function syncSaid(a) {
		var late = a.status === "late", v = { who: a.name || "",
		    at: a.at_time || "", staff: staffOf(a), n: a.count,
		    mark: WORDS[a.status] || "" };

		switch (a.result) {
		case "checked_in":
			return late ? say("s_checked_in_late", a.message, v) :
			    say("r_checked_in", a.message, v);
		case "already":
			if (!a.by)
				return say("s_already", a.message, v);
			return late ? say("s_already_late", a.message, v) :
			    say("already_in_by", a.message, v);
		case "marked":
			return a.status ? say("s_marked", a.message, v) :
			    say("s_saved", a.message, v);
		case "undone":
			return say("s_undone", a.message, v);
		case "rest":
			return say("s_rest", a.message, v);
		case "changed":
			return a.status ? say("s_changed", a.message, v) :
			    say("s_changed_again", a.message, v);
		case "unknown":
			return say("s_unknown", a.message, v);
		case "forbidden":
			return say("s_forbidden", a.message, v);
		case "invalid":
			return say("s_invalid", a.message, v);
		}
		return a.message || say("s_sent", "Sent.");
	}

	function answered(it, a) {
		var text = syncSaid(a);

		note(a.tone || "info", text);
		if (it.booking && a.result !== "invalid" &&
		    a.result !== "forbidden" && a.result !== "unknown")
			showRow(it.booking, a.status || "", a.status ?
			    (a.at_time ? a.at_time : "") + (a.by ? ", " +
			    staffOf(a) : "") : "", false);
		if (it.action === "rest" && a.result === "rest")
			document.querySelectorAll(".learner").forEach(function (li) {
				var st = li.querySelector(".status-none");

				if (st) {
					st.className = "status status-absent";
					st.textContent = WORDS.absent;
				}
			});
		if (door.onanswer)
			door.onanswer(it, a, text);
	}

	/* Send what waits, a batch at a time, oldest first. */
	function send() {
		if (sending)
			resend = true;
		if (sending || !navigator.onLine || loggedOut)
			return Promise.resolve();
		sending = true;
		resend = false;
		return getAll("queue").then(function (items) {
			var batch, body;

			if (items.length === 0)
				return false;
			items.sort(function (a, b) { return a.made - b.made; });
			batch = items.slice(0, BATCH);
			body = new URLSearchParams();
			body.set("csrf", csrf);
			body.set("items", batch.map(line).join("\n"));
			return fetch(SYNC_URL, {
				method: "POST",
				credentials: "same-origin",
				headers: { "Accept": "application/json" },
				body: body
			}).then(function (r) {
				if (r.status === 401) {
					loggedOut = true;
					return false;
				}
				if (!r.ok)
					return false;
				heard = Date.now();
				return r.json().then(function (j) {
					var res = j.results || [];

					return tx(["queue"], "readwrite",
					    function (s) {
						res.forEach(function (a) {
							var it = batch[a.index];

							if (it)
								s.queue.delete(it.nonce);
						});
					}).then(function () {
						res.forEach(function (a) {
							if (batch[a.index]) {
								delete pending[batch[a.index].nonce];
								answered(batch[a.index], a);
							}
						});
						return res.length > 0 &&
						    items.length > batch.length;
					});
				});
			}, function () {
				return false;	/* no network: try later */
			});
		}).then(function (more) {
			sending = false;
			return count().then(function () {
				/* More than a batch, or added while sending. */
				if (more || resend)
					return send();
			});
		}, function () {
			sending = false;
			render();
		});
	}
	door.send = send;

	function registerSync() {
		if (!navigator.serviceWorker)
			return;
		navigator.serviceWorker.ready.then(function (reg) {
			if (reg.sync)
				return reg.sync.register("door-sync");
		}).catch(function () {});
	}

	/* --- The roster's forms, through the queue ----------------------- */

	function learnerName(booking) {
		var li = document.getElementById("b" + booking), n;

		n = li ? li.querySelector(".learner-name") : null;
		return n ? n.textContent : "";
	}

	function hookForms() {
		document.querySelectorAll("form.marks").forEach(function (f) {
			f.addEventListener("submit", function (e) {
				var b = e.submitter, booking = f.elements.booking;

				if (!b || !b.value || !booking)
					return;
				e.preventDefault();
				door.add({
					session: Number(session),
					booking: Number(booking.value),
					action: b.value,
					method: "tap",
					name: learnerName(booking.value)
				});
			});
		});
		document.querySelectorAll("form[action$='/absent']").forEach(
		    function (f) {
			f.addEventListener("submit", function (e) {
				e.preventDefault();
				door.add({ session: Number(session), booking: 0,
				    action: "rest", method: "tap", name: "" });
			});
		});
		/* The roster's code box (the scanner's is scan.js's). */
		document.querySelectorAll("form[action$='/code']").forEach(
		    function (f) {
			if (f.id === "code-form")
				return;
			f.addEventListener("submit", function (e) {
				var c = f.elements.code;

				if (!c || !c.value)
					return;
				e.preventDefault();
				door.code(c.value).then(function (found) {
					if (found)
						c.value = "";
					else if (found === null)
						f.submit();
				});
			});
		});
		/* Find by name, on the phone: no network needed. */
		var q = document.getElementById("q");

		if (q && q.form) {
			q.form.addEventListener("submit", function (e) {
				var want = q.value.trim().toLowerCase();

				e.preventDefault();
				document.querySelectorAll(".learner").forEach(
				    function (li) {
					var n = li.querySelector(".learner-name");

					li.hidden = want !== "" && n &&
					    n.textContent.toLowerCase()
					    .indexOf(want) < 0;
				});
			});
		}
	}

	/*
	 * A typed code: queued when it is on this session's list; "not on
	 * this list" offline when it is not. Resolves true when queued,
	 * false when refused here, null when only the server can say (online,
	 * not on the list kept here).
	 */
	door.code = function (typed) {
		return door.hasRoster(session).then(function (has) {
			if (!has)
				return navigator.onLine ? null : (note("bad",
				    say("no_list", "This session's list is not " +
				    "on this phone. Open it once with a signal.")),
				    false);
			return door.findCode(session, typed).then(function (l) {
				if (!l) {
					if (navigator.onLine)
						return null;
					note("bad", say("code_not_listed",
					    "Not on this list: no one booked " +
					    "on this session has the code " +
					    "{typed}.", { typed: codeNorm(typed) }));
					if (door.onanswer)
						door.onanswer(null, { tone: "bad",
						    message: say("not_listed",
						    "Not on this list.") });
					return false;
				}
				return door.again(session, l).then(function (said) {
					if (said) {
						note("warn", said);
						if (door.onanswer)
							door.onanswer(null, { tone: "warn",
							    message: said });
						return true;
					}
					return door.add({ session: Number(session),
					    booking: l.booking_id, action: "present",
					    method: "code", name: l.name })
					    .then(function () { return true; });
				});
			});
		});
	};

	/* The stored roster and the queue over the page's (perhaps old)
	 * copy of the list. */
	function overlay() {
		if (!session)
			return Promise.resolve();
		return Promise.all([roster(session), getAll("queue")]).then(
		    function (x) {
			var r = x[0], q = x[1];

			/* Only rows the page's copy shows otherwise: a fresh
			 * page already says it best (with how, too). */
			(r ? r.learners : []).forEach(function (l) {
				var li = document.getElementById("b" + l.booking_id);
				var st = li ? li.querySelector(".status") : null;

				if (st && st.classList.contains("status-" +
				    (l.status || "none")))
					return;
				showRow(l.booking_id, l.status, l.status ?
				    l.at_time + (l.by ? ", " + l.by : "") : "",
				    false);
			});
			q.sort(function (a, b) { return a.made - b.made; });
			q.forEach(function (it) {
				if (String(it.session) === session && it.booking)
					showRow(it.booking, it.action === "undo" ?
					    "" : it.action, SAVED, true);
			});
		});
	}

	/* --- Log-out: send first, then let the server clear it all ------ */

	function hookLogout() {
		document.querySelectorAll("form[action='/logout']").forEach(
		    function (f) {
			f.addEventListener("submit", function (e) {
				if (waiting === 0)
					return;
				e.preventDefault();
				send().then(function () {
					if (waiting === 0 || window.confirm(
					    say("lose", "{n} check-ins have not " +
					    "been sent yet and will be lost if " +
					    "you log out now. Log out anyway?",
					    { n: waiting })))
						f.submit();
				});
			});
		});
	}

	/* --- Start ------------------------------------------------------- */

	/* The worker is registered at once, whatever becomes of the rest. */
	var registered = !navigator.serviceWorker ? Promise.resolve(null) :
	    navigator.serviceWorker.register(SW_URL, { scope: "/checkin/" })
	    .then(function () {
		return navigator.serviceWorker.ready;
	}).catch(function () {
		return null;
	});

	function keepPages() {
		return registered.then(function (reg) {
			var urls = [location.pathname + location.search];

			/* Keep this page and what it uses, for today. */
			document.querySelectorAll("link[rel=stylesheet], " +
			    "script[src]").forEach(function (el) {
				urls.push(el.getAttribute("href") ||
				    el.getAttribute("src"));
			});
			document.querySelectorAll("[data-jsqr]").forEach(
			    function (el) {
				urls.push(el.getAttribute("data-jsqr"));
			});
			if (session) {
				urls.push("/checkin/session/" + session);
				urls.push("/checkin/session/" + session + "/scan");
			}
			/* From the sessions list: each of today's lists and
			 * scanners, so that none needs opening first. */
			return (session ? Promise.resolve([]) :
			    getAll("rosters")).then(function (rs) {
				rs.forEach(function (r) {
					urls.push("/checkin/session/" + r.id);
					urls.push("/checkin/session/" + r.id + "/scan");
				});
				if (reg && reg.active && navigator.onLine)
					reg.active.postMessage({ keep: urls,
					    day: today(), words: {
					    lang: document.documentElement.lang ||
					    "en", title: say("offline_title",
					    "No connection"), text: say(
					    "offline_page", OFFLINE_PAGE) } });
			});
		}).catch(function () {});
	}

	window.addEventListener("online", function () {
		render();
		fetchToday().then(send);
	});
	window.addEventListener("offline", render);
	setInterval(function () {
		if (waiting > 0)
			send();
		else
			render();
	}, RETRY_MS);
	if (navigator.serviceWorker)
		navigator.serviceWorker.addEventListener("message", function (e) {
			if (e.data && e.data.sent)
				count();
		});

	hookForms();
	hookLogout();
	render();
	/* Each step goes on if the one before failed: a list that could
	 * not be kept must not stop what waits from being sent. */
	function quietly() {
		render();
	}
	door.ready = dropOldDay().catch(quietly).then(count).catch(quietly)
	    .then(fetchToday).then(overlay).catch(quietly).then(function () {
		keepPages();
		return send();
	}).catch(quietly);
	window.door = door;
}());
