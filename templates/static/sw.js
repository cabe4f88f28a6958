/*
 * sw.js: the check-in pages' service worker, served by checkin.fcgi at
 * /checkin/sw.js so that its scope is /checkin/ (the rosters and
 * scanners) and nothing else.
 *
 * - Pages under /checkin/ are fetched from the network first; a copy of
 *   each is kept in a cache named for today ("door-YYYY-MM-DD") and used
 *   only when the network fails. Files under /static/ (their addresses
 *   carry a hash of their content) come from that cache first.
 * - The page's script (door.js) asks for its own page, stylesheet and
 *   scripts to be kept (message "keep"), as the first load of a page is
 *   not yet seen by the worker.
 * - Caches of another day are deleted when the worker starts, on every
 *   page's request, and when the page says so (message "drop"); log-out
 *   clears everything (Clear-Site-Data, and door-out.js).
 * - Background Sync ("door-sync"): where the browser has it, what waits
 *   in the queue (IndexedDB, kept by door.js) is sent by the worker even
 *   when no page is open.
 * - Pages are kept by address, whatever their language: offline, a page
 *   comes back as it was last opened (in the language it was read in).
 *   The page for an address not kept is written in the words the last
 *   door page sent (message "words", its language's), else in English.
 * Nothing is kept for a POST, and /checkin/today.json is never cached
 * here: door.js keeps it in IndexedDB.
 */
"use strict";

var PREFIX = "door-";
var BATCH = 100;
/* Where the offline page's words are kept in the day's cache (no page
 * has this address). */
var WORDS_KEY = "/checkin/offline-words";

function pad(n) {
	return (n < 10 ? "0" : "") + n;
}

function cacheName() {
	var d = new Date();

	return PREFIX + d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" +
	    pad(d.getDate());
}

/* Delete the caches of other days (all when all). */
function prune(all) {
	var keep = cacheName();

	return caches.keys().then(function (keys) {
		return Promise.all(keys.filter(function (k) {
			return all || k !== keep;
		}).map(function (k) {
			return caches.delete(k);
		}));
	});
}

self.addEventListener("install", function () {
	self.skipWaiting();
});

self.addEventListener("activate", function (e) {
	e.waitUntil(prune(false).then(function () {
		return self.clients.claim();
	}));
});

self.addEventListener("message", function (e) {
	var d = e.data || {};

	if (d.drop) {
		e.waitUntil(prune(true));
		return;
	}
	/* The words of the page for one not kept, in the language of the
	 * page that sent them (the last one opened): kept in today's cache,
	 * so dropped with it. */
	if (d.words && typeof d.words.title === "string" &&
	    typeof d.words.text === "string" && navigator.onLine)
		e.waitUntil(caches.open(cacheName()).then(function (c) {
			return c.put(WORDS_KEY, new Response(JSON.stringify({
			    lang: /^[a-z]{2,3}$/.test(d.words.lang) ?
			    d.words.lang : "en", title: d.words.title,
			    text: d.words.text }), { headers:
			    { "Content-Type": "application/json" } }));
		}));
	if (d.keep && d.keep.length)
		/* The day's cache is opened (so made) only for a page that
		 * came: offline, a keep made just after the day's caches were
		 * dropped must not leave an empty one behind. */
		e.waitUntil(Promise.all(d.keep.map(function (u) {
			return fetch(u, { credentials: "same-origin" })
			    .then(function (r) {
				if (r.ok && !r.redirected)
					return caches.open(cacheName())
					    .then(function (c) {
						return c.put(u, r);
					});
			}, function () {});
		})));
});

function fromNetwork(req) {
	return fetch(req).then(function (r) {
		var copy;

		if (r.ok && !r.redirected && r.type === "basic") {
			copy = r.clone();
			caches.open(cacheName()).then(function (c) {
				return c.put(req, copy);
			});
		}
		return r;
	});
}

/* Text as HTML: the words come from a page's text, not its markup. */
function esc(s) {
	return String(s).replace(/[&<>"']/g, function (c) {
		return "&#" + c.charCodeAt(0) + ";";
	});
}

/* The page for an address not kept today: in the language of the last
 * door page opened today (its words, message "words"), else English. */
function offline() {
	var w = { lang: "en", title: "No connection", text: "There is no " +
	    "connection, and this page was not opened on this phone today. " +
	    "Go back to a check-in list you opened today: it works without " +
	    "a signal." };

	return caches.match(WORDS_KEY, { cacheName: cacheName() })
	    .then(function (hit) {
		return hit ? hit.json() : w;
	}).catch(function () {
		return w;
	}).then(function (x) {
		return new Response("<!doctype html><html lang=\"" +
		    esc(x.lang) + "\"><meta charset=\"utf-8\"><title>" +
		    esc(x.title) + "</title><p>" + esc(x.text) + "</p></html>",
		    { status: 503, headers:
		    { "Content-Type": "text/html; charset=utf-8" } });
	});
}

self.addEventListener("fetch", function (e) {
	var req = e.request, url = new URL(req.url);

	if (req.method !== "GET" || url.origin !== self.location.origin ||
	    url.pathname === "/checkin/today.json" ||
	    url.pathname === "/checkin/sw.js")
		return;
	if (url.pathname.indexOf("/static/") === 0) {
		e.respondWith(caches.match(req, { ignoreVary: true }).then(function (hit) {
			return hit || fromNetwork(req);
		}));
		return;
	}
	if (url.pathname === "/checkin" ||
	    url.pathname.indexOf("/checkin/") === 0) {
		e.respondWith(prune(false).then(function () {
			return fromNetwork(req);
		}).catch(function () {
			/* Today's copy only (and caches.match, unlike open,
			 * makes no empty cache). The pages say Vary: Accept
			 * (the same address is also JSON); a page kept by
			 * door.js's fetch was asked with another Accept than a
			 * navigation's, and is the same. */
			return caches.match(req, { ignoreVary: true,
			    cacheName: cacheName() }).then(function (hit) {
				return hit || offline();
			});
		}));
	}
});

/* --- Background Sync: the queue, sent with no page open --------------- */

function idb() {
	return new Promise(function (ok, fail) {
		var rq = indexedDB.open("tessera-door", 1);

		rq.onupgradeneeded = function () {
			rq.transaction.abort();	/* door.js makes the stores */
		};
		rq.onsuccess = function () { ok(rq.result); };
		rq.onerror = function () { fail(rq.error); };
	});
}

function req(db, store, mode, fn) {
	return new Promise(function (ok, fail) {
		var t = db.transaction([store], mode), r = fn(t.objectStore(store));

		t.oncomplete = function () { ok(r ? r.result : undefined); };
		t.onerror = t.onabort = function () { fail(t.error); };
	});
}

function sendQueue() {
	return idb().then(function (db) {
		return Promise.all([
			req(db, "meta", "readonly", function (s) {
				return s.get("csrf");
			}),
			req(db, "queue", "readonly", function (s) {
				return s.getAll();
			})
		]).then(function (x) {
			var csrf = x[0], items = x[1], batch, body;

			if (!csrf || !items || items.length === 0)
				return;
			items.sort(function (a, b) { return a.made - b.made; });
			batch = items.slice(0, BATCH);
			body = new URLSearchParams();
			body.set("csrf", csrf);
			body.set("items", batch.map(function (it) {
				return [it.nonce, it.session, it.booking || 0,
				    it.action, it.method, it.at].join(" ");
			}).join("\n"));
			return fetch("/checkin/sync", {
				method: "POST", credentials: "same-origin",
				headers: { "Accept": "application/json" },
				body: body
			}).then(function (r) {
				if (!r.ok)
					throw new Error("not sent");
				return r.json();
			}).then(function (j) {
				return req(db, "queue", "readwrite", function (s) {
					(j.results || []).forEach(function (a) {
						if (batch[a.index])
							s.delete(batch[a.index].nonce);
					});
				});
			}).then(function () {
				return self.clients.matchAll().then(function (cs) {
					cs.forEach(function (c) {
						c.postMessage({ sent: true });
					});
				});
			});
		});
	});
}

self.addEventListener("sync", function (e) {
	if (e.tag === "door-sync")
		e.waitUntil(sendQueue());
});
