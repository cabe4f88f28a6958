#!/usr/bin/python3
"""mailcheck.py: check that delivered messages are what RFC 5322 and MIME
ask, with Python's email package in strict mode and python3-icalendar.

    mailcheck.py [--crlf] FILE...

For each file: parsed with email.policy.strict (a defect raises); the
headers Date, From, To, Subject, Message-ID (<id@host>), MIME-Version,
Auto-Submitted: auto-generated present once each; the header block all
ASCII (non-ASCII only as RFC 2047 words); header lines within 78
characters (unless one word alone, a URL, is longer) and every line
within 998; with --crlf every line ends in
CRLF (as sent over SMTP; a Maildir file has LF); a multipart/alternative
of text/plain then text/html; a text/calendar part, if any, parses and
its METHOD is the one in its Content-Type; List-Unsubscribe comes with
List-Unsubscribe-Post. Prints one line per file: "TO MESSAGE-ID SUBJECT"
(subject decoded), and exits 1 after naming every file that failed.
"""
import email
import email.policy
import re
import sys

import icalendar

REQUIRED = ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version",
            "Auto-Submitted"]


def check(raw, crlf):
    errors = []
    head, sep, _ = raw.partition(b"\r\n\r\n" if crlf else b"\n\n")
    if not sep:
        return ["no empty line after the headers"], None
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for i, line in enumerate(lines):
        if crlf and not line.endswith(b"\r"):
            errors.append("line %d does not end in CRLF" % (i + 1))
            break
        if len(line.rstrip(b"\r")) > 998:
            errors.append("line %d longer than 998" % (i + 1))
    for line in head.split(b"\n"):
        line = line.rstrip(b"\r")
        # Longer only where one word (a URL, an address) cannot be cut.
        word = line.split(b" ", 1)[1] if b" " in line else line
        if len(line) > 78 and b" " in word.strip():
            errors.append("header line longer than 78: %r" % line[:40])
    try:
        head.decode("ascii")
    except UnicodeDecodeError:
        errors.append("8-bit bytes in the headers")
    msg = email.message_from_bytes(raw, policy=email.policy.strict)
    # Header values are parsed when read; their defects are kept, not
    # raised, so they are looked at here.
    for name, value in msg.items():
        if getattr(value, "defects", None):
            errors.append("%s: %s" % (name, value.defects))
    for part in msg.walk():
        if part.defects:
            errors.append("part %s: %s" % (part.get_content_type(),
                                           part.defects))
    for name in REQUIRED:
        if len(msg.get_all(name) or []) != 1:
            errors.append("%s: %d times" % (name, len(msg.get_all(name) or [])))
    if msg["Auto-Submitted"] != "auto-generated":
        errors.append("Auto-Submitted is not auto-generated")
    if not re.fullmatch(r"<[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+>",
                        str(msg["Message-ID"])):
        errors.append("Message-ID %r" % str(msg["Message-ID"]))
    if msg["List-Unsubscribe"] is not None and \
            msg["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click":
        errors.append("List-Unsubscribe without List-Unsubscribe-Post")
    alt = None
    for part in msg.walk():
        if part.get_content_type() == "multipart/alternative":
            alt = part
        if part.get_content_type() == "text/calendar":
            cal = icalendar.Calendar.from_ical(part.get_content())
            want = part.get_param("method", header="content-type")
            if str(cal.get("METHOD")) != want:
                errors.append("calendar METHOD %s, Content-Type says %s"
                              % (cal.get("METHOD"), want))
            if not cal.walk("VEVENT"):
                errors.append("calendar without an event")
    if alt is None:
        errors.append("no multipart/alternative")
    else:
        kinds = [p.get_content_type() for p in alt.iter_parts()]
        if kinds != ["text/plain", "text/html"]:
            errors.append("alternative parts %s" % kinds)
        for p in alt.iter_parts():
            p.get_content()  # decodes the quoted-printable, strictly
    return errors, msg


def main():
    args = sys.argv[1:]
    crlf = False
    if args and args[0] == "--crlf":
        crlf = True
        args = args[1:]
    failed = 0
    for path in args:
        with open(path, "rb") as f:
            raw = f.read()
        try:
            errors, msg = check(raw, crlf)
        except Exception as e:  # a strict-mode defect, a calendar error
            errors, msg = ["%s: %s" % (type(e).__name__, e)], None
        if errors:
            failed += 1
            print("%s: %s" % (path, "; ".join(errors)), file=sys.stderr)
            continue
        print("%s %s %s" % (msg["To"], msg["Message-ID"], msg["Subject"]))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
