# tipbox 來源頁面：繁體中文。

site-name = 安全爆料箱
skip-to-content = 跳至主要內容
nav-home = 首頁
nav-submit = 提交爆料
language-picker = 語言
footer-privacy = 本網站不設定 Cookie，不從其他網站載入任何內容，關閉 JavaScript 也能正常使用。

landing-title = 向新聞編輯部提交爆料
landing-intro = 您可以向我們傳送文字和檔案。無需註冊帳號，我們也絕不會詢問您的姓名。
landing-expect-heading = 您需要知道的事
landing-expect-no-tracking = 本網站不設定 Cookie，不從其他網站載入內容，也不記錄您的 IP 位址、瀏覽器或造訪的確切時間。
landing-expect-tor = 請使用 Tor 瀏覽器。為獲得最強保護，請將其安全等級設為「最安全」：本表單在沒有 JavaScript 的情況下也能使用。
landing-protect-heading = 您的爆料如何受到保護
landing-protect-encrypted = 您的爆料在儲存之前就已用新聞編輯部的金鑰加密。本伺服器無法讀取其內容，即使有人扣押伺服器也無法讀取。
landing-protect-nojs = 如果開啟了 JavaScript，您的瀏覽器會在傳送前加密爆料。如果關閉了 JavaScript，伺服器會在接收時於記憶體中加密，絕不會把未加密的內容寫入磁碟。
landing-protect-offline = 記者在一台從不連網的電腦上解密爆料。
landing-before-heading = 傳送之前
landing-before-metadata = 檔案可能包含與您有關的隱藏資訊，例如作者姓名、所用裝置或照片拍攝地點。請盡量刪除這些資訊，或改以文字描述檔案內容。
landing-before-device = 不要使用屬於您雇主的電腦、手機或網路。
landing-keys-heading = 新聞編輯部金鑰指紋
landing-keys-explain = 爆料會用這些金鑰加密。如果新聞編輯部在其他地方公布了指紋，請核對是否一致。
landing-continue = 前往提交表單

submit-title = 提交爆料
submit-message-label = 您的訊息
submit-message-hint = 告訴我們您知道什麼，以及為什麼重要。文字最多 { $limit }。
submit-files-legend = 檔案（選填）
submit-files-hint = 每個欄位都可以選擇多個檔案。總大小最多 { $limit }。
submit-file-label = 檔案 { $number }
submit-nojs-note = 如果您的瀏覽器關閉了 JavaScript，本伺服器會在接收爆料時於記憶體中加密，然後才儲存。未加密的內容絕不會寫入磁碟。
submit-wait-note = 透過 Tor 上傳大型檔案需要很長時間。請保持此頁面開啟，直到看到確認訊息。
submit-button = 安全傳送爆料

received-title = 已收到爆料
received-body = 您的爆料已加密並儲存。記者會在一台不連網的電腦上閱讀。
received-nojs = 由於 JavaScript 已關閉，本伺服器在接收您的爆料時於記憶體中進行了加密。未加密的內容從未寫入磁碟。
received-next = 您現在可以關閉此頁面。若要清除造訪痕跡，請關閉 Tor 瀏覽器或選擇「新身分」。
received-another = 再提交一則爆料

error-nothing-stored = 沒有儲存任何內容。
error-back = 返回表單
error-too-large-title = 您的爆料太大
error-too-large-body = 本新聞編輯部接收的爆料總大小最多為 { $limit }。請減少檔案數量或縮小檔案，或分成幾次提交。
error-message-too-long-title = 您的訊息太長
error-message-too-long-body = 訊息最多 { $limit } 文字。請縮短內容，或把文字作為檔案附上。
error-full-title = 新聞編輯部的儲存空間已滿
error-full-body = 伺服器目前沒有空間接收新的爆料。請過幾天再試。
error-busy-title = 伺服器忙碌中
error-busy-body = 此刻正在上傳的爆料太多。請等幾分鐘後再傳送。
error-malformed-title = 無法讀取表單
error-malformed-body = 上傳不完整或已損壞。請返回並重新傳送。
error-empty-title = 您的爆料是空的
error-empty-body = 請寫一則訊息，或至少附上一個檔案。
error-not-found-title = 找不到頁面
error-not-found-body = 此位址沒有頁面。請檢查是否有輸入錯誤，或從首頁開始。
error-method-title = 此處無法進行該操作
error-method-body = 不能以這種方式使用此頁面。請從首頁重新開始。
error-internal-title = 發生錯誤
error-internal-body = 由於內部錯誤，伺服器無法儲存您的爆料。請稍後再試。

tor2web-title = 請使用 Tor 瀏覽器
tor2web-body = 您是透過 Tor2web 閘道造訪本網站的。該閘道能看到您傳送的一切，並可能查出您的身分，因此本網站不接受經由它提交的爆料。
tor2web-action = 請從 torproject.org 下載 Tor 瀏覽器，然後用它開啟本網站的 .onion 位址。

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
