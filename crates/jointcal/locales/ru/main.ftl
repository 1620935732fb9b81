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
