# صفحات tipbox للمصادر: العربية.

site-name = صندوق آمن لإرسال المعلومات
skip-to-content = انتقل إلى المحتوى
nav-home = الرئيسية
nav-submit = أرسل معلومة
language-picker = اللغة
footer-privacy = لا يضع هذا الموقع ملفات تعريف الارتباط، ولا يحمّل أي شيء من مواقع أخرى، ويعمل مع تعطيل جافاسكريبت.

landing-title = أرسل معلومة إلى غرفة الأخبار
landing-intro = يمكنك أن ترسل إلينا رسالة وملفات. لا تحتاج إلى حساب، ولن نسألك أبدًا عن اسمك.
landing-expect-heading = ما الذي تتوقعه
landing-expect-no-tracking = لا يضع هذا الموقع ملفات تعريف الارتباط، ولا يحمّل شيئًا من مواقع أخرى، ولا يسجّل عنوان IP الخاص بك أو متصفحك أو الوقت الدقيق لزيارتك.
landing-expect-tor = استخدم متصفح تور. للحصول على أقوى حماية، اضبط مستوى الأمان فيه على «الأكثر أمانًا»: هذا النموذج يعمل من دون جافاسكريبت.
landing-protect-heading = كيف تُحمى معلومتك
landing-protect-encrypted = تُشفَّر معلومتك بمفاتيح غرفة الأخبار قبل تخزينها. لا يستطيع هذا الخادم قراءتها، ولا يستطيع ذلك من يصادره.
landing-protect-nojs = عند تفعيل جافاسكريبت، يشفّر متصفحك المعلومة قبل إرسالها. وعند تعطيله، يشفّرها الخادم في الذاكرة أثناء وصولها ولا يكتب النسخة غير المشفّرة على القرص أبدًا.
landing-protect-offline = يفك الصحفيون تشفير المعلومات على حاسوب لا يتصل بالإنترنت أبدًا.
landing-before-heading = قبل الإرسال
landing-before-metadata = قد تحتوي الملفات على بيانات مخفية عنك، مثل اسم المؤلف أو الجهاز المستخدم أو مكان التقاط الصورة. احذفها إن استطعت، أو صِف المستند بدلًا من إرساله.
landing-before-device = لا تستخدم حاسوبًا أو هاتفًا أو شبكة تعود إلى جهة عملك.
landing-keys-heading = بصمات مفاتيح غرفة الأخبار
landing-keys-explain = تُشفَّر المعلومات بهذه المفاتيح. إذا نشرت غرفة الأخبار بصماتها في مكان آخر، فتحقق من تطابقها.
landing-continue = انتقل إلى النموذج

submit-title = أرسل معلومة
submit-message-label = رسالتك
submit-message-hint = أخبرنا بما تعرفه ولماذا هو مهم. حتى { $limit } من النص.
submit-files-legend = الملفات (اختياري)
submit-files-hint = يمكنك اختيار عدة ملفات في كل حقل. حتى { $limit } إجمالًا.
submit-file-label = الملف { $number }
submit-nojs-note = إذا كان جافاسكريبت معطّلًا في متصفحك، يشفّر هذا الخادم معلومتك في الذاكرة أثناء وصولها وقبل تخزينها. لا تُكتب النسخة غير المشفّرة على القرص أبدًا.
submit-wait-note = يستغرق رفع الملفات الكبيرة عبر تور وقتًا طويلًا. أبقِ هذه الصفحة مفتوحة حتى ترى رسالة التأكيد.
submit-button = أرسل المعلومة بأمان

received-title = وصلت المعلومة
received-body = شُفّرت معلومتك وخُزّنت. سيقرؤها الصحفيون على حاسوب غير متصل بالإنترنت.
received-nojs = كان جافاسكريبت معطّلًا، لذلك شفّر هذا الخادم معلومتك في الذاكرة أثناء وصولها. لم تُكتب النسخة غير المشفّرة على القرص أبدًا.
received-next = يمكنك إغلاق هذه الصفحة الآن. لإزالة آثار زيارتك، أغلق متصفح تور أو اختر «هوية جديدة».
received-another = أرسل معلومة أخرى

error-nothing-stored = لم يُخزَّن أي شيء.
error-back = العودة إلى النموذج
error-too-large-title = معلومتك كبيرة جدًا
error-too-large-body = تقبل غرفة الأخبار هذه معلومات يصل حجمها الإجمالي إلى { $limit }. أرسل ملفات أقل عددًا أو أصغر حجمًا، أو وزّعها على عدة رسائل.
error-message-too-long-title = رسالتك طويلة جدًا
error-message-too-long-body = يمكن أن تصل الرسالة إلى { $limit } من النص. اختصرها أو أرفق النص كملف.
error-full-title = مساحة تخزين غرفة الأخبار ممتلئة
error-full-body = لا توجد لدى الخادم مساحة لمعلومات جديدة الآن. يُرجى المحاولة مجددًا بعد بضعة أيام.
error-busy-title = الخادم مشغول
error-busy-body = يجري رفع عدد كبير جدًا من المعلومات في هذه اللحظة. انتظر بضع دقائق ثم أرسل معلومتك مجددًا.
error-malformed-title = تعذّرت قراءة النموذج
error-malformed-body = كان الرفع غير مكتمل أو تالفًا. يُرجى العودة وإرساله مجددًا.
error-empty-title = معلومتك فارغة
error-empty-body = اكتب رسالة أو أرفق ملفًا واحدًا على الأقل.
error-not-found-title = الصفحة غير موجودة
error-not-found-body = لا توجد صفحة على هذا العنوان. تحقق من خلوّه من الأخطاء الإملائية، أو ابدأ من الصفحة الرئيسية.
error-method-title = هذا الإجراء غير ممكن هنا
error-method-body = لا يمكن استخدام هذه الصفحة بهذه الطريقة. ابدأ من جديد من الصفحة الرئيسية.
error-internal-title = حدث خطأ ما
error-internal-body = تعذّر على الخادم تخزين معلومتك بسبب خطأ داخلي. يُرجى المحاولة لاحقًا.

tor2web-title = يُرجى استخدام متصفح تور
tor2web-body = وصلت إلى هذا الموقع عبر بوابة Tor2web. ترى البوابة كل ما ترسله ويمكنها معرفة هويتك، لذلك لا يقبل هذا الموقع المعلومات عبرها.
tor2web-action = نزّل متصفح تور من torproject.org، ثم افتح فيه عنوان ‎.onion الخاص بهذا الموقع.

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
