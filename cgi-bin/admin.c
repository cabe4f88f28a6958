/*
 * admin.fcgi: the college office: /admin.
 *
 *   GET  /admin					the next two weeks; today's absences
 *   GET  /admin/export				the export form (from, to, course, run)
 *   GET  /admin/export/attendance.csv		attendance, streamed (same query)
 *   GET  /admin/export/summary.csv		anonymous figures per run
 *					(excel=1: with a byte-order mark, for Excel)
 *   GET  /admin/export/attendance.xlsx, summary.xlsx	the same as workbooks
 *   GET  /admin/reports				rates and demand (from, to)
 *   GET  /admin/audit				the audit log (action, user, from, to, page)
 *   GET  /admin/learners			find a learner (q)
 *   GET  /admin/learners/{id}			bookings and attendance (show=needs)
 *   GET  /admin/learners/{id}/export.json	everything held (subject access)
 *   POST /admin/learners/{id}/erase		erasure (confirm)
 *   POST /admin/learners/{id}/resend		resend a booking's links (booking)
 *   GET  /admin/settings			retention
 *   POST /admin/settings			months
 *   POST /admin/settings/erase			erase learners past retention now
 *   POST /admin/settings/college		name, contact, privacy notice, time
 *					zone, reminder_hours (college/settings.h)
 *   GET|POST /admin/venues, /admin/venues/{id}
 *   GET|POST /admin/courses, /admin/courses/{id}
 *   GET|POST /admin/runs (course, past), /admin/runs/{id}
 *   POST /admin/runs/{id}/status		status: published, cancelled, draft
 *   POST /admin/runs/{id}/bring			what to bring (said in reminders)
 *   POST /admin/runs/{id}/sessions		add a session
 *   POST /admin/runs/{id}/book			book a place for someone (book_*)
 *   POST /admin/bookings/{id}/cancel, /move (to_run), /resend
 *   POST /admin/runs/{id}/facilitators		user, role
 *   POST /admin/runs/{id}/facilitators/{user}/remove
 *   GET|POST /admin/sessions/{id}		move a session
 *   POST /admin/sessions/{id}/cancel
 *   GET|POST /admin/staff			staff accounts; add one
 *   POST /admin/staff/{id}/disable, /admin/staff/{id}/enable
 *   GET|POST /admin/staff/{id}/password		set a new password
 *
 * Only administrators: without a staff session a GET is sent to
 * /login and back (303), a logged-in educator gets 403. The kit has
 * checked csrf before any POST handler runs. A POST that succeeds
 * answers 303 to a page that says what was done (done=); invalid input
 * answers 422 with the page, the values kept and an error summary.
 * Every change, export, showing of support needs and erasure is in the
 * audit log (college/manage.c, export, learner). Nothing is cached
 * (the kit's default Cache-Control: no-store).
 *
 * This file is the route table; the handlers are in cgi-bin/admin/, one
 * file per resource, and what they share in cgi-bin/admin/admin.h.
 */
#include <stddef.h>

#include "kit/route.h"
#include "web.h"
#include "admin/admin.h"

static const struct route routes[] = {
	{ M_GET, "/admin", page_dashboard },
	{ M_GET, "/admin/export", page_export },
	{ M_GET, "/admin/export/attendance.csv", page_export_attendance },
	{ M_GET, "/admin/export/summary.csv", page_export_summary },
	{ M_GET, "/admin/export/attendance.xlsx", page_export_attendance_xlsx },
	{ M_GET, "/admin/export/summary.xlsx", page_export_summary_xlsx },
	{ M_GET, "/admin/reports", page_reports },
	{ M_GET, "/admin/audit", page_audit },
	{ M_GET, "/admin/learners", page_learners },
	{ M_GET, "/admin/learners/{id}", page_learner },
	/* A POST (csrf checked by the kit): a cross-site link cannot make
	 * the download, nor its audit line, in an admin's name. */
	{ M_POST, "/admin/learners/{id}/export.json", post_learner_json },
	{ M_POST, "/admin/learners/{id}/resend", post_learner_resend },
	{ M_POST, "/admin/learners/{id}/erase", post_learner_erase },
	{ M_GET, "/admin/settings", page_settings },
	{ M_POST, "/admin/settings", post_settings },
	{ M_POST, "/admin/settings/erase", post_settings_erase },
	{ M_POST, "/admin/settings/college", post_settings_college },
	{ M_GET, "/admin/venues", page_venues },
	{ M_POST, "/admin/venues", post_venues },
	{ M_GET, "/admin/venues/{id}", page_venue },
	{ M_POST, "/admin/venues/{id}", post_venue },
	{ M_GET, "/admin/courses", page_courses },
	{ M_POST, "/admin/courses", post_courses },
	{ M_GET, "/admin/courses/{id}", page_course },
	{ M_POST, "/admin/courses/{id}", post_course },
	{ M_POST, "/admin/courses/{id}/texts", post_course_texts },
	{ M_GET, "/admin/runs", page_runs },
	{ M_POST, "/admin/runs", post_runs },
	{ M_GET, "/admin/runs/{id}", page_run },
	{ M_POST, "/admin/runs/{id}", post_run },
	{ M_POST, "/admin/runs/{id}/status", post_run_status },
	{ M_POST, "/admin/runs/{id}/bring", post_run_bring },
	{ M_POST, "/admin/runs/{id}/sessions", post_run_session },
	{ M_POST, "/admin/runs/{id}/book", post_run_book },
	{ M_POST, "/admin/bookings/{id}/cancel", post_booking_cancel },
	{ M_POST, "/admin/bookings/{id}/move", post_booking_move },
	{ M_POST, "/admin/bookings/{id}/resend", post_booking_resend },
	{ M_POST, "/admin/runs/{id}/facilitators", post_run_facilitator },
	{ M_POST, "/admin/runs/{id}/facilitators/{user}/remove",
	    post_run_facilitator_remove },
	{ M_GET, "/admin/sessions/{id}", page_session },
	{ M_POST, "/admin/sessions/{id}", post_session },
	{ M_POST, "/admin/sessions/{id}/cancel", post_session_cancel },
	{ M_GET, "/admin/staff", page_staff },
	{ M_POST, "/admin/staff", post_staff },
	{ M_POST, "/admin/staff/{id}/disable", post_staff_disable },
	{ M_POST, "/admin/staff/{id}/enable", post_staff_enable },
	{ M_GET, "/admin/staff/{id}/password", page_staff_password },
	{ M_POST, "/admin/staff/{id}/password", post_staff_password },
};

int
main(int argc, char *argv[])
{
	return web_main("admin", routes, sizeof(routes) / sizeof(routes[0]),
	    NULL, argc, argv);
}
