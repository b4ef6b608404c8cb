# Страницы tipbox для источников: русский.

site-name = Защищённый ящик для сообщений
skip-to-content = Перейти к содержанию
nav-home = Главная
nav-submit = Отправить сообщение
language-picker = Язык
footer-privacy = Этот сайт не использует cookie, ничего не загружает с других сайтов и работает с отключённым JavaScript.

landing-title = Отправьте сообщение в редакцию
landing-intro = Вы можете отправить нам текст и файлы. Учётная запись не нужна, и мы никогда не спросим ваше имя.
landing-expect-heading = Что нужно знать
landing-expect-no-tracking = Этот сайт не использует cookie, ничего не загружает с других сайтов и не записывает ваш IP-адрес, браузер или точное время визита.
landing-expect-tor = Используйте Tor Browser. Для наилучшей защиты установите уровень безопасности «Наиболее безопасный»: эта форма работает без JavaScript.
landing-protect-heading = Как защищено ваше сообщение
landing-protect-encrypted = Ваше сообщение шифруется ключами редакции до того, как оно будет сохранено. Этот сервер не может его прочитать, как и тот, кто изъял бы сервер.
landing-protect-nojs = Если JavaScript включён, ваш браузер шифрует сообщение перед отправкой. Если JavaScript отключён, сервер шифрует его в памяти по мере получения и никогда не записывает незашифрованное сообщение на диск.
landing-protect-offline = Журналисты расшифровывают сообщения на компьютере, который никогда не подключается к интернету.
landing-before-heading = Перед отправкой
landing-before-metadata = Файлы могут содержать скрытые сведения о вас, например имя автора, использованное устройство или место съёмки фотографии. По возможности удалите их или вместо файла опишите документ.
landing-before-device = Не пользуйтесь компьютером, телефоном или сетью, принадлежащими вашему работодателю.
landing-keys-heading = Отпечатки ключей редакции
landing-keys-explain = Сообщения шифруются этими ключами. Если редакция публикует свои отпечатки где-то ещё, проверьте, что они совпадают.
landing-continue = Перейти к форме

submit-title = Отправить сообщение
submit-message-label = Ваше сообщение
submit-message-hint = Расскажите, что вам известно и почему это важно. Не более { $limit } текста.
submit-files-legend = Файлы (необязательно)
submit-files-hint = В каждом поле можно выбрать несколько файлов. Всего не более { $limit }.
submit-file-label = Файл { $number }
submit-nojs-note = Если в вашем браузере отключён JavaScript, этот сервер шифрует ваше сообщение в памяти по мере получения, до сохранения. Незашифрованное сообщение никогда не записывается на диск.
submit-wait-note = Большие файлы загружаются через Tor долго. Не закрывайте эту страницу, пока не увидите подтверждение.
submit-button = Отправить защищённо

received-title = Сообщение получено
received-body = Ваше сообщение зашифровано и сохранено. Журналисты прочитают его на компьютере, не подключённом к интернету.
received-nojs = JavaScript был отключён, поэтому этот сервер зашифровал ваше сообщение в памяти по мере получения. Незашифрованное сообщение ни разу не записывалось на диск.
received-next = Теперь эту страницу можно закрыть. Чтобы удалить следы визита, закройте Tor Browser или выберите «Новая личность».
received-another = Отправить ещё одно сообщение

error-nothing-stored = Ничего не сохранено.
error-back = Вернуться к форме
error-too-large-title = Сообщение слишком большое
error-too-large-body = Редакция принимает сообщения общим объёмом не более { $limit }. Отправьте меньше файлов или файлы поменьше либо разделите их на несколько сообщений.
error-message-too-long-title = Текст слишком длинный
error-message-too-long-body = Текст сообщения может занимать не более { $limit }. Сократите его или приложите текст файлом.
error-full-title = Хранилище редакции заполнено
error-full-body = Сейчас на сервере нет места для новых сообщений. Попробуйте снова через несколько дней.
error-busy-title = Сервер занят
error-busy-body = Сейчас загружается слишком много сообщений. Подождите несколько минут и отправьте сообщение снова.
error-malformed-title = Не удалось прочитать форму
error-malformed-body = Загрузка прервалась или повреждена. Вернитесь назад и отправьте снова.
error-empty-title = Сообщение пустое
error-empty-body = Напишите текст или приложите хотя бы один файл.
error-not-found-title = Страница не найдена
error-not-found-body = По этому адресу нет страницы. Проверьте, нет ли в нём опечаток, или начните с главной страницы.
error-method-title = Это действие здесь невозможно
error-method-body = Эту страницу нельзя использовать таким образом. Начните заново с главной страницы.
error-internal-title = Что-то пошло не так
error-internal-body = Из-за внутренней ошибки сервер не смог сохранить ваше сообщение. Попробуйте позже.

tor2web-title = Пожалуйста, используйте Tor Browser
tor2web-body = Вы зашли на этот сайт через шлюз Tor2web. Шлюз видит всё, что вы отправляете, и может узнать, кто вы, поэтому этот сайт не принимает через него сообщения.
tor2web-action = Скачайте Tor Browser с torproject.org и откройте в нём .onion-адрес этого сайта.

# Two-way conversations (issue 5): ENGLISH TEXT until translated; the
# translators replace these lines.
landing-expect-replies = If you want the newsroom to answer, tick “I want replies” on the form: you get a codename of 7 words, and with it you can read replies and send more on the “I have a codename” page.
nav-codename = I have a codename
submit-reply-label = I want replies: give me a codename
submit-reply-hint = You will be shown a codename of 7 words. With it you can read the newsroom’s replies and send more later. Nobody can recover it for you.
received-codename-heading = Your codename
received-codename-instruction = Write this codename down now, on paper, and keep it somewhere safe. It is shown only this once. Anyone who has it can read the newsroom’s replies to you.
confirm-label = To make sure you wrote it down, type your codename here
confirm-button = Confirm
confirm-ok-title = Codename confirmed
confirm-ok-body = You typed your codename correctly. Use it on the “I have a codename” page to read replies and send more.
confirm-mismatch = What you typed does not match your codename. Check what you wrote down and try again.
followup-received-body = Your follow-up was encrypted and stored with your earlier messages.
codename-title = I have a codename
codename-label = Your codename
codename-hint = Capital letters, extra spaces and line breaks do not matter.
codename-nojs-note = With JavaScript off, this server works out your mailbox keys from your codename in memory, for this one request only, and forgets them when the page is sent.
codename-button = Open my mailbox
inbox-title = Your mailbox
inbox-no-replies = No replies yet.
inbox-reply-heading = Reply from the newsroom
inbox-reply-date = Sent { $date }
inbox-download = Download
inbox-delete = Delete this reply
inbox-deleted = The reply was deleted.
inbox-followup-heading = Send more to the newsroom
inbox-followup-button = Send securely
inbox-forget-heading = Delete my mailbox
inbox-forget-body = This deletes your mailbox and every reply in it. The newsroom can no longer answer you, and your codename stops working.
inbox-forget-confirm = Yes, delete my mailbox
inbox-forget-button = Delete my mailbox
inbox-forget-unconfirmed = Tick the box to confirm that you want to delete your mailbox. Nothing was deleted.
inbox-forgotten-title = Mailbox deleted
inbox-forgotten-body = Your mailbox and its replies were deleted.
error-codename-title = That is not a valid codename
error-codename-count = A codename has 7 words; you typed { $count }.
error-codename-word = “{ $word }” is not a codename word. Check its spelling against what you wrote down.
