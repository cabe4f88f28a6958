/*
 * door-out.js: on the page after log-out (/login?out=1), remove what
 * the check-in pages kept on this phone: the day's rosters and queue
 * (IndexedDB), the page copies (Cache Storage) and the service worker.
 * The server's Clear-Site-Data header does the same where the browser
 * honours it; this covers those that do not.
 */
(function () {
	"use strict";

	if (window.caches)
		caches.keys().then(function (keys) {
			keys.forEach(function (k) { caches.delete(k); });
		});
	if (window.indexedDB)
		indexedDB.deleteDatabase("tessera-door");
	if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations)
		navigator.serviceWorker.getRegistrations().then(function (rs) {
			rs.forEach(function (r) { r.unregister(); });
		});
}());
