/*
 * scan.js: the in-page QR scanner of /checkin/session/{id}/scan.
 *
 * Progressive enhancement: without JavaScript, a camera or fetch() the
 * page stays a code-entry form. With them it shows the camera, scans
 * continuously, and sends each code to POST /checkin/scan (form-encoded,
 * with the page's csrf field and a fresh random nonce per scan), without
 * leaving the page. A request that fails on the network is sent again
 * with the same nonce, so the server answers it once and never records
 * it twice. Each answer is shown in words and colour, with a sound and
 * a vibration, and the running count is updated.
 *
 * Offline (door.js): a scanned code is hashed (SHA-256, as the server
 * stores check-in codes) and looked up in the session's list kept on
 * the phone; found, it goes into the phone's queue, "saved, will send";
 * not found and offline, "not on this list". Online and not on the list
 * kept here, the server is asked as before.
 *
 * QR decoding: the browser's BarcodeDetector where it can read QR
 * codes, else jsQR (npm package jsqr, copied to /static/jsqr.js by the
 * build), loaded only when needed. Nothing comes from another site.
 */
(function () {
	"use strict";

	var SAME_CODE_MS = 3000;	/* a code seen again sooner is the same scan */
	var FRAME_MS = 200;		/* between two looks at the camera */
	var TRIES = 4;			/* sends of one scan on network failure */
	var MAX_SIDE = 640;		/* pixels of the frame given to jsQR */

	var box = document.getElementById("scanner");
	var video = document.getElementById("scan-video");
	var start = document.getElementById("scan-start");
	var stop = document.getElementById("scan-stop");
	var result = document.getElementById("scan-result");
	var message = document.getElementById("scan-message");
	var countIn = document.getElementById("count-in");
	var countBooked = document.getElementById("count-booked");
	var form = document.getElementById("code-form");

	if (!box || !video || !form || !window.fetch || !window.URLSearchParams ||
	    !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia ||
	    !window.crypto || !window.crypto.getRandomValues)
		return;

	var csrf = form.elements.csrf ? form.elements.csrf.value : "";
	var session = box.getAttribute("data-session");
	var endpoint = box.getAttribute("data-endpoint");
	var stream = null, timer = null, detector = null, canvas = null;
	var ctx = null;
	var audio = null, last = "", lastAt = 0, busy = false;
	var mine = {};		/* nonces of scans queued on this page */

	box.hidden = false;

	/* The page's words for key (door_words.html), or english, with
	 * {name}s of vals filled in; as door.js's say(). */
	function say(key, english, vals) {
		var list = document.getElementById("door-words");
		var el = list && list.querySelector("[data-w='" + key + "']");
		var text = el ? el.textContent : english;

		return text.replace(/\{([a-z]+)\}/g, function (m, k) {
			return vals && vals.hasOwnProperty(k) ? String(vals[k]) : m;
		});
	}

	/*
	 * The dates of a "not_today" answer (its dates' starts_iso, the
	 * college's local time with its offset) in the page's language:
	 * the local parts are read as if UTC and written back in UTC, so
	 * no zone is needed here. "" when there are none or they cannot
	 * be written.
	 */
	function dates(j) {
		var lang = document.documentElement.lang || "en", f;

		if (!j.dates || !j.dates.length || !window.Intl)
			return "";
		try {
			f = new Intl.DateTimeFormat(lang, { weekday: "short",
			    day: "numeric", month: "short", hour: "2-digit",
			    minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
		} catch (e) {
			return "";
		}
		return j.dates.map(function (d) {
			var t = Date.parse(String(d.starts_iso || "").slice(0,
			    16) + ":00Z");

			return isNaN(t) ? "" : f.format(new Date(t));
		}).filter(Boolean).join(", ");
	}

	/*
	 * What to say of a server's answer j: the page's words for every
	 * result (the JSON's message is English, whatever the page's
	 * language), the message only for an answer this script does not
	 * know.
	 */
	function said(j) {
		var list = document.getElementById("door-words");
		var late = j.status === "late", v = { who: j.name || "",
		    first: j.first_name || "", at: j.at_time || "",
		    staff: j.by_unnamed ? say("by_unnamed", j.by || "") :
		    j.by || "", coursename: j.course_title || "",
		    sessionlist: dates(j) };

		switch (j.result) {
		case "already":
			return say(late ? "s_already_late" : "already_in_by",
			    j.message, v);
		case "not_today":
			return v.sessionlist ? say("r_not_today_dates", j.message, v) :
			    say("r_not_today", j.message, v);
		case "forbidden":
			return say(j.why === "session" ? "r_forbidden_session" :
			    "r_forbidden", j.message, v);
		}
		if (j.result && list && list.querySelector("[data-w='r_" +
		    j.result + "']"))
			return say("r_" + j.result, j.message, v);
		return j.message || say("scan_wrong",
		    "Something went wrong: scan again.");
	}

	function show(tone, text) {
		result.className = "result result-" + tone;
		message.textContent = text;
	}

	function nonce() {
		var b = new Uint8Array(16), s = "", i;

		window.crypto.getRandomValues(b);
		for (i = 0; i < b.length; i++)
			s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
		return s;
	}

	/* A short tone: high for checked in, low twice for a problem. */
	function beep(tone) {
		var t, o, g, n, i;

		if (!audio)
			return;
		try {
			n = tone === "ok" ? 1 : 2;
			t = audio.currentTime;
			for (i = 0; i < n; i++) {
				o = audio.createOscillator();
				g = audio.createGain();
				o.frequency.value = tone === "ok" ? 880 :
				    tone === "warn" ? 520 : 300;
				g.gain.value = 0.2;
				o.connect(g);
				g.connect(audio.destination);
				o.start(t + i * 0.25);
				o.stop(t + i * 0.25 + 0.15);
			}
		} catch (e) {
			/* No sound is no loss: the words and colour say it. */
		}
	}

	function buzz(tone) {
		if (navigator.vibrate)
			navigator.vibrate(tone === "ok" ? 120 :
			    [120, 80, 120, 80, 120]);
	}

	/* Show the answer j: text, when door.js has said it already (a
	 * sync's answer), else what said() makes of it. */
	function answer(j, text) {
		var tone = j.tone || "bad";

		show(tone, text || said(j));
		if (typeof j.checked_in === "number" && countIn)
			countIn.textContent = String(j.checked_in);
		if (typeof j.booked === "number" && countBooked)
			countBooked.textContent = String(j.booked);
		beep(tone);
		buzz(tone);
	}

	/* Send one scan; on a network failure send it again, same nonce. */
	function send(text, n, tries) {
		var body = new URLSearchParams();

		body.set("csrf", csrf);
		body.set("session", session);
		body.set("text", text);
		body.set("nonce", n);
		return fetch(endpoint, {
			method: "POST",
			credentials: "same-origin",
			headers: { "Accept": "application/json" },
			body: body
		}).then(function (r) {
			if (r.status === 403 && !/json/.test(r.headers.get("Content-Type") || ""))
				return { tone: "bad", message: say("scan_expired",
				    "This page has expired: reload it to go " +
				    "on scanning.") };
			return r.json();
		}, function (e) {
			if (tries > 1)
				return new Promise(function (ok) {
					setTimeout(ok, 500 * (TRIES - tries + 1));
				}).then(function () {
					return send(text, n, tries - 1);
				});
			throw e;
		});
	}

	/* The check-in token in what a QR code held, as the server reads
	 * it (attendance_scanned_token): after the last "/c/", up to a ?
	 * or #; or the bare token. */
	function tokenOf(text) {
		var t = text, i = text.lastIndexOf("/c/");

		if (i >= 0)
			t = text.slice(i + 3);
		t = t.split(/[?#]/)[0];
		return /^[A-Z2-7]{26}$/.test(t) ? t : null;
	}

	function hex(buf) {
		var b = new Uint8Array(buf), s = "", i;

		for (i = 0; i < b.length; i++)
			s += (b[i] < 16 ? "0" : "") + b[i].toString(16);
		return s;
	}

	/*
	 * A scan checked against the list kept on the phone (door.js): on
	 * it, queued (and sent at once when online); not on it, "not on
	 * this list" when offline. Resolves false when only the server can
	 * say (online, and not on the list kept here, or no list kept).
	 */
	function local(text) {
		var door = window.door, tok = tokenOf(text);

		if (!door || !door.ready || !window.crypto.subtle || !tok)
			return Promise.resolve(false);
		return door.ready.then(function () {
			return door.hasRoster(session);
		}).then(function (has) {
			if (!has)
				return false;
			return window.crypto.subtle.digest("SHA-256",
			    new TextEncoder().encode(tok)).then(function (h) {
				return door.find(session, hex(h));
			}).then(function (l) {
				if (!l) {
					if (navigator.onLine)
						return false;
					answer({ tone: "bad", message: say(
					    "scan_not_listed", "Not on this list: " +
					    "this code is not for anyone booked " +
					    "on this session.") });
					return true;
				}
				return door.again(session, l).then(function (said) {
					if (said) {
						answer({ tone: "warn", message: said });
						return true;
					}
					return door.add({ session: Number(session),
					    booking: l.booking_id, action: "present",
					    method: "qr", name: l.name });
				}).then(function (it) {
					if (it === true)
						return true;
					mine[it.nonce] = true;
					answer({ tone: "info", message: say(
					    "scan_saved_who", "{who}: saved, will " +
					    "send.", { who: l.name }) });
					return true;
				});
			});
		}).catch(function () {
			return false;
		});
	}

	/* What the server said about a scan queued here, in door.js's
	 * words for a sync's answer. */
	if (window.door)
		window.door.onanswer = function (it, a, text) {
			if (!it || mine[it.nonce]) {
				if (it)
					delete mine[it.nonce];
				answer(a, text);
			}
		};

	function scanned(text) {
		var now = Date.now();

		if (busy)
			return;
		/* A code still in view is not a new scan: it must leave the
		 * camera for SAME_CODE_MS before it counts again. */
		if (text === last && now - lastAt < SAME_CODE_MS) {
			lastAt = now;
			return;
		}
		last = text;
		lastAt = now;
		busy = true;
		show("info", say("scan_checking", "Checking…"));
		local(text).then(function (done) {
			if (done)
				return;
			return send(text, nonce(), TRIES).then(answer);
		}).then(null, function () {
			answer({ tone: "bad", message: say("scan_no_connection",
			    "No connection: that code was not checked in. " +
			    "Scan it again, or type the code below.") });
		}).then(function () {
			busy = false;
			lastAt = Date.now();
		});
	}

	function look() {
		var w, h, k, img, code;

		timer = null;
		if (!stream)
			return;
		if (video.readyState < 2 || busy) {
			timer = setTimeout(look, FRAME_MS);
			return;
		}
		if (detector) {
			detector.detect(video).then(function (codes) {
				if (codes.length > 0 && codes[0].rawValue)
					scanned(codes[0].rawValue);
			}, function () {}).then(function () {
				if (stream)
					timer = setTimeout(look, FRAME_MS);
			});
			return;
		}
		if (window.jsQR) {
			w = video.videoWidth;
			h = video.videoHeight;
			k = Math.min(1, MAX_SIDE / Math.max(w, h, 1));
			w = Math.max(1, Math.round(w * k));
			h = Math.max(1, Math.round(h * k));
			if (!canvas) {
				canvas = document.createElement("canvas");
				ctx = canvas.getContext("2d",
				    { willReadFrequently: true });
			}
			canvas.width = w;
			canvas.height = h;
			ctx.drawImage(video, 0, 0, w, h);
			img = ctx.getImageData(0, 0, w, h);
			code = window.jsQR(img.data, w, h,
			    { inversionAttempts: "dontInvert" });
			if (code && code.data)
				scanned(code.data);
		}
		timer = setTimeout(look, FRAME_MS);
	}

	/* BarcodeDetector if it reads QR codes, else load jsQR. */
	function decoder() {
		var p = window.BarcodeDetector && BarcodeDetector.getSupportedFormats ?
		    BarcodeDetector.getSupportedFormats() : Promise.resolve([]);

		return p.then(function (f) {
			if (f.indexOf("qr_code") >= 0) {
				detector = new BarcodeDetector({ formats: ["qr_code"] });
				return;
			}
			if (window.jsQR)
				return;
			return new Promise(function (ok, fail) {
				var s = document.createElement("script");

				s.src = box.getAttribute("data-jsqr") ||
				    "/static/jsqr.js";
				s.onload = ok;
				s.onerror = fail;
				document.head.appendChild(s);
			});
		});
	}

	function halt() {
		if (timer)
			clearTimeout(timer);
		timer = null;
		if (stream)
			stream.getTracks().forEach(function (t) { t.stop(); });
		stream = null;
		video.srcObject = null;
		start.hidden = false;
		stop.hidden = true;
	}

	/* A typed code: through the phone's list and queue when it is on
	 * it; otherwise the form is posted as without JavaScript. */
	form.addEventListener("submit", function (e) {
		var c = form.elements.code, door = window.door;

		if (!door || !door.code || !c || !c.value)
			return;
		e.preventDefault();
		door.code(c.value).then(function (found) {
			if (found === true) {
				show("info", say("scan_saved", "Saved, will send."));
				c.value = "";
			} else if (found === null)
				form.submit();
		});
	});

	start.addEventListener("click", function () {
		var AC = window.AudioContext || window.webkitAudioContext;

		/* Sound may start only from a tap. */
		if (!audio && AC) {
			try { audio = new AC(); } catch (e) { audio = null; }
		}
		show("info", say("scan_starting", "Starting the camera…"));
		decoder().then(function () {
			return navigator.mediaDevices.getUserMedia({
				audio: false,
				video: { facingMode: "environment" }
			});
		}).then(function (s) {
			stream = s;
			video.srcObject = s;
			return video.play();
		}).then(function () {
			start.hidden = true;
			stop.hidden = false;
			show("info", say("scan_hold",
			    "Hold each QR code in front of the camera."));
			look();
		}, function () {
			halt();
			show("bad", say("scan_no_camera", "The camera could " +
			    "not be started. Allow this site to use it, or " +
			    "type codes below."));
		});
	});
	stop.addEventListener("click", function () {
		halt();
		show("info", say("scan_stopped", "Camera stopped."));
	});
	document.addEventListener("visibilitychange", function () {
		if (document.hidden && stream) {
			halt();
			show("info", say("scan_hidden", "Camera stopped while " +
			    "the page was hidden. Start it again to go on."));
		}
	});
}());
