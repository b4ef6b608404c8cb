# tipbox source pages: Pashto.
# Written by the developers with machine assistance; not yet reviewed by a
# native speaker (locales/STATUS.md). Short plain sentences, for easy review.

site-name = خوندي د خبر بکس
skip-to-content = منځپانګې ته لاړ شئ
nav-home = لومړی مخ
nav-submit = خبر ولېږئ
language-picker = ژبه
unreviewed-notice = دا ژباړه لا تر اوسه د یوه مورنۍ ژبې ویونکي له خوا نه ده کتل شوې.
footer-privacy = دا سایټ کوکي نه ږدي، له نورو سایټونو څه نه راوړي، او JavaScript بند وي هم کار کوي.

landing-title = خبرونې ته خبر ولېږئ
landing-intro = تاسو موږ ته پیغام او فایلونه لېږلای شئ. حساب ته اړتیا نشته، او موږ به هېڅکله ستاسو نوم ونه پوښتو.
landing-expect-heading = څه تمه وکړئ
landing-expect-no-tracking = دا سایټ کوکي نه ږدي او له نورو سایټونو څه نه راوړي. ستاسو IP پته، براوزر یا د راتګ دقیق وخت نه ثبتوي.
landing-expect-tor = Tor Browser وکاروئ. د تر ټولو قوي ساتنې لپاره، د امنیت کچه یې ”تر ټولو خوندي“ کړئ: دا فورمه بې له JavaScript کار کوي.
landing-expect-replies = که غواړئ خبرونه تاسو ته ځواب درکړي، په فورمه کې ”ځواب غواړم“ نښه کړئ. تاسو به د ۷ کلمو یو رمزي نوم ترلاسه کړئ. له هغه سره د ”رمزي نوم لرم“ په مخ کې ځوابونه لوستلای او نور لېږلای شئ.
landing-protect-heading = ستاسو خبر څنګه ساتل کېږي
landing-protect-encrypted = ستاسو خبر له ساتلو مخکې د خبرونې په کلیدونو کوډ کېږي. دا سرور یې نه شي لوستلای، او څوک چې یې ونیسي هم نه شي لوستلای.
landing-protect-nojs = که JavaScript چالان وي، ستاسو براوزر خبر له لېږلو مخکې کوډ کوي. که JavaScript بند وي، سرور یې د راتګ پر مهال په حافظه کې کوډ کوي او ناکوډ شوی خبر هېڅکله ډیسک ته نه لیکي.
landing-protect-offline = خبریالان خبرونه په داسې کمپیوټر پرانیزي چې هېڅکله له انټرنېټ سره نه نښلي.
landing-before-heading = له لېږلو مخکې
landing-before-metadata = فایلونه کېدای شي ستاسو په اړه پټ معلومات ولري، لکه د لیکوال نوم، کارول شوې وسیله یا د عکس ځای. که کولای شئ لرې یې کړئ، یا د سند تشریح ولیکئ.
landing-before-device = د خپل کارګمارونکي کمپیوټر، ټیلیفون یا شبکه مه کاروئ.
landing-keys-heading = د خبرونې د کلیدونو ګوتنښې
landing-keys-explain = خبرونه په دې کلیدونو کوډ کېږي. که خبرونه خپلې ګوتنښې بل ځای هم خپروي، وګورئ چې سره سمې دي.
landing-continue = فورمې ته لاړ شئ

submit-title = خبر ولېږئ
submit-message-label = ستاسو پیغام
submit-message-hint = ووایئ چې څه پوهېږئ او ولې مهم دي. تر { $limit } متن.
submit-files-legend = فایلونه (اختیاري)
submit-files-hint = په هره خانه کې څو فایلونه ټاکلای شئ. ټول تر { $limit }.
submit-file-label = فایل { $number }
submit-nojs-note = که ستاسو په براوزر کې JavaScript بند وي، دا سرور ستاسو خبر د راتګ پر مهال، له ساتلو مخکې، په حافظه کې کوډ کوي. ناکوډ شوی خبر هېڅکله ډیسک ته نه لیکل کېږي.
submit-wait-note = لوی فایلونه د Tor له لارې ډېر وخت نیسي. دا مخ تر هغه پرانیستی وساتئ چې تایید ووینئ.
submit-button = په خوندي ډول یې ولېږئ

received-title = خبر ترلاسه شو
received-body = ستاسو خبر کوډ او وساتل شو. خبریالان به یې په داسې کمپیوټر ولولي چې له انټرنېټ سره نه دی نښلول شوی.
received-nojs = JavaScript بند و، نو دې سرور ستاسو خبر د راتګ پر مهال په حافظه کې کوډ کړ. ناکوډ شوی خبر هېڅکله ډیسک ته نه دی لیکل شوی.
received-next = اوس دا مخ تړلای شئ. د خپل راتګ د نښو د پاکولو لپاره Tor Browser وتړئ یا ”نوی هویت“ وټاکئ.
received-another = بل خبر ولېږئ

error-nothing-stored = هېڅ شی ونه ساتل شو.
error-back = فورمې ته بېرته
error-message-kept = ستاسو پیغام لکه څنګه چې مو لیکلی و په لاندې فورمه کې ساتل شوی دی. فایلونه نه ساتل کېږي: د لېږلو مخکې یې بیا وټاکئ.
error-too-large-title = ستاسو خبر ډېر لوی دی
error-too-large-body = دا خبرونه ټول تر { $limit } پورې خبرونه مني. لږ یا کوچني فایلونه ولېږئ، یا یې په څو خبرونو ووېشئ.
error-message-too-long-title = ستاسو پیغام ډېر اوږد دی
error-message-too-long-body = یو پیغام تر { $limit } متن کېدای شي. لنډ یې کړئ، یا متن د فایل په توګه ضمیمه کړئ.
error-full-title = د خبرونې ځای ډک دی
error-full-body = سرور اوس د نویو خبرونو لپاره ځای نه لري. مهرباني وکړئ څو ورځې وروسته بیا هڅه وکړئ.
error-busy-title = سرور بوخت دی
error-busy-body = په دې شېبه کې ډېر خبرونه پورته کېږي. مهرباني وکړئ څو دقیقې انتظار وکړئ او بیا یې ولېږئ.
error-malformed-title = فورمه ونه لوستل شوه
error-malformed-body = پورته کول نیمګړی یا خراب و. مهرباني وکړئ بېرته لاړ شئ او بیا یې ولېږئ.
error-empty-title = ستاسو خبر تش دی
error-empty-body = پیغام ولیکئ یا لږ تر لږه یو فایل ضمیمه کړئ.
error-not-found-title = مخ ونه موندل شو
error-not-found-body = په دې پته کوم مخ نشته. د لیکلو تېروتنې وګورئ، یا له لومړي مخ پیل وکړئ.
error-method-title = دا کار دلته نه شي کېدای
error-method-body = دا مخ په دې ډول نه شي کارول کېدای. له لومړي مخ بیا پیل وکړئ.
error-internal-title = یوه ستونزه پېښه شوه
error-internal-body = سرور د یوې دننۍ تېروتنې له امله ستاسو خبر ونه شو ساتلای. مهرباني وکړئ وروسته بیا هڅه وکړئ.

tor2web-title = مهرباني وکړئ Tor Browser وکاروئ
tor2web-body = تاسو دې سایټ ته د Tor2web دروازې له لارې راغلي یاست. دروازه هر هغه څه ویني چې تاسو یې لېږئ او پوهېدای شي چې تاسو څوک یاست، نو دا سایټ د هغې له لارې خبرونه نه مني.
tor2web-action = Tor Browser له torproject.org څخه ښکته کړئ، بیا پکې د دې سایټ .onion پته پرانیزئ.

nav-codename = رمزي نوم لرم
submit-reply-label = ځواب غواړم: رمزي نوم راکړئ
submit-reply-hint = تاسو ته به د ۷ کلمو یو رمزي نوم وښودل شي. له هغه سره د خبرونې ځوابونه لوستلای او وروسته نور لېږلای شئ. هېڅوک یې ستاسو لپاره بېرته نه شي راګرځولای.
received-codename-heading = ستاسو رمزي نوم
received-codename-instruction = دا رمزي نوم همدا اوس پر کاغذ ولیکئ او په خوندي ځای کې یې وساتئ. یوازې همدا یو ځل ښودل کېږي. هر څوک چې یې ولري، تاسو ته د خبرونې ځوابونه لوستلای شي.
confirm-label = د ډاډ لپاره چې لیکلی مو دی، خپل رمزي نوم دلته ولیکئ
confirm-button = تایید
confirm-ok-title = رمزي نوم تایید شو
confirm-ok-body = تاسو خپل رمزي نوم سم ولیکه. د ځوابونو لوستلو او نور لېږلو لپاره یې د ”رمزي نوم لرم“ په مخ کې وکاروئ.
confirm-mismatch = څه چې مو ولیکل له رمزي نوم سره سمون نه خوري. خپل لیکلی وګورئ او بیا هڅه وکړئ.
followup-received-body = ستاسو بل پیغام کوډ او ستاسو له پخوانیو پیغامونو سره وساتل شو.
codename-title = رمزي نوم لرم
codename-label = ستاسو رمزي نوم
codename-hint = لوی توري، زیاتې تشې او نوې کرښې توپیر نه کوي.
codename-nojs-note = که JavaScript بند وي، دا سرور ستاسو د لیکبکس کلیدونه له رمزي نوم څخه په حافظه کې، یوازې د همدې غوښتنې لپاره، جوړوي او د مخ له لېږلو سره یې هېروي.
codename-button = زما لیکبکس پرانیزئ
inbox-title = ستاسو لیکبکس
inbox-no-replies = لا تر اوسه ځواب نشته.
inbox-reply-heading = د خبرونې ځواب
inbox-reply-date = لېږل شوی { $date }
inbox-download = ښکته کول
inbox-delete = دا ځواب ړنګ کړئ
inbox-deleted = ځواب ړنګ شو.
inbox-unreadable = دا ځواب ستاسو په رمزي نوم خلاص نه شو: ښايي خراب شوی وي. ړنګ يې کړئ او له خبرونې وغواړئ چې بيا يې واستوي.
inbox-followup-heading = خبرونې ته نور ولېږئ
inbox-followup-button = په خوندي ډول یې ولېږئ
inbox-forget-heading = زما لیکبکس ړنګ کړئ
inbox-forget-body = دا کار ستاسو لیکبکس او په کې ټول ځوابونه ړنګوي. خبرونه به نور تاسو ته ځواب ونه شي درکولای، او ستاسو رمزي نوم به کار پرېږدي.
inbox-forget-confirm = هو، زما لیکبکس ړنګ کړئ
inbox-forget-button = زما لیکبکس ړنګ کړئ
inbox-forget-unconfirmed = د لیکبکس د ړنګولو د تایید لپاره خانه نښه کړئ. هېڅ شی ړنګ نه شو.
inbox-forgotten-title = لیکبکس ړنګ شو
inbox-forgotten-body = ستاسو لیکبکس او د هغه ځوابونه ړنګ شول.
error-codename-title = دا سم رمزي نوم نه دی
error-codename-count = رمزي نوم ۷ کلمې لري؛ تاسو { $count ->
    [one] { $count } کلمه
   *[other] { $count } کلمې
} ولیکلې.
error-codename-word = ”{ $word }“ د رمزي نوم کلمه نه ده. لیکدود یې له خپل لیکلي سره پرتله کړئ.

js-preparing = ستاسو خبر په دې براوزر کې کوډ کېږي…
js-progress = له {"{"}total{"}"} څخه {"{"}sent{"}"} کوډ او ولېږل شول
js-remaining = شاوخوا {"{"}time{"}"} پاتې
js-retrying = اړیکه پرې شوه. په {"{"}time{"}"} کې بیا هڅه کېږي؛ څه چې لېږل شوي ورک نه دي.
js-received = ستاسو خبر په براوزر کې کوډ شو او خبرونې ترلاسه کړ.
js-failed = ستاسو خبر ونه لېږل شو: {"{"}reason{"}"}
js-empty = مهرباني وکړئ پیغام ولیکئ یا فایل وټاکئ.
js-refused-too-large = دا خبرونه ټول تر {"{"}limit{"}"} پورې خبرونه مني. لږ یا کوچني فایلونه ولېږئ، یا یې په څو خبرونو ووېشئ.
js-refused-full = سرور اوس د نویو خبرونو لپاره ځای نه لري. مهرباني وکړئ څو ورځې وروسته بیا هڅه وکړئ.
js-codename-heading = ستاسو رمزي نوم
js-codename-write-down = دا رمزي نوم همدا اوس پر کاغذ، لکه څنګه چې ښودل شوی، دقیق ولیکئ. یوازې همدا یو ځل ښودل کېږي او بېرته نه راګرځي. له هغه سره د خبرونې ځوابونه لوستلای او وروسته نور لېږلای شئ (”رمزي نوم لرم“). هر څوک چې یې ولري ځوابونه لوستلای شي: پټ یې وساتئ او له دې وسیلې لرې.
js-codename-retype = د تایید لپاره چې لیکلی مو دی، خپل رمزي نوم دلته ولیکئ:
js-codename-confirm = ما ولیکه: خبر مې ولېږئ
js-codename-cancel = لغوه
js-codename-mismatch = دا هغه رمزي نوم نه دی چې پورته ښودل شوی. له خپل لیکلي سره یې کلمه په کلمه پرتله کړئ.
js-codename-deriving = ستاسو د رمزي نوم کلیدونه په دې براوزر کې چمتو کېږي (څو ثانیې نیسي)…
js-codename-count = رمزي نوم ۷ کلمې لري؛ تاسو {"{"}count{"}"} ولیکلې.
js-codename-word = ”{"{"}word{"}"}“ د رمزي نوم کلمه نه ده. لیکدود یې له خپل لیکلي سره پرتله کړئ.
js-inbox-opening = ستاسو لیکبکس په دې براوزر کې پرانیستل کېږي. ستاسو رمزي نوم په همدې براوزر کې پاتې کېږي؛ سرور یوازې کوډ شوي ځوابونه لري.
js-inbox-heading = د خبرونې ځوابونه
js-inbox-empty = لا تر اوسه ځواب نشته.
js-inbox-received = ترلاسه شوی {"{"}date{"}"}
js-inbox-undecryptable = دا ځواب په دې براوزر کې پرانیستل نه شو: {"{"}reason{"}"}
js-inbox-download = {"{"}name{"}"} ښکته کړئ ({"{"}size{"}"})
js-inbox-delete = دا ځواب ړنګ کړئ
js-inbox-deleted = ځواب ړنګ شو.
js-inbox-followup-heading = خبرونې ته نور ولېږئ
js-inbox-followup-message = ستاسو پیغام
js-inbox-followup-files = فایلونه (اختیاري)
js-inbox-followup-send = کوډ یې کړئ او ولېږئ
js-inbox-forget-heading = خپل لیکبکس ړنګ کړئ
js-inbox-forget-confirm = هو، زما لیکبکس او په کې ټول ځوابونه ړنګ کړئ؛ خبرونه به نور دې رمزي نوم ته ځواب ونه شي درکولای.
js-inbox-forget = زما لیکبکس ړنګ کړئ
js-inbox-forgotten = ستاسو لیکبکس او د هغه ځوابونه ړنګ شول.
js-inbox-failed = دا کار ونه شو: {"{"}reason{"}"}
