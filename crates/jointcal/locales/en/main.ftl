# jointcal — the pages' messages in English.
#
# Keys are shared by every language (a test checks that each language has them
# all). Vocabulary labels are `<vocabulary>-<code>`, at the end of this file.

## The language itself

language-name = English

## Dates. $day2 is the day of the month with two digits, $day without padding.

month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
# The month as it stands after a day number ("Mon 03 Sep").
date-month-1 = Jan
date-month-2 = Feb
date-month-3 = Mar
date-month-4 = Apr
date-month-5 = May
date-month-6 = Jun
date-month-7 = Jul
date-month-8 = Aug
date-month-9 = Sep
date-month-10 = Oct
date-month-11 = Nov
date-month-12 = Dec
# ISO weekdays: 1 is Monday.
weekday-short-1 = Mon
weekday-short-2 = Tue
weekday-short-3 = Wed
weekday-short-4 = Thu
weekday-short-5 = Fri
weekday-short-6 = Sat
weekday-short-7 = Sun
date-month-heading = { $month } { $year }
date-day = { $weekday } { $day2 } { $month }
date-day-year = { $weekday } { $day2 } { $month } { $year }
date-range = { $from } – { $to }
date-day-times = { $day } { $start }–{ $end }

## Signing in and out

sign-in = Sign in
sign-out = Sign out
signed-in-as = Signed in as { $name }
login-email = E-mail address
login-password = Password
login-code = Code from your authenticator app
login-error-invalid = wrong e-mail address or password
login-error-code-required = enter the six-digit code of your authenticator app
login-error-code-invalid = the code is wrong or was used already
login-error-two-factor-setup = a group you coordinate requires two-factor sign-in: turn it on with `jointcal user totp enable` first
login-error-disabled = this account is disabled
login-error-too-many = too many failed sign-ins; try again in { $minutes } { $minutes ->
    [one] minute
   *[other] minutes
}

## The list of groups. $add and $demo are commands, shown as code.

groups-heading = Coordination groups
groups-none = No group yet. Create one with { $add }, or load the demo with { $demo }.


## The frame of every page, the month page's views and filters.
language-switch = Language
# 1 = Monday … 7 = Sunday: where the weeks of the month grid start.
calendar-first-weekday = 7
month-public-only-plain = Showing the activities this group has made public.
month-prev = Previous month
month-next = Next month
month-today = today
month-legend = Organizations (lead)
month-long-running = Long-running programmes
month-more = +{ $count } more
month-none-filtered = No activities in { $month } match the filters.
agenda-heading = Agenda
agenda-week-of = Week of { $day }
filter-heading = Filters
filter-from = From
filter-month = Month
filter-any = Any
filter-org = Organization
filter-kind = Kind
filter-pillar = Pillar
filter-target-group = Target group
filter-region = Region
filter-status = Status
filter-text = Words
filter-apply = Show
filter-clear = Clear filters

## A group's month

month-times-in = times in { $zone }
month-nav-label = months
# $signin is a link whose text is month-sign-in-link.
month-public-only = Showing the activities this group has made public. { $signin } to see the group's calendar.
month-sign-in-link = Sign in
month-none = No activities in { $month }.
month-count = { $count } { $count ->
    [one] activity
   *[other] activities
} in { $month }
month-org-role = { $org } ({ $role })
column-when = When
column-activity = Activity
column-organizations = Organizations
column-kind = Kind
column-target-groups = Target groups
column-place = Place
column-status = Status

## Error pages: the title by HTTP status

error-title = Error
error-title-400 = Bad Request
error-title-401 = Unauthorized
error-title-403 = Forbidden
error-title-404 = Not Found
error-title-405 = Method Not Allowed
error-title-409 = Conflict
error-title-412 = Precondition Failed
error-title-413 = Payload Too Large
error-title-415 = Unsupported Media Type
error-title-422 = Unprocessable Entity
error-title-428 = Precondition Required
error-title-429 = Too Many Requests
error-title-500 = Internal Server Error
error-title-503 = Service Unavailable
error-request-id = Request id
error-status = Error { $status }
error-home = jointcal home


## One activity.
activity-repeats = { $when }, repeating
activity-pillars = Pillars
activity-org-role = { $org } ({ $role }) — { $name }
activity-delivery-mode = Delivery
activity-exploitation-focus = Forms of exploitation
activity-participants = Expected participants
activity-budget = Budget
activity-contact = Contact
activity-visibility = Who sees it
activity-iati-identifier = IATI identifier
activity-ref = Reference
activity-dac-sectors = DAC sectors
activity-region-only = The exact place is shown to coordinators and the lead organization only.
activity-description = Description
activity-links = Links
history-heading = History
history-when = When
history-who = Who
history-what = What
history-fields = Fields changed
history-created = created
history-updated = changed
history-deleted = deleted
history-someone = someone who is no longer a member
history-job = the { $name } job
history-import = an import
history-cli = the command line
history-system = the server


## The timeline.
views-label = Views
view-month = Month
view-quarter = Quarter
view-year = Year
view-timeline = Timeline
timeline-nav-label = periods
timeline-prev = Earlier
timeline-next = Later
timeline-year = { $year }
timeline-quarter = { $from } – { $to }
timeline-heading = Who does what, when
timeline-caption = One row per organization that leads or implements; a red outline marks an activity that meets another organization's on the same target group in the same region at the same time.
timeline-none = No activities in this period.
timeline-meetings = Same target group, same region, same time
timeline-no-meetings = No two organizations work with the same target group in the same region at the same time in this period.
timeline-more-meetings = … and { $count } more pairs: narrow the view with the filters.
timeline-meeting = { $targets } in { $regions }


## The activity form.
lang-en = English
lang-ru = Russian
lang-kk = Kazakh
form-add-heading = Add an activity
form-edit-heading = Change “{ $title }”
form-add-link = Add an activity
form-edit-link = Change
form-delete = Delete
form-what = What
form-title = Title
form-original = Written first in
form-description = Description
form-pillar1 = Pillar
form-pillar2 = Second pillar
form-pillar-default = The kind's own
form-when = When
form-when-day = One day
form-when-range = Several days
form-when-timed = A time slot
form-day = Day
form-range-start = First day
form-range-end = Last day
form-timed-day = Day
form-start-time = From
form-end-time = To
form-tz = Time zone
form-role = Role
form-where = Where
form-place = Place
form-online = Also online
form-sensitive = Sensitive place (shelters, victims)
form-sensitive-default = As the kind says
form-sensitive-yes = Yes: show the region only
form-sensitive-no = No
form-more = Status, budget and contact
form-budget-amount = Budget
form-budget-currency = Currency
form-contact-role = Contact: role
form-contact-name = Contact: name
form-contact-email = Contact: e-mail
form-contact-phone = Contact: phone
form-status-note = Why (for a cancelled or postponed activity)
cancel-reason = Cancel it, because
cancel-button = Cancel the activity
form-save = Save
form-cancel = Cancel
form-errors-heading = Please correct these fields; nothing was saved.
form-conflict-heading = Someone changed this activity while you were editing it
form-conflict-text = Your form below still holds what you typed. Where the saved version now differs from your form, both are listed: take what you want to keep into the form and save again.
form-conflict-same = The saved version now says the same as your form in every field shown here; save again to keep it.
form-conflict-field = Field
form-conflict-stored = Saved meanwhile
form-conflict-yours = Your form
delete-heading = Delete this activity?
delete-question = It disappears from the calendar; the history keeps it.
delete-confirm = Delete


## One organization.
org-coming = Coming and under way
org-past = Done
org-none = None.
org-people = Its people in this group
org-no-people = Nobody of this organization is a member of the group.


## First run.
setup-heading = Set up jointcal
setup-intro = This server has no administrator yet. Create your account and the first coordination group; you will be its coordinator. This page works once.
setup-admin = Your account (the administrator)
setup-email = E-mail address
setup-name = Your name
setup-password = Password (at least 10 characters)
setup-password-again = The password again
setup-group = The first group
setup-group-name = Name, e.g. Kazakhstan anti-trafficking donor coordination
setup-slug = Short name for addresses, e.g. kz-tip
setup-theme = Theme (optional), e.g. Combating trafficking in persons
setup-country = Country (ISO code, e.g. KZ)
setup-timezone = Time zone, e.g. Asia/Almaty
setup-submit = Create and sign in


## Members and invitations.
members-heading = Members
members-link-nav = Members
members-name = Name
members-two-factor = Two-factor sign-in
members-yes = on
members-actions = Change
members-change-role = Set role
members-remove = Remove
members-invite = Invite a person
members-invite-help = A person without an account gets one, with a link to choose their password; pass the link on yourself (it works once, for a week). A person with an account becomes a member at once.
members-invite-button = Invite
members-invited = Invited
members-pass-link = Send this link to the person (by e-mail or a messenger): it opens their account, where they choose a password.
members-link = Invitation link
members-link-until = It works once, until
members-had-account = They had an account already: they are a member now and sign in as before.
invitation-heading = Welcome to jointcal
invitation-intro = Choose your password for
invitation-submit = Save and sign in


## Group settings.
settings-heading = Settings
settings-saved = Saved.
settings-conflict = Someone changed the settings while you were editing them. Your form below still holds what you typed; check it against the settings as they are now (reload in another tab) and save again.
settings-fixed = The short name and the country stay as they are:
settings-bulletin-day = Day of the month the bulletin goes out (1–28)
settings-languages = Languages of the group (codes, e.g. en, ru, kk)
settings-cadence = Coordination meetings
settings-totp = Coordinators must sign in with a second factor (turn it on for yourself first)


## One's own account.
account-heading = Your account
account-link = Your account
account-privacy = Your e-mail address
account-show-email = Show my e-mail address to the other members of my groups (coordinators always see it)
account-two-factor = Two-factor sign-in
account-two-factor-on = On: you sign in with your password and a code from your authenticator app.
account-two-factor-off = Off.
account-two-factor-turn-on = Turn on
account-two-factor-turn-off = Turn off
account-tokens = API tokens
account-tokens-help = For scripts and other programs that read or change the calendar through the JSON API in your name.
account-token = Token
account-token-once = Copy this token now: it is shown only once.
account-token-name = Name
account-token-created = Created
account-token-create = Create a token
account-token-revoke = Revoke
account-token-revoked = revoked
account-token-expired = expired
account-token-unused = not used yet
account-token-used = last used on { $day }
two-factor-scan = Scan this code with your authenticator app (for example FreeOTP, Aegis or Google Authenticator), then enter the six-digit code it shows.
two-factor-qr = QR code of your two-factor secret
two-factor-by-hand = Or type the secret by hand:

## Problems: what is wrong with a field or a request, by the stable code the API
## also gives (`problem-<code>`). Parameters: $max, $min, $count, $value, $char,
## $lang, $country, $year, $current, … as the code names them.

problem-passwords_differ = is not the same password
problem-taken = “{ $value }” is taken already
problem-code_invalid = the code is not the one your app shows now: scan again, or wait for the next code
problem-invalid = Some fields need attention.
problem-required = is required
problem-missing = is missing
problem-too_long = is longer than { $max } characters
problem-too_many = has more than { $max } entries
problem-text_too_long = the { $lang } text has { $count } characters; at most { $max } are allowed
problem-control_character = contains the control character { $char }
problem-one_line = must be one line
problem-lone_carriage_return = contains a carriage return without a line feed
problem-not_a_url = is not an http(s) address
problem-url_character = contains “{ $char }”, which an address may not hold
problem-not_a_language = “{ $value }” is not a language code; use e.g. en, ru or kk
problem-original_without_text = the original language “{ $lang }” has no text
problem-not_an_email = “{ $value }” is not an e-mail address
problem-password_too_short = is too short: use at least { $min } characters (a few words make a good one)
problem-token_name = give the token a name of 1–100 characters
problem-not_an_iati_org_id = “{ $value }” is not an IATI organisation identifier (e.g. XM-DAC-47066)
problem-not_a_slug = “{ $value }” is not a valid short name: use 2–64 lower-case letters, digits and hyphens
problem-not_a_bulletin_day = { $value } is not a day from 1 to 28
problem-not_a_country = “{ $value }” is not a country code (e.g. KZ)
problem-not_a_subdivision = “{ $value }” is not a region of { $country }
problem-subdivision_of_another_country = “{ $value }” is a region of another country, not of { $country }
problem-not_a_latitude = { $value } is not a latitude (−90 to 90)
problem-not_a_longitude = { $value } is not a longitude (−180 to 180)
problem-lat_lon_pair = give both latitude and longitude, or neither
problem-empty_location = a place needs a country, a name, coordinates or “online”
problem-incomplete_area_ref = an area reference needs a scheme and a code
problem-not_a_date = “{ $value }” is not a date; use YYYY-MM-DD
problem-not_a_local_time = “{ $value }” is not a date and time; use YYYY-MM-DDTHH:MM
problem-not_a_month = “{ $value }” is not a month; use YYYY-MM
problem-not_a_resolution = “{ $value }” is not a resolution: use open, duplicate, complementary or dismissed
problem-year_out_of_range = the year { $year } is out of range; use a year from { $min } to { $max }
problem-not_a_time_zone = “{ $value }” is not a time zone; use e.g. Asia/Almaty
problem-skipped_local_time = { $time } does not exist in { $tz } (the clocks skip it for daylight saving)
problem-all_day_mismatch = does not match the start: a whole day has no time of day, a timed slot has one
problem-end_form = must have the same form as the start: both dates, or both dates with times
problem-ends_before_start = ends before it starts
problem-endless_recurrence = a repetition must end: give a number of times or a last date
problem-not_a_rule = “{ $value }” is not a valid repetition rule
problem-too_many_occurrences = the repetition makes more than { $max } occurrences
problem-no_occurrence = the repetition makes no occurrence
problem-unknown_code = “{ $value }” is not one of the choices
problem-too_many_pillars = give one primary pillar and at most one secondary
problem-pillar_required = is required for this kind: choose the pillar its audience serves
problem-unknown_organization = no organization “{ $value }” is known: add it first
problem-lead_required = name at least one organization with the role “lead”
problem-not_an_amount = “{ $value }” is not an amount; write a number such as 45000 or 1250.50
problem-not_a_currency = “{ $value }” is not a currency code (e.g. USD, EUR, KZT)
problem-not_a_participant_count = { $value } is not a number of people from 0 to 10,000,000
problem-contains_spaces = must not contain spaces
problem-not_a_dac_sector = “{ $value }” is not a DAC sector code (5 digits, e.g. 15190)
problem-fixed = cannot be changed
problem-two_factor_first = turn on two-factor sign-in for yourself first; otherwise you would lock yourself out
problem-in_the_past = is in the past
problem-batch_size = a batch holds from 1 to { $max } activities, not { $count }
problem-not_an_id = “{ $value }” is not an identifier
problem-not_an_etag = “{ $value }” is not a version this server gave out
problem-not_a_cursor = is not a link to a next page; start again from the first page
problem-not_a_page_size = “{ $value }” is not a page size from 1 to { $max }
problem-not_an_object = must be a JSON object
problem-unknown_field = is not a field of this form
problem-wrong_type = has the wrong type
problem-denied = you may not do this
problem-not_found = Not found, or you may not see it.
problem-page_not_found = There is no page at this address.
problem-method_not_allowed = This address does not take that kind of request.
problem-payload_too_large = What was sent is larger than this server accepts.
problem-unsupported_media_type = This form was sent in a way this server does not read.
problem-precondition_required = Reload the page and save again, so that a change made meanwhile is not overwritten.
problem-version_conflict = Someone changed this meanwhile (it is now at version { $current }): reload it and apply your change again.
problem-internal = Something went wrong on the server. Quote the request id below when you report it.
problem-sign_in_required = Sign in first.
problem-not_a_member = Only members of the group may do this.
problem-read_only = Viewers may read but not change the calendar.
problem-not_your_organization = Editors may change only activities that their own organization leads.
problem-coordinators_only = Only coordinators of the group may do this.
problem-admin_only = Only the instance admin may do this.
problem-token_cannot_make_tokens = A token cannot make tokens: create them signed in.

## Vocabulary labels: `<vocabulary>-<code>`

## pillar (Pillar)
pillar-prevention = Prevention
pillar-protection = Protection
pillar-prosecution = Prosecution
pillar-partnership = Partnership

## activity kind (ActivityKind)
activity_kind-training = Training
activity_kind-training_of_trainers = Training of trainers
activity_kind-workshop = Workshop
activity_kind-conference = Conference
activity_kind-study_visit = Study visit
activity_kind-awareness_campaign = Awareness campaign
activity_kind-community_outreach = Community outreach
activity_kind-assessment_research = Assessment / research
activity_kind-legal_policy_support = Legal and policy support
activity_kind-nrm_referral = Referral mechanism
activity_kind-coordination_meeting = Coordination meeting
activity_kind-hotline = Hotline
activity_kind-shelter_services = Shelter services
activity_kind-victim_assistance = Victim assistance
activity_kind-repatriation_return = Repatriation / return
activity_kind-reintegration = Reintegration
activity_kind-investigation_support = Investigation support
activity_kind-equipment_infrastructure = Equipment / infrastructure
activity_kind-data_system = Data system

## target group (TargetGroup)
target_group-police = Police
target_group-migration_police = Migration police
target_group-migration_officers = Migration officers
target_group-border_guards = Border guards
target_group-investigators = Investigators
target_group-prosecutors = Prosecutors
target_group-judges = Judges
target_group-lawyers_legal_aid = Lawyers / legal aid
target_group-trainers = Trainers
target_group-labour_inspectors = Labour inspectors
target_group-social_workers = Social workers
target_group-healthcare_workers = Healthcare workers
target_group-teachers = Teachers
target_group-diplomats = Diplomats
target_group-central_government = Central government
target_group-local_government = Local government
target_group-parliamentarians = Parliamentarians
target_group-international_orgs = International organizations
target_group-ngos = NGOs
target_group-religious_leaders = Religious leaders
target_group-media = Media
target_group-employers = Employers
target_group-youth = Youth
target_group-children_at_risk = Children at risk
target_group-children_affected_by_migration = Children affected by migration
target_group-women_at_risk = Women at risk
target_group-labour_migrants = Labour migrants
target_group-victims = Victims
target_group-general_public = General public

## delivery mode (DeliveryMode)
delivery_mode-in_person = In person
delivery_mode-online = Online
delivery_mode-hybrid = Hybrid
delivery_mode-self_paced = Self-paced
delivery_mode-media_broadcast = Media broadcast
delivery_mode-remote = Remote
delivery_mode-direct_service = Direct service
delivery_mode-desk_and_field = Desk and field

## status (Status)
status-planned = Planned
status-confirmed = Confirmed
status-ongoing = Ongoing
status-completed = Completed
status-postponed = Postponed
status-cancelled = Cancelled

## exploitation focus (ExploitationFocus)
exploitation_focus-forced_labour = Forced labour
exploitation_focus-sexual_exploitation = Sexual exploitation
exploitation_focus-child_labour = Child labour
exploitation_focus-forced_marriage = Forced marriage
exploitation_focus-forced_begging = Forced begging
exploitation_focus-servitude = Servitude
exploitation_focus-organ_removal = Organ removal
exploitation_focus-other = Other

## organization kind (OrgKind)
organization_kind-un_agency = UN agency
organization_kind-intergovernmental = Intergovernmental organization
organization_kind-donor_government = Donor government
organization_kind-embassy = Embassy
organization_kind-central_government = Central government
organization_kind-local_government = Local government
organization_kind-law_enforcement = Law enforcement
organization_kind-international_ngo = International NGO
organization_kind-ngo = National NGO
organization_kind-foundation = Foundation
organization_kind-academic = Academic
organization_kind-private = Private sector
organization_kind-other = Other

## organization role (OrgRole)
organization_role-lead = Lead
organization_role-funder = Funder
organization_role-implementer = Implementer
organization_role-partner = Partner

## visibility (Visibility)
visibility-group = Group members
visibility-coordinators = Coordinators and lead organizations
visibility-public = Public

## member role (MemberRole)
member_role-coordinator = Coordinator
member_role-editor = Editor
member_role-viewer = Viewer

## meeting cadence (MeetingCadence)
meeting_cadence-monthly = Monthly
meeting_cadence-quarterly = Quarterly
meeting_cadence-half_yearly = Every six months
meeting_cadence-ad_hoc = Ad hoc

## flag resolution (FlagResolution)
flag_resolution-open = Open
flag_resolution-duplicate = Duplicate
flag_resolution-complementary = Complementary: do jointly
flag_resolution-dismissed = Dismissed

## Regions of Kazakhstan (ISO 3166-2), as pages show them; other countries' regions
## are shown with the names of the region table.
region-KZ-10 = Abai region
region-KZ-11 = Akmola region
region-KZ-15 = Aktobe region
region-KZ-19 = Almaty region
region-KZ-23 = Atyrau region
region-KZ-27 = West Kazakhstan region
region-KZ-31 = Zhambyl region
region-KZ-33 = Zhetisu region
region-KZ-35 = Karaganda region
region-KZ-39 = Kostanay region
region-KZ-43 = Kyzylorda region
region-KZ-47 = Mangystau region
region-KZ-55 = Pavlodar region
region-KZ-59 = North Kazakhstan region
region-KZ-61 = Turkistan region
region-KZ-62 = Ulytau region
region-KZ-63 = East Kazakhstan region
region-KZ-71 = Astana
region-KZ-75 = Almaty
region-KZ-79 = Shymkent

## Overlaps
overlaps-heading = Overlaps
overlaps-help = Activities of different lead organizations that may be the same effort, or could be done jointly, with the reasons. A dismissed pair comes back only if one of the two changes in place, time, audience or kind.
overlaps-tabs = Overlaps by resolution
overlaps-all = All
overlaps-none = Nothing here.
overlaps-because = Because:
overlaps-note = Note
overlaps-resolution = Resolution
overlaps-open = On the overlaps page
overlaps-save = Save
overlaps-kind-duplicate = Possibly the same effort
overlaps-kind-complementary = Could be done jointly
reason-same_time = at the same time ({ $days } { $days ->
    [one] day
   *[other] days
  })
reason-days_apart = { $days } { $days ->
    [one] day
   *[other] days
  } apart
reason-same_place = same place ({ $place })
reason-same_region = same region ({ $regions })
reason-other_regions = other regions
reason-same_target_group = same target group ({ $groups })
reason-other_target_groups = other target groups
reason-same_kind = same kind ({ $kind })
reason-same_pillar = same pillar ({ $pillars })
reason-similar_titles = similar titles ({ $similarity })
reason-similar_descriptions = similar descriptions ({ $similarity })
reason-money_agrees = one pays the other { $amount } { $currency }, recorded as received { $days } { $days ->
    [one] day
   *[other] days
  } apart
reason-names_the_other = one names the other's lead organization ({ $org })
reason-shared_organization = both name { $org }
reason-funds_flow = both record funds from { $from } to { $to }
reason-better_match_exists = a closer match with the same organization exists
reason-busy_time = a busy time ({ $activities } other activities within { $days } days)

gaps-heading = Coverage and gaps
gaps-help = How many activities and organizations work on each pillar, in each region, for each target group, by quarter; and where nobody works though the group does that work elsewhere. Counted over the activities you may see; cancelled ones do not count.
gaps-years = Years
gaps-prev-year = Previous year
gaps-next-year = Next year
gaps-from = From
gaps-to = To
gaps-show = Show
gaps-counted = { $count } { $count ->
    [one] activity
   *[other] activities
  } counted.
gaps-list = Gaps
gaps-none = No gaps: every region is worked in, and no work done elsewhere is missing where it was expected.
gaps-legend = Colours repeat the numbers:
gaps-legend-most = most
gaps-cell-gap = a gap
gaps-cell-title = { $activities } { $activities ->
    [one] activity
   *[other] activities
  }, { $organizations } { $organizations ->
    [one] organization
   *[other] organizations
  }
gaps-pillar-empty = No activity of this pillar in the period.
gaps-by-group = { $pillar }: activities by region and target group
gaps-by-quarter = { $pillar }: activities by region and quarter
gaps-region = Region
gaps-no-region = No region named
gaps-no-group = No target group named
gaps-period-year = in { $year }
gaps-period-range = from { $from } to { $to }
gap-region = No activity at all in { $region } { $period }.
gap-cell = No { $pillar } activity for { $group } in { $region } { $period }, while { $elsewhere } { $elsewhere ->
    [one] activity
   *[other] activities
  } in { $regions } other { $regions ->
    [one] region
   *[other] regions
  } do it ({ $expected } expected here).
problem-not_a_year = “{ $value }” is not a year; use four digits, e.g. 2007
problem-period_too_long = the period is longer than { $years } years
problem-not_a_format = “{ $value }” is not a format: use json or csv

## Calendar feeds
feed-description = Joint activity calendar of { $group }
account-feeds = Calendar feeds
account-feeds-help = Subscribe to a group's calendar in Outlook, Google Calendar or Thunderbird: it shows the activities you may see, and follows every change. Anyone who has one of these links can read what you may read: keep them to yourself.
account-feeds-make = Make my feed links
account-feeds-new = New feed links
account-feeds-new-help = New feed links stop the old ones at once: calendars subscribed with them must subscribe again.
feed-subscribe = Subscribe
feed-link-to-copy = link to copy
feed-this-calendar = This calendar (public activities, with these filters) in your calendar application:
feed-link-https = https link
feed-yours = your own feed links
feed-this-organization = This organization's public activities in your calendar application:

## The monthly bulletin
bulletin-title = Joint Activity Calendar — { $group } — { $month }
bulletin-since-last-none = No edition of this bulletin was sent before: what is new, changed or cancelled since the last edition is shown from the second edition on.
bulletin-by-week = By week
bulletin-week-of = Starting in the week of { $day }
bulletin-nothing-new = No new activity starts.
bulletin-under-way = Under way through the month
bulletin-by-org = By lead organization
bulletin-overlaps = Possible overlaps to look at
bulletin-contacts = Contacts
bulletin-since-last = Since the last edition ({ $day })
bulletin-since-last-nothing = Nothing new, changed or cancelled since the last edition.
bulletin-new = New
bulletin-changed = Changed
bulletin-was = was { $when }
bulletin-cancelled = Cancelled
bulletin-removed = Removed from the calendar
problem-not_a_bulletin_format = “{ $value }” is not a format of the bulletin: use md, txt or pdf
bulletin-mail-why-member = You receive the bulletin of { $group } as a member of the group.
bulletin-mail-why-list = You receive the bulletin of { $group } because the coordinator put your address on its distribution list.
bulletin-mail-unsubscribe = Stop receiving it
unsubscribe-heading = Stop receiving the bulletin
unsubscribe-ask = Stop sending the monthly bulletin of { $group } to { $email }?
unsubscribe-submit = Unsubscribe
unsubscribe-done = { $email } no longer receives the monthly bulletin of { $group }.
unsubscribe-undo = Changed your mind? Ask the group's coordinator to add you again.
bulletin-page-heading = Monthly bulletin
bulletin-page-months = Months
bulletin-page-prev = Previous month
bulletin-page-next = Next month
bulletin-page-text = Text
bulletin-page-sent = This edition was sent on { $day }.
bulletin-page-due = Not sent yet: it goes out by itself on { $day } at { $hour } in the group's time zone.
bulletin-page-no-mail = Not sent yet. No mail server is configured, so it cannot go out by itself (see the README: smtp_url, mail_from); it would be due on { $day } at { $hour }.
bulletin-page-no-mail-short = No mail server is configured: set smtp_url and mail_from.
bulletin-page-no-recipients = Nobody to send it to: no member has an address and the distribution list is empty (or all unsubscribed).
bulletin-page-send = Send this edition now
bulletin-page-deliveries = Delivery
bulletin-page-recipient = Recipient
bulletin-page-delivery = Delivery
bulletin-page-attempts = Attempts
bulletin-page-answer = Mail server's answer
bulletin-delivery-sent = sent { $day }
bulletin-delivery-retrying = not yet: tried again at { $when }
bulletin-delivery-queued = queued
bulletin-delivery-failed = failed: given up
bulletin-page-preview = As the members will read it
bulletin-page-editions = Editions sent
bulletin-page-no-editions = No edition was sent yet.
bulletin-page-edition = Edition
bulletin-page-sent-on = Sent on
bulletin-page-activities = Activities
bulletin-page-recipients = Who receives it
bulletin-page-recipients-help = Every member with an address, and the people outside the group you put on the distribution list. Each message has a link to unsubscribe; someone who did stays unsubscribed.
bulletin-page-address = E-mail address
bulletin-page-name = Name
bulletin-page-why = Why
bulletin-page-state = Receives
bulletin-page-remove = Remove
bulletin-page-add = Add to the distribution list
bulletin-recipient-member = member
bulletin-recipient-list = distribution list
bulletin-recipient-receives = yes
bulletin-recipient-unsubscribed = unsubscribed on { $day }
members-mailed = An invitation was sent to them by e-mail.
invitation-mail-subject = You are invited to { $group } on jointcal
invitation-mail-new = Hello { $name },

    { $inviter } invited you to { $group }, the group's joint activity calendar.
    Choose your password with this link (it works once, until { $until }):

    { $link }

    If you did not expect this message, you can ignore it.
invitation-mail-member = Hello { $name },

    { $inviter } made you a member of { $group }. Sign in with your account as usual:

    { $link }
reset-mail-subject = Your jointcal password
reset-mail-body = Hello { $name },

    Someone (hopefully you) asked to choose a new password for your jointcal account.
    Choose it with this link; it works once, for { $minutes } minutes (until { $until }):

    { $link }

    Choosing a new password signs you out everywhere. If you did not ask for this, ignore this message: your password stays as it is.
reset-heading = Choose a new password
reset-ask-intro = Give the e-mail address of your account: we send a link to choose a new password.
reset-ask-submit = Send me a link
reset-asked = If an account has this address, a link to choose a new password is on its way; it works for an hour. Nothing arrives? Look in the spam folder, or ask your coordinator.
reset-no-mail = This server cannot send mail. Ask your coordinator or the instance admin to set a new password for you.
reset-intro = Choose the new password of
reset-submit = Set the new password
reset-forgot = Forgot your password?
bulletin-next-meeting = Next coordination meeting
bulletin-no-meeting = No coordination meeting is planned yet.
bulletin-gaps = Where nobody works, { $period }
bulletin-gaps-more = { $count ->
    [one] One more gap is on the group's gaps page.
   *[other] { $count } more gaps are on the group's gaps page.
}

## Meetings
minutes_status-draft = Draft
minutes_status-circulated = Circulated
minutes_status-approved = Approved
attendance_response-no_answer = No answer
attendance_response-attending = Attending
attendance_response-apologies = Apologies
action_status-open = Open
action_status-done = Done
action_status-dropped = Dropped
agenda_item_kind-opening = Opening
agenda_item_kind-previous_minutes = Minutes of the previous meeting
agenda_item_kind-action_item = Action item
agenda_item_kind-activities = Activities
agenda_item_kind-overlap = Possible overlap
agenda_item_kind-gaps = Gaps
agenda_item_kind-other = Other
agenda_item_kind-any_other_business = Any other business
agenda_item_kind-next_meeting = Next meeting
meeting-agenda-opening = Opening and adoption of the agenda
meeting-agenda-previous-minutes = Approval of the minutes of the meeting of { $day }
meeting-agenda-action = Action item: { $what } (due { $due })
meeting-agenda-activities = { $pillar }: activities { $period }
meeting-agenda-overlap = Possible overlap: { $a } and { $b }
meeting-agenda-gaps = Where nobody works, { $period }
meeting-agenda-aob = Any other business
meeting-agenda-next = Date and place of the next meeting
meeting-agenda-more = … and { $count } more
meeting-agenda-title = Agenda: { $title }
meeting-agenda-empty = The agenda is not drafted yet.
meeting-minutes-title = Minutes: { $title }
meeting-hosted-by = Hosted by { $org }
meeting-participants = Participants
meeting-decision = Decision
meeting-decisions = Decisions
meeting-actions = Action items
problem-out_of_range = must be from { $min } to { $max }
problem-unknown_agenda_item = the agenda has no item “{ $value }”
problem-duplicate = “{ $value }” is listed twice
problem-agenda_too_long = the agenda is longer than { $max } minutes
problem-unknown_decision = there is no decision “{ $value }”
problem-minutes_not_circulated = circulate the minutes before they are approved
problem-minutes_approved = approved minutes cannot change
problem-bad_transition = the minutes cannot change to this status
problem-not_an_nth = “{ $value }” is not a week of the month: use first, second, third, fourth or last
problem-not_a_weekday = “{ $value }” is not a day of the week
problem-attach_only = to attach a meeting to an activity, give only the activity
problem-unknown_activity = the group has no activity “{ $value }”
problem-not_a_meeting = the activity is not a coordination meeting
problem-approved_later = minutes are approved at a later meeting
problem-unknown_meeting = the group has no such meeting
problem-owner_changes_status = an item's owner changes only its status and note
problem-not_a_document_format = “{ $value }” is not a format here: use md or pdf
meeting-mail-invitation = Invitation: { $title }
meeting-mail-updated = Updated: { $title }
meeting-mail-cancelled = Cancelled: { $title }
meeting-mail-answer = The meeting in the calendar: { $url }
action-reminder-subject = Reminder: { $what } (due { $due })
action-reminder-text = This action item of your coordination group is due on { $due }: { $what } ({ $org }). When it is done, close it in the calendar: { $url }
meetings-heading = Meetings
meetings-none = No meetings yet.
meetings-day = Day
meetings-title = Title
meetings-agenda-items = Agenda items
meetings-minutes = Minutes
meetings-no-actions = No action items.
meetings-what = What
meetings-owner = Organization
meetings-due = Due
meetings-mark-done = Mark done
meetings-no-decisions = No decisions you may read yet.
meetings-schedule = Schedule a meeting
meetings-start = Start (in the group's time zone)
meetings-length = Length in minutes
meetings-host = Host
meetings-place = Place
meeting-page-in-calendar = in the calendar
meeting-page-your-answer = Will you come?
meeting-page-agenda = Agenda
meeting-page-draft = Draft the agenda from the calendar
meeting-page-draft-help = Replaces the agenda: the coming quarter's activities, open overlaps, gaps and open action items.
meeting-page-invite = Send the invitations
meeting-page-invite-again = Send the invitations again
meeting-page-invited = { $count } invitation(s) sent.
meeting-page-register = Attendance
meeting-page-answer = Answer
meeting-page-attended = Came
meeting-page-came = came
meeting-page-did-not-come = did not come
meeting-page-minutes = Minutes
meeting-page-minutes-not-yet = The minutes are not available to you yet.
meeting-page-summary = Summary
meeting-page-decisions-help = Decisions, one a line
meeting-page-save-minutes = Save the minutes
meeting-page-circulate = Save and circulate
meeting-page-approved-in = Approved at the meeting of
meeting-page-approve = Approve the minutes
meeting-page-assign = Assign the action item
meeting-page-changed = The meeting was changed meanwhile; here it is as it is now. Make your change again.
meeting-page-edit-agenda = Edit the agenda
meeting-page-position = Position
meeting-page-length = Minutes
meeting-page-remove = Remove
meeting-page-new-item = A new item
meeting-page-save-agenda = Save the agenda

weekday-long-1 = Monday
weekday-long-2 = Tuesday
weekday-long-3 = Wednesday
weekday-long-4 = Thursday
weekday-long-5 = Friday
weekday-long-6 = Saturday
weekday-long-7 = Sunday
meetings-series = Repeat every quarter
meetings-series-count = How many meetings (1: just this one)
meetings-series-nth = Which
meetings-series-weekday = Day of the week
meetings-series-month = Month of the quarter
meetings-series-month-1 = first month (January, April, July, October)
meetings-series-month-2 = second month (February, May, August, November)
meetings-series-month-3 = third month (March, June, September, December)
meetings-series-help = With more than one meeting, the first falls on the chosen day on or after the start's date, then one a quarter, each at the start's time.
meetings-nth-first = first
meetings-nth-second = second
meetings-nth-third = third
meetings-nth-fourth = fourth
meetings-nth-last = last
meeting-page-published = Published: people outside the group see this meeting, its agenda and its approved minutes.
meeting-page-not-published = Only the group's members see this meeting.
meeting-page-publish = Publish
meeting-page-unpublish = Stop publishing
meeting-page-publish-not-public = The meeting is not public in the calendar, so publishing shows it to no one outside the group until its visibility is public.
meeting-page-guest = A guest who came
meeting-page-save-register = Save the register
meeting-page-markdown-help = Markdown: **bold**, *italic*, lists with -, links as [text](https://…).
meetings-visibility = Who sees it in the calendar

## Import and export
import-heading = Import / export
import-upload-heading = Import a file
import-help = An IATI activity file (XML), an HXL-tagged 3W sheet saved as CSV, or jointcal's JSON. You see what would happen first; nothing is written until you confirm. Importing the same file again changes nothing.
import-file = File
import-format = Format
import-format-auto = Found from the file
import-format-xlsx = HXL 3W sheet (Excel)
import-format-csv = HXL 3W sheet (CSV)
import-on-error = When a record is refused
import-on-error-abort = Import nothing
import-on-error-skip = Import the good records
import-kind = Kind of activities whose words tell none
import-check = Check the file
import-preview = What the import would do
import-done = What the import did
import-count-records = Records read
import-count-orgs = Organizations added
import-outcome-create = New
import-outcome-update = Changed
import-outcome-unchanged = Unchanged
import-outcome-left-alone = Left alone (deleted here)
import-outcome-filtered = Left out by the filters
import-outcome-duplicate = Duplicates
import-outcome-rejected = Refused
import-confirm = Import
import-confirm-skip = Import the good records, leave out the refused ones
import-refused-abort = Some records are refused (listed below): correct the file and check it again, or import the good records only.
import-nothing-to-do = Nothing would change: the calendar already has these activities as the file says.
import-lines-caption = Record by record (refused ones first)
import-col-where = File:line
import-col-outcome = Outcome
import-col-key = Identifier
import-col-what = Title, or why
import-col-notes = What was guessed
import-more-lines = { $count } more records are not listed here.
import-no-file = Choose a file to import.
import-too-large = The file is larger than this server takes through the page ({ $bytes } bytes); ask the administrator to import it with jointcal import.
export-heading = Export
export-help = The activities you may see, as IATI 2.03 (for IATI tools; places of sensitive activities at region level), as an HXL-tagged 3W sheet (for spreadsheets and HXL tools) or as JSON.
