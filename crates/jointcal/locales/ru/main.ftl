# jointcal — сообщения страниц на русском языке.
#
# Ключи общие для всех языков (тест проверяет, что в каждом языке есть все).
# Подписи словарей — `<словарь>-<код>`, в конце файла.

## Сам язык

language-name = Русский

## Даты. $day2 — число месяца из двух цифр, $day — без нуля впереди.

month-1 = Январь
month-2 = Февраль
month-3 = Март
month-4 = Апрель
month-5 = Май
month-6 = Июнь
month-7 = Июль
month-8 = Август
month-9 = Сентябрь
month-10 = Октябрь
month-11 = Ноябрь
month-12 = Декабрь
# Месяц после числа, в родительном падеже («3 сентября»).
date-month-1 = января
date-month-2 = февраля
date-month-3 = марта
date-month-4 = апреля
date-month-5 = мая
date-month-6 = июня
date-month-7 = июля
date-month-8 = августа
date-month-9 = сентября
date-month-10 = октября
date-month-11 = ноября
date-month-12 = декабря
# Дни недели по ISO: 1 — понедельник.
weekday-short-1 = пн
weekday-short-2 = вт
weekday-short-3 = ср
weekday-short-4 = чт
weekday-short-5 = пт
weekday-short-6 = сб
weekday-short-7 = вс
date-month-heading = { $month } { $year }
date-day = { $weekday }, { $day } { $month }
date-day-year = { $weekday }, { $day } { $month } { $year }
date-range = { $from } – { $to }
date-day-times = { $day }, { $start }–{ $end }

## Вход и выход

sign-in = Войти
sign-out = Выйти
signed-in-as = Вы вошли как { $name }
login-email = Адрес электронной почты
login-password = Пароль
login-code = Код из приложения-аутентификатора
login-error-invalid = неверный адрес электронной почты или пароль
login-error-code-required = введите шестизначный код из приложения-аутентификатора
login-error-code-invalid = код неверный или уже был использован
login-error-two-factor-setup = группа, которую вы координируете, требует двухфакторного входа: сначала включите его командой `jointcal user totp enable`
login-error-disabled = эта учётная запись отключена
login-error-too-many = слишком много неудачных попыток входа; повторите через { $minutes } { $minutes ->
    [one] минуту
    [few] минуты
   *[many] минут
}

## Список групп. $add и $demo — команды, показанные как код.

groups-heading = Координационные группы
groups-none = Групп пока нет. Создайте группу командой { $add } или загрузите демонстрационные данные командой { $demo }.


## Рамка каждой страницы, виды и фильтры страницы месяца.
language-switch = Язык
# 1 = понедельник … 7 = воскресенье: с какого дня начинаются недели сетки месяца.
calendar-first-weekday = 1
month-public-only-plain = Показаны мероприятия, которые группа сделала публичными.
month-prev = Предыдущий месяц
month-next = Следующий месяц
month-today = сегодня
month-legend = Организации (ведущие)
month-long-running = Долгосрочные программы
month-more = ещё { $count }
month-none-filtered = В месяце «{ $month }» нет мероприятий, подходящих под фильтры.
agenda-heading = Список мероприятий
agenda-week-of = Неделя с { $day }
filter-heading = Фильтры
filter-from = С месяца
filter-month = Месяц
filter-any = Любой
filter-org = Организация
filter-kind = Вид
filter-pillar = Направление
filter-target-group = Целевая группа
filter-region = Регион
filter-status = Статус
filter-text = Слова
filter-apply = Показать
filter-clear = Сбросить фильтры

## Месяц группы

month-times-in = часовой пояс: { $zone }
month-nav-label = месяцы
# $signin — ссылка с текстом month-sign-in-link.
month-public-only = Показаны мероприятия, которые группа сделала общедоступными. { $signin }, чтобы увидеть календарь группы.
month-sign-in-link = Войдите
month-none = В этом месяце мероприятий нет.
month-count = { $month }: { $count } { $count ->
    [one] мероприятие
    [few] мероприятия
   *[many] мероприятий
}
month-org-role = { $org } ({ $role })
column-when = Когда
column-activity = Мероприятие
column-organizations = Организации
column-kind = Вид
column-target-groups = Целевые группы
column-place = Место
column-status = Статус

## Страницы ошибок: заголовок по коду HTTP

error-title = Ошибка
error-title-400 = Неверный запрос
error-title-401 = Требуется вход
error-title-403 = Доступ запрещён
error-title-404 = Не найдено
error-title-405 = Метод не поддерживается
error-title-409 = Конфликт
error-title-412 = Данные изменились
error-title-413 = Слишком большой запрос
error-title-415 = Неподдерживаемый формат данных
error-title-422 = Данные не прошли проверку
error-title-428 = Не указана версия
error-title-429 = Слишком много запросов
error-title-500 = Внутренняя ошибка сервера
error-title-503 = Сервис недоступен
error-request-id = Идентификатор запроса
error-status = Ошибка { $status }
error-home = На главную jointcal


## Одно мероприятие.
activity-repeats = { $when }, с повторением
activity-pillars = Направления
activity-org-role = { $org } ({ $role }) — { $name }
activity-delivery-mode = Формат
activity-exploitation-focus = Формы эксплуатации
activity-participants = Ожидаемое число участников
activity-budget = Бюджет
activity-contact = Контакт
activity-visibility = Кому видно
activity-iati-identifier = Идентификатор IATI
activity-ref = Номер
activity-dac-sectors = Секторы DAC
activity-region-only = Точное место видят только координаторы и ведущая организация.
activity-description = Описание
activity-links = Ссылки
history-heading = История
history-when = Когда
history-who = Кто
history-what = Что
history-fields = Изменённые поля
history-created = создано
history-updated = изменено
history-deleted = удалено
history-someone = бывший участник группы
history-job = задача «{ $name }»
history-import = импорт
history-cli = командная строка
history-system = сервер


## Хронология.
views-label = Виды
view-month = Месяц
view-quarter = Квартал
view-year = Год
view-timeline = Хронология
timeline-nav-label = периоды
timeline-prev = Раньше
timeline-next = Позже
timeline-year = { $year }
timeline-quarter = { $from } – { $to }
timeline-heading = Кто что делает и когда
timeline-caption = Одна строка на каждую ведущую или исполняющую организацию; красная рамка отмечает мероприятие, которое совпадает с мероприятием другой организации по целевой группе, региону и времени.
timeline-none = В этот период мероприятий нет.
timeline-meetings = Та же целевая группа, тот же регион, то же время
timeline-no-meetings = В этот период нет двух организаций, работающих с одной целевой группой в одном регионе в одно время.
timeline-more-meetings = … и ещё { $count }: сузьте выборку фильтрами.
timeline-meeting = { $targets }: { $regions }


## Форма мероприятия.
lang-en = английский
lang-ru = русский
lang-kk = казахский
form-add-heading = Добавить мероприятие
form-edit-heading = Изменить «{ $title }»
form-add-link = Добавить мероприятие
form-edit-link = Изменить
form-delete = Удалить
form-what = Что
form-title = Название
form-original = Исходный язык
form-description = Описание
form-pillar1 = Направление
form-pillar2 = Второе направление
form-pillar-default = По виду мероприятия
form-when = Когда
form-when-day = Один день
form-when-range = Несколько дней
form-when-timed = Время
form-day = День
form-range-start = Первый день
form-range-end = Последний день
form-timed-day = День
form-start-time = С
form-end-time = До
form-tz = Часовой пояс
form-role = Роль
form-where = Где
form-place = Место
form-online = Также онлайн
form-sensitive = Чувствительное место (приюты, пострадавшие)
form-sensitive-default = Как принято для вида
form-sensitive-yes = Да: показывать только регион
form-sensitive-no = Нет
form-more = Статус, бюджет и контакт
form-budget-amount = Бюджет
form-budget-currency = Валюта
form-contact-role = Контакт: роль
form-contact-name = Контакт: имя
form-contact-email = Контакт: эл. почта
form-contact-phone = Контакт: телефон
form-status-note = Почему (для отменённого или перенесённого мероприятия)
cancel-reason = Отменить, потому что
cancel-button = Отменить мероприятие
form-save = Сохранить
form-cancel = Отмена
form-errors-heading = Исправьте эти поля; ничего не сохранено.
form-conflict-heading = Пока вы редактировали, кто-то изменил это мероприятие
form-conflict-text = Ваша форма ниже сохранила всё, что вы ввели. Где сохранённая версия теперь отличается от вашей формы, показаны оба значения: перенесите в форму то, что хотите оставить, и сохраните снова.
form-conflict-same = Во всех показанных полях сохранённая версия совпадает с вашей формой; сохраните снова, чтобы оставить её.
form-conflict-field = Поле
form-conflict-stored = Сохранено тем временем
form-conflict-yours = Ваша форма
delete-heading = Удалить это мероприятие?
delete-question = Оно исчезнет из календаря; история его сохранит.
delete-confirm = Удалить


## Одна организация.
org-coming = Предстоящие и текущие
org-past = Прошедшие
org-none = Нет.
org-people = Её сотрудники в этой группе
org-no-people = Никто из этой организации не состоит в группе.


## Первый запуск.
setup-heading = Настройка jointcal
setup-intro = На этом сервере ещё нет администратора. Создайте свою учётную запись и первую координационную группу; вы станете её координатором. Эта страница работает один раз.
setup-admin = Ваша учётная запись (администратор)
setup-email = Адрес электронной почты
setup-name = Ваше имя
setup-password = Пароль (не короче 10 символов)
setup-password-again = Пароль ещё раз
setup-group = Первая группа
setup-group-name = Название, например «Координация доноров по борьбе с торговлей людьми в Казахстане»
setup-slug = Короткое имя для адресов, например kz-tip
setup-theme = Тема (необязательно), например «Противодействие торговле людьми»
setup-country = Страна (код ISO, например KZ)
setup-timezone = Часовой пояс, например Asia/Almaty
setup-submit = Создать и войти


## Участники и приглашения.
members-heading = Участники
members-link-nav = Участники
members-name = Имя
members-two-factor = Двухфакторный вход
members-yes = включён
members-actions = Изменить
members-change-role = Назначить роль
members-remove = Исключить
members-invite = Пригласить
members-invite-help = Для человека без учётной записи она будет создана вместе со ссылкой, по которой он выберет пароль; передайте ссылку сами (она работает один раз в течение недели). Человек с учётной записью сразу станет участником.
members-invite-button = Пригласить
members-invited = Приглашён(а)
members-pass-link = Отправьте эту ссылку человеку (по почте или в мессенджере): она откроет его учётную запись, где он выберет пароль.
members-link = Ссылка-приглашение
members-link-until = Работает один раз, до
members-had-account = У этого человека уже была учётная запись: теперь он участник и входит как прежде.
invitation-heading = Добро пожаловать в jointcal
invitation-intro = Выберите пароль для
invitation-submit = Сохранить и войти


## Настройки группы.
settings-heading = Настройки
settings-saved = Сохранено.
settings-conflict = Пока вы редактировали, кто-то изменил настройки. Ваша форма ниже сохранила всё, что вы ввели; сверьте её с текущими настройками (откройте их в другой вкладке) и сохраните снова.
settings-fixed = Короткое имя и страна не меняются:
settings-bulletin-day = День месяца для рассылки бюллетеня (1–28)
settings-languages = Языки группы (коды, например en, ru, kk)
settings-cadence = Координационные встречи
settings-totp = Координаторы входят со вторым фактором (сначала включите его для себя)


## Собственная учётная запись.
account-heading = Ваша учётная запись
account-link = Учётная запись
account-privacy = Ваш адрес электронной почты
account-show-email = Показывать мой адрес другим участникам моих групп (координаторы видят его всегда)
account-two-factor = Двухфакторный вход
account-two-factor-on = Включён: вы входите с паролем и кодом из приложения-аутентификатора.
account-two-factor-off = Выключен.
account-two-factor-turn-on = Включить
account-two-factor-turn-off = Выключить
account-tokens = Токены API
account-tokens-help = Для скриптов и других программ, которые читают или изменяют календарь через JSON API от вашего имени.
account-token = Токен
account-token-once = Скопируйте токен сейчас: он показывается только один раз.
account-token-name = Название
account-token-created = Создан
account-token-create = Создать токен
account-token-revoke = Отозвать
account-token-revoked = отозван
account-token-expired = истёк
account-token-unused = ещё не использовался
account-token-used = последнее использование { $day }
two-factor-scan = Отсканируйте этот код приложением-аутентификатором (например, FreeOTP, Aegis или Google Authenticator) и введите шестизначный код, который оно покажет.
two-factor-qr = QR-код вашего секрета для двухфакторного входа
two-factor-by-hand = Или введите секрет вручную:

## Проблемы: что не так с полем или запросом, по устойчивому коду, который даёт
## и API (`problem-<code>`).

problem-passwords_differ = не совпадает с паролем
problem-taken = «{ $value }» уже занято
problem-code_invalid = это не тот код, который сейчас показывает приложение: отсканируйте снова или дождитесь следующего кода
problem-invalid = Некоторые поля нужно исправить.
problem-required = обязательное поле
problem-missing = отсутствует
problem-too_long = длиннее { $max } { $max ->
    [one] символа
   *[other] символов
}
problem-too_many = больше { $max } { $max ->
    [one] элемента
   *[other] элементов
}
problem-text_too_long = текст на языке «{ $lang }» содержит { $count } { $count ->
    [one] символ
    [few] символа
   *[many] символов
}; допускается не больше { $max }
problem-control_character = содержит управляющий символ { $char }
problem-one_line = должно быть одной строкой
problem-lone_carriage_return = содержит возврат каретки без перевода строки
problem-not_a_url = не является адресом http(s)
problem-url_character = содержит «{ $char }» — этот символ недопустим в адресе
problem-not_a_language = «{ $value }» — не код языка; используйте, например, en, ru или kk
problem-original_without_text = для исходного языка «{ $lang }» нет текста
problem-not_an_email = «{ $value }» — не адрес электронной почты
problem-password_too_short = слишком короткий: не меньше { $min } { $min ->
    [one] символа
   *[other] символов
} (хорошо подходят несколько слов)
problem-token_name = дайте токену название длиной от 1 до 100 символов
problem-not_an_iati_org_id = «{ $value }» — не идентификатор организации IATI (например, XM-DAC-47066)
problem-not_a_slug = «{ $value }» — недопустимое короткое имя: 2–64 строчные латинские буквы, цифры и дефисы
problem-not_a_bulletin_day = { $value } — не число от 1 до 28
problem-not_a_country = «{ $value }» — не код страны (например, KZ)
problem-not_a_subdivision = «{ $value }» — не регион страны { $country }
problem-subdivision_of_another_country = «{ $value }» — регион другой страны, а не { $country }
problem-not_a_latitude = { $value } — не широта (от −90 до 90)
problem-not_a_longitude = { $value } — не долгота (от −180 до 180)
problem-lat_lon_pair = укажите и широту, и долготу или ни одну из них
problem-empty_location = для места нужна страна, название, координаты или отметка «онлайн»
problem-incomplete_area_ref = для ссылки на территорию нужны схема и код
problem-not_a_date = «{ $value }» — не дата; используйте формат ГГГГ-ММ-ДД
problem-not_a_local_time = «{ $value }» — не дата и время; используйте формат ГГГГ-ММ-ДДTЧЧ:ММ
problem-not_a_month = «{ $value }» — не месяц; используйте формат ГГГГ-ММ
problem-not_a_resolution = «{ $value }» — не решение: используйте open, duplicate, complementary или dismissed
problem-year_out_of_range = год { $year } вне допустимого диапазона; укажите год от { $min } до { $max }
problem-not_a_time_zone = «{ $value }» — не часовой пояс; используйте, например, Asia/Almaty
problem-skipped_local_time = времени { $time } нет в поясе { $tz } (часы переводятся)
problem-all_day_mismatch = не соответствует началу: у целого дня нет времени, у интервала оно есть
problem-end_form = должно иметь тот же вид, что и начало: обе даты или обе даты со временем
problem-ends_before_start = заканчивается раньше, чем начинается
problem-endless_recurrence = повторение должно заканчиваться: укажите число повторов или последнюю дату
problem-not_a_rule = «{ $value }» — недопустимое правило повторения
problem-too_many_occurrences = правило даёт больше { $max } повторений
problem-no_occurrence = правило не даёт ни одного повторения
problem-unknown_code = «{ $value }» нет среди вариантов
problem-too_many_pillars = укажите одно основное направление и не больше одного дополнительного
problem-pillar_required = обязательно для этого вида: выберите направление, которому служит аудитория
problem-unknown_organization = организация «{ $value }» неизвестна: сначала добавьте её
problem-lead_required = укажите хотя бы одну организацию с ролью «ведущая»
problem-not_an_amount = «{ $value }» — не сумма; напишите число, например 45000 или 1250.50
problem-not_a_currency = «{ $value }» — не код валюты (например, USD, EUR, KZT)
problem-not_a_participant_count = { $value } — не число участников от 0 до 10 000 000
problem-contains_spaces = не должно содержать пробелов
problem-not_a_dac_sector = «{ $value }» — не код сектора DAC (5 цифр, например 15190)
problem-fixed = нельзя изменить
problem-two_factor_first = сначала включите двухфакторный вход для себя, иначе вы потеряете доступ
problem-in_the_past = уже в прошлом
problem-batch_size = в пакете может быть от 1 до { $max } мероприятий, а не { $count }
problem-not_an_id = «{ $value }» — не идентификатор
problem-not_an_etag = «{ $value }» — не версия, выданная этим сервером
problem-not_a_cursor = не ссылка на следующую страницу; начните с первой страницы
problem-not_a_page_size = «{ $value }» — не размер страницы от 1 до { $max }
problem-not_an_object = должно быть объектом JSON
problem-unknown_field = такого поля в этой форме нет
problem-wrong_type = неверного типа
problem-denied = у вас нет права это делать
problem-not_found = Не найдено — или у вас нет доступа.
problem-page_not_found = По этому адресу страницы нет.
problem-method_not_allowed = Этот адрес не принимает такой запрос.
problem-payload_too_large = Отправлено больше, чем принимает этот сервер.
problem-unsupported_media_type = Форма отправлена в виде, который этот сервер не читает.
problem-precondition_required = Перезагрузите страницу и сохраните снова, чтобы не затереть изменения, сделанные за это время.
problem-version_conflict = Кто-то изменил эту запись за это время (теперь это версия { $current }): перезагрузите её и внесите изменение снова.
problem-internal = На сервере что-то пошло не так. Сообщая о проблеме, укажите идентификатор запроса ниже.
problem-sign_in_required = Сначала войдите.
problem-not_a_member = Это могут делать только участники группы.
problem-read_only = Наблюдатели могут читать календарь, но не изменять его.
problem-not_your_organization = Редакторы могут изменять только мероприятия, которые ведёт их организация.
problem-coordinators_only = Это могут делать только координаторы группы.
problem-admin_only = Это может делать только администратор экземпляра.
problem-token_cannot_make_tokens = Токен не может создавать токены: создавайте их, войдя в систему.

## Подписи словарей: `<словарь>-<код>`

## pillar (Pillar)
pillar-prevention = Предупреждение
pillar-protection = Защита
pillar-prosecution = Уголовное преследование
pillar-partnership = Партнёрство

## activity kind (ActivityKind)
activity_kind-training = Тренинг
activity_kind-training_of_trainers = Обучение тренеров
activity_kind-workshop = Семинар
activity_kind-conference = Конференция
activity_kind-study_visit = Ознакомительный визит
activity_kind-awareness_campaign = Информационная кампания
activity_kind-community_outreach = Работа с населением
activity_kind-assessment_research = Оценка / исследование
activity_kind-legal_policy_support = Правовая и политическая поддержка
activity_kind-nrm_referral = Механизм перенаправления
activity_kind-coordination_meeting = Координационная встреча
activity_kind-hotline = Горячая линия
activity_kind-shelter_services = Услуги приюта
activity_kind-victim_assistance = Помощь пострадавшим
activity_kind-repatriation_return = Репатриация / возвращение
activity_kind-reintegration = Реинтеграция
activity_kind-investigation_support = Поддержка расследований
activity_kind-equipment_infrastructure = Оборудование / инфраструктура
activity_kind-data_system = Система данных

## target group (TargetGroup)
target_group-police = Полиция
target_group-migration_police = Миграционная полиция
target_group-migration_officers = Сотрудники миграционной службы
target_group-border_guards = Пограничники
target_group-investigators = Следователи
target_group-prosecutors = Прокуроры
target_group-judges = Судьи
target_group-lawyers_legal_aid = Адвокаты / юридическая помощь
target_group-trainers = Тренеры
target_group-labour_inspectors = Трудовые инспекторы
target_group-social_workers = Социальные работники
target_group-healthcare_workers = Медицинские работники
target_group-teachers = Учителя
target_group-diplomats = Дипломаты
target_group-central_government = Центральные органы власти
target_group-local_government = Местные органы власти
target_group-parliamentarians = Парламентарии
target_group-international_orgs = Международные организации
target_group-ngos = НПО
target_group-religious_leaders = Религиозные лидеры
target_group-media = СМИ
target_group-employers = Работодатели
target_group-youth = Молодёжь
target_group-children_at_risk = Дети группы риска
target_group-children_affected_by_migration = Дети, затронутые миграцией
target_group-women_at_risk = Женщины группы риска
target_group-labour_migrants = Трудовые мигранты
target_group-victims = Пострадавшие
target_group-general_public = Широкая общественность

## delivery mode (DeliveryMode)
delivery_mode-in_person = Очно
delivery_mode-online = Онлайн
delivery_mode-hybrid = Смешанный формат
delivery_mode-self_paced = Самостоятельное обучение
delivery_mode-media_broadcast = Трансляция в СМИ
delivery_mode-remote = Дистанционно
delivery_mode-direct_service = Прямые услуги
delivery_mode-desk_and_field = Кабинетная и полевая работа

## status (Status)
status-planned = Запланировано
status-confirmed = Подтверждено
status-ongoing = Идёт
status-completed = Завершено
status-postponed = Отложено
status-cancelled = Отменено

## exploitation focus (ExploitationFocus)
exploitation_focus-forced_labour = Принудительный труд
exploitation_focus-sexual_exploitation = Сексуальная эксплуатация
exploitation_focus-child_labour = Детский труд
exploitation_focus-forced_marriage = Принудительный брак
exploitation_focus-forced_begging = Принудительное попрошайничество
exploitation_focus-servitude = Подневольное состояние
exploitation_focus-organ_removal = Изъятие органов
exploitation_focus-other = Другое

## organization kind (OrgKind)
organization_kind-un_agency = Агентство ООН
organization_kind-intergovernmental = Межправительственная организация
organization_kind-donor_government = Правительство-донор
organization_kind-embassy = Посольство
organization_kind-central_government = Центральный государственный орган
organization_kind-local_government = Местный орган власти
organization_kind-law_enforcement = Правоохранительный орган
organization_kind-international_ngo = Международная НПО
organization_kind-ngo = НПО
organization_kind-foundation = Фонд
organization_kind-academic = Академическая организация
organization_kind-private = Частный сектор
organization_kind-other = Другое

## organization role (OrgRole)
organization_role-lead = Ведущая организация
organization_role-funder = Донор
organization_role-implementer = Исполнитель
organization_role-partner = Партнёр

## visibility (Visibility)
visibility-group = Участники группы
visibility-coordinators = Координаторы и ведущие организации
visibility-public = Публично

## member role (MemberRole)
member_role-coordinator = Координатор
member_role-editor = Редактор
member_role-viewer = Наблюдатель

## meeting cadence (MeetingCadence)
meeting_cadence-monthly = Ежемесячно
meeting_cadence-quarterly = Ежеквартально
meeting_cadence-half_yearly = Раз в полгода
meeting_cadence-ad_hoc = По необходимости

## flag resolution (FlagResolution)
flag_resolution-open = Открыто
flag_resolution-duplicate = Дублирование
flag_resolution-complementary = Взаимодополняющие: провести совместно
flag_resolution-dismissed = Отклонено

## Области Казахстана (ISO 3166-2).
region-KZ-10 = Абайская область
region-KZ-11 = Акмолинская область
region-KZ-15 = Актюбинская область
region-KZ-19 = Алматинская область
region-KZ-23 = Атырауская область
region-KZ-27 = Западно-Казахстанская область
region-KZ-31 = Жамбылская область
region-KZ-33 = Жетысуская область
region-KZ-35 = Карагандинская область
region-KZ-39 = Костанайская область
region-KZ-43 = Кызылординская область
region-KZ-47 = Мангистауская область
region-KZ-55 = Павлодарская область
region-KZ-59 = Северо-Казахстанская область
region-KZ-61 = Туркестанская область
region-KZ-62 = Улытауская область
region-KZ-63 = Восточно-Казахстанская область
region-KZ-71 = Астана
region-KZ-75 = Алматы
region-KZ-79 = Шымкент

## Пересечения
overlaps-heading = Пересечения
overlaps-help = Мероприятия разных ведущих организаций, которые могут быть одной и той же работой или которые можно провести совместно, с причинами. Отклонённая пара вернётся, только если одно из двух мероприятий изменит место, время, аудиторию или вид.
overlaps-tabs = Пересечения по решению
overlaps-all = Все
overlaps-none = Здесь ничего нет.
overlaps-because = Причины:
overlaps-note = Примечание
overlaps-resolution = Решение
overlaps-open = На странице пересечений
overlaps-save = Сохранить
overlaps-kind-duplicate = Возможно, одна и та же работа
overlaps-kind-complementary = Можно провести совместно
reason-same_time = в одно время ({ $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
  })
reason-days_apart = с разницей { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
  }
reason-same_place = то же место ({ $place })
reason-same_region = тот же регион ({ $regions })
reason-other_regions = разные регионы
reason-same_target_group = та же целевая группа ({ $groups })
reason-other_target_groups = разные целевые группы
reason-same_kind = тот же вид ({ $kind })
reason-same_pillar = то же направление ({ $pillars })
reason-similar_titles = похожие названия ({ $similarity })
reason-similar_descriptions = похожие описания ({ $similarity })
reason-money_agrees = одна передаёт другой { $amount } { $currency }, получение записано с разницей { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
  }
reason-names_the_other = одна называет ведущую организацию другой ({ $org })
reason-shared_organization = обе называют { $org }
reason-funds_flow = обе записывают средства от { $from } для { $to }
reason-better_match_exists = есть более близкое совпадение с той же организацией
reason-busy_time = много мероприятий в это время ({ $activities } в пределах { $days } дн.)

gaps-heading = Охват и пробелы
gaps-help = Сколько мероприятий и организаций работают по каждому направлению, в каждом регионе, с каждой целевой группой, по кварталам; и где не работает никто, хотя группа делает эту работу в других местах. Считаются мероприятия, которые вам видны; отменённые не считаются.
gaps-years = Годы
gaps-prev-year = Предыдущий год
gaps-next-year = Следующий год
gaps-from = С
gaps-to = По
gaps-show = Показать
gaps-counted = Учтено мероприятий: { $count }.
gaps-list = Пробелы
gaps-none = Пробелов нет: работа идёт во всех регионах, и нигде не упущена работа, которая ожидалась.
gaps-legend = Цвет повторяет числа:
gaps-legend-most = больше всего
gaps-cell-gap = пробел
gaps-cell-title = мероприятий: { $activities }, организаций: { $organizations }
gaps-pillar-empty = В этом периоде нет мероприятий по этому направлению.
gaps-by-group = { $pillar }: мероприятия по регионам и целевым группам
gaps-by-quarter = { $pillar }: мероприятия по регионам и кварталам
gaps-region = Регион
gaps-no-region = Регион не указан
gaps-no-group = Целевая группа не указана
gaps-period-year = в { $year } году
gaps-period-range = с { $from } по { $to }
gap-region = { $region }: ни одного мероприятия { $period }.
gap-cell = { $region }: нет мероприятий по направлению «{ $pillar }» для группы «{ $group }» { $period }, хотя в других регионах ({ $regions }) их { $elsewhere } (здесь ожидалось { $expected }).
problem-not_a_year = «{ $value }» — не год; укажите четыре цифры, например 2007
problem-period_too_long = период длиннее { $years } лет
problem-not_a_format = «{ $value }» — не формат: используйте json или csv

## Calendar feeds
feed-description = Совместный календарь мероприятий: { $group }
account-feeds = Календарные подписки
account-feeds-help = Подпишитесь на календарь группы в Outlook, Google Календаре или Thunderbird: в нём видны мероприятия, доступные вам, и все их изменения. Любой, у кого есть эта ссылка, увидит то же, что и вы: не передавайте её.
account-feeds-make = Создать мои ссылки
account-feeds-new = Новые ссылки
account-feeds-new-help = Новые ссылки сразу отменяют старые: календари, подписанные по ним, нужно подписать заново.
feed-subscribe = Подписаться
feed-link-to-copy = ссылка для копирования
feed-this-calendar = Этот календарь (открытые мероприятия, с этими фильтрами) в вашем календаре:
feed-link-https = ссылка https
feed-yours = ваши личные ссылки
feed-this-organization = Открытые мероприятия этой организации в вашем календаре:

## The monthly bulletin
bulletin-title = Совместный календарь мероприятий — { $group } — { $month }
bulletin-since-last-none = Предыдущие выпуски этого бюллетеня не рассылались: новое, изменённое и отменённое с прошлого выпуска показывается со второго выпуска.
bulletin-by-week = По неделям
bulletin-week-of = Неделя с { $day }
bulletin-nothing-new = Новых мероприятий не начинается.
bulletin-under-way = Продолжаются весь месяц
bulletin-by-org = По ведущим организациям
bulletin-overlaps = Возможные пересечения
bulletin-contacts = Контакты
bulletin-since-last = С прошлого выпуска ({ $day })
bulletin-since-last-nothing = С прошлого выпуска ничего не добавлено, не изменено и не отменено.
bulletin-new = Новое
bulletin-changed = Изменено
bulletin-was = было: { $when }
bulletin-cancelled = Отменено
bulletin-removed = Удалено из календаря
problem-not_a_bulletin_format = «{ $value }» — не формат бюллетеня: используйте md, txt или pdf
bulletin-mail-why-member = Вы получаете бюллетень группы «{ $group }» как участник группы.
bulletin-mail-why-list = Вы получаете бюллетень группы «{ $group }», потому что координатор включил ваш адрес в список рассылки.
bulletin-mail-unsubscribe = Отписаться
unsubscribe-heading = Отписаться от бюллетеня
unsubscribe-ask = Больше не присылать ежемесячный бюллетень группы «{ $group }» на адрес { $email }?
unsubscribe-submit = Отписаться
unsubscribe-done = Адрес { $email } больше не получает ежемесячный бюллетень группы «{ $group }».
unsubscribe-undo = Передумали? Попросите координатора группы добавить вас снова.
bulletin-page-heading = Ежемесячный бюллетень
bulletin-page-months = Месяцы
bulletin-page-prev = Предыдущий месяц
bulletin-page-next = Следующий месяц
bulletin-page-text = Текст
bulletin-page-sent = Этот выпуск разослан { $day }.
bulletin-page-due = Ещё не разослан: рассылка начнётся сама { $day } в { $hour } по времени группы.
bulletin-page-no-mail = Ещё не разослан. Почтовый сервер не настроен, поэтому сам выпуск не уйдёт (см. README: smtp_url, mail_from); срок рассылки — { $day } в { $hour }.
bulletin-page-no-mail-short = Почтовый сервер не настроен: задайте smtp_url и mail_from.
bulletin-page-no-recipients = Некому отправить: ни у одного участника нет адреса, а список рассылки пуст (или все отписались).
bulletin-page-send = Разослать этот выпуск сейчас
bulletin-page-deliveries = Доставка
bulletin-page-recipient = Получатель
bulletin-page-delivery = Доставка
bulletin-page-attempts = Попытки
bulletin-page-answer = Ответ почтового сервера
bulletin-delivery-sent = отправлено { $day }
bulletin-delivery-retrying = пока нет: новая попытка { $when }
bulletin-delivery-queued = в очереди
bulletin-delivery-failed = не доставлено: попытки прекращены
bulletin-page-preview = Как его прочитают участники
bulletin-page-editions = Разосланные выпуски
bulletin-page-no-editions = Выпуски ещё не рассылались.
bulletin-page-edition = Выпуск
bulletin-page-sent-on = Разослан
bulletin-page-activities = Мероприятия
bulletin-page-recipients = Кто получает
bulletin-page-recipients-help = Все участники с адресом и люди вне группы, которых вы включили в список рассылки. В каждом письме есть ссылка для отписки; отписавшийся остаётся отписанным.
bulletin-page-address = Адрес электронной почты
bulletin-page-name = Имя
bulletin-page-why = Почему
bulletin-page-state = Получает
bulletin-page-remove = Удалить
bulletin-page-add = Добавить в список рассылки
bulletin-recipient-member = участник
bulletin-recipient-list = список рассылки
bulletin-recipient-receives = да
bulletin-recipient-unsubscribed = отписался { $day }
members-mailed = Приглашение отправлено по электронной почте.
invitation-mail-subject = Приглашение в группу «{ $group }» в jointcal
invitation-mail-new = Здравствуйте, { $name }!

    { $inviter } приглашает вас в группу «{ $group }» — совместный календарь мероприятий.
    Задайте пароль по этой ссылке (она действует один раз, до { $until }):

    { $link }

    Если вы не ждали этого письма, просто не отвечайте на него.
invitation-mail-member = Здравствуйте, { $name }!

    { $inviter } включил(а) вас в группу «{ $group }». Входите со своей учётной записью, как обычно:

    { $link }
reset-mail-subject = Ваш пароль в jointcal
reset-mail-body = Здравствуйте, { $name }!

    Кто-то (надеемся, вы) попросил задать новый пароль для вашей учётной записи jointcal.
    Задайте его по этой ссылке; она действует один раз, { $minutes } минут (до { $until }):

    { $link }

    Новый пароль завершит все ваши сеансы. Если вы не просили об этом, не обращайте внимания на письмо: пароль останется прежним.
reset-heading = Новый пароль
reset-ask-intro = Укажите адрес электронной почты вашей учётной записи: мы пришлём ссылку, чтобы задать новый пароль.
reset-ask-submit = Прислать ссылку
reset-asked = Если есть учётная запись с этим адресом, ссылка для нового пароля уже отправлена; она действует час. Письма нет? Проверьте папку «Спам» или обратитесь к координатору.
reset-no-mail = Этот сервер не может отправлять почту. Попросите координатора или администратора задать вам новый пароль.
reset-intro = Новый пароль для
reset-submit = Задать новый пароль
reset-forgot = Забыли пароль?
bulletin-next-meeting = Следующее координационное совещание
bulletin-no-meeting = Координационное совещание пока не запланировано.
bulletin-gaps = Где никто не работает, { $period }
bulletin-gaps-more = { $count ->
    [one] Ещё { $count } пробел — на странице пробелов группы.
    [few] Ещё { $count } пробела — на странице пробелов группы.
   *[other] Ещё { $count } пробелов — на странице пробелов группы.
}

## Meetings
minutes_status-draft = Проект
minutes_status-circulated = Разослан
minutes_status-approved = Утверждён
attendance_response-no_answer = Нет ответа
attendance_response-attending = Будет
attendance_response-apologies = Не сможет
action_status-open = Открыто
action_status-done = Выполнено
action_status-dropped = Снято
agenda_item_kind-opening = Открытие
agenda_item_kind-previous_minutes = Протокол прошлого совещания
agenda_item_kind-action_item = Поручение
agenda_item_kind-activities = Мероприятия
agenda_item_kind-overlap = Возможное дублирование
agenda_item_kind-gaps = Пробелы
agenda_item_kind-other = Другое
agenda_item_kind-any_other_business = Разное
agenda_item_kind-next_meeting = Следующее совещание
meeting-agenda-opening = Открытие и утверждение повестки
meeting-agenda-previous-minutes = Утверждение протокола совещания { $day }
meeting-agenda-action = Поручение: { $what } (срок { $due })
meeting-agenda-activities = { $pillar }: мероприятия { $period }
meeting-agenda-overlap = Возможное дублирование: { $a } и { $b }
meeting-agenda-gaps = Где никто не работает, { $period }
meeting-agenda-aob = Разное
meeting-agenda-next = Дата и место следующего совещания
meeting-agenda-more = … и ещё { $count }
meeting-agenda-title = Повестка: { $title }
meeting-agenda-empty = Повестка ещё не составлена.
meeting-minutes-title = Протокол: { $title }
meeting-hosted-by = Организатор: { $org }
meeting-participants = Участники
meeting-decision = Решение
meeting-decisions = Решения
meeting-actions = Поручения
problem-out_of_range = должно быть от { $min } до { $max }
problem-unknown_agenda_item = в повестке нет пункта «{ $value }»
problem-duplicate = «{ $value }» указан дважды
problem-agenda_too_long = повестка длиннее { $max } минут
problem-unknown_decision = решения «{ $value }» нет
problem-minutes_not_circulated = сначала разошлите протокол, затем утверждайте
problem-minutes_approved = утверждённый протокол нельзя изменить
problem-bad_transition = протокол нельзя перевести в этот статус
problem-not_an_nth = «{ $value }» — не неделя месяца: first, second, third, fourth или last
problem-not_a_weekday = «{ $value }» — не день недели
problem-attach_only = чтобы привязать совещание к мероприятию, укажите только мероприятие
problem-unknown_activity = в группе нет мероприятия «{ $value }»
problem-not_a_meeting = это мероприятие — не координационное совещание
problem-approved_later = протокол утверждают на одном из следующих совещаний
problem-unknown_meeting = в группе нет такого совещания
problem-owner_changes_status = ответственный меняет только статус и примечание
problem-not_a_document_format = «{ $value }» — неподходящий формат: md или pdf
meeting-mail-invitation = Приглашение: { $title }
meeting-mail-updated = Изменено: { $title }
meeting-mail-cancelled = Отменено: { $title }
meeting-mail-answer = Совещание в календаре: { $url }
action-reminder-subject = Напоминание: { $what } (срок { $due })
action-reminder-text = Срок этого поручения координационной группы — { $due }: { $what } ({ $org }). Когда оно выполнено, закройте его в календаре: { $url }
meetings-heading = Совещания
meetings-none = Совещаний пока нет.
meetings-day = День
meetings-title = Название
meetings-agenda-items = Пунктов повестки
meetings-minutes = Протокол
meetings-no-actions = Поручений нет.
meetings-what = Что сделать
meetings-owner = Организация
meetings-due = Срок
meetings-mark-done = Выполнено
meetings-no-decisions = Доступных вам решений пока нет.
meetings-schedule = Назначить совещание
meetings-start = Начало (по времени группы)
meetings-length = Продолжительность, мин
meetings-host = Организатор
meetings-place = Место
meeting-page-in-calendar = в календаре
meeting-page-your-answer = Вы придёте?
meeting-page-agenda = Повестка
meeting-page-draft = Составить повестку по календарю
meeting-page-draft-help = Заменяет повестку: мероприятия ближайшего квартала, возможное дублирование, пробелы и открытые поручения.
meeting-page-invite = Разослать приглашения
meeting-page-invite-again = Разослать приглашения снова
meeting-page-invited = Отправлено приглашений: { $count }.
meeting-page-register = Участники
meeting-page-answer = Ответ
meeting-page-attended = Присутствовал(а)
meeting-page-came = был(а)
meeting-page-did-not-come = не был(а)
meeting-page-minutes = Протокол
meeting-page-minutes-not-yet = Протокол вам пока недоступен.
meeting-page-summary = Общая часть
meeting-page-decisions-help = Решения, по одному в строке
meeting-page-save-minutes = Сохранить протокол
meeting-page-circulate = Сохранить и разослать
meeting-page-approved-in = Утверждён на совещании
meeting-page-approve = Утвердить протокол
meeting-page-assign = Дать поручение
meeting-page-changed = Совещание успели изменить; вот оно в текущем виде. Внесите изменение снова.
meeting-page-edit-agenda = Изменить повестку
meeting-page-position = Порядок
meeting-page-length = Минут
meeting-page-remove = Убрать
meeting-page-new-item = Новый пункт
meeting-page-save-agenda = Сохранить повестку

weekday-long-1 = понедельник
weekday-long-2 = вторник
weekday-long-3 = среда
weekday-long-4 = четверг
weekday-long-5 = пятница
weekday-long-6 = суббота
weekday-long-7 = воскресенье
meetings-series = Повторять каждый квартал
meetings-series-count = Сколько встреч (1 — только эта)
meetings-series-nth = Какой по счёту
meetings-series-weekday = День недели
meetings-series-month = Месяц квартала
meetings-series-month-1 = первый месяц (январь, апрель, июль, октябрь)
meetings-series-month-2 = второй месяц (февраль, май, август, ноябрь)
meetings-series-month-3 = третий месяц (март, июнь, сентябрь, декабрь)
meetings-series-help = Если встреч больше одной, первая приходится на выбранный день в дату начала или позже, затем по одной в квартал, каждая во время начала.
meetings-nth-first = первый
meetings-nth-second = второй
meetings-nth-third = третий
meetings-nth-fourth = четвёртый
meetings-nth-last = последний
meeting-page-published = Опубликовано: эту встречу, её повестку и утверждённый протокол видят и те, кто не входит в группу.
meeting-page-not-published = Эту встречу видят только участники группы.
meeting-page-publish = Опубликовать
meeting-page-unpublish = Снять с публикации
meeting-page-publish-not-public = Встреча не публична в календаре, поэтому публикация никому вне группы её не покажет, пока её видимость не станет публичной.
meeting-page-guest = Пришедший гость
meeting-page-save-register = Сохранить список присутствующих
meeting-page-markdown-help = Markdown: **жирный**, *курсив*, списки через -, ссылки как [текст](https://…).
meetings-visibility = Кто видит встречу в календаре

## Import and export
import-heading = Импорт и экспорт
import-upload-heading = Импорт файла
import-help = Файл мероприятий IATI (XML), таблица 3W с тегами HXL в формате CSV или JSON jointcal. Сначала вы увидите, что произойдёт; ничего не записывается до подтверждения. Повторный импорт того же файла ничего не меняет.
import-file = Файл
import-format = Формат
import-format-auto = Определить по файлу
import-format-xlsx = Таблица 3W с HXL (Excel)
import-format-csv = Таблица 3W с HXL (CSV)
import-on-error = Если запись отклонена
import-on-error-abort = Ничего не импортировать
import-on-error-skip = Импортировать правильные записи
import-kind = Вид мероприятий, если из текста он не ясен
import-check = Проверить файл
import-preview = Что сделает импорт
import-done = Что сделал импорт
import-count-records = Прочитано записей
import-count-orgs = Добавлено организаций
import-outcome-create = Новые
import-outcome-update = Изменённые
import-outcome-unchanged = Без изменений
import-outcome-left-alone = Не тронуты (удалены здесь)
import-outcome-filtered = Отсеяны фильтрами
import-outcome-duplicate = Повторы
import-outcome-rejected = Отклонены
import-confirm = Импортировать
import-confirm-skip = Импортировать правильные записи, пропустить отклонённые
import-refused-abort = Некоторые записи отклонены (список ниже): исправьте файл и проверьте снова или импортируйте только правильные записи.
import-nothing-to-do = Ничего не изменится: в календаре уже есть эти мероприятия в том виде, как в файле.
import-lines-caption = Запись за записью (сначала отклонённые)
import-col-where = Файл:строка
import-col-outcome = Итог
import-col-key = Идентификатор
import-col-what = Название или причина
import-col-notes = Что было угадано
import-more-lines = Ещё { $count } записей здесь не показаны.
import-no-file = Выберите файл для импорта.
import-too-large = Файл больше, чем сервер принимает через страницу ({ $bytes } байт); попросите администратора импортировать его командой jointcal import.
export-heading = Экспорт
export-help = Мероприятия, которые вам видны: в формате IATI 2.03 (для инструментов IATI; места чувствительных мероприятий — на уровне области), таблицей 3W с тегами HXL (для таблиц и инструментов HXL) или в JSON.
