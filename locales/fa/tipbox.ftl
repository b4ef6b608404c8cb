# صفحه‌های tipbox برای منبع‌ها: فارسی.

site-name = صندوق امن ارسال خبر
skip-to-content = رفتن به محتوا
nav-home = خانه
nav-submit = ارسال خبر
language-picker = زبان
footer-privacy = این سایت کوکی نمی‌گذارد، چیزی از سایت‌های دیگر بارگیری نمی‌کند و با جاوااسکریپتِ خاموش هم کار می‌کند.

landing-title = خبر خود را برای تحریریه بفرستید
landing-intro = می‌توانید برای ما پیام و فایل بفرستید. به حساب کاربری نیازی نیست و ما هرگز نام شما را نمی‌پرسیم.
landing-expect-heading = چه انتظاری داشته باشید
landing-expect-no-tracking = این سایت کوکی نمی‌گذارد، چیزی از سایت‌های دیگر بارگیری نمی‌کند و نشانی IP، مرورگر یا زمان دقیق بازدید شما را ثبت نمی‌کند.
landing-expect-tor = از مرورگر تور استفاده کنید. برای بیشترین محافظت، سطح امنیت آن را روی «امن‌ترین» بگذارید: این فرم بدون جاوااسکریپت هم کار می‌کند.
landing-protect-heading = خبر شما چگونه محافظت می‌شود
landing-protect-encrypted = خبر شما پیش از ذخیره شدن با کلیدهای تحریریه رمزگذاری می‌شود. این سرور نمی‌تواند آن را بخواند و کسی هم که سرور را توقیف کند نمی‌تواند.
landing-protect-nojs = اگر جاوااسکریپت روشن باشد، مرورگر شما خبر را پیش از ارسال رمزگذاری می‌کند. اگر خاموش باشد، سرور آن را هنگام دریافت در حافظه رمزگذاری می‌کند و هرگز نسخهٔ رمزنشده را روی دیسک نمی‌نویسد.
landing-protect-offline = روزنامه‌نگاران خبرها را روی رایانه‌ای رمزگشایی می‌کنند که هرگز به اینترنت وصل نمی‌شود.
landing-before-heading = پیش از ارسال
landing-before-metadata = فایل‌ها ممکن است اطلاعات پنهانی دربارهٔ شما داشته باشند، مانند نام نویسنده، دستگاه استفاده‌شده یا جای گرفتن عکس. اگر می‌توانید آن‌ها را پاک کنید، یا به‌جای آن سند را توصیف کنید.
landing-before-device = از رایانه، تلفن یا شبکه‌ای که متعلق به کارفرمای شماست استفاده نکنید.
landing-keys-heading = اثر انگشت کلیدهای تحریریه
landing-keys-explain = خبرها با این کلیدها رمزگذاری می‌شوند. اگر تحریریه اثر انگشت‌های خود را جای دیگری منتشر کرده است، بررسی کنید که یکسان باشند.
landing-continue = رفتن به فرم

submit-title = ارسال خبر
submit-message-label = پیام شما
submit-message-hint = بگویید چه می‌دانید و چرا مهم است. حداکثر { $limit } متن.
submit-files-legend = فایل‌ها (اختیاری)
submit-files-hint = در هر قسمت می‌توانید چند فایل انتخاب کنید. روی هم حداکثر { $limit }.
submit-file-label = فایل { $number }
submit-nojs-note = اگر جاوااسکریپت در مرورگر شما خاموش باشد، این سرور خبر شما را هنگام دریافت و پیش از ذخیره در حافظه رمزگذاری می‌کند. نسخهٔ رمزنشده هرگز روی دیسک نوشته نمی‌شود.
submit-wait-note = بارگذاری فایل‌های بزرگ از راه تور زمان زیادی می‌برد. تا دیدن پیام تأیید، این صفحه را باز نگه دارید.
submit-button = ارسال امن خبر

received-title = خبر دریافت شد
received-body = خبر شما رمزگذاری و ذخیره شد. روزنامه‌نگاران آن را روی رایانه‌ای می‌خوانند که به اینترنت وصل نیست.
received-nojs = جاوااسکریپت خاموش بود، پس این سرور خبر شما را هنگام دریافت در حافظه رمزگذاری کرد. نسخهٔ رمزنشده هرگز روی دیسک نوشته نشد.
received-next = اکنون می‌توانید این صفحه را ببندید. برای پاک کردن ردّ بازدیدتان، مرورگر تور را ببندید یا «هویت جدید» را انتخاب کنید.
received-another = ارسال خبری دیگر

error-nothing-stored = هیچ چیزی ذخیره نشد.
error-back = بازگشت به فرم
error-too-large-title = خبر شما بیش از حد بزرگ است
error-too-large-body = این تحریریه خبرهایی تا حداکثر { $limit } را می‌پذیرد. فایل‌های کمتر یا کوچک‌تری بفرستید، یا آن‌ها را در چند خبر جداگانه ارسال کنید.
error-message-too-long-title = پیام شما بیش از حد طولانی است
error-message-too-long-body = پیام می‌تواند حداکثر { $limit } متن باشد. آن را کوتاه کنید یا متن را به شکل فایل پیوست کنید.
error-full-title = فضای ذخیره‌سازی تحریریه پر است
error-full-body = سرور در حال حاضر جایی برای خبرهای تازه ندارد. لطفاً چند روز دیگر دوباره تلاش کنید.
error-busy-title = سرور مشغول است
error-busy-body = در این لحظه خبرهای زیادی در حال بارگذاری است. چند دقیقه صبر کنید و خبر خود را دوباره بفرستید.
error-malformed-title = فرم خوانده نشد
error-malformed-body = بارگذاری ناقص یا خراب بود. لطفاً برگردید و دوباره بفرستید.
error-empty-title = خبر شما خالی است
error-empty-body = یک پیام بنویسید یا دست‌کم یک فایل پیوست کنید.
error-not-found-title = صفحه پیدا نشد
error-not-found-body = در این نشانی صفحه‌ای وجود ندارد. نشانی را از نظر غلط تایپی بررسی کنید یا از صفحهٔ خانه شروع کنید.
error-method-title = این کار اینجا ممکن نیست
error-method-body = از این صفحه نمی‌توان این‌گونه استفاده کرد. از صفحهٔ خانه دوباره شروع کنید.
error-internal-title = مشکلی پیش آمد
error-internal-body = به دلیل یک خطای داخلی، سرور نتوانست خبر شما را ذخیره کند. لطفاً بعداً دوباره تلاش کنید.

tor2web-title = لطفاً از مرورگر تور استفاده کنید
tor2web-body = شما از راه یک دروازهٔ Tor2web به این سایت رسیده‌اید. این دروازه هر چه بفرستید را می‌بیند و می‌تواند بفهمد شما کیستید، برای همین این سایت خبرها را از راه آن نمی‌پذیرد.
tor2web-action = مرورگر تور را از torproject.org بارگیری کنید و سپس نشانی .onion این سایت را در آن باز کنید.

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
