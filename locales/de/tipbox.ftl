# tipbox source pages: German.
# Written by the developers with machine assistance; not yet reviewed by a
# native speaker (locales/STATUS.md). Short plain sentences, for easy review.

site-name = Sicherer Hinweisbriefkasten
skip-to-content = Zum Inhalt springen
nav-home = Startseite
nav-submit = Hinweis senden
language-picker = Sprache
unreviewed-notice = Diese Übersetzung wurde noch nicht von Muttersprachlern geprüft.
footer-privacy = Diese Seite setzt keine Cookies, lädt nichts von anderen Seiten und funktioniert ohne JavaScript.

landing-title = Senden Sie der Redaktion einen Hinweis
landing-intro = Sie können uns eine Nachricht und Dateien senden. Sie brauchen kein Konto, und wir fragen nie nach Ihrem Namen.
landing-expect-heading = Was Sie erwartet
landing-expect-no-tracking = Diese Seite setzt keine Cookies und lädt nichts von anderen Seiten. Sie speichert weder Ihre IP-Adresse noch Ihren Browser noch die genaue Uhrzeit Ihres Besuchs.
landing-expect-tor = Nutzen Sie den Tor Browser. Am besten schützt Sie die Sicherheitsstufe „Am sichersten“: Dieses Formular funktioniert ohne JavaScript.
landing-expect-replies = Wenn die Redaktion Ihnen antworten soll, kreuzen Sie im Formular „Ich möchte Antworten“ an. Sie erhalten dann einen Codenamen aus 7 Wörtern. Damit lesen Sie Antworten und senden mehr, auf der Seite „Ich habe einen Codenamen“.
landing-protect-heading = Wie Ihr Hinweis geschützt wird
landing-protect-encrypted = Ihr Hinweis wird mit den Schlüsseln der Redaktion verschlüsselt, bevor er gespeichert wird. Dieser Server kann ihn nicht lesen, und auch niemand, der den Server beschlagnahmt.
landing-protect-nojs = Mit JavaScript verschlüsselt Ihr Browser den Hinweis vor dem Senden. Ohne JavaScript verschlüsselt der Server ihn beim Empfang im Arbeitsspeicher. Der unverschlüsselte Hinweis wird nie auf die Festplatte geschrieben.
landing-protect-offline = Die Journalisten entschlüsseln Hinweise auf einem Computer, der nie mit dem Internet verbunden ist.
landing-before-heading = Bevor Sie senden
landing-before-metadata = Dateien können versteckte Angaben über Sie enthalten, etwa den Namen des Autors, das benutzte Gerät oder den Ort eines Fotos. Entfernen Sie diese Angaben, wenn Sie können, oder beschreiben Sie das Dokument stattdessen.
landing-before-device = Nutzen Sie keinen Computer, kein Telefon und kein Netzwerk Ihres Arbeitgebers.
landing-keys-heading = Fingerabdrücke der Schlüssel der Redaktion
landing-keys-explain = Hinweise werden mit diesen Schlüsseln verschlüsselt. Wenn die Redaktion ihre Fingerabdrücke auch anderswo veröffentlicht, prüfen Sie, ob sie übereinstimmen.
landing-continue = Weiter zum Formular

submit-title = Hinweis senden
submit-message-label = Ihre Nachricht
submit-message-hint = Schreiben Sie, was Sie wissen und warum es wichtig ist. Bis zu { $limit } Text.
submit-files-legend = Dateien (freiwillig)
submit-files-hint = In jedem Feld können Sie mehrere Dateien wählen. Insgesamt bis zu { $limit }.
submit-file-label = Datei { $number }
submit-nojs-note = Wenn JavaScript in Ihrem Browser aus ist, verschlüsselt dieser Server Ihren Hinweis beim Empfang im Arbeitsspeicher, bevor er gespeichert wird. Der unverschlüsselte Hinweis wird nie auf die Festplatte geschrieben.
submit-wait-note = Große Dateien brauchen über Tor lange. Lassen Sie diese Seite offen, bis Sie die Bestätigung sehen.
submit-button = Hinweis sicher senden

received-title = Hinweis erhalten
received-body = Ihr Hinweis wurde verschlüsselt und gespeichert. Journalisten lesen ihn auf einem Computer ohne Internetverbindung.
received-nojs = JavaScript war aus. Deshalb hat dieser Server Ihren Hinweis beim Empfang im Arbeitsspeicher verschlüsselt. Der unverschlüsselte Hinweis wurde nie auf die Festplatte geschrieben.
received-next = Sie können diese Seite jetzt schließen. Um Spuren Ihres Besuchs zu entfernen, schließen Sie den Tor Browser oder wählen Sie „Neue Identität“.
received-another = Noch einen Hinweis senden

error-nothing-stored = Es wurde nichts gespeichert.
error-back = Zurück zum Formular
error-message-kept = Ihre Nachricht steht unten im Formular, so wie Sie sie geschrieben haben. Dateien werden nicht aufbewahrt: Wählen Sie sie vor dem Senden erneut aus.
error-too-large-title = Ihr Hinweis ist zu groß
error-too-large-body = Diese Redaktion nimmt Hinweise bis zu { $limit } insgesamt an. Senden Sie weniger oder kleinere Dateien, oder verteilen Sie sie auf mehrere Hinweise.
error-message-too-long-title = Ihre Nachricht ist zu lang
error-message-too-long-body = Eine Nachricht darf bis zu { $limit } Text haben. Kürzen Sie sie, oder hängen Sie den Text als Datei an.
error-full-title = Der Speicher der Redaktion ist voll
error-full-body = Der Server hat gerade keinen Platz für neue Hinweise. Bitte versuchen Sie es in einigen Tagen noch einmal.
error-busy-title = Der Server ist ausgelastet
error-busy-body = Gerade werden zu viele Hinweise hochgeladen. Bitte warten Sie einige Minuten und senden Sie Ihren Hinweis dann noch einmal.
error-malformed-title = Das Formular konnte nicht gelesen werden
error-malformed-body = Das Hochladen war unvollständig oder beschädigt. Bitte gehen Sie zurück und senden Sie noch einmal.
error-empty-title = Ihr Hinweis ist leer
error-empty-body = Schreiben Sie eine Nachricht oder hängen Sie mindestens eine Datei an.
error-not-found-title = Seite nicht gefunden
error-not-found-body = Unter dieser Adresse gibt es keine Seite. Prüfen Sie sie auf Tippfehler, oder beginnen Sie auf der Startseite.
error-method-title = Diese Aktion ist hier nicht möglich
error-method-body = Diese Seite lässt sich so nicht benutzen. Beginnen Sie noch einmal auf der Startseite.
error-internal-title = Etwas ist schiefgegangen
error-internal-body = Der Server konnte Ihren Hinweis wegen eines internen Fehlers nicht speichern. Bitte versuchen Sie es später noch einmal.

tor2web-title = Bitte nutzen Sie den Tor Browser
tor2web-body = Sie haben diese Seite über ein Tor2web-Gateway erreicht. Das Gateway sieht alles, was Sie senden, und kann herausfinden, wer Sie sind. Deshalb nimmt diese Seite darüber keine Hinweise an.
tor2web-action = Laden Sie den Tor Browser von torproject.org herunter und öffnen Sie darin die .onion-Adresse dieser Seite.

nav-codename = Ich habe einen Codenamen
submit-reply-label = Ich möchte Antworten: Gebt mir einen Codenamen
submit-reply-hint = Sie sehen dann einen Codenamen aus 7 Wörtern. Damit lesen Sie die Antworten der Redaktion und senden später mehr. Niemand kann ihn für Sie wiederherstellen.
received-codename-heading = Ihr Codename
received-codename-instruction = Schreiben Sie diesen Codenamen jetzt auf Papier und bewahren Sie ihn sicher auf. Er wird nur dieses eine Mal angezeigt. Wer ihn hat, kann die Antworten der Redaktion an Sie lesen.
confirm-label = Tippen Sie Ihren Codenamen hier ein, damit wir sehen, dass Sie ihn notiert haben
confirm-button = Bestätigen
confirm-ok-title = Codename bestätigt
confirm-ok-body = Sie haben Ihren Codenamen richtig eingegeben. Nutzen Sie ihn auf der Seite „Ich habe einen Codenamen“, um Antworten zu lesen und mehr zu senden.
confirm-mismatch = Ihre Eingabe passt nicht zu Ihrem Codenamen. Prüfen Sie Ihre Notiz und versuchen Sie es noch einmal.
followup-received-body = Ihre weitere Nachricht wurde verschlüsselt und bei Ihren früheren Nachrichten gespeichert.
codename-title = Ich habe einen Codenamen
codename-label = Ihr Codename
codename-hint = Groß- und Kleinschreibung, zusätzliche Leerzeichen und Zeilenumbrüche spielen keine Rolle.
codename-nojs-note = Ohne JavaScript berechnet dieser Server die Schlüssel Ihres Postfachs aus Ihrem Codenamen im Arbeitsspeicher, nur für diese eine Anfrage. Er vergisst sie, sobald die Seite gesendet ist.
codename-button = Mein Postfach öffnen
inbox-title = Ihr Postfach
inbox-no-replies = Noch keine Antworten.
inbox-reply-heading = Antwort der Redaktion
inbox-reply-date = Gesendet am { $date }
inbox-download = Herunterladen
inbox-delete = Diese Antwort löschen
inbox-deleted = Die Antwort wurde gelöscht.
inbox-unreadable = Diese Antwort ließ sich mit Ihrem Codenamen nicht öffnen: Sie ist vielleicht beschädigt. Löschen Sie sie und bitten Sie die Redaktion, sie noch einmal zu senden.
inbox-followup-heading = Der Redaktion mehr senden
inbox-followup-button = Sicher senden
inbox-forget-heading = Mein Postfach löschen
inbox-forget-body = Damit löschen Sie Ihr Postfach und alle Antworten darin. Die Redaktion kann Ihnen dann nicht mehr antworten, und Ihr Codename funktioniert nicht mehr.
inbox-forget-confirm = Ja, mein Postfach löschen
inbox-forget-button = Mein Postfach löschen
inbox-forget-unconfirmed = Kreuzen Sie das Kästchen an, um zu bestätigen, dass Sie Ihr Postfach löschen möchten. Es wurde nichts gelöscht.
inbox-forgotten-title = Postfach gelöscht
inbox-forgotten-body = Ihr Postfach und seine Antworten wurden gelöscht.
error-codename-title = Das ist kein gültiger Codename
error-codename-count = Ein Codename hat 7 Wörter; Sie haben { $count ->
    [one] { $count } Wort
   *[other] { $count } Wörter
} eingegeben.
error-codename-word = „{ $word }“ ist kein Wort für Codenamen. Vergleichen Sie die Schreibweise mit Ihrer Notiz.

js-preparing = Ihr Hinweis wird in diesem Browser verschlüsselt…
js-progress = {"{"}sent{"}"} von {"{"}total{"}"} verschlüsselt und gesendet
js-remaining = noch etwa {"{"}time{"}"}
js-retrying = Die Verbindung wurde unterbrochen. Neuer Versuch in {"{"}time{"}"}; bereits Gesendetes geht nicht verloren.
js-received = Ihr Hinweis wurde in Ihrem Browser verschlüsselt und von der Redaktion empfangen.
js-failed = Ihr Hinweis konnte nicht gesendet werden: {"{"}reason{"}"}
js-empty = Bitte schreiben Sie eine Nachricht oder wählen Sie eine Datei.
js-refused-too-large = Diese Redaktion nimmt Hinweise bis zu {"{"}limit{"}"} insgesamt an. Senden Sie weniger oder kleinere Dateien, oder verteilen Sie sie auf mehrere Hinweise.
js-refused-full = Der Server hat gerade keinen Platz für neue Hinweise. Bitte versuchen Sie es in einigen Tagen noch einmal.
js-codename-heading = Ihr Codename
js-codename-write-down = Schreiben Sie diesen Codenamen jetzt auf Papier, genau wie er hier steht. Er wird nur dieses eine Mal angezeigt und lässt sich nicht wiederherstellen. Damit lesen Sie die Antworten der Redaktion und senden später mehr („Ich habe einen Codenamen“). Wer ihn hat, kann die Antworten lesen: Halten Sie ihn geheim und getrennt von diesem Gerät.
js-codename-retype = Tippen Sie Ihren Codenamen hier ein, um zu bestätigen, dass Sie ihn notiert haben:
js-codename-confirm = Ich habe ihn notiert: Hinweis senden
js-codename-cancel = Abbrechen
js-codename-mismatch = Das ist nicht der oben gezeigte Codename. Vergleichen Sie ihn Wort für Wort mit Ihrer Notiz.
js-codename-deriving = Die Schlüssel für Ihren Codenamen werden in diesem Browser vorbereitet (das dauert einige Sekunden)…
js-codename-count = Ein Codename hat 7 Wörter; Sie haben {"{"}count{"}"} eingegeben.
js-codename-word = „{"{"}word{"}"}“ ist kein Wort für Codenamen. Vergleichen Sie die Schreibweise mit Ihrer Notiz.
js-inbox-opening = Ihr Postfach wird in diesem Browser geöffnet. Ihr Codename bleibt in diesem Browser; der Server hat nur verschlüsselte Antworten.
js-inbox-heading = Antworten der Redaktion
js-inbox-empty = Noch keine Antworten.
js-inbox-received = Erhalten am {"{"}date{"}"}
js-inbox-undecryptable = Diese Antwort konnte in diesem Browser nicht entschlüsselt werden: {"{"}reason{"}"}
js-inbox-download = {"{"}name{"}"} herunterladen ({"{"}size{"}"})
js-inbox-delete = Diese Antwort löschen
js-inbox-deleted = Die Antwort wurde gelöscht.
js-inbox-followup-heading = Der Redaktion mehr senden
js-inbox-followup-message = Ihre Nachricht
js-inbox-followup-files = Dateien (freiwillig)
js-inbox-followup-send = Verschlüsseln und senden
js-inbox-forget-heading = Ihr Postfach löschen
js-inbox-forget-confirm = Ja, mein Postfach und alle Antworten darin löschen; die Redaktion kann diesem Codenamen dann nicht mehr antworten.
js-inbox-forget = Mein Postfach löschen
js-inbox-forgotten = Ihr Postfach und seine Antworten wurden gelöscht.
js-inbox-failed = Das hat nicht geklappt: {"{"}reason{"}"}
