# tipbox 来源页面：简体中文。

site-name = 安全爆料箱
skip-to-content = 跳到正文
nav-home = 首页
nav-submit = 提交爆料
language-picker = 语言
footer-privacy = 本网站不设置 Cookie，不从其他网站加载任何内容，关闭 JavaScript 也能正常使用。

landing-title = 向新闻编辑部提交爆料
landing-intro = 您可以向我们发送文字和文件。无需注册账号，我们也绝不会询问您的姓名。
landing-expect-heading = 您需要知道的
landing-expect-no-tracking = 本网站不设置 Cookie，不从其他网站加载内容，也不记录您的 IP 地址、浏览器或访问的确切时间。
landing-expect-tor = 请使用 Tor 浏览器。为获得最强保护，请将其安全级别设为“最安全”：本表单在没有 JavaScript 的情况下也能使用。
landing-protect-heading = 您的爆料如何受到保护
landing-protect-encrypted = 您的爆料在存储之前就已用新闻编辑部的密钥加密。本服务器无法读取其内容，即使有人查扣服务器也无法读取。
landing-protect-nojs = 如果开启了 JavaScript，您的浏览器会在发送前加密爆料。如果关闭了 JavaScript，服务器会在接收时于内存中加密，绝不会把未加密的内容写入磁盘。
landing-protect-offline = 记者在一台从不联网的电脑上解密爆料。
landing-before-heading = 发送之前
landing-before-metadata = 文件可能包含与您有关的隐藏信息，例如作者姓名、所用设备或照片拍摄地点。请尽量删除这些信息，或改为用文字描述文件内容。
landing-before-device = 不要使用属于您雇主的电脑、手机或网络。
landing-keys-heading = 新闻编辑部密钥指纹
landing-keys-explain = 爆料会用这些密钥加密。如果新闻编辑部在其他地方公布了指纹，请核对是否一致。
landing-continue = 前往提交表单

submit-title = 提交爆料
submit-message-label = 您的消息
submit-message-hint = 告诉我们您知道什么，以及为什么重要。文字最多 { $limit }。
submit-files-legend = 文件（可选）
submit-files-hint = 每个栏位都可以选择多个文件。总大小最多 { $limit }。
submit-file-label = 文件 { $number }
submit-nojs-note = 如果您的浏览器关闭了 JavaScript，本服务器会在接收爆料时于内存中加密，然后才存储。未加密的内容绝不会写入磁盘。
submit-wait-note = 通过 Tor 上传大文件需要很长时间。请保持此页面打开，直到看到确认信息。
submit-button = 安全发送爆料

received-title = 已收到爆料
received-body = 您的爆料已加密并存储。记者会在一台不联网的电脑上阅读。
received-nojs = 由于 JavaScript 已关闭，本服务器在接收您的爆料时于内存中进行了加密。未加密的内容从未写入磁盘。
received-next = 您现在可以关闭此页面。要清除访问痕迹，请关闭 Tor 浏览器或选择“新身份”。
received-another = 再提交一条爆料

error-nothing-stored = 没有存储任何内容。
error-back = 返回表单
error-too-large-title = 您的爆料太大
error-too-large-body = 本新闻编辑部接收的爆料总大小最多为 { $limit }。请减少文件数量或缩小文件，或分成几次提交。
error-message-too-long-title = 您的消息太长
error-message-too-long-body = 消息最多 { $limit } 文字。请缩短内容，或把文字作为文件附上。
error-full-title = 新闻编辑部的存储空间已满
error-full-body = 服务器目前没有空间接收新的爆料。请过几天再试。
error-busy-title = 服务器繁忙
error-busy-body = 此刻正在上传的爆料太多。请等几分钟后再发送。
error-malformed-title = 无法读取表单
error-malformed-body = 上传不完整或已损坏。请返回并重新发送。
error-empty-title = 您的爆料是空的
error-empty-body = 请写一条消息，或至少附上一个文件。
error-not-found-title = 找不到页面
error-not-found-body = 此地址没有页面。请检查是否有输入错误，或从首页开始。
error-method-title = 此处无法进行该操作
error-method-body = 不能以这种方式使用此页面。请从首页重新开始。
error-internal-title = 出错了
error-internal-body = 由于内部错误，服务器无法存储您的爆料。请稍后再试。

tor2web-title = 请使用 Tor 浏览器
tor2web-body = 您是通过 Tor2web 网关访问本网站的。该网关能看到您发送的一切，并可能查出您的身份，因此本网站不接受经由它提交的爆料。
tor2web-action = 请从 torproject.org 下载 Tor 浏览器，然后用它打开本网站的 .onion 地址。

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
