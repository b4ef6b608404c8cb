# tipbox source pages: Turkish.
# Written by the developers with machine assistance; not yet reviewed by a
# native speaker (locales/STATUS.md). Short plain sentences, for easy review.

site-name = Güvenli ihbar kutusu
skip-to-content = İçeriğe geç
nav-home = Ana sayfa
nav-submit = İhbar gönder
language-picker = Dil
unreviewed-notice = Bu çeviri henüz anadili Türkçe olan biri tarafından kontrol edilmedi.
footer-privacy = Bu site çerez kullanmaz, başka sitelerden hiçbir şey yüklemez ve JavaScript kapalıyken çalışır.

landing-title = Haber merkezine ihbar gönderin
landing-intro = Bize bir mesaj ve dosyalar gönderebilirsiniz. Hesap gerekmez ve adınızı asla sormayız.
landing-expect-heading = Neler olacak
landing-expect-no-tracking = Bu site çerez kullanmaz ve başka sitelerden hiçbir şey yüklemez. IP adresinizi, tarayıcınızı veya ziyaretinizin tam saatini kaydetmez.
landing-expect-tor = Tor Browser kullanın. En güçlü koruma için güvenlik düzeyini “En güvenli” yapın: bu form JavaScript olmadan çalışır.
landing-expect-replies = Haber merkezinin size yanıt vermesini istiyorsanız formda “Yanıt istiyorum” kutusunu işaretleyin. 7 kelimelik bir kod adı alırsınız. Onunla “Kod adım var” sayfasında yanıtları okur ve daha fazlasını gönderirsiniz.
landing-protect-heading = İhbarınız nasıl korunur
landing-protect-encrypted = İhbarınız saklanmadan önce haber merkezinin anahtarlarıyla şifrelenir. Bu sunucu onu okuyamaz; sunucuya el koyan biri de okuyamaz.
landing-protect-nojs = JavaScript açıkken tarayıcınız ihbarı göndermeden önce şifreler. JavaScript kapalıyken sunucu ihbarı gelirken bellekte şifreler ve şifresiz hâlini asla diske yazmaz.
landing-protect-offline = Gazeteciler ihbarları internete hiç bağlanmayan bir bilgisayarda çözer.
landing-before-heading = Göndermeden önce
landing-before-metadata = Dosyalar sizinle ilgili gizli bilgiler içerebilir: yazarın adı, kullanılan cihaz veya bir fotoğrafın çekildiği yer gibi. Yapabiliyorsanız bunları silin ya da belgeyi anlatın.
landing-before-device = İşvereninize ait bir bilgisayar, telefon veya ağ kullanmayın.
landing-keys-heading = Haber merkezi anahtarlarının parmak izleri
landing-keys-explain = İhbarlar bu anahtarlarla şifrelenir. Haber merkezi parmak izlerini başka bir yerde de yayımlıyorsa, aynı olduklarını kontrol edin.
landing-continue = Forma geç

submit-title = İhbar gönder
submit-message-label = Mesajınız
submit-message-hint = Ne bildiğinizi ve neden önemli olduğunu anlatın. En fazla { $limit } metin.
submit-files-legend = Dosyalar (isteğe bağlı)
submit-files-hint = Her alanda birden çok dosya seçebilirsiniz. Toplam en fazla { $limit }.
submit-file-label = Dosya { $number }
submit-nojs-note = Tarayıcınızda JavaScript kapalıysa bu sunucu ihbarınızı gelirken, saklamadan önce bellekte şifreler. Şifresiz ihbar asla diske yazılmaz.
submit-wait-note = Büyük dosyalar Tor üzerinden uzun sürer. Onay mesajını görene kadar bu sayfayı açık tutun.
submit-button = Güvenle gönder

received-title = İhbar alındı
received-body = İhbarınız şifrelendi ve saklandı. Gazeteciler onu internete bağlı olmayan bir bilgisayarda okuyacak.
received-nojs = JavaScript kapalıydı, bu yüzden bu sunucu ihbarınızı gelirken bellekte şifreledi. Şifresiz ihbar asla diske yazılmadı.
received-next = Bu sayfayı artık kapatabilirsiniz. Ziyaretinizin izlerini silmek için Tor Browser’ı kapatın veya “Yeni kimlik” seçin.
received-another = Başka bir ihbar gönder

error-nothing-stored = Hiçbir şey saklanmadı.
error-back = Forma dön
error-message-kept = Mesajınız aşağıdaki formda yazdığınız gibi duruyor. Dosyalar saklanmaz: göndermeden önce onları yeniden seçin.
error-too-large-title = İhbarınız çok büyük
error-too-large-body = Bu haber merkezi toplam en fazla { $limit } boyutunda ihbar kabul eder. Daha az veya daha küçük dosya gönderin ya da onları birkaç ihbara bölün.
error-message-too-long-title = Mesajınız çok uzun
error-message-too-long-body = Bir mesaj en fazla { $limit } metin olabilir. Kısaltın ya da metni dosya olarak ekleyin.
error-full-title = Haber merkezinin depolama alanı dolu
error-full-body = Sunucuda şu anda yeni ihbarlar için yer yok. Lütfen birkaç gün sonra yeniden deneyin.
error-busy-title = Sunucu meşgul
error-busy-body = Şu anda çok fazla ihbar yükleniyor. Lütfen birkaç dakika bekleyip ihbarınızı yeniden gönderin.
error-malformed-title = Form okunamadı
error-malformed-body = Yükleme eksik veya bozuktu. Lütfen geri dönüp yeniden gönderin.
error-empty-title = İhbarınız boş
error-empty-body = Bir mesaj yazın veya en az bir dosya ekleyin.
error-not-found-title = Sayfa bulunamadı
error-not-found-body = Bu adreste bir sayfa yok. Yazım hatası olup olmadığını kontrol edin ya da ana sayfadan başlayın.
error-method-title = Bu işlem burada yapılamaz
error-method-body = Bu sayfa bu şekilde kullanılamaz. Ana sayfadan yeniden başlayın.
error-internal-title = Bir şeyler ters gitti
error-internal-body = Sunucu bir iç hata yüzünden ihbarınızı saklayamadı. Lütfen daha sonra yeniden deneyin.

tor2web-title = Lütfen Tor Browser kullanın
tor2web-body = Bu siteye bir Tor2web geçidi üzerinden ulaştınız. Geçit gönderdiğiniz her şeyi görür ve kim olduğunuzu öğrenebilir. Bu yüzden bu site onun üzerinden ihbar kabul etmez.
tor2web-action = Tor Browser’ı torproject.org adresinden indirin, sonra bu sitenin .onion adresini onunla açın.

nav-codename = Kod adım var
submit-reply-label = Yanıt istiyorum: bana bir kod adı verin
submit-reply-hint = Size 7 kelimelik bir kod adı gösterilecek. Onunla haber merkezinin yanıtlarını okur ve sonra daha fazlasını gönderirsiniz. Onu sizin için kimse kurtaramaz.
received-codename-heading = Kod adınız
received-codename-instruction = Bu kod adını şimdi kâğıda yazın ve güvenli bir yerde saklayın. Yalnızca bu bir kez gösterilir. Ona sahip olan herkes haber merkezinin size yanıtlarını okuyabilir.
confirm-label = Yazdığınızdan emin olmak için kod adınızı buraya girin
confirm-button = Onayla
confirm-ok-title = Kod adı onaylandı
confirm-ok-body = Kod adınızı doğru girdiniz. Yanıtları okumak ve daha fazlasını göndermek için onu “Kod adım var” sayfasında kullanın.
confirm-mismatch = Girdiğiniz metin kod adınızla eşleşmiyor. Yazdığınızı kontrol edip yeniden deneyin.
followup-received-body = Ek mesajınız şifrelendi ve önceki mesajlarınızla birlikte saklandı.
codename-title = Kod adım var
codename-label = Kod adınız
codename-hint = Büyük harfler, fazla boşluklar ve satır sonları önemli değildir.
codename-nojs-note = JavaScript kapalıyken bu sunucu posta kutunuzun anahtarlarını kod adınızdan bellekte, yalnızca bu istek için hesaplar ve sayfa gönderilince unutur.
codename-button = Posta kutumu aç
inbox-title = Posta kutunuz
inbox-no-replies = Henüz yanıt yok.
inbox-reply-heading = Haber merkezinden yanıt
inbox-reply-date = Gönderilme tarihi: { $date }
inbox-download = İndir
inbox-delete = Bu yanıtı sil
inbox-deleted = Yanıt silindi.
inbox-unreadable = Bu yanıt kod adınızla açılamadı: bozulmuş olabilir. Silin ve haber merkezinden yeniden göndermesini isteyin.
inbox-followup-heading = Haber merkezine daha fazla gönder
inbox-followup-button = Güvenle gönder
inbox-forget-heading = Posta kutumu sil
inbox-forget-body = Bu işlem posta kutunuzu ve içindeki tüm yanıtları siler. Haber merkezi size artık yanıt veremez ve kod adınız çalışmaz.
inbox-forget-confirm = Evet, posta kutumu sil
inbox-forget-button = Posta kutumu sil
inbox-forget-unconfirmed = Posta kutunuzu silmek istediğinizi onaylamak için kutuyu işaretleyin. Hiçbir şey silinmedi.
inbox-forgotten-title = Posta kutusu silindi
inbox-forgotten-body = Posta kutunuz ve yanıtları silindi.
error-codename-title = Bu geçerli bir kod adı değil
error-codename-count = Bir kod adı 7 kelimedir; siz { $count ->
    [one] { $count } kelime
   *[other] { $count } kelime
} girdiniz.
error-codename-word = “{ $word }” bir kod adı kelimesi değil. Yazılışını not ettiğinizle karşılaştırın.

js-preparing = İhbarınız bu tarayıcıda şifreleniyor…
js-progress = {"{"}sent{"}"} / {"{"}total{"}"} şifrelendi ve gönderildi
js-remaining = yaklaşık {"{"}time{"}"} kaldı
js-retrying = Bağlantı kesildi. {"{"}time{"}"} içinde yeniden denenecek; gönderilmiş olan hiçbir şey kaybolmaz.
js-received = İhbarınız tarayıcınızda şifrelendi ve haber merkezine ulaştı.
js-failed = İhbarınız gönderilemedi: {"{"}reason{"}"}
js-empty = Lütfen bir mesaj yazın veya bir dosya seçin.
js-refused-too-large = Bu haber merkezi toplam en fazla {"{"}limit{"}"} boyutunda ihbar kabul eder. Daha az veya daha küçük dosya gönderin ya da onları birkaç ihbara bölün.
js-refused-full = Sunucuda şu anda yeni ihbarlar için yer yok. Lütfen birkaç gün sonra yeniden deneyin.
js-codename-heading = Kod adınız
js-codename-write-down = Bu kod adını şimdi kâğıda, tam gösterildiği gibi yazın. Yalnızca bu bir kez gösterilir ve kurtarılamaz. Onunla haber merkezinin yanıtlarını okur ve sonra daha fazlasını gönderirsiniz (“Kod adım var”). Ona sahip olan herkes yanıtları okuyabilir: onu gizli ve bu cihazdan uzak tutun.
js-codename-retype = Yazdığınızı onaylamak için kod adınızı buraya girin:
js-codename-confirm = Yazdım: ihbarımı gönder
js-codename-cancel = Vazgeç
js-codename-mismatch = Bu, yukarıda gösterilen kod adı değil. Yazdığınızla kelime kelime karşılaştırın.
js-codename-deriving = Kod adınızın anahtarları bu tarayıcıda hazırlanıyor (birkaç saniye sürer)…
js-codename-count = Bir kod adı 7 kelimedir; siz {"{"}count{"}"} kelime girdiniz.
js-codename-word = “{"{"}word{"}"}” bir kod adı kelimesi değil. Yazılışını not ettiğinizle karşılaştırın.
js-inbox-opening = Posta kutunuz bu tarayıcıda açılıyor. Kod adınız bu tarayıcıda kalır; sunucu yalnızca şifreli yanıtları tutar.
js-inbox-heading = Haber merkezinden yanıtlar
js-inbox-empty = Henüz yanıt yok.
js-inbox-received = Alınma tarihi: {"{"}date{"}"}
js-inbox-undecryptable = Bu yanıtın şifresi bu tarayıcıda çözülemedi: {"{"}reason{"}"}
js-inbox-download = {"{"}name{"}"} indir ({"{"}size{"}"})
js-inbox-delete = Bu yanıtı sil
js-inbox-deleted = Yanıt silindi.
js-inbox-followup-heading = Haber merkezine daha fazla gönder
js-inbox-followup-message = Mesajınız
js-inbox-followup-files = Dosyalar (isteğe bağlı)
js-inbox-followup-send = Şifrele ve gönder
js-inbox-forget-heading = Posta kutunuzu silin
js-inbox-forget-confirm = Evet, posta kutumu ve içindeki tüm yanıtları sil; haber merkezi bu kod adına artık yanıt veremez.
js-inbox-forget = Posta kutumu sil
js-inbox-forgotten = Posta kutunuz ve yanıtları silindi.
js-inbox-failed = Bu işe yaramadı: {"{"}reason{"}"}
