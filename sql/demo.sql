-- demo.sql: Riverside Recovery College, a believable demo college.
--
-- `tessera demo` runs this after creating the demo staff
-- (sam@demo.tessera.invalid, peer educator; alex@demo.tessera.invalid,
-- clinical educator; jo@demo.tessera.invalid, admin); without them the
-- runs simply have no facilitators.
--
-- Every time is relative to the moment the script runs, so the demo is
-- always current: runs over the next eight weeks, one session in
-- progress now, two more later today, a nearly-full run, a full run
-- with a waiting list, a cancelled run and a draft one. Times are
-- whole UTC hours, so in summer they show an hour later in London.
--
-- Idempotent: every write is guarded by the setting 'demo_loaded',
-- written last, so a second run changes nothing. The script is one
-- SAVEPOINT: atomic on its own, and nestable inside the caller's
-- BEGIN IMMEDIATE (tessera demo opens one).
--
-- Demo bookings have predictable tokens ('DEMO' and 22 letters) so that
-- documentation and tests can name them. They are fake people with
-- @example.org addresses: never load the demo into a real college.

SAVEPOINT demo;

DROP TABLE IF EXISTS temp.demo_clock;
DROP TABLE IF EXISTS temp.demo_plan;
DROP TABLE IF EXISTS temp.demo_learner;

-- One reading of the clock for the whole script.
CREATE TEMP TABLE demo_clock AS
SELECT
	unixepoch('now') AS now,
	unixepoch('now', 'start of day') AS today,
	(SELECT coalesce(max(id), 0) FROM main.run) AS run_base,
	EXISTS (SELECT 1 FROM main.setting WHERE key = 'demo_loaded') AS done;

-- Settings ---------------------------------------------------------------

WITH s(k, v) AS (VALUES
	('college_name', 'Riverside Recovery College'),
	('timezone', 'Europe/London'),
	('contact_email', 'learning@riverside.example.org'),
	('contact_phone', '0113 496 0123'),
	('privacy_notice',
	 'Riverside Recovery College keeps only what it needs to run your '
	 || 'courses: your name, your email address, a phone number if you '
	 || 'choose to give one, the courses you book and whether you came. '
	 || 'Anything you tell us about support you need is seen only by the '
	 || 'trainers of that course and the college office. We never share '
	 || 'your details with your GP, care team or anyone else without your '
	 || 'agreement, unless someone is at serious risk of harm. We keep your '
	 || 'details for two years after your last course and then delete '
	 || 'them; the attendance figures we give our funders are anonymous. '
	 || 'To see, correct or delete what we hold about you, email '
	 || 'learning@riverside.example.org or call 0113 496 0123: we will do '
	 || 'it within one month.')
)
INSERT OR REPLACE INTO setting(key, value)
SELECT k, v FROM s
WHERE NOT (SELECT done FROM temp.demo_clock);

-- Topics -------------------------------------------------------------------

WITH t(slug, name) AS (VALUES
	('getting-started', 'Getting started'),
	('understanding', 'Understanding mental health'),
	('recovery-tools', 'Tools for recovery'),
	('wellbeing', 'Wellbeing and self-care'),
	('peer-support', 'Peer support'),
	('family-carers', 'Family, friends and carers'),
	('creative-active', 'Creative and active'),
	('life-work', 'Life, money and work')
)
INSERT OR IGNORE INTO topic(slug, name)
SELECT slug, name FROM t
WHERE NOT (SELECT done FROM temp.demo_clock);

-- Venues -------------------------------------------------------------------

WITH v(name, address, access, online) AS (VALUES
	('Riverside Community Hub, Room 2',
	 'Riverside Community Hub, 14 Mill Lane, Riverside RV1 2AB',
	 'Step-free entrance from Mill Lane with automatic doors, and a lift '
	 || 'to every floor. Hearing loop in Room 2. Accessible toilet on the '
	 || 'ground floor. A quiet room is kept free during every session: '
	 || 'ask a trainer. Nearest bus stop: Mill Lane (routes 4 and 12), two '
	 || 'minutes'' walk on the flat.', 0),
	('Central Library, Learning Room',
	 'Central Library, 1 Market Square, Riverside RV1 1AA',
	 'Step-free access by the ramp on the Church Street side; lift to the '
	 || 'first floor. A portable hearing loop is available: tell us when '
	 || 'you book. Accessible toilet on the first floor. Nearest bus stop: '
	 || 'Market Square (all town-centre routes). Blue-badge parking bays '
	 || 'on Church Street.', 0),
	('Greenway Centre, Garden Room',
	 'Greenway Centre, 80 Park Road, Riverside RV3 7QT',
	 'All on the ground floor, with level access from the car park. There '
	 || 'is no hearing loop in the Garden Room. Quiet room next door. Free '
	 || 'parking. Nearest bus stop: Park Road Shops (route 7), five '
	 || 'minutes'' walk on a flat pavement.', 0),
	('Online',
	 '',
	 'A live session you join from a phone, tablet or computer: the '
	 || 'joining link is on your booking page. Live captions are on. '
	 || 'Keeping your camera off is fine, and you can take part by chat '
	 || 'alone.', 1)
)
INSERT INTO venue(name, address, access, online)
SELECT v.name, v.address, v.access, v.online FROM v
WHERE NOT (SELECT done FROM temp.demo_clock)
  AND NOT EXISTS (SELECT 1 FROM venue w WHERE w.name = v.name);

-- Courses ------------------------------------------------------------------

WITH c(slug, title, summary, description, topic, status) AS (VALUES
	('introduction-to-the-college',
	 'Welcome to Riverside: an introduction to the college',
	 'A relaxed first visit: meet us, see how the college works and find '
	 || 'courses that suit you.',
	 'New to the college, or not sure if it is for you? Come along, have '
	 || 'a cup of tea and hear how recovery colleges work: courses written '
	 || 'and taught together by people with lived experience and people '
	 || 'with professional training, open to anyone, no referral needed. '
	 || 'We will look through the prospectus together and answer your '
	 || 'questions. You are welcome to bring someone with you.',
	 'getting-started', 'published'),
	('what-is-recovery',
	 'What is recovery? Hope, control and opportunity',
	 'What recovery can mean, in your own words and on your own terms.',
	 'Recovery is not the same as being "cured". In this workshop we '
	 || 'explore what recovery means to different people, the ideas of '
	 || 'hope, control and opportunity, and the small things that help. '
	 || 'You do not need to share anything personal.',
	 'getting-started', 'published'),
	('understanding-anxiety',
	 'Understanding anxiety',
	 'What anxiety is, why it happens, and practical ways to live with it.',
	 'Over five weeks we look at what happens in the body and mind when '
	 || 'we feel anxious, why anxiety can take hold, and ways of coping '
	 || 'that people have found helpful: from breathing and grounding to '
	 || 'gently facing what we avoid. Each week builds on the last, and '
	 || 'you can go at your own pace.',
	 'understanding', 'published'),
	('understanding-depression',
	 'Understanding depression',
	 'Making sense of low mood and depression, and what can help.',
	 'We talk openly about depression: how it can feel, what might '
	 || 'contribute to it, and the different kinds of help available, '
	 || 'including self-help, talking therapies and medication. Trainers '
	 || 'share what helped in their own recovery, and there is time to '
	 || 'think about what might help you.',
	 'understanding', 'published'),
	('hearing-voices',
	 'Hearing voices: making sense and finding support',
	 'A respectful look at hearing voices and other unusual experiences.',
	 'Many people hear voices, and for many it is a meaningful part of '
	 || 'life. This course looks at different ways of understanding voices '
	 || 'and visions, ways of coping with distressing ones, and the '
	 || 'hearing voices network. Open to voice hearers, family and friends, '
	 || 'and anyone curious.',
	 'understanding', 'published'),
	('living-with-bipolar',
	 'Living well with bipolar',
	 'Understanding mood swings and finding your own ways to stay well.',
	 'A course for people living with a bipolar diagnosis and those close '
	 || 'to them. We look at mood, early warning signs, routines that help, '
	 || 'working with services, and building a life that is not defined by '
	 || 'a diagnosis.',
	 'understanding', 'published'),
	('understanding-trauma',
	 'Understanding trauma',
	 'How trauma can affect us, and how people find safety and recovery.',
	 'A gentle introduction to how difficult experiences can affect the '
	 || 'mind and body, and to trauma-informed ways of looking after '
	 || 'ourselves. We do not ask anyone to talk about what happened to '
	 || 'them. You can step out at any time, and a trainer is always '
	 || 'available to talk afterwards.',
	 'understanding', 'published'),
	('understanding-personality-disorder-diagnoses',
	 'Understanding personality disorder diagnoses',
	 'An honest, respectful look at a diagnosis many people find hard.',
	 'Diagnoses such as "borderline personality disorder" or "emotionally '
	 || 'unstable personality disorder" can feel stigmatising. This course '
	 || 'looks at what the labels mean, the debate around them, the links '
	 || 'with difficult life experiences, and the approaches people have '
	 || 'found helpful. For people with the diagnosis, people who wonder '
	 || 'about it, and those who support them.',
	 'understanding', 'published'),
	('wellness-recovery-action-planning',
	 'Wellness Recovery Action Planning (WRAP)',
	 'Write your own plan for staying well and getting through hard times.',
	 'WRAP is a practical way of planning for your own wellness, written '
	 || 'by you and for you. Over six weeks you build your wellness toolbox, '
	 || 'notice your triggers and early warning signs, and plan what you '
	 || 'and others can do when things are hard. You keep your plan: we '
	 || 'never ask to see it.',
	 'recovery-tools', 'published'),
	('self-compassion',
	 'Being kinder to yourself: self-compassion',
	 'Learning to treat yourself with the kindness you would give a friend.',
	 'Many of us are much harder on ourselves than on anyone else. This '
	 || 'workshop introduces self-compassion, why it helps, and simple '
	 || 'practices to try, at your own pace and in your own way.',
	 'recovery-tools', 'published'),
	('building-confidence',
	 'Building confidence',
	 'Small, steady steps towards feeling more confident.',
	 'Confidence can be knocked by illness, loss or difficult experiences. '
	 || 'Over five weeks we look at where confidence comes from, notice '
	 || 'our strengths, and practise taking small steps in a supportive '
	 || 'group.',
	 'recovery-tools', 'published'),
	('sleep-and-wellbeing',
	 'Sleep and wellbeing',
	 'Why sleep matters, and practical ideas for sleeping better.',
	 'Sleep and mental health are closely linked. We look at how sleep '
	 || 'works, what gets in the way, and practical changes people have '
	 || 'found helpful, including winding down, worry time and routines. '
	 || 'Bring your questions.',
	 'wellbeing', 'published'),
	('managing-stress',
	 'Managing stress',
	 'Understanding stress and finding ways to ease it.',
	 'What stress is, how it shows up for each of us, and a range of '
	 || 'practical ways to manage it day to day. You will leave with a '
	 || 'personal stress plan to try.',
	 'wellbeing', 'published'),
	('mindfulness-for-beginners',
	 'Mindfulness for beginners',
	 'Simple, short practices for noticing the present moment.',
	 'An easy-going introduction to mindfulness with short practices you '
	 || 'can use anywhere. No experience needed, no need to sit on the '
	 || 'floor, and it is fine if your mind wanders: that is part of it.',
	 'wellbeing', 'published'),
	('food-and-mood',
	 'Food and mood',
	 'How what we eat and drink can affect how we feel.',
	 'A practical, non-judgemental workshop on food, drink and mood: '
	 || 'regular meals, blood sugar, caffeine, eating on a budget and '
	 || 'when cooking feels too much. No diets and no lectures.',
	 'wellbeing', 'published'),
	('introduction-to-peer-support',
	 'Introduction to peer support',
	 'What peer support is, and how our own experience can help others.',
	 'Peer support is support from someone who has been there. Over six '
	 || 'weeks we explore its values, listening well, sharing experience '
	 || 'safely and looking after ourselves while supporting others. A '
	 || 'good first step for anyone thinking about peer work.',
	 'peer-support', 'published'),
	('sharing-your-story',
	 'Sharing your story safely',
	 'Deciding what, when and how much of your story to share.',
	 'Our stories can inspire and connect, but sharing can also leave us '
	 || 'feeling exposed. This workshop helps you think about why you might '
	 || 'share, with whom, and how to keep yourself safe while doing it.',
	 'peer-support', 'published'),
	('supporting-someone-you-care-about',
	 'Supporting someone you care about',
	 'For family, friends and carers of someone with mental-health problems.',
	 'Caring for someone can be rewarding, worrying and exhausting. Over '
	 || 'four weeks we look at understanding what your person is going '
	 || 'through, communicating in difficult moments, working with '
	 || 'services and confidentiality, and looking after yourself too.',
	 'family-carers', 'published'),
	('suicide-prevention-for-carers',
	 'Suicide prevention awareness for family and carers',
	 'Recognising when someone may be at risk, and how to talk about it.',
	 'A careful, supportive workshop for people worried about someone '
	 || 'close to them. We cover warning signs, asking directly about '
	 || 'suicide, staying safe, and where to get help at any hour. The '
	 || 'subject is difficult: trainers check in with everyone, and you '
	 || 'can leave the room or the call at any time.',
	 'family-carers', 'published'),
	('creative-writing-for-wellbeing',
	 'Creative writing for wellbeing',
	 'Playful, gentle writing exercises: no experience needed.',
	 'Write for yourself, not for marks. Each week brings short, playful '
	 || 'exercises: poems, lists, letters, memories. Sharing what you write '
	 || 'is always optional, and spelling does not matter.',
	 'creative-active', 'published'),
	('music-and-wellbeing',
	 'Music and wellbeing',
	 'Listening, sharing and making music together, whatever your skill.',
	 'Music can lift, soothe and connect us. We listen, talk about the '
	 || 'music that matters to us, and try simple group music-making. '
	 || 'No musical experience needed, and no one has to sing alone.',
	 'creative-active', 'published'),
	('walking-for-wellbeing',
	 'Walking for wellbeing',
	 'Gentle group walks in the park, with time to talk.',
	 'An hour''s gentle walk around Greenway Park each week, at the pace '
	 || 'of the slowest walker, with a short talk on the benefits of being '
	 || 'outdoors and active. Paths are flat and there are benches on the '
	 || 'way. We meet in the Garden Room and end with a warm drink.',
	 'creative-active', 'published'),
	('money-and-mental-health',
	 'Money and mental health',
	 'Understanding the links between money worries and how we feel.',
	 'Money and mental health affect each other. This workshop, run with '
	 || 'a local advice service, covers budgeting when things are hard, '
	 || 'benefits and sickness absence, dealing with debt letters, and '
	 || 'where to get free, confidential advice.',
	 'life-work', 'published'),
	('recovery-and-work',
	 'Recovery and work',
	 'Thinking about work, volunteering or study as part of recovery.',
	 'Whether you are thinking about paid work, volunteering, study or '
	 || 'returning to a job after time off, this course explores your '
	 || 'options, your rights, telling an employer (or not) and looking '
	 || 'after your wellbeing at work.',
	 'life-work', 'published'),
	('healthy-relationships',
	 'Healthy relationships',
	 'What makes relationships healthy, and setting kind boundaries.',
	 'We look at the relationships in our lives (family, friends, '
	 || 'partners, professionals), what helps them feel safe and '
	 || 'respectful, and how to set boundaries kindly and clearly.',
	 'life-work', 'published'),
	('digital-skills-for-wellbeing',
	 'Digital skills for wellbeing',
	 'Getting confident online: video calls, apps and staying safe.',
	 'A hands-on course for anyone who finds technology daunting. We '
	 || 'practise joining video calls, finding trustworthy information and '
	 || 'wellbeing apps, and keeping safe online. Tablets are provided, or '
	 || 'bring your own phone.',
	 'life-work', 'published'),
	('understanding-ocd',
	 'Understanding OCD',
	 'Draft: what obsessive-compulsive disorder is and what helps.',
	 'Draft course, not yet published.',
	 'understanding', 'draft'),
	('gardening-for-wellbeing',
	 'Gardening for wellbeing',
	 'Draft: growing things together in the Greenway garden.',
	 'Draft course for the spring prospectus.',
	 'creative-active', 'draft')
)
INSERT OR IGNORE INTO course(slug, title, summary, description, topic_id,
    status)
SELECT c.slug, c.title, c.summary, c.description,
    (SELECT id FROM topic WHERE topic.slug = c.topic), c.status
FROM c
WHERE NOT (SELECT done FROM temp.demo_clock);

-- The timetable ------------------------------------------------------------
--
-- One row per run: n (numbers the run), course, capacity, status, venue,
-- when the first session is, its length, the number of weekly sessions
-- (wk0 < 0: the run started that many weeks ago), who delivers it
-- ('co': Sam as peer trainer and Alex as clinical trainer; 'peer': Sam
-- alone), and how many demo bookings are confirmed, waitlisted and
-- cancelled. The first session is at `day` days from today at `hm`
-- minutes past midnight UTC; or `rel` minutes from now (to the minute); or `soon`
-- minutes from now rounded up to the half hour.

CREATE TEMP TABLE demo_plan (
	n		INTEGER PRIMARY KEY,
	course		TEXT NOT NULL,
	capacity	INTEGER NOT NULL,
	status		TEXT NOT NULL,
	venue		TEXT NOT NULL,
	at0		INTEGER NOT NULL,	-- epoch of week 0's session
	minutes		INTEGER NOT NULL,
	wk0		INTEGER NOT NULL,
	weeks		INTEGER NOT NULL,
	who		TEXT NOT NULL,
	conf		INTEGER NOT NULL,
	wait		INTEGER NOT NULL,
	canc		INTEGER NOT NULL
);

WITH p(n, course, cap, status, venue, day, hm, rel, soon, minutes, wk0,
    weeks, who, conf, wait, canc) AS (VALUES
	-- In progress now: started 30 minutes ago, ends in 90; Sam alone.
	(1, 'introduction-to-the-college', 20, 'published', 'hub',
	    NULL, NULL, -30, NULL, 120, 0, 1, 'peer', 11, 0, 0),
	-- A six-week course two weeks in; this week's session is later today.
	(2, 'wellness-recovery-action-planning', 14, 'published', 'hub',
	    NULL, NULL, NULL, 120, 120, -2, 6, 'co', 12, 0, 0),
	-- A workshop later today, online.
	(3, 'managing-stress', 20, 'published', 'online',
	    NULL, NULL, NULL, 270, 90, 0, 1, 'co', 9, 0, 0),
	(4, 'sleep-and-wellbeing', 16, 'published', 'library',
	    1, 600, NULL, NULL, 150, 0, 1, 'co', 15, 0, 0),
	(5, 'understanding-anxiety', 16, 'published', 'hub',
	    2, 600, NULL, NULL, 120, 0, 5, 'co', 14, 0, 2),
	(6, 'mindfulness-for-beginners', 20, 'published', 'online',
	    2, 1080, NULL, NULL, 60, 0, 6, 'co', 17, 0, 0),
	(7, 'hearing-voices', 12, 'published', 'library',
	    3, 780, NULL, NULL, 120, 0, 4, 'co', 5, 0, 0),
	-- Full, with a waiting list.
	(8, 'introduction-to-peer-support', 12, 'published', 'hub',
	    4, 600, NULL, NULL, 120, 0, 6, 'peer', 12, 3, 1),
	(9, 'supporting-someone-you-care-about', 14, 'published', 'library',
	    5, 1080, NULL, NULL, 120, 0, 4, 'co', 7, 0, 0),
	-- Cancelled: the trainer is unwell; its bookings were cancelled.
	(10, 'understanding-depression', 20, 'cancelled', 'online',
	    5, 1080, NULL, NULL, 90, 0, 4, 'co', 0, 0, 3),
	(11, 'creative-writing-for-wellbeing', 10, 'published', 'greenway',
	    6, 810, NULL, NULL, 120, 0, 6, 'peer', 8, 0, 0),
	(12, 'walking-for-wellbeing', 10, 'published', 'greenway',
	    7, 600, NULL, NULL, 90, 0, 6, 'peer', 9, 0, 0),
	(13, 'money-and-mental-health', 16, 'published', 'library',
	    8, 600, NULL, NULL, 150, 0, 1, 'co', 4, 0, 0),
	(14, 'what-is-recovery', 20, 'published', 'hub',
	    9, 600, NULL, NULL, 120, 0, 1, 'co', 8, 0, 0),
	(15, 'understanding-anxiety', 20, 'published', 'online',
	    9, 1080, NULL, NULL, 90, 0, 5, 'co', 6, 0, 0),
	(16, 'understanding-depression', 16, 'published', 'hub',
	    10, 600, NULL, NULL, 120, 0, 4, 'co', 6, 0, 0),
	(17, 'self-compassion', 14, 'published', 'greenway',
	    11, 600, NULL, NULL, 150, 0, 1, 'peer', 13, 0, 0),
	(18, 'building-confidence', 14, 'published', 'hub',
	    12, 810, NULL, NULL, 120, 0, 5, 'peer', 9, 0, 0),
	(19, 'food-and-mood', 12, 'published', 'greenway',
	    13, 660, NULL, NULL, 150, 0, 1, 'co', 7, 0, 0),
	(20, 'digital-skills-for-wellbeing', 8, 'published', 'library',
	    14, 600, NULL, NULL, 120, 0, 4, 'peer', 6, 0, 0),
	(21, 'living-with-bipolar', 12, 'published', 'hub',
	    15, 810, NULL, NULL, 120, 0, 4, 'co', 4, 0, 0),
	(22, 'recovery-and-work', 14, 'published', 'library',
	    16, 600, NULL, NULL, 120, 0, 5, 'co', 5, 0, 0),
	(23, 'understanding-trauma', 16, 'published', 'online',
	    17, 600, NULL, NULL, 120, 0, 4, 'co', 10, 0, 0),
	(24, 'managing-stress', 16, 'published', 'greenway',
	    18, 600, NULL, NULL, 150, 0, 1, 'co', 2, 0, 0),
	(25, 'suicide-prevention-for-carers', 20, 'published', 'online',
	    19, 1080, NULL, NULL, 150, 0, 1, 'co', 12, 0, 0),
	(26, 'music-and-wellbeing', 12, 'published', 'greenway',
	    20, 810, NULL, NULL, 120, 0, 4, 'peer', 4, 0, 0),
	(27, 'introduction-to-the-college', 20, 'published', 'online',
	    21, 1080, NULL, NULL, 90, 0, 1, 'peer', 4, 0, 0),
	(28, 'sleep-and-wellbeing', 20, 'published', 'online',
	    22, 1080, NULL, NULL, 90, 0, 1, 'peer', 3, 0, 0),
	(29, 'healthy-relationships', 14, 'published', 'hub',
	    23, 810, NULL, NULL, 120, 0, 4, 'co', 3, 0, 0),
	(30, 'understanding-personality-disorder-diagnoses', 14, 'published',
	    'library', 24, 600, NULL, NULL, 120, 0, 4, 'co', 5, 0, 0),
	(31, 'sharing-your-story', 10, 'published', 'hub',
	    25, 600, NULL, NULL, 120, 0, 1, 'peer', 2, 0, 0),
	(32, 'mindfulness-for-beginners', 16, 'published', 'library',
	    30, 600, NULL, NULL, 120, 0, 1, 'co', 1, 0, 0),
	(33, 'creative-writing-for-wellbeing', 10, 'published', 'greenway',
	    33, 810, NULL, NULL, 120, 0, 4, 'peer', 0, 0, 0),
	(34, 'supporting-someone-you-care-about', 20, 'published', 'online',
	    34, 1080, NULL, NULL, 90, 0, 4, 'co', 2, 0, 0),
	(35, 'hearing-voices', 12, 'published', 'greenway',
	    40, 780, NULL, NULL, 150, 0, 1, 'co', 0, 0, 0),
	-- Not yet published: the office is still arranging it.
	(36, 'managing-stress', 16, 'draft', 'hub',
	    45, 600, NULL, NULL, 150, 0, 1, 'co', 0, 0, 0)
)
INSERT INTO demo_plan
SELECT p.n, p.course, p.cap, p.status,
    CASE p.venue
	WHEN 'hub' THEN 'Riverside Community Hub, Room 2'
	WHEN 'library' THEN 'Central Library, Learning Room'
	WHEN 'greenway' THEN 'Greenway Centre, Garden Room'
	ELSE 'Online' END,
    CASE
	WHEN p.rel IS NOT NULL THEN (k.now + p.rel * 60) / 60 * 60
	WHEN p.soon IS NOT NULL THEN ((k.now + p.soon * 60) / 1800 + 1) * 1800
	ELSE k.today + p.day * 86400 + p.hm * 60 END,
    p.minutes, p.wk0, p.weeks, p.who, p.conf, p.wait, p.canc
FROM temp.demo_clock AS k, p
WHERE NOT k.done;

-- Runs take ids above any already there, so sessions and bookings can
-- name them.
INSERT INTO run(id, course_id, capacity, status, online_details)
SELECT k.run_base + p.n, c.id, p.capacity, p.status,
    CASE WHEN p.venue = 'Online'
	THEN 'Join on the day at https://meet.riverside.example.org/r'
	    || (k.run_base + p.n) || ' (meeting code ' || (400200 + p.n)
	    || '). The link opens 10 minutes before the start.'
	ELSE '' END
FROM temp.demo_plan AS p
JOIN course AS c ON c.slug = p.course
CROSS JOIN temp.demo_clock AS k
WHERE NOT k.done
ORDER BY p.n;

WITH RECURSIVE week(n, w) AS (
	SELECT n, wk0 FROM temp.demo_plan
	UNION ALL
	SELECT week.n, week.w + 1 FROM week
	JOIN temp.demo_plan AS p ON p.n = week.n
	WHERE week.w + 1 < p.wk0 + p.weeks
)
-- No college meets on Christmas Day or New Year's Day: a weekly session
-- that would fall on one moves to the next working day (not a weekend,
-- 25 or 26 December or 1 January). Dates are taken in UTC, which is
-- the college's (Europe/London) in December and January.
INSERT INTO session(run_id, starts_at, ends_at, venue_id, status)
SELECT x.run_id, x.t + x.shift * 86400, x.t + x.shift * 86400 + x.len,
    x.venue_id, x.status
FROM (
	SELECT k.run_base + p.n AS run_id,
	    p.at0 + week.w * 7 * 86400 AS t,
	    p.minutes * 60 AS len,
	    (SELECT min(id) FROM venue WHERE venue.name = p.venue) AS venue_id,
	    CASE p.status WHEN 'cancelled' THEN 'cancelled'
		ELSE 'scheduled' END AS status,
	    CASE WHEN strftime('%m-%d', p.at0 + week.w * 7 * 86400,
		'unixepoch') IN ('12-25', '01-01')
	    THEN (SELECT min(o.d) FROM (SELECT 1 AS d UNION ALL SELECT 2
		UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5)
		AS o
		WHERE strftime('%w', p.at0 + week.w * 7 * 86400 + o.d * 86400,
		    'unixepoch') NOT IN ('0', '6')
		AND strftime('%m-%d', p.at0 + week.w * 7 * 86400 +
		    o.d * 86400, 'unixepoch') NOT IN ('12-25', '12-26',
		    '01-01'))
	    ELSE 0 END AS shift,
	    p.n AS n, week.w AS w
	FROM week
	JOIN temp.demo_plan AS p ON p.n = week.n
	CROSS JOIN temp.demo_clock AS k
	WHERE NOT k.done
) AS x
ORDER BY x.n, x.w;

INSERT INTO facilitator(run_id, user_id, role)
SELECT k.run_base + p.n, u.id, 'peer'
FROM temp.demo_plan AS p
JOIN user AS u ON u.email = 'sam@demo.tessera.invalid'
CROSS JOIN temp.demo_clock AS k
WHERE NOT k.done;

INSERT INTO facilitator(run_id, user_id, role)
SELECT k.run_base + p.n, u.id, 'clinical'
FROM temp.demo_plan AS p
JOIN user AS u ON u.email = 'alex@demo.tessera.invalid'
CROSS JOIN temp.demo_clock AS k
WHERE NOT k.done AND p.who = 'co';

-- Learners and bookings ----------------------------------------------------
--
-- Thirty obviously made-up learners; run n books learners in an order
-- of its own, so each run has different people.

CREATE TEMP TABLE demo_learner (
	i		INTEGER PRIMARY KEY,	-- 0..29
	email		TEXT NOT NULL
);

WITH fname(i, name) AS (VALUES
	(0, 'Ada'), (1, 'Bea'), (2, 'Cal'), (3, 'Dee'), (4, 'Eli'),
	(5, 'Fay'), (6, 'Gus'), (7, 'Hal'), (8, 'Ivy'), (9, 'Jay'),
	(10, 'Kit'), (11, 'Lou'), (12, 'Max'), (13, 'Nia'), (14, 'Oz'),
	(15, 'Pat'), (16, 'Quin'), (17, 'Rae'), (18, 'Sol'), (19, 'Tam'),
	(20, 'Uma'), (21, 'Vic'), (22, 'Wyn'), (23, 'Xan'), (24, 'Yas'),
	(25, 'Zac'), (26, 'Ari'), (27, 'Bo'), (28, 'Cy'), (29, 'Di')
), lname(j, name) AS (VALUES
	(0, 'Example'), (1, 'Sample'), (2, 'Placeholder'), (3, 'Testcase'),
	(4, 'Demo')
)
INSERT INTO demo_learner(i, email)
SELECT f.i, lower(f.name) || '.' || lower(l.name) || '@example.org'
FROM fname AS f JOIN lname AS l ON l.j = f.i % 5;

WITH fname(i, name) AS (VALUES
	(0, 'Ada'), (1, 'Bea'), (2, 'Cal'), (3, 'Dee'), (4, 'Eli'),
	(5, 'Fay'), (6, 'Gus'), (7, 'Hal'), (8, 'Ivy'), (9, 'Jay'),
	(10, 'Kit'), (11, 'Lou'), (12, 'Max'), (13, 'Nia'), (14, 'Oz'),
	(15, 'Pat'), (16, 'Quin'), (17, 'Rae'), (18, 'Sol'), (19, 'Tam'),
	(20, 'Uma'), (21, 'Vic'), (22, 'Wyn'), (23, 'Xan'), (24, 'Yas'),
	(25, 'Zac'), (26, 'Ari'), (27, 'Bo'), (28, 'Cy'), (29, 'Di')
), lname(j, name) AS (VALUES
	(0, 'Example'), (1, 'Sample'), (2, 'Placeholder'), (3, 'Testcase'),
	(4, 'Demo')
)
INSERT OR IGNORE INTO learner(email, name, phone, consent_at, created_at)
SELECT lower(f.name) || '.' || lower(l.name) || '@example.org',
    f.name || ' ' || l.name,
    CASE WHEN f.i % 3 = 0 THEN printf('07700 900%03d', f.i) ELSE '' END,
    k.now - (60 - f.i) * 86400, k.now - (60 - f.i) * 86400
FROM fname AS f
JOIN lname AS l ON l.j = f.i % 5
CROSS JOIN temp.demo_clock AS k
WHERE NOT k.done;

-- Booking k of run n: confirmed first, then waitlisted, then cancelled.
-- Token: 'DEMO' and n * 1000 + k in 22 digits written as letters A-J.
-- Code: six base32 characters of (n * 7919 + k * 2654435761) mod 2^30,
-- which differ for every k of one run (the multiplier is odd).
WITH RECURSIVE seq(k) AS (
	SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < 30
), b AS (
	SELECT p.n, s.k,
	    CASE WHEN s.k <= p.conf THEN 'confirmed'
		WHEN s.k <= p.conf + p.wait THEN 'waitlisted'
		ELSE 'cancelled' END AS status,
	    (p.n * 7919 + s.k * 2654435761) % 1073741824 AS h
	FROM temp.demo_plan AS p
	JOIN seq AS s ON s.k <= p.conf + p.wait + p.canc
)
INSERT INTO booking(run_id, learner_id, status, token, code, needs,
    created_at, updated_at)
SELECT c.run_base + b.n,
    (SELECT id FROM learner WHERE learner.email = dl.email),
    b.status,
    'DEMO' || replace(replace(replace(replace(replace(replace(replace(
	replace(replace(replace(printf('%022d', b.n * 1000 + b.k),
	'0', 'A'), '1', 'B'), '2', 'C'), '3', 'D'), '4', 'E'), '5', 'F'),
	'6', 'G'), '7', 'H'), '8', 'I'), '9', 'J'),
    substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', (b.h >> 25) % 32 + 1, 1)
	|| substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', (b.h >> 20) % 32 + 1, 1)
	|| substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', (b.h >> 15) % 32 + 1, 1)
	|| substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', (b.h >> 10) % 32 + 1, 1)
	|| substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', (b.h >> 5) % 32 + 1, 1)
	|| substr('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', b.h % 32 + 1, 1),
    CASE WHEN b.k = 2 THEN 'I would like to sit near the door.'
	WHEN b.k = 5 THEN 'I use a wheelchair.'
	WHEN b.k = 9 THEN 'Large-print handouts, please.'
	ELSE '' END,
    c.now - (20 - b.k % 14) * 86400 - b.n * 3600,
    c.now - (20 - b.k % 14) * 86400 - b.n * 3600
	+ CASE WHEN b.status = 'cancelled' THEN 86400 ELSE 0 END
FROM b
JOIN temp.demo_learner AS dl ON dl.i = (b.n * 7 + b.k) % 30
CROSS JOIN temp.demo_clock AS c
WHERE NOT c.done
ORDER BY b.n, b.k;

-- Attendance ---------------------------------------------------------------
--
-- The session in progress: most have been checked in by Sam (one late,
-- one by short code). The WRAP course's two past sessions: nearly all
-- came, one was absent and one sent apologies.

WITH a AS (
	SELECT bk.id AS booking_id, s.id AS session_id, s.starts_at,
	    CASE
		WHEN p.n = 1 AND bk.id % 7 = 3 THEN 'late'
		WHEN p.n = 2 AND bk.id % 11 = 4 THEN 'absent'
		WHEN p.n = 2 AND bk.id % 11 = 7 THEN 'excused'
		ELSE 'present' END AS status
	FROM temp.demo_plan AS p
	CROSS JOIN temp.demo_clock AS c
	JOIN booking AS bk ON bk.run_id = c.run_base + p.n
	    AND bk.status = 'confirmed'
	JOIN session AS s ON s.run_id = bk.run_id AND s.starts_at <= c.now
	WHERE NOT c.done AND p.n IN (1, 2)
	    AND (p.n = 2 OR bk.id % 4 <> 1)	-- some are still arriving
)
INSERT INTO attendance(booking_id, session_id, status, at, by_user, method)
SELECT a.booking_id, a.session_id, a.status,
    CASE a.status
	WHEN 'late' THEN a.starts_at + 1200 + (a.booking_id % 9) * 60
	WHEN 'present' THEN a.starts_at - 600 + (a.booking_id % 9) * 60
	ELSE a.starts_at + 7200 END,	-- marked on the roster afterwards
    (SELECT id FROM user WHERE email = 'sam@demo.tessera.invalid'),
    CASE
	WHEN a.status IN ('absent', 'excused') THEN 'tap'
	WHEN a.booking_id % 5 = 0 THEN 'code'
	WHEN a.booking_id % 6 = 0 THEN 'tap'
	ELSE 'qr' END
FROM a;

INSERT INTO audit(at, user_id, action, detail)
SELECT c.now, NULL, 'demo.load', 'Riverside Recovery College demo loaded'
FROM temp.demo_clock AS c
WHERE NOT c.done;

INSERT OR IGNORE INTO setting(key, value)
SELECT 'demo_loaded', c.now FROM temp.demo_clock AS c;

-- The course search index (sql/011_search.sql) takes in the courses
-- above: it has no triggers (catalogue_reindex() says why).
INSERT INTO course_fts(course_fts) VALUES ('rebuild');

DROP TABLE temp.demo_learner;
DROP TABLE temp.demo_plan;
DROP TABLE temp.demo_clock;

RELEASE demo;
