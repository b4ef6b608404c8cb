# tipbox source pages: Italian.
# Written by the developers with machine assistance; not yet reviewed by a
# native speaker (locales/STATUS.md). Short plain sentences, for easy review.

site-name = Casella sicura per segnalazioni
skip-to-content = Vai al contenuto
nav-home = Home
nav-submit = Invia una segnalazione
language-picker = Lingua
unreviewed-notice = Questa traduzione non è ancora stata verificata da un madrelingua.
footer-privacy = Questo sito non usa cookie, non carica nulla da altri siti e funziona con JavaScript disattivato.

landing-title = Invia una segnalazione alla redazione
landing-intro = Puoi inviarci un messaggio e dei file. Non serve un account e non ti chiederemo mai il tuo nome.
landing-expect-heading = Cosa aspettarti
landing-expect-no-tracking = Questo sito non usa cookie e non carica nulla da altri siti. Non registra il tuo indirizzo IP, il tuo browser o l’ora esatta della tua visita.
landing-expect-tor = Usa Tor Browser. Per la protezione più forte, imposta il livello di sicurezza su “Il più sicuro”: questo modulo funziona senza JavaScript.
landing-expect-replies = Se vuoi che la redazione ti risponda, spunta “Voglio risposte” nel modulo. Riceverai un nome in codice di 7 parole. Con esso puoi leggere le risposte e inviare altro dalla pagina “Ho un nome in codice”.
landing-protect-heading = Come è protetta la tua segnalazione
landing-protect-encrypted = La tua segnalazione viene cifrata con le chiavi della redazione prima di essere salvata. Questo server non può leggerla, e nemmeno chi lo sequestrasse.
landing-protect-nojs = Con JavaScript attivo, il tuo browser cifra la segnalazione prima di inviarla. Con JavaScript disattivato, il server la cifra in memoria mentre arriva e non scrive mai su disco la segnalazione in chiaro.
landing-protect-offline = I giornalisti decifrano le segnalazioni su un computer mai collegato a internet.
landing-before-heading = Prima di inviare
landing-before-metadata = I file possono contenere dati nascosti su di te, come il nome dell’autore, il dispositivo usato o il luogo di una foto. Rimuovili se puoi, oppure descrivi il documento.
landing-before-device = Non usare un computer, un telefono o una rete del tuo datore di lavoro.
landing-keys-heading = Impronte delle chiavi della redazione
landing-keys-explain = Le segnalazioni sono cifrate con queste chiavi. Se la redazione pubblica le impronte altrove, controlla che corrispondano.
landing-continue = Vai al modulo

submit-title = Invia una segnalazione
submit-message-label = Il tuo messaggio
submit-message-hint = Raccontaci cosa sai e perché è importante. Fino a { $limit } di testo.
submit-files-legend = File (facoltativi)
submit-files-hint = In ogni campo puoi scegliere più file. Fino a { $limit } in totale.
submit-file-label = File { $number }
submit-nojs-note = Se JavaScript è disattivato nel tuo browser, questo server cifra la segnalazione in memoria mentre arriva, prima di salvarla. La segnalazione in chiaro non viene mai scritta su disco.
submit-wait-note = Con Tor i file grandi richiedono molto tempo. Tieni aperta questa pagina finché non vedi la conferma.
submit-button = Invia in modo sicuro

received-title = Segnalazione ricevuta
received-body = La tua segnalazione è stata cifrata e salvata. I giornalisti la leggeranno su un computer non collegato a internet.
received-nojs = JavaScript era disattivato, quindi questo server ha cifrato la segnalazione in memoria mentre arrivava. La segnalazione in chiaro non è mai stata scritta su disco.
received-next = Ora puoi chiudere questa pagina. Per eliminare le tracce della visita, chiudi Tor Browser o scegli “Nuova identità”.
received-another = Invia un’altra segnalazione

error-nothing-stored = Non è stato salvato nulla.
error-back = Torna al modulo
error-message-kept = Il tuo messaggio è conservato nel modulo qui sotto, così come l’hai scritto. I file non vengono conservati: sceglili di nuovo prima di inviare.
error-too-large-title = La segnalazione è troppo grande
error-too-large-body = Questa redazione accetta segnalazioni fino a { $limit } in totale. Invia meno file o file più piccoli, oppure dividili in più segnalazioni.
error-message-too-long-title = Il messaggio è troppo lungo
error-message-too-long-body = Un messaggio può avere fino a { $limit } di testo. Accorcialo, oppure allega il testo come file.
error-full-title = Lo spazio della redazione è esaurito
error-full-body = Il server ora non ha spazio per nuove segnalazioni. Riprova tra qualche giorno.
error-busy-title = Il server è occupato
error-busy-body = In questo momento si stanno caricando troppe segnalazioni. Attendi qualche minuto e invia di nuovo la tua segnalazione.
error-malformed-title = Impossibile leggere il modulo
error-malformed-body = Il caricamento era incompleto o danneggiato. Torna indietro e invia di nuovo.
error-empty-title = La segnalazione è vuota
error-empty-body = Scrivi un messaggio o allega almeno un file.
error-not-found-title = Pagina non trovata
error-not-found-body = A questo indirizzo non c’è nessuna pagina. Controlla che non ci siano errori di battitura, o parti dalla home.
error-method-title = Questa azione non è possibile qui
error-method-body = Questa pagina non si può usare in questo modo. Ricomincia dalla home.
error-internal-title = Qualcosa è andato storto
error-internal-body = Il server non ha potuto salvare la segnalazione per un errore interno. Riprova più tardi.

tor2web-title = Usa Tor Browser
tor2web-body = Hai raggiunto questo sito attraverso un gateway Tor2web. Il gateway vede tutto ciò che invii e può scoprire chi sei, quindi questo sito non accetta segnalazioni da lì.
tor2web-action = Scarica Tor Browser da torproject.org e apri con esso l’indirizzo .onion di questo sito.

nav-codename = Ho un nome in codice
submit-reply-label = Voglio risposte: datemi un nome in codice
submit-reply-hint = Vedrai un nome in codice di 7 parole. Con esso potrai leggere le risposte della redazione e inviare altro in seguito. Nessuno può recuperarlo per te.
received-codename-heading = Il tuo nome in codice
received-codename-instruction = Scrivi subito questo nome in codice su carta e conservalo in un posto sicuro. Viene mostrato solo questa volta. Chi lo possiede può leggere le risposte della redazione.
confirm-label = Per essere sicuri che l’hai annotato, scrivi qui il tuo nome in codice
confirm-button = Conferma
confirm-ok-title = Nome in codice confermato
confirm-ok-body = Hai scritto correttamente il tuo nome in codice. Usalo nella pagina “Ho un nome in codice” per leggere le risposte e inviare altro.
confirm-mismatch = Quello che hai scritto non corrisponde al tuo nome in codice. Controlla quello che hai annotato e riprova.
followup-received-body = Il tuo nuovo messaggio è stato cifrato e salvato insieme ai precedenti.
codename-title = Ho un nome in codice
codename-label = Il tuo nome in codice
codename-hint = Maiuscole, spazi in più e a capo non contano.
codename-nojs-note = Con JavaScript disattivato, questo server ricava in memoria le chiavi della tua casella dal nome in codice, solo per questa richiesta, e le dimentica quando la pagina è inviata.
codename-button = Apri la mia casella
inbox-title = La tua casella
inbox-no-replies = Ancora nessuna risposta.
inbox-reply-heading = Risposta della redazione
inbox-reply-date = Inviata il { $date }
inbox-download = Scarica
inbox-delete = Elimina questa risposta
inbox-deleted = La risposta è stata eliminata.
inbox-unreadable = Non è stato possibile aprire questa risposta con il tuo nome in codice: potrebbe essere danneggiata. Eliminala e chiedi alla redazione di inviarla di nuovo.
inbox-followup-heading = Invia altro alla redazione
inbox-followup-button = Invia in modo sicuro
inbox-forget-heading = Elimina la mia casella
inbox-forget-body = Così elimini la tua casella e tutte le risposte che contiene. La redazione non potrà più risponderti e il tuo nome in codice smetterà di funzionare.
inbox-forget-confirm = Sì, elimina la mia casella
inbox-forget-button = Elimina la mia casella
inbox-forget-unconfirmed = Spunta la casella per confermare che vuoi eliminare la tua casella. Non è stato eliminato nulla.
inbox-forgotten-title = Casella eliminata
inbox-forgotten-body = La tua casella e le sue risposte sono state eliminate.
error-codename-title = Questo non è un nome in codice valido
error-codename-count = Un nome in codice ha 7 parole; tu hai scritto { $count ->
    [one] { $count } parola
   *[other] { $count } parole
}.
error-codename-word = “{ $word }” non è una parola dei nomi in codice. Confrontane l’ortografia con quello che hai annotato.

js-preparing = Cifratura della segnalazione in questo browser…
js-progress = {"{"}sent{"}"} di {"{"}total{"}"} cifrati e inviati
js-remaining = mancano circa {"{"}time{"}"}
js-retrying = La connessione si è interrotta. Nuovo tentativo tra {"{"}time{"}"}; ciò che è già stato inviato non va perso.
js-received = La tua segnalazione è stata cifrata nel tuo browser e ricevuta dalla redazione.
js-failed = Impossibile inviare la segnalazione: {"{"}reason{"}"}
js-empty = Scrivi un messaggio o scegli un file.
js-refused-too-large = Questa redazione accetta segnalazioni fino a {"{"}limit{"}"} in totale. Invia meno file o file più piccoli, oppure dividili in più segnalazioni.
js-refused-full = Il server ora non ha spazio per nuove segnalazioni. Riprova tra qualche giorno.
js-codename-heading = Il tuo nome in codice
js-codename-write-down = Scrivi subito questo nome in codice su carta, esattamente come appare. Viene mostrato solo questa volta e non si può recuperare. Con esso puoi leggere le risposte della redazione e inviare altro in seguito (“Ho un nome in codice”). Chi lo possiede può leggere le risposte: tienilo segreto e lontano da questo dispositivo.
js-codename-retype = Per confermare che l’hai annotato, scrivi qui il tuo nome in codice:
js-codename-confirm = L’ho annotato: invia la segnalazione
js-codename-cancel = Annulla
js-codename-mismatch = Questo non è il nome in codice mostrato sopra. Confrontalo parola per parola con quello che hai annotato.
js-codename-deriving = Preparazione delle chiavi del tuo nome in codice in questo browser (richiede qualche secondo)…
js-codename-count = Un nome in codice ha 7 parole; ne hai scritte {"{"}count{"}"}.
js-codename-word = “{"{"}word{"}"}” non è una parola dei nomi in codice. Confrontane l’ortografia con quello che hai annotato.
js-inbox-opening = Apertura della tua casella in questo browser. Il nome in codice resta in questo browser; il server conserva solo risposte cifrate.
js-inbox-heading = Risposte della redazione
js-inbox-empty = Ancora nessuna risposta.
js-inbox-received = Ricevuta il {"{"}date{"}"}
js-inbox-undecryptable = Impossibile decifrare questa risposta in questo browser: {"{"}reason{"}"}
js-inbox-download = Scarica {"{"}name{"}"} ({"{"}size{"}"})
js-inbox-delete = Elimina questa risposta
js-inbox-deleted = La risposta è stata eliminata.
js-inbox-followup-heading = Invia altro alla redazione
js-inbox-followup-message = Il tuo messaggio
js-inbox-followup-files = File (facoltativi)
js-inbox-followup-send = Cifra e invia
js-inbox-forget-heading = Elimina la tua casella
js-inbox-forget-confirm = Sì, elimina la mia casella e tutte le risposte; la redazione non potrà più rispondere a questo nome in codice.
js-inbox-forget = Elimina la mia casella
js-inbox-forgotten = La tua casella e le sue risposte sono state eliminate.
js-inbox-failed = Non ha funzionato: {"{"}reason{"}"}
