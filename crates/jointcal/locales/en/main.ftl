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
