# Páginas de tipbox para fuentes: español.

site-name = Buzón seguro de pistas
skip-to-content = Ir al contenido
nav-home = Inicio
nav-submit = Enviar una pista
language-picker = Idioma
footer-privacy = Este sitio no usa cookies, no carga nada de otros sitios y funciona con JavaScript desactivado.

landing-title = Envíe una pista a la redacción
landing-intro = Puede enviarnos un mensaje y archivos. No necesita una cuenta y nunca le pediremos su nombre.
landing-expect-heading = Qué esperar
landing-expect-no-tracking = Este sitio no usa cookies, no carga nada de otros sitios y no registra su dirección IP, su navegador ni la hora exacta de su visita.
landing-expect-tor = Use el Navegador Tor. Para la máxima protección, ponga su nivel de seguridad en «Más seguro»: este formulario funciona sin JavaScript.
landing-protect-heading = Cómo se protege su pista
landing-protect-encrypted = Su pista se cifra con las claves de la redacción antes de guardarse. Este servidor no puede leerla, y tampoco podría hacerlo quien lo incautara.
landing-protect-nojs = Con JavaScript activado, su navegador cifra la pista antes de enviarla. Con JavaScript desactivado, el servidor la cifra en memoria a medida que llega y nunca escribe la pista sin cifrar en el disco.
landing-protect-offline = Los periodistas descifran las pistas en un ordenador que nunca se conecta a internet.
landing-before-heading = Antes de enviar
landing-before-metadata = Los archivos pueden contener datos ocultos sobre usted, como el nombre del autor, el dispositivo usado o el lugar donde se tomó una foto. Elimínelos si puede, o describa el documento en su lugar.
landing-before-device = No use un ordenador, teléfono o red que pertenezca a su empleador.
landing-keys-heading = Huellas de las claves de la redacción
landing-keys-explain = Las pistas se cifran con estas claves. Si la redacción publica sus huellas en otro lugar, compruebe que coinciden.
landing-continue = Ir al formulario

submit-title = Enviar una pista
submit-message-label = Su mensaje
submit-message-hint = Cuéntenos lo que sabe y por qué es importante. Hasta { $limit } de texto.
submit-files-legend = Archivos (opcional)
submit-files-hint = Puede elegir varios archivos en cada campo. Hasta { $limit } en total.
submit-file-label = Archivo { $number }
submit-nojs-note = Si JavaScript está desactivado en su navegador, este servidor cifra su pista en memoria a medida que llega, antes de guardarla. La pista sin cifrar nunca se escribe en el disco.
submit-wait-note = Los archivos grandes tardan mucho a través de Tor. Mantenga esta página abierta hasta ver la confirmación.
submit-button = Enviar la pista de forma segura

received-title = Pista recibida
received-body = Su pista se cifró y se guardó. Los periodistas la leerán en un ordenador que no está conectado a internet.
received-nojs = JavaScript estaba desactivado, así que este servidor cifró su pista en memoria a medida que llegaba. La pista sin cifrar nunca se escribió en el disco.
received-next = Ya puede cerrar esta página. Para borrar los rastros de su visita, cierre el Navegador Tor o elija «Nueva identidad».
received-another = Enviar otra pista

error-nothing-stored = No se guardó nada.
error-back = Volver al formulario
error-too-large-title = Su pista es demasiado grande
error-too-large-body = Esta redacción acepta pistas de hasta { $limit } en total. Envíe menos archivos o archivos más pequeños, o repártalos en varias pistas.
error-message-too-long-title = Su mensaje es demasiado largo
error-message-too-long-body = Un mensaje puede tener hasta { $limit } de texto. Acórtelo o adjunte el texto como archivo.
error-full-title = El almacenamiento de la redacción está lleno
error-full-body = El servidor no tiene espacio para nuevas pistas en este momento. Inténtelo de nuevo dentro de unos días.
error-busy-title = El servidor está ocupado
error-busy-body = Se están subiendo demasiadas pistas en este momento. Espere unos minutos y vuelva a enviar su pista.
error-malformed-title = No se pudo leer el formulario
error-malformed-body = La subida quedó incompleta o dañada. Vuelva atrás y envíela de nuevo.
error-empty-title = Su pista está vacía
error-empty-body = Escriba un mensaje o adjunte al menos un archivo.
error-not-found-title = Página no encontrada
error-not-found-body = No hay ninguna página en esta dirección. Compruebe que no tenga errores o empiece desde la página de inicio.
error-method-title = Esta acción no es posible aquí
error-method-body = Esta página no se puede usar de esa manera. Empiece de nuevo desde la página de inicio.
error-internal-title = Algo salió mal
error-internal-body = El servidor no pudo guardar su pista por un error interno. Inténtelo de nuevo más tarde.

tor2web-title = Use el Navegador Tor
tor2web-body = Ha llegado a este sitio a través de una pasarela Tor2web. La pasarela puede ver todo lo que envía y averiguar quién es usted, por eso este sitio no acepta pistas a través de ella.
tor2web-action = Descargue el Navegador Tor desde torproject.org y abra en él la dirección .onion de este sitio.

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
