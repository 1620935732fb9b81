# jointcal — беттердің қазақ тіліндегі хабарламалары.
#
# Кілттер барлық тілдерге ортақ (тест әр тілде олардың бәрі бар екенін тексереді).
# Сөздіктердің белгілері — `<сөздік>-<код>`, файлдың соңында.

## Тілдің өзі

language-name = Қазақша

## Күндер. $day2 — айдың екі цифрлы күні, $day — алдында нөлсіз.

month-1 = Қаңтар
month-2 = Ақпан
month-3 = Наурыз
month-4 = Сәуір
month-5 = Мамыр
month-6 = Маусым
month-7 = Шілде
month-8 = Тамыз
month-9 = Қыркүйек
month-10 = Қазан
month-11 = Қараша
month-12 = Желтоқсан
# Күн санынан кейін тұратын ай атауы («3 қыркүйек»).
date-month-1 = қаңтар
date-month-2 = ақпан
date-month-3 = наурыз
date-month-4 = сәуір
date-month-5 = мамыр
date-month-6 = маусым
date-month-7 = шілде
date-month-8 = тамыз
date-month-9 = қыркүйек
date-month-10 = қазан
date-month-11 = қараша
date-month-12 = желтоқсан
# ISO бойынша апта күндері: 1 — дүйсенбі.
weekday-short-1 = дс
weekday-short-2 = сс
weekday-short-3 = ср
weekday-short-4 = бс
weekday-short-5 = жм
weekday-short-6 = сб
weekday-short-7 = жс
date-month-heading = { $month } { $year }
date-day = { $weekday }, { $day } { $month }
date-day-year = { $year } ж. { $day } { $month }, { $weekday }
date-range = { $from } – { $to }
date-day-times = { $day }, { $start }–{ $end }

## Кіру және шығу

sign-in = Кіру
sign-out = Шығу
signed-in-as = Сіз { $name } ретінде кірдіңіз
login-email = Электрондық пошта мекенжайы
login-password = Құпиясөз
login-code = Аутентификатор қолданбасындағы код
login-error-invalid = электрондық пошта мекенжайы немесе құпиясөз қате
login-error-code-required = аутентификатор қолданбасындағы алты таңбалы кодты енгізіңіз
login-error-code-invalid = код қате немесе бұрын пайдаланылған
login-error-two-factor-setup = сіз үйлестіретін топ екі факторлы кіруді талап етеді: алдымен оны `jointcal user totp enable` командасымен қосыңыз
login-error-disabled = бұл есептік жазба өшірілген
login-error-too-many = кірудің сәтсіз әрекеттері тым көп; { $minutes } минуттан кейін қайталап көріңіз

## Топтар тізімі. $add және $demo — код ретінде көрсетілетін командалар.

groups-heading = Үйлестіру топтары
groups-none = Әзірге топ жоқ. Топты { $add } командасымен құрыңыз немесе демо-деректерді { $demo } командасымен жүктеңіз.


## Әр беттің жақтауы, ай бетінің көріністері мен сүзгілері.
language-switch = Тіл
# 1 = дүйсенбі … 7 = жексенбі: ай торындағы апталар қай күннен басталады.
calendar-first-weekday = 1
month-public-only-plain = Бұл топ жалпыға ашық еткен іс-шаралар көрсетілген.
month-prev = Алдыңғы ай
month-next = Келесі ай
month-today = бүгін
month-legend = Ұйымдар (жетекші)
month-long-running = Ұзақ мерзімді бағдарламалар
month-more = тағы { $count }
month-none-filtered = { $month }: сүзгілерге сәйкес келетін іс-шаралар жоқ.
agenda-heading = Іс-шаралар тізімі
agenda-week-of = Аптаның басы: { $day }
filter-heading = Сүзгілер
filter-from = Басталатын ай
filter-month = Ай
filter-any = Кез келген
filter-org = Ұйым
filter-kind = Түрі
filter-pillar = Бағыт
filter-target-group = Нысаналы топ
filter-region = Өңір
filter-status = Мәртебесі
filter-text = Сөздер
filter-apply = Көрсету
filter-clear = Сүзгілерді тазалау

## Топтың айы

month-times-in = уақыт белдеуі: { $zone }
month-nav-label = айлар
# $signin — мәтіні month-sign-in-link болатын сілтеме.
month-public-only = Бұл топ жалпыға ашық еткен іс-шаралар көрсетілген. Топтың күнтізбесін көру үшін: { $signin }.
month-sign-in-link = Кіру
month-none = { $month }: іс-шаралар жоқ.
month-count = { $month }: { $count } іс-шара
month-org-role = { $org } ({ $role })
column-when = Қашан
column-activity = Іс-шара
column-organizations = Ұйымдар
column-kind = Түрі
column-target-groups = Нысаналы топтар
column-place = Орны
column-status = Мәртебесі

## Қате беттері: HTTP мәртебесі бойынша тақырып

error-title = Қате
error-title-400 = Қате сұрау
error-title-401 = Жүйеге кіру қажет
error-title-403 = Қол жеткізуге тыйым салынған
error-title-404 = Табылмады
error-title-405 = Әдіске рұқсат етілмеген
error-title-409 = Қайшылық
error-title-412 = Деректер өзгерген
error-title-413 = Сұрау тым үлкен
error-title-415 = Деректер пішіміне қолдау көрсетілмейді
error-title-422 = Деректер тексеруден өтпеді
error-title-428 = Нұсқа көрсетілмеген
error-title-429 = Сұраулар тым көп
error-title-500 = Сервердің ішкі қатесі
error-title-503 = Қызмет қолжетімсіз
error-request-id = Сұрау сәйкестендіргіші
error-status = Қате { $status }
error-home = jointcal басты беті


## Бір іс-шара.
activity-repeats = { $when }, қайталанады
activity-pillars = Бағыттар
activity-org-role = { $org } ({ $role }) — { $name }
activity-delivery-mode = Өткізу форматы
activity-exploitation-focus = Қанау нысандары
activity-participants = Күтілетін қатысушылар саны
activity-budget = Бюджет
activity-contact = Байланыс
activity-visibility = Кімге көрінеді
activity-iati-identifier = IATI сәйкестендіргіші
activity-ref = Нөмірі
activity-dac-sectors = DAC секторлары
activity-region-only = Нақты орынды тек үйлестірушілер мен жетекші ұйым көреді.
activity-description = Сипаттамасы
activity-links = Сілтемелер
history-heading = Өзгерістер тарихы
history-when = Қашан
history-who = Кім
history-what = Не
history-fields = Өзгертілген өрістер
history-created = құрылды
history-updated = өзгертілді
history-deleted = жойылды
history-someone = топтың бұрынғы мүшесі
history-job = «{ $name }» тапсырмасы
history-import = импорт
history-cli = командалық жол
history-system = сервер


## Хронология.
views-label = Көріністер
view-month = Ай
view-quarter = Тоқсан
view-year = Жыл
view-timeline = Хронология
timeline-nav-label = кезеңдер
timeline-prev = Ертерек
timeline-next = Кейінірек
timeline-year = { $year }
timeline-quarter = { $from } – { $to }
timeline-heading = Кім не істейді және қашан
timeline-caption = Жетекші немесе жүзеге асырушы әр ұйымға бір жол; қызыл жиек бір өңірде, бір уақытта, бір нысаналы топпен өтетін басқа ұйымның іс-шарасымен сәйкес келетін іс-шараны белгілейді.
timeline-none = Бұл кезеңде іс-шаралар жоқ.
timeline-meetings = Нысаналы топ, өңір және уақыт бірдей
timeline-no-meetings = Бұл кезеңде бір өңірде бір уақытта бір нысаналы топпен жұмыс істейтін екі ұйым жоқ.
timeline-more-meetings = … және тағы { $count } жұп: сүзгілер арқылы көріністі тарылтыңыз.
timeline-meeting = { $targets }: { $regions }


## Іс-шара формасы.
lang-en = ағылшын тілі
lang-ru = орыс тілі
lang-kk = қазақ тілі
form-add-heading = Іс-шара қосу
form-edit-heading = «{ $title }» іс-шарасын өзгерту
form-add-link = Іс-шара қосу
form-edit-link = Өзгерту
form-delete = Жою
form-what = Не
form-title = Атауы
form-original = Бастапқы тілі
form-description = Сипаттамасы
form-pillar1 = Бағыт
form-pillar2 = Екінші бағыт
form-pillar-default = Іс-шара түріне сәйкес
form-when = Қашан
form-when-day = Бір күн
form-when-range = Бірнеше күн
form-when-timed = Уақыт аралығы
form-day = Күні
form-range-start = Бірінші күні
form-range-end = Соңғы күні
form-timed-day = Күні
form-start-time = Басталуы
form-end-time = Аяқталуы
form-tz = Уақыт белдеуі
form-role = Рөлі
form-where = Қайда
form-place = Орны
form-online = Онлайн да
form-sensitive = Құпия сақталатын орын (баспаналар, зардап шеккендер)
form-sensitive-default = Іс-шара түріне сәйкес
form-sensitive-yes = Иә: тек өңірді көрсету
form-sensitive-no = Жоқ
form-more = Мәртебесі, бюджеті және байланыс
form-budget-amount = Бюджет
form-budget-currency = Валюта
form-contact-role = Байланыс: лауазымы
form-contact-name = Байланыс: аты-жөні
form-contact-email = Байланыс: эл. пошта
form-contact-phone = Байланыс: телефон
form-status-note = Себебі (күші жойылған немесе кейінге қалдырылған іс-шара үшін)
cancel-reason = Күшін жою себебі:
cancel-button = Іс-шараның күшін жою
form-save = Сақтау
form-cancel = Бас тарту
form-errors-heading = Мына өрістерді түзетіңіз; ештеңе сақталған жоқ.
form-conflict-heading = Сіз өңдеп жатқанда біреу бұл іс-шараны өзгертті
form-conflict-text = Төмендегі формада сіз енгізгеннің бәрі сақталған. Сақталған нұсқа қазір сіздің формаңыздан өзгеше болған жерлерде екеуі де көрсетілген: қалдырғыңыз келетінін формаға көшіріп, қайта сақтаңыз.
form-conflict-same = Мұнда көрсетілген барлық өрістерде сақталған нұсқа қазір сіздің формаңызбен бірдей; оны қалдыру үшін қайта сақтаңыз.
form-conflict-field = Өріс
form-conflict-stored = Осы аралықта сақталғаны
form-conflict-yours = Сіздің формаңыз
delete-heading = Бұл іс-шараны жою керек пе?
delete-question = Ол күнтізбеден жойылады; өзгерістер тарихында сақталады.
delete-confirm = Жою


## Бір ұйым.
org-coming = Алдағы және өтіп жатқан
org-past = Өткізілген
org-none = Жоқ.
org-people = Оның осы топтағы қызметкерлері
org-no-people = Бұл ұйымнан ешкім топ мүшесі емес.


## Алғашқы іске қосу.
setup-heading = jointcal баптау
setup-intro = Бұл серверде әлі әкімші жоқ. Өз есептік жазбаңызды және алғашқы үйлестіру тобын құрыңыз; сіз оның үйлестірушісі боласыз. Бұл бет тек бір рет жұмыс істейді.
setup-admin = Сіздің есептік жазбаңыз (әкімші)
setup-email = Электрондық пошта мекенжайы
setup-name = Атыңыз
setup-password = Құпиясөз (кемінде 10 таңба)
setup-password-again = Құпиясөзді қайталаңыз
setup-group = Алғашқы топ
setup-group-name = Атауы, мысалы «Қазақстандағы адам саудасына қарсы іс-қимыл жөніндегі донорларды үйлестіру»
setup-slug = Мекенжайларға арналған қысқа атау, мысалы kz-tip
setup-theme = Тақырыбы (міндетті емес), мысалы «Адам саудасына қарсы іс-қимыл»
setup-country = Ел (ISO коды, мысалы KZ)
setup-timezone = Уақыт белдеуі, мысалы Asia/Almaty
setup-submit = Құру және кіру


## Мүшелер мен шақырулар.
members-heading = Мүшелер
members-link-nav = Мүшелер
members-name = Аты-жөні
members-two-factor = Екі факторлы кіру
members-yes = қосулы
members-actions = Өзгерту
members-change-role = Рөл тағайындау
members-remove = Топтан шығару
members-invite = Адамды шақыру
members-invite-help = Есептік жазбасы жоқ адамға есептік жазба құрылады және құпиясөз таңдауға арналған сілтеме беріледі; сілтемені оған өзіңіз жіберіңіз (ол бір апта ішінде бір рет жұмыс істейді). Есептік жазбасы бар адам бірден топ мүшесі болады.
members-invite-button = Шақыру
members-invited = Шақырылды
members-pass-link = Бұл сілтемені адамға жіберіңіз (электрондық пошта немесе мессенджер арқылы): ол оның есептік жазбасын ашады, сонда ол құпиясөз таңдайды.
members-link = Шақыру сілтемесі
members-link-until = Бір рет жұмыс істейді, жарамдылық мерзімі:
members-had-account = Бұл адамның есептік жазбасы бұрыннан бар: ол енді топ мүшесі және бұрынғыдай кіреді.
invitation-heading = jointcal жүйесіне қош келдіңіз
invitation-intro = Мына мекенжай үшін құпиясөз таңдаңыз:
invitation-submit = Сақтау және кіру


## Топ баптаулары.
settings-heading = Баптаулар
settings-saved = Сақталды.
settings-conflict = Сіз өңдеп жатқанда біреу баптауларды өзгертті. Төмендегі формада сіз енгізгеннің бәрі сақталған; оны қазіргі баптаулармен салыстырыңыз (басқа қойындыда қайта жүктеңіз) және қайта сақтаңыз.
settings-fixed = Қысқа атау мен ел өзгертілмейді:
settings-bulletin-day = Бюллетень жіберілетін күн (айдың 1–28 күндері)
settings-languages = Топтың тілдері (кодтар, мысалы en, ru, kk)
settings-cadence = Үйлестіру кездесулері
settings-totp = Үйлестірушілер екінші фактормен кіруі тиіс (алдымен оны өзіңіз үшін қосыңыз)


## Өз есептік жазбасы.
account-heading = Сіздің есептік жазбаңыз
account-link = Есептік жазба
account-privacy = Электрондық пошта мекенжайыңыз
account-show-email = Менің электрондық пошта мекенжайымды топтарымның басқа мүшелеріне көрсету (үйлестірушілер оны әрқашан көреді)
account-two-factor = Екі факторлы кіру
account-two-factor-on = Қосулы: сіз құпиясөзбен және аутентификатор қолданбасындағы кодпен кіресіз.
account-two-factor-off = Өшірулі.
account-two-factor-turn-on = Қосу
account-two-factor-turn-off = Өшіру
account-tokens = API токендері
account-tokens-help = Күнтізбені сіздің атыңыздан JSON API арқылы оқитын немесе өзгертетін скрипттер мен басқа бағдарламаларға арналған.
account-token = Токен
account-token-once = Бұл токенді қазір көшіріп алыңыз: ол тек бір рет көрсетіледі.
account-token-name = Атауы
account-token-created = Құрылған күні
account-token-create = Токен құру
account-token-revoke = Қайтарып алу
account-token-revoked = қайтарып алынған
account-token-expired = мерзімі өткен
account-token-unused = әлі пайдаланылмаған
account-token-used = соңғы рет пайдаланылған күні: { $day }
two-factor-scan = Бұл кодты аутентификатор қолданбасымен сканерлеңіз (мысалы, FreeOTP, Aegis немесе Google Authenticator), содан кейін ол көрсеткен алты таңбалы кодты енгізіңіз.
two-factor-qr = Екі факторлы кіруге арналған құпия кілтіңіздің QR коды
two-factor-by-hand = Немесе құпия кілтті қолмен енгізіңіз:

## Проблемалар: өрісте немесе сұрауда не дұрыс емес, API да беретін тұрақты код
## бойынша (`problem-<code>`). Параметрлер: $max, $min, $count, $value, $char,
## $lang, $country, $year, $current, … код атағандай.

problem-passwords_differ = құпиясөзбен сәйкес келмейді
problem-taken = «{ $value }» бұрыннан пайдаланылуда
problem-code_invalid = бұл қолданбаңыз қазір көрсетіп тұрған код емес: қайта сканерлеңіз немесе келесі кодты күтіңіз
problem-invalid = Кейбір өрістерді түзету қажет.
problem-required = міндетті өріс
problem-missing = көрсетілмеген
problem-too_long = { $max } таңбадан ұзын
problem-too_many = { $max } элементтен көп
problem-text_too_long = «{ $lang }» тіліндегі мәтінде { $count } таңба бар; ең көбі { $max } таңбаға рұқсат етіледі
problem-control_character = құрамында { $char } басқару таңбасы бар
problem-one_line = бір жол болуы тиіс
problem-lone_carriage_return = құрамында жол ауыстырусыз каретканы қайтару таңбасы бар
problem-not_a_url = http(s) мекенжайы емес
problem-url_character = құрамында мекенжайда болмауы тиіс «{ $char }» таңбасы бар
problem-not_a_language = «{ $value }» — тіл коды емес; мысалы, en, ru немесе kk пайдаланыңыз
problem-original_without_text = «{ $lang }» бастапқы тілінде мәтін жоқ
problem-not_an_email = «{ $value }» — электрондық пошта мекенжайы емес
problem-password_too_short = тым қысқа: кемінде { $min } таңба пайдаланыңыз (бірнеше сөзден жақсы құпиясөз шығады)
problem-token_name = токенге 1–100 таңбадан тұратын атау беріңіз
problem-not_an_iati_org_id = «{ $value }» — IATI ұйым сәйкестендіргіші емес (мысалы, XM-DAC-47066)
problem-not_a_slug = «{ $value }» — жарамсыз қысқа атау: 2–64 кіші латын әрпін, цифрларды және дефистерді пайдаланыңыз
problem-not_a_bulletin_day = { $value } — 1-ден 28-ге дейінгі күн емес
problem-not_a_country = «{ $value }» — ел коды емес (мысалы, KZ)
problem-not_a_subdivision = «{ $value }» — { $country } елінің өңірі емес
problem-subdivision_of_another_country = «{ $value }» — { $country } елінің емес, басқа елдің өңірі
problem-not_a_latitude = { $value } — ендік емес (−90-нан 90-ға дейін)
problem-not_a_longitude = { $value } — бойлық емес (−180-нен 180-ге дейін)
problem-lat_lon_pair = ендікті де, бойлықты да көрсетіңіз немесе екеуін де көрсетпеңіз
problem-empty_location = орын үшін ел, атау, координаттар немесе «онлайн» белгісі қажет
problem-incomplete_area_ref = аумаққа сілтеме үшін схема мен код қажет
problem-not_a_date = «{ $value }» — күн емес; ЖЖЖЖ-АА-КК пішімін пайдаланыңыз
problem-not_a_local_time = «{ $value }» — күн мен уақыт емес; ЖЖЖЖ-АА-ККTСС:ММ пішімін пайдаланыңыз
problem-not_a_month = «{ $value }» — ай емес; ЖЖЖЖ-АА пішімін пайдаланыңыз
problem-not_a_resolution = «{ $value }» шешім емес: open, duplicate, complementary немесе dismissed пайдаланыңыз
problem-year_out_of_range = { $year } жыл рұқсат етілген ауқымнан тыс; { $min }–{ $max } аралығындағы жылды көрсетіңіз
problem-not_a_time_zone = «{ $value }» — уақыт белдеуі емес; мысалы, Asia/Almaty пайдаланыңыз
problem-skipped_local_time = { $tz } белдеуінде { $time } уақыты жоқ (жазғы уақытқа көшкенде сағат оны аттап өтеді)
problem-all_day_mismatch = басталуына сәйкес келмейді: тұтас күннің уақыты болмайды, уақыт аралығының уақыты болады
problem-end_form = басталуымен бірдей түрде болуы тиіс: екеуі де күн немесе екеуі де уақыты бар күн
problem-ends_before_start = басталмай тұрып аяқталады
problem-endless_recurrence = қайталану аяқталуы тиіс: қайталау санын немесе соңғы күнді көрсетіңіз
problem-not_a_rule = «{ $value }» — жарамсыз қайталану ережесі
problem-too_many_occurrences = қайталану { $max } реттен көп болады
problem-no_occurrence = қайталану бірде-бір рет болмайды
problem-unknown_code = «{ $value }» таңдау нұсқаларының арасында жоқ
problem-too_many_pillars = бір негізгі бағытты және ең көбі бір қосымша бағытты көрсетіңіз
problem-pillar_required = бұл түр үшін міндетті: оның аудиториясы қызмет ететін бағытты таңдаңыз
problem-unknown_organization = «{ $value }» ұйымы белгісіз: алдымен оны қосыңыз
problem-lead_required = «жетекші» рөлі бар кемінде бір ұйымды көрсетіңіз
problem-not_an_amount = «{ $value }» — сома емес; 45000 немесе 1250.50 сияқты сан жазыңыз
problem-not_a_currency = «{ $value }» — валюта коды емес (мысалы, USD, EUR, KZT)
problem-not_a_participant_count = { $value } — 0-ден 10 000 000-ға дейінгі адам саны емес
problem-contains_spaces = бос орын болмауы тиіс
problem-not_a_dac_sector = «{ $value }» — DAC секторының коды емес (5 цифр, мысалы 15190)
problem-fixed = өзгертуге болмайды
problem-two_factor_first = алдымен өзіңіз үшін екі факторлы кіруді қосыңыз, әйтпесе жүйеге кіре алмай қаласыз
problem-in_the_past = өткен уақытта
problem-batch_size = пакетте { $count } емес, 1 мен { $max } аралығында іс-шара болуы тиіс
problem-not_an_id = «{ $value }» — сәйкестендіргіш емес
problem-not_an_etag = «{ $value }» — бұл сервер берген нұсқа емес
problem-not_a_cursor = келесі бетке сілтеме емес; бірінші беттен қайта бастаңыз
problem-not_a_page_size = «{ $value }» — 1 мен { $max } аралығындағы бет өлшемі емес
problem-not_an_object = JSON объектісі болуы тиіс
problem-unknown_field = бұл форманың өрісі емес
problem-wrong_type = түрі қате
problem-denied = сізге мұны істеуге рұқсат жоқ
problem-not_found = Табылмады немесе сізге оны көруге рұқсат жоқ.
problem-page_not_found = Бұл мекенжайда бет жоқ.
problem-method_not_allowed = Бұл мекенжай мұндай сұрауды қабылдамайды.
problem-payload_too_large = Жіберілген деректер бұл сервер қабылдайтын көлемнен үлкен.
problem-unsupported_media_type = Бұл форма осы сервер оқи алмайтын түрде жіберілді.
problem-precondition_required = Осы аралықта енгізілген өзгерістің үстінен жазып жібермеу үшін бетті қайта жүктеп, қайта сақтаңыз.
problem-version_conflict = Осы аралықта біреу мұны өзгертті (қазір { $current } нұсқасы): оны қайта жүктеп, өзгерісіңізді қайта енгізіңіз.
problem-internal = Серверде бірдеңе дұрыс болмады. Бұл туралы хабарлағанда төмендегі сұрау сәйкестендіргішін көрсетіңіз.
problem-sign_in_required = Алдымен жүйеге кіріңіз.
problem-not_a_member = Мұны тек топ мүшелері істей алады.
problem-read_only = Бақылаушылар күнтізбені оқи алады, бірақ өзгерте алмайды.
problem-not_your_organization = Редакторлар тек өз ұйымы жетекшілік ететін іс-шараларды өзгерте алады.
problem-coordinators_only = Мұны тек топ үйлестірушілері істей алады.
problem-admin_only = Мұны тек сервер әкімшісі істей алады.
problem-token_cannot_make_tokens = Токен токендер құра алмайды: оларды жүйеге кіріп тұрып құрыңыз.

## Сөздіктердің белгілері: `<сөздік>-<код>`

## pillar (Pillar)
pillar-prevention = Алдын алу
pillar-protection = Қорғау
pillar-prosecution = Қылмыстық қудалау
pillar-partnership = Әріптестік

## activity kind (ActivityKind)
activity_kind-training = Тренинг
activity_kind-training_of_trainers = Тренерлерді оқыту
activity_kind-workshop = Семинар
activity_kind-conference = Конференция
activity_kind-study_visit = Танысу сапары
activity_kind-awareness_campaign = Ақпараттық науқан
activity_kind-community_outreach = Халықпен жұмыс
activity_kind-assessment_research = Бағалау / зерттеу
activity_kind-legal_policy_support = Құқықтық және саяси қолдау
activity_kind-nrm_referral = Жолдау тетігі
activity_kind-coordination_meeting = Үйлестіру кездесуі
activity_kind-hotline = Жедел желі
activity_kind-shelter_services = Баспана қызметтері
activity_kind-victim_assistance = Зардап шеккендерге көмек
activity_kind-repatriation_return = Репатриация / қайтару
activity_kind-reintegration = Реинтеграция
activity_kind-investigation_support = Тергеуге қолдау
activity_kind-equipment_infrastructure = Жабдық / инфрақұрылым
activity_kind-data_system = Деректер жүйесі

## target group (TargetGroup)
target_group-police = Полиция
target_group-migration_police = Көші-қон полициясы
target_group-migration_officers = Көші-қон қызметінің қызметкерлері
target_group-border_guards = Шекарашылар
target_group-investigators = Тергеушілер
target_group-prosecutors = Прокурорлар
target_group-judges = Судьялар
target_group-lawyers_legal_aid = Адвокаттар / заң көмегі
target_group-trainers = Тренерлер
target_group-labour_inspectors = Еңбек инспекторлары
target_group-social_workers = Әлеуметтік қызметкерлер
target_group-healthcare_workers = Медицина қызметкерлері
target_group-teachers = Мұғалімдер
target_group-diplomats = Дипломаттар
target_group-central_government = Орталық мемлекеттік органдар
target_group-local_government = Жергілікті билік органдары
target_group-parliamentarians = Парламент депутаттары
target_group-international_orgs = Халықаралық ұйымдар
target_group-ngos = ҮЕҰ
target_group-religious_leaders = Діни көшбасшылар
target_group-media = БАҚ
target_group-employers = Жұмыс берушілер
target_group-youth = Жастар
target_group-children_at_risk = Тәуекел тобындағы балалар
target_group-children_affected_by_migration = Көші-қон әсер еткен балалар
target_group-women_at_risk = Тәуекел тобындағы әйелдер
target_group-labour_migrants = Еңбек мигранттары
target_group-victims = Зардап шеккендер
target_group-general_public = Жалпы жұртшылық

## delivery mode (DeliveryMode)
delivery_mode-in_person = Бетпе-бет
delivery_mode-online = Онлайн
delivery_mode-hybrid = Аралас формат
delivery_mode-self_paced = Өздігінен оқу
delivery_mode-media_broadcast = БАҚ арқылы тарату
delivery_mode-remote = Қашықтан
delivery_mode-direct_service = Тікелей қызмет көрсету
delivery_mode-desk_and_field = Кабинеттік және далалық жұмыс

## status (Status)
status-planned = Жоспарланған
status-confirmed = Расталған
status-ongoing = Өтіп жатыр
status-completed = Аяқталған
status-postponed = Кейінге қалдырылған
status-cancelled = Күші жойылған

## exploitation focus (ExploitationFocus)
exploitation_focus-forced_labour = Мәжбүрлі еңбек
exploitation_focus-sexual_exploitation = Жыныстық қанау
exploitation_focus-child_labour = Балалар еңбегі
exploitation_focus-forced_marriage = Мәжбүрлі неке
exploitation_focus-forced_begging = Мәжбүрлі қайыршылық
exploitation_focus-servitude = Кіріптарлық
exploitation_focus-organ_removal = Ағзаларды алу
exploitation_focus-other = Басқа

## organization kind (OrgKind)
organization_kind-un_agency = БҰҰ агенттігі
organization_kind-intergovernmental = Үкіметаралық ұйым
organization_kind-donor_government = Донор мемлекет үкіметі
organization_kind-embassy = Елшілік
organization_kind-central_government = Орталық мемлекеттік орган
organization_kind-local_government = Жергілікті билік органы
organization_kind-law_enforcement = Құқық қорғау органы
organization_kind-international_ngo = Халықаралық ҮЕҰ
organization_kind-ngo = Ұлттық ҮЕҰ
organization_kind-foundation = Қор
organization_kind-academic = Академиялық ұйым
organization_kind-private = Жеке сектор
organization_kind-other = Басқа

## organization role (OrgRole)
organization_role-lead = Жетекші ұйым
organization_role-funder = Қаржыландырушы
organization_role-implementer = Жүзеге асырушы
organization_role-partner = Серіктес

## visibility (Visibility)
visibility-group = Топ мүшелері
visibility-coordinators = Үйлестірушілер мен жетекші ұйымдар
visibility-public = Жалпыға ашық

## member role (MemberRole)
member_role-coordinator = Үйлестіруші
member_role-editor = Редактор
member_role-viewer = Бақылаушы

## meeting cadence (MeetingCadence)
meeting_cadence-monthly = Ай сайын
meeting_cadence-quarterly = Тоқсан сайын
meeting_cadence-half_yearly = Жарты жылда бір рет
meeting_cadence-ad_hoc = Қажет болған жағдайда

## flag resolution (FlagResolution)
flag_resolution-open = Ашық
flag_resolution-duplicate = Қайталану
flag_resolution-complementary = Бірін-бірі толықтырады: бірлесіп өткізу
flag_resolution-dismissed = Қабылданбады

## Қазақстан облыстары (ISO 3166-2).
region-KZ-10 = Абай облысы
region-KZ-11 = Ақмола облысы
region-KZ-15 = Ақтөбе облысы
region-KZ-19 = Алматы облысы
region-KZ-23 = Атырау облысы
region-KZ-27 = Батыс Қазақстан облысы
region-KZ-31 = Жамбыл облысы
region-KZ-33 = Жетісу облысы
region-KZ-35 = Қарағанды облысы
region-KZ-39 = Қостанай облысы
region-KZ-43 = Қызылорда облысы
region-KZ-47 = Маңғыстау облысы
region-KZ-55 = Павлодар облысы
region-KZ-59 = Солтүстік Қазақстан облысы
region-KZ-61 = Түркістан облысы
region-KZ-62 = Ұлытау облысы
region-KZ-63 = Шығыс Қазақстан облысы
region-KZ-71 = Астана
region-KZ-75 = Алматы
region-KZ-79 = Шымкент

## Қиылысулар
overlaps-heading = Қиылысулар
overlaps-help = Әртүрлі жетекші ұйымдардың бір жұмыс болуы мүмкін немесе бірлесіп өткізуге болатын іс-шаралары, себептерімен. Қабылданбаған жұп екі іс-шараның бірінің орны, уақыты, аудиториясы немесе түрі өзгерсе ғана қайта шығады.
overlaps-tabs = Шешім бойынша қиылысулар
overlaps-all = Барлығы
overlaps-none = Мұнда ештеңе жоқ.
overlaps-because = Себептері:
overlaps-note = Ескертпе
overlaps-resolution = Шешім
overlaps-open = Қиылысулар бетінде
overlaps-save = Сақтау
overlaps-kind-duplicate = Бір жұмыс болуы мүмкін
overlaps-kind-complementary = Бірлесіп өткізуге болады
reason-same_time = бір уақытта ({ $days } күн)
reason-days_apart = { $days } күн айырмашылықпен
reason-same_place = бір орын ({ $place })
reason-same_region = бір өңір ({ $regions })
reason-other_regions = әртүрлі өңірлер
reason-same_target_group = бір нысаналы топ ({ $groups })
reason-other_target_groups = әртүрлі нысаналы топтар
reason-same_kind = бір түр ({ $kind })
reason-same_pillar = бір бағыт ({ $pillars })
reason-similar_titles = ұқсас атаулар ({ $similarity })
reason-similar_descriptions = ұқсас сипаттамалар ({ $similarity })
reason-money_agrees = бірі екіншісіне { $amount } { $currency } төлейді, алынуы { $days } күн айырмашылықпен жазылған
reason-names_the_other = бірі екіншісінің жетекші ұйымын атайды ({ $org })
reason-shared_organization = екеуі де { $org } атайды
reason-funds_flow = екеуі де { $from } ұйымынан { $to } ұйымына қаражат жазады
reason-better_match_exists = сол ұйыммен неғұрлым жақын сәйкестік бар
reason-busy_time = бұл уақытта іс-шаралар көп ({ $days } күн ішінде { $activities })

gaps-heading = Қамту және олқылықтар
gaps-help = Әр бағыт, әр өңір, әр мақсатты топ бойынша тоқсан сайын қанша іс-шара мен ұйым жұмыс істейді; топ бұл жұмысты басқа жерде істеп жүргенде, қай жерде ешкім жұмыс істемейді. Сізге көрінетін іс-шаралар саналады; тоқтатылғандары саналмайды.
gaps-years = Жылдар
gaps-prev-year = Алдыңғы жыл
gaps-next-year = Келесі жыл
gaps-from = Бастап
gaps-to = Дейін
gaps-show = Көрсету
gaps-counted = Саналған іс-шаралар: { $count }.
gaps-list = Олқылықтар
gaps-none = Олқылық жоқ: барлық өңірде жұмыс бар, күтілген жұмыс еш жерде жетіспейді.
gaps-legend = Түс сандарды қайталайды:
gaps-legend-most = ең көп
gaps-cell-gap = олқылық
gaps-cell-title = іс-шаралар: { $activities }, ұйымдар: { $organizations }
gaps-pillar-empty = Бұл кезеңде осы бағыт бойынша іс-шара жоқ.
gaps-by-group = { $pillar }: өңірлер мен мақсатты топтар бойынша іс-шаралар
gaps-by-quarter = { $pillar }: өңірлер мен тоқсандар бойынша іс-шаралар
gaps-region = Өңір
gaps-no-region = Өңір көрсетілмеген
gaps-no-group = Мақсатты топ көрсетілмеген
gaps-period-year = { $year } жылы
gaps-period-range = { $from } – { $to }
gap-region = { $region }: { $period } бірде-бір іс-шара жоқ.
gap-cell = { $region }: { $period } «{ $group }» тобы үшін «{ $pillar }» бағыты бойынша іс-шара жоқ, ал басқа өңірлерде ({ $regions }) олар { $elsewhere } (мұнда { $expected } күтілген).
problem-not_a_year = «{ $value }» — жыл емес; төрт цифр жазыңыз, мысалы 2007
problem-period_too_long = кезең { $years } жылдан ұзақ
problem-not_a_format = «{ $value }» — пішім емес: json немесе csv пайдаланыңыз

## Calendar feeds
feed-description = Іс-шаралардың бірлескен күнтізбесі: { $group }
account-feeds = Күнтізбеге жазылу
account-feeds-help = Топтың күнтізбесіне Outlook, Google Күнтізбе немесе Thunderbird арқылы жазылыңыз: онда сізге көрінетін іс-шаралар мен олардың барлық өзгерістері болады. Бұл сілтемесі бар кез келген адам сіз көретінді көреді: оны ешкімге бермеңіз.
account-feeds-make = Менің сілтемелерімді жасау
account-feeds-new = Жаңа сілтемелер
account-feeds-new-help = Жаңа сілтемелер ескілерін бірден тоқтатады: солар арқылы жазылған күнтізбелерге қайта жазылу керек.
feed-subscribe = Жазылу
feed-link-to-copy = көшіруге арналған сілтеме
feed-this-calendar = Осы күнтізбе (ашық іс-шаралар, осы сүзгілермен) сіздің күнтізбеңізде:
feed-link-https = https сілтемесі
feed-yours = жеке сілтемелеріңіз
feed-this-organization = Осы ұйымның ашық іс-шаралары сіздің күнтізбеңізде:

## The monthly bulletin
bulletin-title = Іс-шаралардың бірлескен күнтізбесі — { $group } — { $month }
bulletin-since-last-none = Бұл бюллетеньнің бұрынғы шығарылымдары жіберілмеген: алдыңғы шығарылымнан бергі жаңа, өзгерген және тоқтатылған іс-шаралар екінші шығарылымнан бастап көрсетіледі.
bulletin-by-week = Апталар бойынша
bulletin-week-of = { $day } басталатын апта
bulletin-nothing-new = Жаңа іс-шара басталмайды.
bulletin-under-way = Ай бойы жалғасатындар
bulletin-by-org = Жетекші ұйымдар бойынша
bulletin-overlaps = Ықтимал қайталанулар
bulletin-contacts = Байланыстар
bulletin-since-last = Алдыңғы шығарылымнан бері ({ $day })
bulletin-since-last-nothing = Алдыңғы шығарылымнан бері ештеңе қосылмаған, өзгертілмеген немесе тоқтатылмаған.
bulletin-new = Жаңа
bulletin-changed = Өзгертілген
bulletin-was = бұрын: { $when }
bulletin-cancelled = Тоқтатылған
bulletin-removed = Күнтізбеден алынып тасталған
problem-not_a_bulletin_format = «{ $value }» — бюллетень пішімі емес: md, txt немесе pdf пайдаланыңыз
bulletin-mail-why-member = Сіз «{ $group }» тобының бюллетенін топ мүшесі ретінде аласыз.
bulletin-mail-why-list = Сіз «{ $group }» тобының бюллетенін аласыз, себебі үйлестіруші мекенжайыңызды тарату тізіміне қосты.
bulletin-mail-unsubscribe = Жазылымнан бас тарту
unsubscribe-heading = Бюллетеньнен бас тарту
unsubscribe-ask = «{ $group }» тобының ай сайынғы бюллетенін { $email } мекенжайына енді жібермеу керек пе?
unsubscribe-submit = Бас тарту
unsubscribe-done = { $email } мекенжайы енді «{ $group }» тобының ай сайынғы бюллетенін алмайды.
unsubscribe-undo = Ойыңыз өзгерді ме? Топ үйлестірушісінен сізді қайта қосуды сұраңыз.
bulletin-page-heading = Ай сайынғы бюллетень
bulletin-page-months = Айлар
bulletin-page-prev = Алдыңғы ай
bulletin-page-next = Келесі ай
bulletin-page-text = Мәтін
bulletin-page-sent = Бұл шығарылым { $day } жіберілді.
bulletin-page-due = Әлі жіберілмеген: топ уақытымен { $day } сағат { $hour } өзі жіберіледі.
bulletin-page-no-mail = Әлі жіберілмеген. Пошта сервері бапталмаған, сондықтан өзі жіберілмейді (README қараңыз: smtp_url, mail_from); жіберу мерзімі — { $day }, сағат { $hour }.
bulletin-page-no-mail-short = Пошта сервері бапталмаған: smtp_url және mail_from орнатыңыз.
bulletin-page-no-recipients = Жіберетін ешкім жоқ: бірде-бір мүшенің мекенжайы жоқ, тарату тізімі бос (немесе бәрі бас тартқан).
bulletin-page-send = Осы шығарылымды қазір жіберу
bulletin-page-deliveries = Жеткізу
bulletin-page-recipient = Алушы
bulletin-page-delivery = Жеткізу
bulletin-page-attempts = Әрекеттер
bulletin-page-answer = Пошта серверінің жауабы
bulletin-delivery-sent = { $day } жіберілді
bulletin-delivery-retrying = әлі жоқ: { $when } қайта әрекет
bulletin-delivery-queued = кезекте
bulletin-delivery-failed = жеткізілмеді: әрекеттер тоқтатылды
bulletin-page-preview = Мүшелер оны осылай оқиды
bulletin-page-editions = Жіберілген шығарылымдар
bulletin-page-no-editions = Шығарылымдар әлі жіберілмеген.
bulletin-page-edition = Шығарылым
bulletin-page-sent-on = Жіберілген күні
bulletin-page-activities = Іс-шаралар
bulletin-page-recipients = Кім алады
bulletin-page-recipients-help = Мекенжайы бар барлық мүшелер және сіз тарату тізіміне қосқан топтан тыс адамдар. Әр хатта жазылымнан бас тарту сілтемесі бар; бас тартқан адам бас тартқан күйінде қалады.
bulletin-page-address = Электрондық пошта мекенжайы
bulletin-page-name = Аты
bulletin-page-why = Неліктен
bulletin-page-state = Алады
bulletin-page-remove = Жою
bulletin-page-add = Тарату тізіміне қосу
bulletin-recipient-member = мүше
bulletin-recipient-list = тарату тізімі
bulletin-recipient-receives = иә
bulletin-recipient-unsubscribed = { $day } бас тартты
members-mailed = Шақыру электрондық поштамен жіберілді.
invitation-mail-subject = jointcal жүйесіндегі «{ $group }» тобына шақыру
invitation-mail-new = Сәлеметсіз бе, { $name }!

    { $inviter } сізді «{ $group }» тобына — іс-шаралардың бірлескен күнтізбесіне шақырады.
    Құпиясөзді осы сілтеме арқылы орнатыңыз (ол бір рет, { $until } дейін жарамды):

    { $link }

    Бұл хатты күтпеген болсаңыз, оған мән бермеңіз.
invitation-mail-member = Сәлеметсіз бе, { $name }!

    { $inviter } сізді «{ $group }» тобына қосты. Әдеттегідей өз тіркелгіңізбен кіріңіз:

    { $link }
reset-mail-subject = jointcal құпиясөзіңіз
reset-mail-body = Сәлеметсіз бе, { $name }!

    Біреу (сіз деп үміттенеміз) jointcal тіркелгіңізге жаңа құпиясөз орнатуды сұрады.
    Оны осы сілтеме арқылы орнатыңыз; ол бір рет, { $minutes } минут ({ $until } дейін) жарамды:

    { $link }

    Жаңа құпиясөз барлық сеанстарыңызды аяқтайды. Егер сіз сұрамаған болсаңыз, бұл хатқа мән бермеңіз: құпиясөзіңіз өзгермейді.
reset-heading = Жаңа құпиясөз
reset-ask-intro = Тіркелгіңіздің электрондық пошта мекенжайын көрсетіңіз: жаңа құпиясөз орнату үшін сілтеме жібереміз.
reset-ask-submit = Сілтеме жіберу
reset-asked = Осы мекенжаймен тіркелгі болса, жаңа құпиясөзге арналған сілтеме жіберілді; ол бір сағат жарамды. Хат келмеді ме? «Спам» қалтасын тексеріңіз немесе үйлестірушіге хабарласыңыз.
reset-no-mail = Бұл сервер пошта жібере алмайды. Үйлестірушіден немесе әкімшіден жаңа құпиясөз орнатуды сұраңыз.
reset-intro = Жаңа құпиясөз:
reset-submit = Жаңа құпиясөзді орнату
reset-forgot = Құпиясөзді ұмыттыңыз ба?
bulletin-next-meeting = Келесі үйлестіру кеңесі
bulletin-no-meeting = Үйлестіру кеңесі әлі жоспарланбаған.
bulletin-gaps = Ешкім жұмыс істемейтін жерлер, { $period }
bulletin-gaps-more = Тағы { $count } олқылық топтың олқылықтар бетінде.

## Meetings
minutes_status-draft = Жоба
minutes_status-circulated = Таратылды
minutes_status-approved = Бекітілді
attendance_response-no_answer = Жауап жоқ
attendance_response-attending = Қатысады
attendance_response-apologies = Қатыса алмайды
action_status-open = Ашық
action_status-done = Орындалды
action_status-dropped = Алынып тасталды
agenda_item_kind-opening = Ашылуы
agenda_item_kind-previous_minutes = Алдыңғы кездесудің хаттамасы
agenda_item_kind-action_item = Тапсырма
agenda_item_kind-activities = Іс-шаралар
agenda_item_kind-overlap = Ықтимал қайталану
agenda_item_kind-gaps = Олқылықтар
agenda_item_kind-other = Басқа
agenda_item_kind-any_other_business = Әртүрлі
agenda_item_kind-next_meeting = Келесі кездесу
meeting-agenda-opening = Ашылуы және күн тәртібін бекіту
meeting-agenda-previous-minutes = { $day } кездесуінің хаттамасын бекіту
meeting-agenda-action = Тапсырма: { $what } (мерзімі { $due })
meeting-agenda-activities = { $pillar }: іс-шаралар { $period }
meeting-agenda-overlap = Ықтимал қайталану: { $a } және { $b }
meeting-agenda-gaps = Ешкім жұмыс істемейтін жерлер, { $period }
meeting-agenda-aob = Әртүрлі
meeting-agenda-next = Келесі кездесудің күні мен орны
meeting-agenda-more = … тағы { $count }
meeting-agenda-title = Күн тәртібі: { $title }
meeting-agenda-empty = Күн тәртібі әлі жасалған жоқ.
meeting-minutes-title = Хаттама: { $title }
meeting-hosted-by = Ұйымдастырушы: { $org }
meeting-participants = Қатысушылар
meeting-decision = Шешім
meeting-decisions = Шешімдер
meeting-actions = Тапсырмалар
problem-out_of_range = { $min } мен { $max } аралығында болуы керек
problem-unknown_agenda_item = күн тәртібінде «{ $value }» тармағы жоқ
problem-duplicate = «{ $value }» екі рет көрсетілген
problem-agenda_too_long = күн тәртібі { $max } минуттан ұзақ
problem-unknown_decision = «{ $value }» шешімі жоқ
problem-minutes_not_circulated = хаттаманы бекітпес бұрын таратыңыз
problem-minutes_approved = бекітілген хаттаманы өзгертуге болмайды
problem-bad_transition = хаттаманы бұл мәртебеге ауыстыруға болмайды
problem-not_an_nth = «{ $value }» айдың аптасы емес: first, second, third, fourth немесе last
problem-not_a_weekday = «{ $value }» апта күні емес
problem-attach_only = кездесуді іс-шараға байлау үшін тек іс-шараны көрсетіңіз
problem-unknown_activity = топта «{ $value }» іс-шарасы жоқ
problem-not_a_meeting = бұл іс-шара үйлестіру кездесуі емес
problem-approved_later = хаттама келесі кездесулердің бірінде бекітіледі
problem-unknown_meeting = топта мұндай кездесу жоқ
problem-owner_changes_status = жауапты тек мәртебесі мен ескертпесін өзгертеді
problem-not_a_document_format = «{ $value }» бұл жерде жарамайды: md немесе pdf
meeting-mail-invitation = Шақыру: { $title }
meeting-mail-updated = Өзгертілді: { $title }
meeting-mail-cancelled = Тоқтатылды: { $title }
meeting-mail-answer = Күнтізбедегі кездесу: { $url }
action-reminder-subject = Еске салу: { $what } (мерзімі { $due })
action-reminder-text = Үйлестіру тобының бұл тапсырмасының мерзімі — { $due }: { $what } ({ $org }). Орындалғанда, оны күнтізбеде жабыңыз: { $url }
meetings-heading = Кездесулер
meetings-none = Әзірге кездесулер жоқ.
meetings-day = Күні
meetings-title = Атауы
meetings-agenda-items = Күн тәртібі тармақтары
meetings-minutes = Хаттама
meetings-no-actions = Тапсырмалар жоқ.
meetings-what = Не істеу керек
meetings-owner = Ұйым
meetings-due = Мерзімі
meetings-mark-done = Орындалды
meetings-no-decisions = Сізге қолжетімді шешімдер әзірге жоқ.
meetings-schedule = Кездесу белгілеу
meetings-start = Басталуы (топтың уақыты бойынша)
meetings-length = Ұзақтығы, мин
meetings-host = Ұйымдастырушы
meetings-place = Орны
meeting-page-in-calendar = күнтізбеде
meeting-page-your-answer = Келесіз бе?
meeting-page-agenda = Күн тәртібі
meeting-page-draft = Күн тәртібін күнтізбе бойынша жасау
meeting-page-draft-help = Күн тәртібін ауыстырады: алдағы тоқсанның іс-шаралары, ықтимал қайталанулар, олқылықтар және ашық тапсырмалар.
meeting-page-invite = Шақыруларды жіберу
meeting-page-invite-again = Шақыруларды қайта жіберу
meeting-page-invited = Жіберілген шақырулар: { $count }.
meeting-page-register = Қатысушылар
meeting-page-answer = Жауап
meeting-page-attended = Қатысты
meeting-page-came = келді
meeting-page-did-not-come = келмеді
meeting-page-minutes = Хаттама
meeting-page-minutes-not-yet = Хаттама сізге әзірге қолжетімсіз.
meeting-page-summary = Жалпы бөлім
meeting-page-decisions-help = Шешімдер, әр жолға біреуден
meeting-page-save-minutes = Хаттаманы сақтау
meeting-page-circulate = Сақтау және тарату
meeting-page-approved-in = Бекітілген кездесу
meeting-page-approve = Хаттаманы бекіту
meeting-page-assign = Тапсырма беру
meeting-page-changed = Кездесу осы уақытта өзгертілді; міне, қазіргі түрі. Өзгерісті қайта енгізіңіз.
meeting-page-edit-agenda = Күн тәртібін өзгерту
meeting-page-position = Реті
meeting-page-length = Минут
meeting-page-remove = Алып тастау
meeting-page-new-item = Жаңа тармақ
meeting-page-save-agenda = Күн тәртібін сақтау

weekday-long-1 = дүйсенбі
weekday-long-2 = сейсенбі
weekday-long-3 = сәрсенбі
weekday-long-4 = бейсенбі
weekday-long-5 = жұма
weekday-long-6 = сенбі
weekday-long-7 = жексенбі
meetings-series = Әр тоқсан сайын қайталау
meetings-series-count = Неше кездесу (1 — тек осы)
meetings-series-nth = Нешінші
meetings-series-weekday = Апта күні
meetings-series-month = Тоқсанның айы
meetings-series-month-1 = бірінші ай (қаңтар, сәуір, шілде, қазан)
meetings-series-month-2 = екінші ай (ақпан, мамыр, тамыз, қараша)
meetings-series-month-3 = үшінші ай (наурыз, маусым, қыркүйек, желтоқсан)
meetings-series-help = Кездесу бірден көп болса, біріншісі басталу күнінде немесе одан кейінгі таңдалған күнге түседі, содан кейін тоқсанына бір рет, әрқайсысы басталу уақытында.
meetings-nth-first = бірінші
meetings-nth-second = екінші
meetings-nth-third = үшінші
meetings-nth-fourth = төртінші
meetings-nth-last = соңғы
meeting-page-published = Жарияланған: бұл кездесуді, оның күн тәртібін және бекітілген хаттамасын топқа кірмейтіндер де көреді.
meeting-page-not-published = Бұл кездесуді тек топ мүшелері көреді.
meeting-page-publish = Жариялау
meeting-page-unpublish = Жариялауды тоқтату
meeting-page-publish-not-public = Кездесу күнтізбеде жария емес, сондықтан оның көрінуі жария болмайынша жариялау оны топтан тыс ешкімге көрсетпейді.
meeting-page-guest = Келген қонақ
meeting-page-save-register = Қатысушылар тізімін сақтау
meeting-page-markdown-help = Markdown: **қалың**, *көлбеу*, - арқылы тізімдер, сілтемелер [мәтін](https://…) түрінде.
meetings-visibility = Кездесуді күнтізбеде кім көреді

## Import and export
import-heading = Импорт және экспорт
import-upload-heading = Файлды импорттау
import-help = IATI іс-шаралар файлы (XML), CSV түрінде сақталған HXL тегтері бар 3W кестесі немесе jointcal JSON файлы. Алдымен не болатынын көресіз; растамайынша ештеңе жазылмайды. Сол файлды қайта импорттау ештеңені өзгертпейді.
import-file = Файл
import-format = Пішім
import-format-auto = Файлдан анықтау
import-format-xlsx = HXL 3W кестесі (Excel)
import-format-csv = HXL 3W кестесі (CSV)
import-on-error = Жазба қабылданбаса
import-on-error-abort = Ештеңе импорттамау
import-on-error-skip = Дұрыс жазбаларды импорттау
import-kind = Мәтінінен түрі анықталмайтын іс-шаралардың түрі
import-check = Файлды тексеру
import-preview = Импорт не істейді
import-done = Импорт не істеді
import-count-records = Оқылған жазбалар
import-count-orgs = Қосылған ұйымдар
import-outcome-create = Жаңа
import-outcome-update = Өзгерген
import-outcome-unchanged = Өзгеріссіз
import-outcome-left-alone = Қозғалмады (мұнда жойылған)
import-outcome-filtered = Сүзгілер алып тастады
import-outcome-duplicate = Қайталанулар
import-outcome-rejected = Қабылданбады
import-confirm = Импорттау
import-confirm-skip = Дұрыс жазбаларды импорттау, қабылданбағандарын өткізіп жіберу
import-refused-abort = Кейбір жазбалар қабылданбады (төменде): файлды түзетіп, қайта тексеріңіз немесе тек дұрыс жазбаларды импорттаңыз.
import-nothing-to-do = Ештеңе өзгермейді: күнтізбеде бұл іс-шаралар файлдағыдай бар.
import-lines-caption = Жазба бойынша (алдымен қабылданбағандары)
import-col-where = Файл:жол
import-col-outcome = Нәтиже
import-col-key = Сәйкестендіргіш
import-col-what = Атауы немесе себебі
import-col-notes = Не болжанды
import-more-lines = Тағы { $count } жазба мұнда көрсетілмеген.
import-no-file = Импорттау үшін файлды таңдаңыз.
import-too-large = Файл сервер бет арқылы қабылдайтын өлшемнен үлкен ({ $bytes } байт); әкімшіден оны jointcal import командасымен импорттауды сұраңыз.
export-heading = Экспорт
export-help = Сізге көрінетін іс-шаралар: IATI 2.03 пішімінде (IATI құралдары үшін; сезімтал іс-шаралардың орны облыс деңгейінде), HXL тегтері бар 3W кестесі ретінде (кестелер мен HXL құралдары үшін) немесе JSON түрінде.
