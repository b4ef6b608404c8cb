# tipbox source pages: English (the reference locale).
# Every other locale defines exactly these message ids.
# A message that takes a number ($count) selects its plural form on the
# CLDR categories of the locale (zero, one, two, few, many, other).

site-name = Secure tip box
skip-to-content = Skip to content
nav-home = Home
nav-submit = Send a tip
language-picker = Language
unreviewed-notice = This translation is not yet checked by a native speaker.
footer-privacy = This site sets no cookies, loads nothing from other sites and works with JavaScript turned off.

landing-title = Send a tip to the newsroom
landing-intro = You can send us a message and files. You do not need an account, and we will never ask for your name.
landing-expect-heading = What to expect
landing-expect-no-tracking = This site sets no cookies, loads nothing from other sites, and does not record your IP address, your browser or the exact time you visit.
landing-expect-tor = Use Tor Browser. For the strongest protection, set its security level to “Safest”: this form works without JavaScript.
landing-expect-replies = If you want the newsroom to answer, tick “I want replies” on the form: you get a codename of 7 words, and with it you can read replies and send more on the “I have a codename” page.
landing-protect-heading = How your tip is protected
landing-protect-encrypted = Your tip is encrypted to the newsroom’s keys before it is stored. This server cannot read it, and neither could anyone who seized it.
landing-protect-nojs = With JavaScript on, your browser encrypts the tip before sending it. With JavaScript off, the server encrypts it in memory as it arrives and never writes the unencrypted tip to disk.
landing-protect-offline = Journalists decrypt tips on a computer that is never connected to the internet.
landing-before-heading = Before you send
landing-before-metadata = Files can contain hidden details about you, such as the author’s name, the device used, or where a photo was taken. Remove them if you can, or describe the document instead.
landing-before-device = Do not use a computer, phone or network that belongs to your employer.
landing-keys-heading = Newsroom key fingerprints
landing-keys-explain = Tips are encrypted to these keys. If the newsroom publishes its fingerprints elsewhere, check that they match.
landing-continue = Continue to the form

submit-title = Send a tip
submit-message-label = Your message
submit-message-hint = Tell us what you know and why it matters. Up to { $limit } of text.
submit-files-legend = Files (optional)
submit-files-hint = You can choose several files in each field. Up to { $limit } in total.
submit-file-label = File { $number }
submit-nojs-note = If JavaScript is off in your browser, this server encrypts your tip in memory as it arrives, before it is stored. The unencrypted tip is never written to disk.
submit-wait-note = Large files take a long time over Tor. Keep this page open until you see the confirmation.
submit-button = Send tip securely

received-title = Tip received
received-body = Your tip was encrypted and stored. Journalists will read it on a computer that is not connected to the internet.
received-nojs = JavaScript was off, so this server encrypted your tip in memory as it arrived. The unencrypted tip was never written to disk.
received-next = You can close this page now. To remove traces of your visit, close Tor Browser or choose “New Identity”.
received-another = Send another tip

error-nothing-stored = Nothing was stored.
error-back = Back to the form
error-message-kept = Your message is kept in the form below, as you wrote it. Files are not kept: choose them again before you send.
error-too-large-title = Your tip is too large
error-too-large-body = This newsroom accepts tips of up to { $limit } in total. Send fewer or smaller files, or split them across several tips.
error-message-too-long-title = Your message is too long
error-message-too-long-body = A message can be up to { $limit } of text. Shorten it, or attach the text as a file.
error-full-title = The newsroom’s storage is full
error-full-body = The server has no room for new tips right now. Please try again in a few days.
error-busy-title = The server is busy
error-busy-body = Too many tips are being uploaded at this moment. Please wait a few minutes and send your tip again.
error-malformed-title = The form could not be read
error-malformed-body = The upload was incomplete or damaged. Please go back and send it again.
error-empty-title = Your tip is empty
error-empty-body = Write a message or attach at least one file.
error-not-found-title = Page not found
error-not-found-body = There is no page at this address. Check it for typing mistakes, or start from the home page.
error-method-title = This action is not possible here
error-method-body = This page cannot be used that way. Start again from the home page.
error-internal-title = Something went wrong
error-internal-body = The server could not store your tip because of an internal error. Please try again later.

tor2web-title = Please use Tor Browser
tor2web-body = You reached this site through a Tor2web gateway. The gateway can see everything you send and can learn who you are, so this site does not accept tips through it.
tor2web-action = Download Tor Browser from torproject.org, then open this site’s .onion address in it.

# Two-way conversations (issue 5).
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
inbox-unreadable = This reply could not be opened with your codename: it may be damaged. Delete it and ask the newsroom to send it again.
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
error-codename-count = A codename has 7 words; you typed { $count ->
    [one] { $count } word
   *[other] { $count } words
}.
error-codename-word = “{ $word }” is not a codename word. Check its spelling against what you wrote down.

# Browser client (web/src/main.js DEFAULT_TEXTS, web/src/conversation.js TEXTS).
# js-<key> is rendered as the attribute data-tipbox-<key> on the forms the
# script reads. The script fills the {placeholders} itself, so they must
# come out literally: {"{"}name{"}"} renders as {name}.
js-preparing = Encrypting your tip in this browser…
js-progress = {"{"}sent{"}"} of {"{"}total{"}"} encrypted and sent
js-remaining = about {"{"}time{"}"} left
js-retrying = The connection was interrupted. Trying again in {"{"}time{"}"}; nothing already sent is lost.
js-received = Your tip was encrypted in your browser and received by the newsroom.
js-failed = Your tip could not be sent: {"{"}reason{"}"}
js-empty = Please write a message or choose a file.
js-refused-too-large = This newsroom accepts tips of up to {"{"}limit{"}"} in total. Send fewer or smaller files, or split them across several tips.
js-refused-full = The server has no room for new tips right now. Please try again in a few days.
js-codename-heading = Your codename
js-codename-write-down = Write this codename down now, on paper, exactly as shown. It is shown only this once and cannot be recovered. With it you can read the newsroom's replies and send more later (“I have a codename”). Anyone who has it can read the replies: keep it secret and away from this device.
js-codename-retype = To confirm that you wrote it down, type your codename here:
js-codename-confirm = I wrote it down: send my tip
js-codename-cancel = Cancel
js-codename-mismatch = This is not the codename shown above. Compare it with what you wrote down, word by word.
js-codename-deriving = Preparing the keys for your codename in this browser (this takes a few seconds)…
js-codename-count = A codename has 7 words; you typed {"{"}count{"}"}.
js-codename-word = “{"{"}word{"}"}” is not a codename word. Check its spelling against what you wrote down.
js-inbox-opening = Opening your mailbox in this browser. Your codename stays in this browser; the server only ever holds encrypted replies.
js-inbox-heading = Replies from the newsroom
js-inbox-empty = No replies yet.
js-inbox-received = Received {"{"}date{"}"}
js-inbox-undecryptable = This reply could not be decrypted in this browser: {"{"}reason{"}"}
js-inbox-download = Download {"{"}name{"}"} ({"{"}size{"}"})
js-inbox-delete = Delete this reply
js-inbox-deleted = The reply was deleted.
js-inbox-followup-heading = Send more to the newsroom
js-inbox-followup-message = Your message
js-inbox-followup-files = Files (optional)
js-inbox-followup-send = Encrypt and send
js-inbox-forget-heading = Delete your mailbox
js-inbox-forget-confirm = Yes, delete my mailbox and every reply in it; the newsroom can no longer reply to this codename.
js-inbox-forget = Delete my mailbox
js-inbox-forgotten = Your mailbox and its replies were deleted.
js-inbox-failed = That did not work: {"{"}reason{"}"}
